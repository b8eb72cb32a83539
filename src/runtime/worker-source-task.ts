import type { TaskConfig } from '../api/connector.js';
import { ConnectException, RetriableException } from '../api/errors.js';
import type { OffsetStorageReader } from '../api/offset-storage-reader.js';
import type { SourceRecord } from '../api/source-record.js';
import type { RecordMetadata, SourceTask } from '../api/source-task.js';
import type { Logger } from '../util/logger.js';
import { sleep } from '../util/sleep.js';
import { RetryLater, RetryWithToleranceOperator, StageError, TOLERATED } from './error-handling.js';
import {
  OffsetFlushTimeoutError,
  OffsetStorageWriter,
  type OffsetStore,
} from './offset-storage-writer.js';
import { SubmittedRecords, type SubmittedRecord } from './submitted-records.js';
import { closeTaskConverters, type TaskConverters } from './task-plugins.js';
import type { NewTopicSpec, TopicCreation } from './topic-creation.js';
import {
  WorkerTask,
  taskIdString,
  type ConnectorTaskId,
  type TargetState,
  type TaskStatusListener,
} from './worker-task.js';

/** A record as the producer takes it (src/kafka/producer.ts ProducerRecordBytes). */
export interface OutgoingRecord {
  topic: string;
  partition: number | null;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number | null;
  headers: { key: string; value: Buffer | null }[];
}

/** What the loop needs from the producer (src/kafka/producer.ts ConnectProducer). */
export interface RecordSender {
  connect(): Promise<void>;
  /** One request for the batch; metadata in order; retries transient errors itself. */
  send(
    records: readonly OutgoingRecord[],
    signal?: AbortSignal,
  ): Promise<readonly RecordMetadata[]>;
  close(): Promise<void>;
}

/** What topic creation needs from the admin client (src/kafka/admin.ts ConnectAdmin). */
export interface TopicAdmin {
  createTopicsIfMissing(topics: NewTopicSpec[]): Promise<string[]>;
  close(): Promise<void>;
}

/** What the loop needs from the transformation chain (src/runtime/transformation-chain.ts). */
export interface RecordTransformer<R> {
  apply(record: R): R | null;
  close(): void;
  toString(): string;
}

export interface WorkerSourceTaskOptions {
  id: ConnectorTaskId;
  task: SourceTask;
  taskClassName: string;
  taskConfig: TaskConfig;
  connectorConfig: Record<string, string>;
  converters: TaskConverters;
  chain: RecordTransformer<SourceRecord>;
  producer: RecordSender;
  admin: TopicAdmin | null;
  topicCreation: TopicCreation | null;
  offsetStore: OffsetStore;
  offsetReader: OffsetStorageReader;
  offsetFlushTimeoutMs: number;
  statusListener: TaskStatusListener;
  initialState: TargetState;
  log: Logger;
  offsetLog: Logger;
  /** Polling pauses while this many records wait for Kafka's acknowledgement. */
  maxInFlightRecords?: number;
}

const DEFAULT_MAX_IN_FLIGHT = 20_000;
/** Kafka's pause before retrying after a retriable poll or send problem. */
const RETRY_BACKOFF_MS = 100;

