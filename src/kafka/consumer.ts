import { ORDERED_HEADERS, type RecordHeader } from './kafkajs-patches.js';
import type { Consumer, EachBatchPayload, IHeaders } from 'kafkajs';
import { ConnectException } from '../api/errors.js';
import type { TimestampType } from '../api/sink-record.js';
import type { TopicPartition, TopicPartitionOffset } from '../api/topic-partition.js';
import type { ClientSettings } from './client-settings.js';
import { createKafka, describeKafkaError } from './kafka-client.js';

/** One consumed record, bytes as Kafka stored them. */
export interface ConsumedMessage {
  readonly offset: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly timestampType: TimestampType;
  /** In wire order; duplicate keys kept. */
  readonly headers: readonly { key: string; value: Buffer | null }[];
}

/** Records of one partition, in offset order, at most `max.poll.records` of them. */
export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly ConsumedMessage[];
  /** The partition's log end offset as the fetch saw it (for the sink lag figure). */
  readonly highWatermark?: bigint;
}

/** What a batch handler may do while it holds a batch. */
export interface BatchControl {
  /** Keeps the group membership alive during a long put or retry wait. */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the batch was superseded by a seek or rebalance. */
  isActive(): boolean;
  /** Marks records up to `offset` as consumed, so the next fetch starts after it. */
  resolve(offset: bigint): void;
}

export interface ConsumerHandlers {
  /** Called with each batch; return when it was handled (or given up for a later redelivery). */
  onBatch(batch: ConsumedBatch, control: BatchControl): Promise<void>;
  /** After each group join, with the partitions now assigned to this member. */
  onAssignment(assigned: TopicPartition[]): void;
  /** The group is about to rebalance (kafkajs gives no revocation callback; see WorkerSinkTask). */
  onRebalancing(): void;
  /** The consumer stopped on an error it will not recover from. */
  onCrash(error: unknown): void;
}

/** Kafka's record attribute bit for LogAppendTime (RecordBatch timestampType). */
const LOG_APPEND_TIME_ATTRIBUTE = 0x08;

function headersOf(headers: IHeaders | undefined): { key: string; value: Buffer | null }[] {
  if (headers === undefined) return [];
  // In record order when our record decoder kept them (see kafkajs-patches.ts); kafkajs's object
  // groups repeated keys and puts integer-like keys first.
  const ordered = (headers as { [ORDERED_HEADERS]?: RecordHeader[] })[ORDERED_HEADERS];
  if (ordered !== undefined) return ordered;
  const out: { key: string; value: Buffer | null }[] = [];
  for (const key of Object.keys(headers)) {
    const v = headers[key];
    const values = Array.isArray(v) ? v : [v];
    for (const one of values) {
      out.push({
        key,
        value:
          one === undefined || one === null ? null : Buffer.isBuffer(one) ? one : Buffer.from(one),
      });
    }
  }
  return out;
}

/**
 * The sink task's consumer (Kafka's KafkaConsumer as Connect configures it): group
 * `connect-<name>`, earliest, manual commits; batches are handed over per partition and split to
 * `max.poll.records`.
 */
export class ConnectConsumer {
  private readonly consumer: Consumer;
  private assigned: TopicPartition[] = [];
  private running = false;

  private constructor(
    private readonly settings: ClientSettings,
    context: string | null,
  ) {
    const c = settings.consumer;
    const config: Parameters<ReturnType<typeof createKafka>['consumer']>[0] = {
      groupId: c.groupId,
      sessionTimeout: c.sessionTimeoutMs,
      rebalanceTimeout: c.rebalanceTimeoutMs,
      heartbeatInterval: c.heartbeatIntervalMs,
      metadataMaxAge: c.metadataMaxAgeMs,
      maxBytesPerPartition: c.maxBytesPerPartition,
      minBytes: c.minBytes,
      maxBytes: c.maxBytes,
      maxWaitTimeInMs: c.maxWaitTimeMs,
      readUncommitted: c.readUncommitted,
      allowAutoTopicCreation: c.allowAutoTopicCreation,
      // Keep retrying while Kafka is away instead of crashing the consumer.
      retry: {
        ...settings.retry,
        retries: Number.MAX_SAFE_INTEGER,
        restartOnFailure: async () => true,
      },
    };
    if (c.rackId !== null) config.rackId = c.rackId;
    this.consumer = createKafka(settings, context).consumer(config);
  }

