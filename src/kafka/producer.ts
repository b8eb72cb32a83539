// First, so kafkajs loads with its producer hot spots replaced (see kafkajs-patches.ts).
import { KAFKAJS_PATCHED, ORDERED_HEADERS } from './kafkajs-patches.js';
import {
  CompressionTypes,
  Partitioners,
  type IHeaders,
  type Message,
  type PartitionerArgs,
  type Producer,
  type RecordMetadata as KafkaJsRecordMetadata,
} from 'kafkajs';
import { ConnectException } from '../api/errors.js';
import type { RecordMetadata } from '../api/source-task.js';
import { getLogger, type Logger } from '../util/logger.js';
import { sleep } from '../util/sleep.js';
import type { ClientSettings } from './client-settings.js';
import { createKafka, describeKafkaError, isTransient } from './kafka-client.js';

/** A record as the runtime hands it to the producer: bytes already converted. */
export interface ProducerRecordBytes {
  topic: string;
  partition: number | null;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number | null;
  headers: { key: string; value: Buffer | null }[];
}

const INT_MAX = 2147483647;
/** Longest pause between attempts while the broker is away. */
const MAX_BACKOFF_MS = 5_000;

/**
 * Kafka's built-in partitioner: murmur2 of the key for keyed records (kafkajs's
 * DefaultPartitioner is the Java-compatible one), and for keyless records a sticky partition per
 * topic that changes after `batch.size` bytes, like Kafka's uniform sticky partitioner. The
 * choice is written into the message's `partition`, so a retried request keeps every record where
 * it was first placed (kafkajs re-runs the partitioner on each retry) and so offsets can be
 * computed. (A WeakMap from message to partition cost 7% of file → Kafka's CPU.)
 */
class StickyPartitioner {
  private readonly keyed = Partitioners.DefaultPartitioner();
  private readonly sticky = new Map<string, { partition: number; bytes: number }>();

  constructor(private readonly batchSize: number) {}

  readonly partition = (args: PartitionerArgs): number => {
    const { message } = args;
    if (message.partition !== undefined && message.partition !== null) return message.partition;
    let partition: number;
    if (message.key !== null && message.key !== undefined) {
      partition = this.keyed(args);
    } else {
      partition = this.nextSticky(args);
    }
    message.partition = partition;
    return partition;
  };

  private nextSticky({ topic, partitionMetadata, message }: PartitionerArgs): number {
    const size = message.value === null ? 0 : Buffer.byteLength(message.value);
    let state = this.sticky.get(topic);
    if (
      state === undefined ||
      state.bytes >= this.batchSize ||
      state.partition >= partitionMetadata.length
    ) {
      const available = partitionMetadata.filter((p) => p.leader >= 0);
      const pool = available.length > 0 ? available : partitionMetadata;
      let pick = pool[Math.floor(Math.random() * pool.length)]!.partitionId;
      // Kafka moves on to another partition when it switches, where there is one.
      if (state !== undefined && pool.length > 1 && pick === state.partition) {
        const others = pool.filter((p) => p.partitionId !== state!.partition);
        pick = others[Math.floor(Math.random() * others.length)]!.partitionId;
      }
      state = { partition: pick, bytes: 0 };
      this.sticky.set(topic, state);
    }
    state.bytes += size;
    return state.partition;
  }
}

/**
 * The producer of a source task (Kafka's producer as Connect configures it): one produce request
 * per call, acks from config (Connect's `all`), a broker that goes away makes `send` wait and
 * retry instead of failing (Connect sets `max.block.ms` and `delivery.timeout.ms` to the maximum),
 * and per-record metadata in input order.
 */
export class ConnectProducer {
  private readonly producer: Producer;
  private readonly partitioner: StickyPartitioner;
  private readonly log: Logger;
  private connected = false;
  private closed = false;
  private nullHeaderWarned = false;

  /**
   * kafkajs 2.2.4 throws while sizing a record with a null header value (its encoder would write
   * -1 but the size computation calls Buffer.byteLength(null)); we send empty bytes instead and
   * say so once.
   */
  private readonly warnNullHeader = (key: string): void => {
    if (this.nullHeaderWarned) return;
    this.nullHeaderWarned = true;
    this.log.warn(
      `[Producer clientId=${this.clientId}] Header '${key}' has a null value, which kafkajs cannot send; ` +
        'null header values are sent as empty values',
    );
  };

  private constructor(
    private readonly settings: ClientSettings,
    context: string | null,
  ) {
    this.log = getLogger('ConnectProducer');
    if (context !== null) this.log = this.log.withContext(context);
    this.partitioner = new StickyPartitioner(Math.max(1, settings.producer.batchSizeBytes));
    const p = settings.producer;
    this.producer = createKafka(settings, context).producer({
      createPartitioner: () => this.partitioner.partition,
      allowAutoTopicCreation: p.allowAutoTopicCreation,
      idempotent: p.idempotent,
      maxInFlightRequests: p.maxInFlightRequests,
      metadataMaxAge: p.metadataMaxAgeMs,
      retry: { ...settings.retry, retries: Math.min(settings.retry.retries, p.retries) },
    });
  }

  static create(settings: ClientSettings, context: string | null = null): ConnectProducer {
    if (settings.kind !== 'producer') {
      throw new ConnectException(`Producer created from ${settings.kind} settings`);
    }
    return new ConnectProducer(settings, context);
  }

