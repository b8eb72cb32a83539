import type { Admin } from 'kafkajs';
import { ConnectException } from '../api/errors.js';
import type { TopicPartitionOffset } from '../api/topic-partition.js';
import { getLogger } from '../util/logger.js';
import { sleep } from '../util/sleep.js';
import { workerAdminSettings, type ClientSettings } from './client-settings.js';
import { createKafka, describeKafkaError, isTransient } from './kafka-client.js';

/** A topic to create if it does not exist (`topic.creation.*`). */
export interface NewTopic {
  name: string;
  partitions: number;
  /** -1 = the broker's `default.replication.factor`. */
  replicationFactor: number;
  configs: Record<string, string>;
}

const log = getLogger('TopicAdmin');

/** How long a new topic may take to serve metadata and offsets on a KRaft broker. */
const TOPIC_READY_TIMEOUT_MS = 30_000;

/**
 * The admin client of a task or of the worker (Kafka's TopicAdmin / Admin): cluster id, topic
 * creation and consumer-group offsets.
 */
export class ConnectAdmin {
  private readonly admin: Admin;
  private connected: Promise<void> | null = null;
  private closed = false;

  private constructor(readonly settings: ClientSettings) {
    this.admin = createKafka(settings).admin({ retry: { ...settings.retry } });
  }

  static create(settings: ClientSettings): ConnectAdmin {
    return new ConnectAdmin(settings);
  }

  private async ready(): Promise<Admin> {
    if (this.closed) throw new ConnectException('Admin client is closed');
    this.connected ??= this.admin.connect().catch((error: unknown) => {
      this.connected = null;
      throw error;
    });
    await this.connected;
    return this.admin;
  }

