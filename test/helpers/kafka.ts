/**
 * Helpers for integration tests against the real broker that test/global-setup.ts provides.
 * They use a throwaway kafkajs client of their own, independent of the code under test.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, type Admin, type IHeaders } from 'kafkajs';
import { inject } from 'vitest';

/** host:port of the test broker. */
export function kafkaBootstrap(): string {
  return inject('kafkaBootstrap');
}

/** A topic name no other test (or earlier run against the same broker) has used. */
export function uniqueTopic(prefix = 'test'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

function client(bootstrap = kafkaBootstrap()): Kafka {
  return new Kafka({
    clientId: 'ts-connect-test-helper',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
  });
}

/** Runs `fn` with a connected admin client, disconnecting afterwards. */
export async function withAdmin<T>(
  fn: (admin: Admin) => Promise<T>,
  bootstrap?: string,
): Promise<T> {
  const admin = client(bootstrap).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Creates a topic and waits until every partition has a leader. */
export async function createTopic(
  name: string,
  partitions = 1,
  configEntries: Record<string, string> = {},
  bootstrap?: string,
): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.createTopics({
      waitForLeaders: false,
      topics: [
        {
          topic: name,
          numPartitions: partitions,
          replicationFactor: 1,
          configEntries: Object.entries(configEntries).map(([n, value]) => ({ name: n, value })),
        },
      ],
    });
    // kafkajs's waitForLeaders is not enough against KRaft: the broker learns of the topic a
    // moment after the controller answered, and meanwhile metadata says UNKNOWN_TOPIC_OR_PARTITION
    // (which kafkajs does not retry) and ListOffsets NOT_LEADER_OR_FOLLOWER. Wait for offsets.
    await waitFor(
      () =>
        admin.fetchTopicOffsets(name).then(
          () => true,
          () => false,
        ),
      30_000,
      `leaders of the new topic ${name}`,
    );
  }, bootstrap);
}

export interface ConsumedRecord {
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

/**
 * Every record in `topic` up to the end offsets it has when called, ordered by partition then
 * offset. Reads with a new consumer group, so it never disturbs the code under test.
 */
export async function readAll(
  topic: string,
  { timeoutMs = 30_000, bootstrap }: { timeoutMs?: number; bootstrap?: string } = {},
): Promise<ConsumedRecord[]> {
  const ends = await withAdmin((admin) => admin.fetchTopicOffsets(topic), bootstrap);
  // Next offset to read per partition, and where it has to get to.
  const remaining = new Map<number, bigint>();
  for (const { partition, high, low } of ends) {
    if (BigInt(high) > BigInt(low)) remaining.set(partition, BigInt(high));
  }
  if (remaining.size === 0) return [];

  const records: ConsumedRecord[] = [];
  const consumer = client(bootstrap).consumer({ groupId: uniqueTopic('helper-read') });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`readAll(${topic}): not at the end offsets after ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) {
              records.push({
                partition: batch.partition,
                offset: m.offset,
                timestamp: m.timestamp,
                key: m.key,
                value: m.value,
                headers: m.headers ?? {},
              });
            }
            // lastOffset() also covers control records a transactional producer leaves behind.
            const end = remaining.get(batch.partition);
            if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end) {
              remaining.delete(batch.partition);
            }
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records
    .filter((r) => {
      const end = ends.find((e) => e.partition === r.partition);
      return end !== undefined && BigInt(r.offset) < BigInt(end.high);
    })
    .sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** The values of {@link readAll} as UTF-8 strings (null for tombstones). */
export async function readAllValues(
  topic: string,
  options?: { timeoutMs?: number; bootstrap?: string },
): Promise<(string | null)[]> {
  return (await readAll(topic, options)).map((r) => r.value?.toString('utf8') ?? null);
}

/**
 * Waits until `topic` holds at least `count` records, then returns all of them (see
 * {@link readAll}): for output that a connector is still producing.
 */
export async function consumeRecords(
  topic: string,
  count: number,
  { timeoutMs = 30_000, bootstrap }: { timeoutMs?: number; bootstrap?: string } = {},
): Promise<ConsumedRecord[]> {
  await waitFor(
    async () => {
      const offsets = await withAdmin((admin) => admin.fetchTopicOffsets(topic), bootstrap).catch(
        () => [],
      );
      const total = offsets.reduce((n, o) => n + Number(BigInt(o.high) - BigInt(o.low)), 0);
      return total >= count;
    },
    timeoutMs,
    `${count} records in ${topic}`,
  );
  return readAll(topic, { timeoutMs, bootstrap });
}

/** Polls `predicate` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  what = 'condition',
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

const KAFKA_SH = join(import.meta.dirname, '..', '..', 'scripts', 'kafka.sh');

async function kafkaSh(...args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('bash', [KAFKA_SH, ...args]);
    return stdout.trim().split('\n').at(-1) ?? '';
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(
      `bash scripts/kafka.sh ${args.join(' ')} failed${stderr ? `:\n${stderr}` : ''}`,
    );
  }
}

/**
 * Starts (or reuses) a broker of its own on `port`: a cluster independent of the shared test
 * broker, for tests that need two clusters or must stop a broker mid-run. Returns its bootstrap.
 */
export function startBroker(port: number): Promise<string> {
  return kafkaSh('start', '--port', String(port));
}

/** Stops the broker on `port`; its data stays, so {@link startBroker} resumes the same cluster. */
export async function stopBroker(port: number): Promise<void> {
  await kafkaSh('stop', '--port', String(port));
}

/** Stops the broker on `port` and deletes its data. */
export async function resetBroker(port: number): Promise<void> {
  await kafkaSh('reset', '--port', String(port));
}