function toBuffer(bytes: Uint8Array | null): Buffer | null {
  if (bytes === null) return null;
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

interface Pending {
  readonly record: SourceRecord;
  readonly submitted: SubmittedRecord;
}

/**
 * The source loop (Kafka's AbstractWorkerSourceTask/WorkerSourceTask, at-least-once): poll →
 * transforms → header/key/value converters → one producer send per batch, with records in
 * flight bounded. Offsets become committable through {@link SubmittedRecords} and are flushed
 * by {@link commitOffsets} (scheduled by the SourceTaskOffsetCommitter and run at stop).
 */
export class WorkerSourceTask extends WorkerTask {
  private readonly opts: WorkerSourceTaskOptions;
  private readonly operator: RetryWithToleranceOperator;
  private readonly submitted = new SubmittedRecords();
  private readonly writer: OffsetStorageWriter;
  private readonly maxInFlight: number;
  /** Sends run one after the other so Kafka sees batches in poll order. */
  private sendChain: Promise<void> = Promise.resolve();
  private readonly sendAbort = new AbortController();
  private producerError: unknown = null;
  private producerConnected = false;
  private started = false;
  private taskStopped = false;
  private commitChain: Promise<boolean> = Promise.resolve(true);

  constructor(opts: WorkerSourceTaskOptions) {
    super(opts.id, opts.statusListener, opts.initialState, opts.log);
    this.opts = opts;
    this.operator = new RetryWithToleranceOperator(opts.connectorConfig, opts.log, opts.id.task);
    this.operator.setStopSignal(this.stopSignal);
    this.operator.setMetrics(this.metrics);
    this.metrics.type = 'source';
    this.metrics.trackActiveRecords(() => this.submitted.inFlight());
    this.writer = new OffsetStorageWriter(opts.offsetStore, opts.id.connector);
    this.maxInFlight = opts.maxInFlightRecords ?? DEFAULT_MAX_IN_FLIGHT;
  }

  toString(): string {
    return `WorkerSourceTask{id=${taskIdString(this.id)}}`;
  }

  protected async initializeAndStart(): Promise<void> {
    const { task, taskConfig, offsetReader } = this.opts;
    task.initialize({ configs: () => taskConfig, offsetStorageReader: () => offsetReader });
    this.log.info(`Initializing: ${this.opts.chain.toString()}`);
    this.started = true;
    await task.start(taskConfig);
    this.log.info(`${this.toString()} Source task finished initialization and start`);
  }

  override stop(): void {
    const first = !this.isStopping();
    super.stop();
    // The contract lets stop() end a pending poll(), so it is called now, not after the loop.
    if (first && this.started) void this.stopUserTask();
  }

  private async stopUserTask(): Promise<void> {
    if (this.taskStopped) return;
    this.taskStopped = true;
    try {
      await this.opts.task.stop();
    } catch (error) {
      this.log.warn(`${this.toString()} Could not stop task`, error);
    }
  }

  protected async execute(): Promise<void> {
    while (!this.isStopping()) {
      this.throwIfProducerFailed();
      if (this.shouldPause()) {
        if (!(await this.pauseIfRequested())) break;
        continue;
      }
      if (this.submitted.inFlight() >= this.maxInFlight) {
        await this.submitted.awaitBelow(this.maxInFlight, this.stopSignal);
        continue;
      }
      const records = await this.poll();
      if (records === null || records.length === 0 || this.isStopping()) {
        if (records !== null && records.length > 0) {
          // Stopped right after a poll: the batch goes out so its offsets can still commit.
          await this.sendBatch(records);
        }
        continue;
      }
      await this.sendBatch(records);
    }
    this.throwIfProducerFailed();
  }

  private async poll(): Promise<SourceRecord[] | null> {
    try {
      const started = Date.now();
      const records = await this.opts.task.poll();
      if (records !== null && records.length > 0)
        this.metrics.recordPoll(records.length, Date.now() - started);
      return records;
    } catch (error) {
      if (error instanceof RetriableException) {
        this.log.warn(
          `${this.toString()} failed to poll records from SourceTask. Will retry operation.`,
          error,
        );
        await sleep(RETRY_BACKOFF_MS, this.stopSignal);
        return null;
      }
      throw new StageError(
        'Failed to poll records',
        'TASK_POLL',
        this.opts.taskClassName,
        this.id.connector,
        this.id.task,
        null,
        error,
      );
    }
  }

  private throwIfProducerFailed(): void {
    if (this.producerError !== null) throw this.producerError;
  }

  /**
   * Transforms and converts synchronously (only a record whose converter or transform asked for
   * a retry waits); the send runs after earlier batches' sends.
   */
  private async sendBatch(records: SourceRecord[]): Promise<void> {
    const out: OutgoingRecord[] = [];
    const pending: Pending[] = [];
    for (const record of records) {
      const submitted = this.submitted.submit(record.sourcePartition, record.sourceOffset);
      let converted: OutgoingRecord | null;
      try {
        converted = this.convert(record);
      } catch (error) {
        // A transform or converter asked for a retry (errors.retry.timeout): wait, run again.
        if (!(error instanceof RetryLater)) throw error;
        converted = await this.operator.retryRecord(() => this.convert(record), error);
      }
      if (converted === null) {
        // Dropped by a transform or tolerated: committable at once, as in Kafka.
        this.commitTaskRecord(record, null);
        submitted.ack();
        continue;
      }
      out.push(converted);
      pending.push({ record, submitted });
    }
    if (out.length === 0) return;
    this.sendChain = this.sendChain.then(() => this.doSend(out, pending));
  }

  private convert(record: SourceRecord): OutgoingRecord | null {
    const { chain, converters } = this.opts;
    const ctx = { record };
    const transformed = this.operator.execute(
      'TRANSFORMATION',
      'TransformationChain',
      () => chain.apply(record),
      ctx,
    );
    if (transformed === TOLERATED || transformed === null) return null;
    const topic = transformed.topic;
    const headers = this.operator.execute(
      'HEADER_CONVERTER',
      converters.header.className,
      () => {
        const list: { key: string; value: Buffer | null }[] = [];
        for (const h of transformed.headers) {
          list.push({
            key: h.key,
            value: toBuffer(
              converters.header.plugin.fromConnectHeader(topic, h.key, h.schema, h.value),
            ),
          });
        }
        return list;
      },
      ctx,
    );
    if (headers === TOLERATED) return null;
    const key = this.operator.execute(
      'KEY_CONVERTER',
      converters.key.className,
      () =>
        converters.key.plugin.fromConnectData(
          topic,
          transformed.headers,
          transformed.keySchema,
          transformed.key,
        ),
      ctx,
    );
    if (key === TOLERATED) return null;
    const value = this.operator.execute(
      'VALUE_CONVERTER',
      converters.value.className,
      () =>
        converters.value.plugin.fromConnectData(
          topic,
          transformed.headers,
          transformed.valueSchema,
          transformed.value,
        ),
      ctx,
    );
    if (value === TOLERATED) return null;
    const ts = transformed.timestamp;
    return {
      topic,
      partition: transformed.kafkaPartition,
      key: toBuffer(key),
      value: toBuffer(value),
      timestamp: ts === null || ts < 0 ? null : ts,
      headers,
    };
  }

  private async doSend(out: OutgoingRecord[], pending: Pending[]): Promise<void> {
    if (this.producerError !== null || this.sendAbort.signal.aborted) return;
    try {
      await this.ensureConnected();
      await this.maybeCreateTopics(out);
      const metadata = await this.opts.producer.send(out, this.sendAbort.signal);
      this.metrics.recordWrite(out.length);
      for (let i = 0; i < pending.length; i++) {
        const p = pending[i]!;
        this.commitTaskRecord(p.record, metadata[i] ?? null);
        p.submitted.ack();
      }
    } catch (error) {
      if (this.sendAbort.signal.aborted) return;
      if (this.operator.toleranceAll && !(error instanceof TopicCreationError)) {
        this.log.error(
          `${this.toString()} failed to send ${out.length} record(s) to Kafka; skipping them (errors.tolerance=all)`,
          error,
        );
        this.metrics.recordFailure();
        this.metrics.recordError(error);
        this.metrics.recordSkipped(out.length);
        for (const p of pending) {
          // Kafka's producerSendFailed reports each record through its LogReporter.
          this.operator.logFailure('KAFKA_PRODUCE', WORKER_SOURCE_TASK_CLASS, error, {
            record: p.record,
          });
          this.commitTaskRecord(p.record, null);
          p.submitted.ack();
        }
        return;
      }
      this.producerError =
        error instanceof TopicCreationError
          ? error
          : new StageError(
              'Unrecoverable exception from producer send callback',
              'KAFKA_PRODUCE',
              'org.apache.kafka.clients.producer.KafkaProducer',
              this.id.connector,
              this.id.task,
              null,
              error,
            );
      // The loop may be waiting for acknowledgements that will never come.
      this.stopWaitingForAcks();
    }
  }

  private stopWaitingForAcks(): void {
    // The loop then sees producerError.
    this.submitted.wake();
  }

  private async ensureConnected(): Promise<void> {
    while (!this.producerConnected) {
      try {
        await this.opts.producer.connect();
        this.producerConnected = true;
      } catch (error) {
        if (this.sendAbort.signal.aborted) throw error;
        this.log.warn(`${this.toString()} Could not connect the producer; retrying`, error);
        await sleep(1000, this.sendAbort.signal);
      }
    }
  }

  private async maybeCreateTopics(out: OutgoingRecord[]): Promise<void> {
    const creation = this.opts.topicCreation;
    const admin = this.opts.admin;
    if (creation === null || admin === null) return;
    const fresh: string[] = [];
    for (const r of out) {
      if (creation.isNew(r.topic) && !fresh.includes(r.topic)) fresh.push(r.topic);
    }
    for (const topic of fresh) {
      this.log.info(
        `${this.toString()} The task will send records to topic '${topic}' for the first time. Checking whether topic exists`,
      );
      try {
        const created = await admin.createTopicsIfMissing([creation.specFor(topic)]);
        if (created.includes(topic)) {
          this.log.info(
            `${this.toString()} Created topic '${topic}' using creation group ${JSON.stringify(creation.specFor(topic))}`,
          );
        } else {
          this.log.info(`${this.toString()} Topic '${topic}' already exists.`);
        }
        creation.markSeen(topic);
      } catch (error) {
        throw new TopicCreationError(
          `Task failed to create new topic ${topic}. Ensure that the task is authorized to create topics or that the topic exists and restart the task`,
          { cause: error },
        );
      }
    }
  }

  private commitTaskRecord(record: SourceRecord, metadata: RecordMetadata | null): void {
    try {
      this.opts.task.commitRecord(record, metadata);
    } catch (error) {
      this.log.error(
        `${this.toString()} Exception thrown while calling task.commitRecord()`,
        error,
      );
    }
  }

  /**
   * Flushes offsets of acknowledged records to the store within `offset.flush.timeout.ms`, then
   * calls `task.commit()`. Calls never overlap. Resolves false when the flush failed (the
   * offsets are then kept for the next attempt).
   */
  commitOffsets(): Promise<boolean> {
    const next = this.commitChain.then(async () => {
      const started = Date.now();
      const ok = await this.doCommitOffsets();
      this.metrics.recordCommit(ok, Date.now() - started);
      return ok;
    });
    this.commitChain = next.catch(() => false);
    return next;
  }

  private async doCommitOffsets(): Promise<boolean> {
    const log = this.opts.offsetLog;
    const committable = this.submitted.committableOffsets();
    for (const [key, { partition, offset }] of committable.offsets)
      this.writer.offset(key, partition, offset);
    if (committable.uncommittableMessages > 0) {
      log.debug(
        `${this.toString()} There are currently ${committable.uncommittableMessages} pending messages spread across ` +
          `source partitions whose offsets will not be committed. The source partition with the most pending messages ` +
          `is ${JSON.stringify(committable.largestDequePartition)}, with ${committable.largestDequeSize} pending messages`,
      );
    }
    if (this.writer.size() === 0) {
      log.debug(
        `${this.toString()} Either no records were produced by the task since the last offset commit, ` +
          `or every record has been filtered out by a transformation or dropped due to transformation or conversion errors.`,
      );
    } else {
      log.info(
        `${this.toString()} Committing offsets for ${committable.committableMessages} acknowledged messages`,
      );
      try {
        await this.writer.flush(this.opts.offsetFlushTimeoutMs);
      } catch (error) {
        if (error instanceof OffsetFlushTimeoutError) {
          log.error(
            `${this.toString()} Timed out waiting to flush offsets to storage; will try again on next flush interval with latest offsets`,
          );
        } else {
          log.error(`${this.toString()} Flush of offsets threw an unexpected exception: `, error);
        }
        return false;
      }
      log.debug(`${this.toString()} Finished commitOffsets successfully`);
    }
    try {
      await this.opts.task.commit();
    } catch (error) {
      log.error(`${this.toString()} Exception thrown while calling task.commit()`, error);
    }
    return true;
  }

  protected async close(): Promise<void> {
    const log = this.opts.offsetLog;
    try {
      if (!this.isCancelled() && this.started) {
        // As Kafka: even a failed task waits for outstanding acks, then commits what they allow,
        // unless the producer itself failed.
        if (this.producerError === null) {
          const all = await this.submitted.awaitAllMessages(this.opts.offsetFlushTimeoutMs);
          if (!all) {
            log.warn(
              `${this.toString()} Failed to flush: ${this.submitted.inFlight()} records still unacknowledged after ` +
                `${this.opts.offsetFlushTimeoutMs} ms; their offsets will not be committed`,
            );
          }
        }
        await this.commitOffsets();
      }
    } finally {
      this.sendAbort.abort();
      if (this.started) await this.stopUserTask();
      // A producer that ignores the abort must not hold the stop up forever.
      await Promise.race([
        this.sendChain.catch(() => undefined),
        sleep(this.opts.offsetFlushTimeoutMs),
      ]);
      await this.closeQuietly('producer', () => this.opts.producer.close());
      if (this.opts.admin !== null) {
        const admin = this.opts.admin;
        await this.closeQuietly('admin client', () => admin.close());
      }
      await this.closeQuietly('transformation chain', () => this.opts.chain.close());
      closeTaskConverters(this.opts.converters, this.log);
    }
  }

  private async closeQuietly(what: string, fn: () => unknown): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.log.warn(`${this.toString()} Failed to close ${what}`, error);
    }
  }
}

/** The executing class Kafka's error reports name for a failed send of a source record. */
const WORKER_SOURCE_TASK_CLASS = 'org.apache.kafka.connect.runtime.WorkerSourceTask';

/** A failed topic creation fails the task whatever errors.tolerance says, as in Kafka. */
export class TopicCreationError extends ConnectException {}
