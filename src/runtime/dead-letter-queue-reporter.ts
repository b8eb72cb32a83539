import { ConnectException } from '../api/errors.js';
import { topicPartitionKey } from '../api/topic-partition.js';
import { ConnectAdmin } from '../kafka/admin.js';
import { adminSettings, producerSettings, type ClientSettings } from '../kafka/client-settings.js';
import { describeKafkaError } from '../kafka/kafka-client.js';
import { ConnectProducer, type ProducerRecordBytes } from '../kafka/producer.js';
import type { Logger } from '../util/logger.js';
import type { ConsumedOrigin, ErrorReporter, ReportedFailure } from './error-reporter.js';
import { javaExceptionClassName, javaExceptionMessage, javaStackTrace } from './java-exception.js';
import type { ErrorMetricsRecorder } from './metrics/task-metrics.js';

/** Kafka creates a missing dead letter queue topic with one partition (DLQ_NUM_DESIRED_PARTITIONS). */
const DLQ_PARTITIONS = 1;

const HEADER_PREFIX = '__connect.errors.';

/** How long closing waits for dead letter writes still in flight. */
const CLOSE_TIMEOUT_MS = 30_000;

/** What the reporter needs from a producer (src/kafka/producer.ts ConnectProducer). */
export interface DeadLetterQueueSender {
  send(records: readonly ProducerRecordBytes[], signal?: AbortSignal): Promise<unknown>;
  close(): Promise<void>;
}

type Header = { key: string; value: Buffer | null };

function utf8(text: string | null): Buffer | null {
  return text === null ? null : Buffer.from(text, 'utf8');
}

/**
 * Kafka's ten `__connect.errors.*` context headers, in Kafka's order, as UTF-8 strings; the
 * exception headers only when there is an error, the message null when the error has none.
 */
export function contextHeaders(origin: ConsumedOrigin, failure: ReportedFailure): Header[] {
  const headers: Header[] = [
    { key: `${HEADER_PREFIX}topic`, value: utf8(origin.topic) },
    { key: `${HEADER_PREFIX}partition`, value: utf8(String(origin.partition)) },
    { key: `${HEADER_PREFIX}offset`, value: utf8(String(origin.message.offset)) },
    { key: `${HEADER_PREFIX}connector.name`, value: utf8(failure.connector) },
    { key: `${HEADER_PREFIX}task.id`, value: utf8(String(failure.task)) },
    { key: `${HEADER_PREFIX}stage`, value: utf8(failure.stage) },
    { key: `${HEADER_PREFIX}class.name`, value: utf8(failure.pluginClass) },
  ];
  if (failure.error !== undefined && failure.error !== null) {
    headers.push(
      {
        key: `${HEADER_PREFIX}exception.class.name`,
        value: utf8(javaExceptionClassName(failure.error)),
      },
      {
        key: `${HEADER_PREFIX}exception.message`,
        value: utf8(javaExceptionMessage(failure.error)),
      },
      {
        key: `${HEADER_PREFIX}exception.stacktrace`,
        value: utf8(javaStackTrace(failure.error)),
      },
    );
  }
  return headers;
}

/**
 * The record Kafka's DeadLetterQueueReporter writes: the consumed key, value and headers as
 * raw bytes, the consumed timestamp when there was one, no partition, then the context headers.
 */
export function deadLetterRecord(
  topic: string,
  origin: ConsumedOrigin,
  failure: ReportedFailure,
  withContextHeaders: boolean,
): ProducerRecordBytes {
  const m = origin.message;
  return {
    topic,
    partition: null,
    key: m.key,
    value: m.value,
    timestamp: m.timestamp < 0 ? null : m.timestamp,
    headers: withContextHeaders
      ? [...m.headers, ...contextHeaders(origin, failure)]
      : [...m.headers],
  };
}