  get clientId(): string {
    return this.settings.clientId;
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  /**
   * Sends the records in ONE kafkajs `sendBatch` (one produce request per broker). Resolves with
   * each record's partition and offset in input order. Transient failures (broker gone, leader
   * moving, request timeout) are retried with backoff until success, `delivery.timeout.ms`, or
   * `signal` aborts; anything else (record too large, not authorized) rejects with a
   * ConnectException naming the cause.
   */
  async send(
    records: readonly ProducerRecordBytes[],
    signal?: AbortSignal,
  ): Promise<RecordMetadata[]> {
    if (records.length === 0) return [];
    const messages: Message[] = new Array<Message>(records.length);
    const byTopic = new Map<string, Message[]>();
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      // Every message gets the same five properties (one hidden class for V8); the partitioner
      // fills in `partition` where the record names none.
      const message: Message = {
        key: r.key,
        value: r.value,
        partition: r.partition ?? undefined,
        timestamp: r.timestamp === null ? undefined : String(r.timestamp),
        headers: r.headers.length > 0 ? toHeaders(r.headers, this.warnNullHeader) : undefined,
      };
      messages[i] = message;
      let list = byTopic.get(r.topic);
      if (list === undefined) byTopic.set(r.topic, (list = []));
      list.push(message);
    }
    const p = this.settings.producer;
    const batch = {
      acks: p.acks,
      timeout: this.settings.requestTimeoutMs,
      compression: p.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
    };
    const deadline =
      p.deliveryTimeoutMs >= INT_MAX ? Number.POSITIVE_INFINITY : Date.now() + p.deliveryTimeoutMs;

    let backoff = this.settings.retry.initialRetryTime;
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new ConnectException('Producer is closed');
      if (signal?.aborted) throw abortError(signal);
      try {
        if (!this.connected) await this.connect();
        const response = await this.producer.sendBatch(batch);
        return this.metadataFor(records, messages, response);
      } catch (error) {
        if (this.closed) throw new ConnectException('Producer is closed', { cause: error });
        const transient = isTransient(error);
        if (!transient || attempt > p.retries || Date.now() >= deadline) {
          throw new ConnectException(
            `Failed to send ${records.length} record(s) to Kafka (${[...byTopic.keys()].join(', ')}): ${describeKafkaError(error)}`,
            { cause: error },
          );
        }
        this.log.warn(
          `[Producer clientId=${this.clientId}] Send of ${records.length} record(s) failed (${describeKafkaError(error)}); retrying in ${backoff} ms`,
        );
        if (!(await sleep(Math.min(backoff, Math.max(0, deadline - Date.now())), signal))) {
          throw abortError(signal);
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private metadataFor(
    records: readonly ProducerRecordBytes[],
    messages: readonly Message[],
    response: KafkaJsRecordMetadata[],
  ): RecordMetadata[] {
    const base = new Map<string, bigint>();
    for (const r of response) {
      if (r.baseOffset !== undefined)
        base.set(`${r.partition}\u0000${r.topicName}`, BigInt(r.baseOffset));
    }
    // kafkajs keeps input order inside each partition, so a record's offset is its partition's
    // base offset plus the number of records before it in that partition. Consecutive records
    // usually share a partition: the counter is looked up only when it changes.
    const counters = new Map<string, { base: bigint | null; next: bigint }>();
    const out: RecordMetadata[] = new Array<RecordMetadata>(records.length);
    let lastTopic: string | null = null;
    let lastPartition = Number.NaN;
    let counter = { base: null as bigint | null, next: 0n };
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const partition = r.partition ?? messages[i]!.partition ?? -1;
      if (r.topic !== lastTopic || partition !== lastPartition) {
        const key = `${partition}\u0000${r.topic}`;
        let found = counters.get(key);
        if (found === undefined)
          counters.set(key, (found = { base: base.get(key) ?? null, next: 0n }));
        counter = found;
        lastTopic = r.topic;
        lastPartition = partition;
      }
      out[i] = {
        topic: r.topic,
        partition,
        offset: counter.base === null ? null : counter.base + counter.next,
      };
      counter.next++;
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.producer.disconnect();
  }
}

/** Empty bytes stand in for a null header value, which kafkajs 2.2.4 cannot encode. */
const EMPTY = Buffer.alloc(0);

function toHeaders(
  headers: readonly { key: string; value: Buffer | null }[],
  onNull: (key: string) => void,
): IHeaders {
  const out: Record<string, Buffer | null | (Buffer | null)[]> = {};
  for (const h of headers) {
    const key = h.key;
    let value = h.value;
    if (value === null && !KAFKAJS_PATCHED) {
      onNull(key);
      value = EMPTY;
    }
    const existing = Object.hasOwn(out, key) ? out[key] : undefined;
    const next =
      existing === undefined
        ? value
        : Array.isArray(existing)
          ? [...existing, value]
          : [existing, value];
    Object.defineProperty(out, key, {
      value: next,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  // With our produce encoder (kafkajs-patches.ts), the record's headers go out in this order,
  // null values as null.
  if (KAFKAJS_PATCHED) {
    Object.defineProperty(out, ORDERED_HEADERS, { value: headers, enumerable: false });
  }
  return out as IHeaders;
}

function abortError(signal: AbortSignal | undefined): ConnectException {
  const reason: unknown = signal?.reason;
  return new ConnectException('Send aborted because the task is stopping', { cause: reason });
}