  static create(settings: ClientSettings, context: string | null = null): ConnectConsumer {
    if (settings.kind !== 'consumer') {
      throw new ConnectException(`Consumer created from ${settings.kind} settings`);
    }
    return new ConnectConsumer(settings, context);
  }

  get groupId(): string {
    return this.settings.consumer.groupId;
  }

  get clientId(): string {
    return this.settings.clientId;
  }

  async connect(): Promise<void> {
    await this.consumer.connect();
  }

  /** `topics` by name, or a pattern (Kafka's `topics.regex`, already translated to a RegExp). */
  async subscribe(topics: readonly string[] | RegExp): Promise<void> {
    await this.consumer.subscribe({
      topics: topics instanceof RegExp ? [topics] : [...topics],
      fromBeginning: this.settings.consumer.fromBeginning,
    });
  }

  /** Starts fetching; resolves once the consumer runs (batches arrive through `handlers`). */
  async run(handlers: ConsumerHandlers): Promise<void> {
    const { GROUP_JOIN, REBALANCING, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, (event) => {
      const assignment = event.payload.memberAssignment;
      this.assigned = Object.entries(assignment)
        .flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })))
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      handlers.onAssignment(this.assigned);
    });
    this.consumer.on(REBALANCING, () => handlers.onRebalancing());
    this.consumer.on(CRASH, (event) => {
      if (!event.payload.restart) handlers.onCrash(event.payload.error);
    });
    const maxRecords = Math.max(1, this.settings.consumer.maxPollRecords);
    this.running = true;
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async (payload: EachBatchPayload) => {
        const { batch } = payload;
        const control: BatchControl = {
          heartbeat: () => payload.heartbeat(),
          isActive: () => this.running && payload.isRunning() && !payload.isStale(),
          resolve: (offset) => payload.resolveOffset(offset.toString()),
        };
        const all = batch.messages;
        for (let start = 0; start < all.length; start += maxRecords) {
          if (!control.isActive()) return;
          const slice = all.slice(start, start + maxRecords);
          const messages: ConsumedMessage[] = slice.map((m) => ({
            offset: BigInt(m.offset),
            key: m.key,
            value: m.value,
            timestamp: Number(m.timestamp),
            timestampType:
              (m.attributes & LOG_APPEND_TIME_ATTRIBUTE) !== 0 ? 'LogAppendTime' : 'CreateTime',
            headers: headersOf(m.headers),
          }));
          await handlers.onBatch(
            {
              topic: batch.topic,
              partition: batch.partition,
              messages,
              highWatermark: BigInt(batch.highWatermark),
            },
            control,
          );
        }
      },
    });
  }

  /** The partitions assigned at the last group join. */
  assignment(): readonly TopicPartition[] {
    return this.assigned;
  }

  /** Commits `offset` (the next record to consume) per partition. */
  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    try {
      await this.consumer.commitOffsets(
        offsets.map((o) => ({
          topic: o.topic,
          partition: o.partition,
          offset: o.offset.toString(),
        })),
      );
    } catch (error) {
      throw new ConnectException(`Offset commit failed: ${describeKafkaError(error)}`, {
        cause: error,
      });
    }
  }

  seek(tp: TopicPartition, offset: bigint): void {
    this.consumer.seek({ topic: tp.topic, partition: tp.partition, offset: offset.toString() });
  }

  pause(partitions: readonly TopicPartition[]): void {
    for (const [topic, list] of groupByTopic(partitions))
      this.consumer.pause([{ topic, partitions: list }]);
  }

  resume(partitions: readonly TopicPartition[]): void {
    for (const [topic, list] of groupByTopic(partitions))
      this.consumer.resume([{ topic, partitions: list }]);
  }

  /** Stops fetching (waits for the batch in progress) and leaves the group. */
  async close(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
  }
}

function groupByTopic(partitions: readonly TopicPartition[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const tp of partitions) {
    let list = out.get(tp.topic);
    if (list === undefined) out.set(tp.topic, (list = []));
    list.push(tp.partition);
  }
  return out;
}