interface Queued {
  readonly record: ProducerRecordBytes;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The dead letter queue of a sink task (Kafka's DeadLetterQueueReporter): writes each failed
 * record, raw, to `errors.deadletterqueue.topic.name`. Records failing within one batch go out
 * in one produce request. Each write is tracked per source partition so the task commits a
 * partition's offsets only after its dead-lettered records are acknowledged
 * ({@link awaitPending}); a write that fails for good fails the commit instead of losing them.
 */
export class DeadLetterQueueReporter implements ErrorReporter {
  private queue: Queued[] = [];
  private draining = false;
  /** The running drain: settles once every queued record got its answer. */
  private drained: Promise<void> = Promise.resolve();
  private readonly pending = new Map<string, Set<Promise<void>>>();
  private readonly abort = new AbortController();
  private metrics: ErrorMetricsRecorder | null = null;

  constructor(
    readonly topic: string,
    private readonly sender: DeadLetterQueueSender,
    private readonly withContextHeaders: boolean,
    private readonly log: Logger,
  ) {}

  /**
   * Kafka's createAndSetup: creates the topic when it is missing (one partition,
   * `errors.deadletterqueue.topic.replication.factor`), then the reporter with its own producer.
   */
  static async createAndSetup(
    workerConfig: Readonly<Record<string, string>>,
    connectorConfig: Readonly<Record<string, string>>,
    connector: string,
    task: number,
    log: Logger,
  ): Promise<DeadLetterQueueReporter> {
    const topic = (connectorConfig['errors.deadletterqueue.topic.name'] ?? '').trim();
    const replication = Number(
      connectorConfig['errors.deadletterqueue.topic.replication.factor']?.trim() || '3',
    );
    const admin = ConnectAdmin.create(
      withClientId(
        adminSettings(workerConfig, connectorConfig, connector, task),
        `connector-adminclient-${connector}-${task}`,
        `connector-dlq-adminclient-${connector}-${task}`,
      ),
    );
    try {
      if (!(await admin.topicExists(topic))) {
        log.error(`Topic ${topic} doesn't exist. Will attempt to create topic.`);
        await admin.createTopicsIfMissing([
          { name: topic, partitions: DLQ_PARTITIONS, replicationFactor: replication, configs: {} },
        ]);
      }
    } catch (error) {
      const reason = creationFailure(error);
      throw new ConnectException(
        `Could not initialize dead letter queue with topic=${topic}: ${reason}`,
        { cause: error },
      );
    } finally {
      await admin.close().catch(() => undefined);
    }
    const producer = ConnectProducer.create(
      withClientId(
        producerSettings(workerConfig, connectorConfig, connector, task),
        `connector-producer-${connector}-${task}`,
        `connector-dlq-producer-${connector}-${task}`,
      ),
      `${connector}|task-${task}|dlq`,
    );
    const withHeaders =
      connectorConfig['errors.deadletterqueue.context.headers.enable']?.trim().toLowerCase() ===
      'true';
    return new DeadLetterQueueReporter(topic, producer, withHeaders, log);
  }

  /** Where each attempted and failed write is counted (the task's error metrics). */
  setMetrics(metrics: ErrorMetricsRecorder): void {
    this.metrics = metrics;
  }

  report(failure: ReportedFailure): Promise<void> | null {
    const origin = failure.context?.consumed;
    // Kafka too writes nothing when there is no consumed record (a source task's failure).
    if (origin === undefined) return null;
    const record = deadLetterRecord(this.topic, origin, failure, this.withContextHeaders);
    this.metrics?.recordDeadLetterQueueProduceRequest();
    const written = new Promise<void>((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
    });
    if (!this.draining) {
      this.draining = true;
      // After the current batch's synchronous conversion, so its failures share one request.
      this.drained = Promise.resolve().then(() => this.drain());
    }
    const key = topicPartitionKey(origin);
    let set = this.pending.get(key);
    if (set === undefined) this.pending.set(key, (set = new Set()));
    set.add(written);
    // Observed here so a write nobody awaits cannot become an unhandled rejection.
    written.then(
      () => set.delete(written),
      () => undefined,
    );
    return written;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.sender.send(
          batch.map((q) => q.record),
          this.abort.signal,
        );
        for (const q of batch) q.resolve();
      } catch (error) {
        this.log.error(
          `Could not produce message to dead letter queue. topic=${this.topic}`,
          error,
        );
        for (const q of batch) {
          this.metrics?.recordDeadLetterQueueProduceFailed();
          q.reject(error);
        }
      }
    }
    this.draining = false;
  }

  /**
   * Waits for the dead letter writes of records from these partitions (`topic-partition` keys;
   * all when omitted). Rejects with a ConnectException when one of them failed; those writes
   * stay pending, so the partition's offsets are never committed past them.
   */
  async awaitPending(partitions?: Iterable<string>): Promise<void> {
    const keys = partitions === undefined ? [...this.pending.keys()] : [...partitions];
    const writes: Promise<void>[] = [];
    for (const key of keys) for (const w of this.pending.get(key) ?? []) writes.push(w);
    if (writes.length === 0) return;
    try {
      await Promise.all(writes);
    } catch (error) {
      throw new ConnectException(
        `Could not produce message to dead letter queue. topic=${this.topic}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  /** Forgets the writes of partitions the task no longer owns (their records are redelivered elsewhere). */
  forget(partitions: Iterable<string>): void {
    for (const key of partitions) this.pending.delete(key);
  }

  /**
   * Lets the writes in flight finish first, as Kafka's producer.close() does (bounded here):
   * a request cut off by a disconnect can be sent again by the client and land twice.
   */
  async close(timeoutMs = CLOSE_TIMEOUT_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.drained, timeout]);
    clearTimeout(timer);
    this.abort.abort();
    await this.sender.close();
  }
}

/** Kafka's DLQ clients have their own default client ids; a configured `client.id` still wins. */
function withClientId(settings: ClientSettings, from: string, to: string): ClientSettings {
  return settings.clientId === from ? { ...settings, clientId: to } : settings;
}

/**
 * Why topic creation failed, in the broker's words: kafkajs wraps per-topic errors in an
 * aggregate ("Topic creation errors") whose `errors` hold the real reasons.
 */
function creationFailure(error: unknown): string {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const inner = (e as Error & { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.length > 0) {
      return inner.map((x: unknown) => describeKafkaError(x)).join('; ');
    }
  }
  return error instanceof ConnectException ? error.message : describeKafkaError(error);
}