  /** The cluster id, or a rejection once `timeoutMs` passed without an answer. */
  async describeClusterId(timeoutMs: number): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Timed out after ${timeoutMs} ms waiting for the cluster id`)),
        timeoutMs,
      );
    });
    const attempt = (async () => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          const admin = await this.ready();
          return (await admin.describeCluster()).clusterId;
        } catch (error) {
          if (this.closed || !isTransient(error) || Date.now() >= deadline) throw error;
          await sleep(Math.min(1000, Math.max(0, deadline - Date.now())));
        }
      }
    })();
    try {
      return await Promise.race([attempt, timeout]);
    } finally {
      clearTimeout(timer);
      attempt.catch(() => undefined);
    }
  }

  async topicExists(name: string): Promise<boolean> {
    const admin = await this.ready();
    return (await admin.listTopics()).includes(name);
  }

  /**
   * Creates the topics that do not exist yet, as Kafka's TopicAdmin.createOrFindTopics: returns
   * the names actually created; a topic created meanwhile by someone else is not an error. Waits
   * until each new topic serves offsets, because a KRaft broker answers UNKNOWN_TOPIC_OR_PARTITION
   * for a moment after CreateTopics.
   */
  async createTopicsIfMissing(topics: readonly NewTopic[]): Promise<string[]> {
    if (topics.length === 0) return [];
    const admin = await this.ready();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length === 0) return [];
    const created: string[] = [];
    for (const t of missing) {
      try {
        const ok = await admin.createTopics({
          waitForLeaders: false,
          topics: [
            {
              topic: t.name,
              numPartitions: t.partitions,
              replicationFactor: t.replicationFactor,
              configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })),
            },
          ],
        });
        if (ok) created.push(t.name);
        else log.debug(`Found existing topic '${t.name}'`);
      } catch (error) {
        const text = describeKafkaError(error);
        if (/TOPIC_ALREADY_EXISTS|already exists/i.test(text)) continue;
        throw new ConnectException(
          `Error while attempting to create/find topic '${t.name}': ${text}`,
          { cause: error },
        );
      }
    }
    for (const name of created) await this.waitForTopic(admin, name);
    if (created.length > 0)
      log.info(
        `Created topics ${created.join(', ')} on brokers at ${this.settings.brokers.join(',')}`,
      );
    return created;
  }

  private async waitForTopic(admin: Admin, name: string): Promise<void> {
    const deadline = Date.now() + TOPIC_READY_TIMEOUT_MS;
    for (;;) {
      try {
        await admin.fetchTopicOffsets(name);
        return;
      } catch (error) {
        if (Date.now() >= deadline) {
          throw new ConnectException(
            `Topic '${name}' was created but did not become available within ${TOPIC_READY_TIMEOUT_MS} ms: ${describeKafkaError(error)}`,
            { cause: error },
          );
        }
        await sleep(100);
      }
    }
  }

  /** The committed offsets of a consumer group (`offset` = next record to consume). */
  async listGroupOffsets(groupId: string): Promise<TopicPartitionOffset[]> {
    const admin = await this.ready();
    const topics = await admin.fetchOffsets({ groupId });
    const out: TopicPartitionOffset[] = [];
    for (const t of topics) {
      for (const p of t.partitions) {
        if (p.offset === '-1') continue;
        out.push({ topic: t.topic, partition: p.partition, offset: BigInt(p.offset) });
      }
    }
    return out.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }

  /**
   * Sets a group's committed offsets (the group must have no active members, as Kafka's
   * alterConsumerGroupOffsets requires). A `null` offset removes the partition's offset.
   */
  async alterGroupOffsets(
    groupId: string,
    offsets: readonly { topic: string; partition: number; offset: bigint | null }[],
  ): Promise<void> {
    const admin = await this.ready();
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    const resets = offsets.filter((o) => o.offset === null);
    for (const o of offsets) {
      if (o.offset === null) continue;
      let list = byTopic.get(o.topic);
      if (list === undefined) byTopic.set(o.topic, (list = []));
      list.push({ partition: o.partition, offset: o.offset.toString() });
    }
    for (const [topic, partitions] of byTopic) {
      await admin.setOffsets({ groupId, topic, partitions });
    }
    if (resets.length > 0) {
      // kafkajs has no DeleteConsumerGroupOffsets; the nearest is resetting to the start.
      const topics = new Set(resets.map((r) => r.topic));
      for (const topic of topics) await admin.resetOffsets({ groupId, topic, earliest: true });
    }
  }

  /** Deletes a consumer group and its committed offsets; a group that does not exist is fine. */
  async deleteGroup(groupId: string): Promise<void> {
    const admin = await this.ready();
    try {
      await admin.deleteGroups([groupId]);
    } catch (error) {
      // kafkajs retries a whole DeleteGroups after a coordinator error, so a group deleted by the
      // first attempt comes back as GROUP_ID_NOT_FOUND from the second.
      const groups = (error as { groups?: { error?: { type?: string } }[] }).groups;
      if (groups !== undefined && groups.every((g) => g.error?.type === 'GROUP_ID_NOT_FOUND')) {
        return;
      }
      const detail = groups?.map((g) => g.error?.type ?? 'UNKNOWN').join(', ');
      throw new ConnectException(
        `Could not delete consumer group ${groupId}: ${detail ?? describeKafkaError(error)}`,
        { cause: error },
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.admin.disconnect();
  }
}

/**
 * Kafka's start-up check (ConnectUtils.lookupKafkaClusterId): the cluster id, within `timeoutMs`;
 * otherwise a ConnectException naming the bootstrap address.
 */
export async function describeKafkaCluster(
  worker: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<string> {
  const settings = workerAdminSettings(worker);
  const admin = ConnectAdmin.create(settings);
  try {
    return await admin.describeClusterId(timeoutMs);
  } catch (error) {
    throw new ConnectException(
      `Failed to connect to and describe Kafka cluster at ${settings.brokers.join(',')}. ` +
        "Check worker's broker connection and security properties.",
      { cause: error },
    );
  } finally {
    await admin.close().catch(() => undefined);
  }
}
