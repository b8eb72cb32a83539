import type { TaskConfig } from '../api/connector.js';
import type { ErrantRecordReporter } from '../api/errant-record-reporter.js';
import { ConnectException, RetriableException } from '../api/errors.js';
import { Headers } from '../api/headers.js';
import { SinkRecord } from '../api/sink-record.js';
import type { SinkTask, SinkTaskContext } from '../api/sink-task.js';
import {
  topicPartitionKey,
  type TopicPartition,
  type TopicPartitionOffset,
} from '../api/topic-partition.js';
import { consumerSettings } from '../kafka/client-settings.js';
import {
  ConnectConsumer,
  type BatchControl,
  type ConsumedBatch,
  type ConsumedMessage,
  type ConsumerHandlers,
} from '../kafka/consumer.js';
import { JavaPattern } from '../transforms/util/java-regex.js';
import type { Logger } from '../util/logger.js';
import { sleep } from '../util/sleep.js';
import { DeadLetterQueueReporter } from './dead-letter-queue-reporter.js';
import { RetryLater, RetryWithToleranceOperator, TOLERATED } from './error-handling.js';
import type { ConsumedOrigin } from './error-reporter.js';
import { closeTaskConverters, type TaskConverters } from './task-plugins.js';
import type { RecordTransformer } from './worker-source-task.js';
import {
  WorkerTask,
  taskIdString,
  type ConnectorTaskId,
  type TargetState,
  type TaskStatusListener,
} from './worker-task.js';
import type { SinkTaskBuildContext } from './worker.js';

/** What the sink loop needs from its consumer (src/kafka/consumer.ts ConnectConsumer). */
export interface SinkConsumer {
  readonly groupId: string;
  connect(): Promise<void>;
  subscribe(topics: readonly string[] | RegExp): Promise<void>;
  run(handlers: ConsumerHandlers): Promise<void>;
  assignment(): readonly TopicPartition[];
  commit(offsets: readonly TopicPartitionOffset[]): Promise<void>;
  seek(tp: TopicPartition, offset: bigint): void;
  pause(partitions: readonly TopicPartition[]): void;
  resume(partitions: readonly TopicPartition[]): void;
  close(): Promise<void>;
}

export interface WorkerSinkTaskOptions {
  id: ConnectorTaskId;
  task: SinkTask;
  taskConfig: TaskConfig;
  connectorConfig: Record<string, string>;
  converters: TaskConverters;
  chain: RecordTransformer<SinkRecord>;
  consumer: SinkConsumer;
  /** `offset.flush.interval.ms` of the worker. */
  offsetFlushIntervalMs: number;
  statusListener: TaskStatusListener;
  initialState: TargetState;
  log: Logger;
  /**
   * The dead letter queue when `errors.deadletterqueue.topic.name` is set (created, with its
   * topic, when the task starts); null otherwise.
   */
  createDeadLetterQueue?: () => Promise<DeadLetterQueueReporter | null>;
}

/** The executing class Kafka names for failures a task reports itself (KIP-610). */
const SINK_TASK_CLASS = 'org.apache.kafka.connect.sink.SinkTask';

/** How often a long wait inside a batch (retry backoff) keeps the group membership alive. */
const HEARTBEAT_EVERY_MS = 3_000;
/** Pause between attempts to reach Kafka when the consumer cannot connect. */
const CONNECT_RETRY_MS = 1_000;

function numberConfig(
  config: Readonly<Record<string, string>>,
  key: string,
  fallback: number,
): number {
  const n = Number(config[key]?.trim());
  return config[key] === undefined || !Number.isFinite(n) ? fallback : n;
}

/** Builds the sink loop for the Worker (WorkerOptions.sinkTaskBuilder). */
export function buildWorkerSinkTask(ctx: SinkTaskBuildContext): WorkerSinkTask {
  const settings = consumerSettings(
    ctx.workerConfig,
    ctx.connectorConfig,
    ctx.id.connector,
    ctx.id.task,
  );
  return new WorkerSinkTask({
    id: ctx.id,
    task: ctx.task,
    taskConfig: ctx.taskConfig,
    connectorConfig: ctx.connectorConfig,
    converters: ctx.converters,
    chain: ctx.chain,
    consumer: ConnectConsumer.create(settings, `${ctx.id.connector}|task-${ctx.id.task}`),
    offsetFlushIntervalMs: numberConfig(ctx.workerConfig, 'offset.flush.interval.ms', 60000),
    statusListener: ctx.statusListener,
    initialState: ctx.initialState,
    log: ctx.log,
    createDeadLetterQueue: async () =>
      (ctx.connectorConfig['errors.deadletterqueue.topic.name'] ?? '').trim() === ''
        ? null
        : DeadLetterQueueReporter.createAndSetup(
            ctx.workerConfig,
            ctx.connectorConfig,
            ctx.id.connector,
            ctx.id.task,
            ctx.log,
          ),
  });
}

/** Runs one async step at a time: the task's methods are never called concurrently, as in Kafka's single task thread. */
/** Alias of {@link buildWorkerSinkTask}. */
export const createWorkerSinkTask = buildWorkerSinkTask;

class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * The sink loop (Kafka's WorkerSinkTask): consumer batches → header/key/value converters →
 * transformation chain → `SinkTask.put`, one put per batch, as direct calls. Offsets
 * (`offset+1`) become committable only after `put` succeeded and are committed after
 * `preCommit` (by default `flush`) every `offset.flush.interval.ms`, on request, on rebalance and
 * at shutdown. A RetriableException from put redelivers the same batch after `context.timeout`.
 *
 * kafkajs differs from Kafka's consumer in one place that matters here: it has no callback
 * before partitions are revoked. The loop learns of a rebalance when the consumer reports it
 * (REBALANCING, then GROUP_JOIN); it commits what was flushed at that point, then closes the old
 * partitions and opens the new ones, as Kafka's eager protocol does. A member that loses
 * partitions may therefore commit them a moment after another member started on them, and records
 * put since the last commit can be delivered again: at-least-once still holds.
 */
export class WorkerSinkTask extends WorkerTask {
  private readonly opts: WorkerSinkTaskOptions;
  private readonly operator: RetryWithToleranceOperator;
  private readonly serial = new Serial();
  private readonly context: SinkTaskContext;

  private assigned: TopicPartition[] = [];
  /** Next offset per partition, for records the task accepted in put. */
  private readonly currentOffsets = new Map<string, TopicPartitionOffset>();
  private readonly lastCommitted = new Map<string, TopicPartitionOffset>();
  private readonly taskPaused = new Map<string, TopicPartition>();
  private readonly pendingRewinds = new Map<string, TopicPartitionOffset>();
  private contextTimeoutMs = 0;
  private commitRequested = false;
  /** Puts since the loop last looked; none means the task was idle for a whole interval. */
  private putsSinceIdleCheck = 0;
  private nextCommit = 0;
  private assignmentWork: Promise<void> = Promise.resolve();
  private fatal: unknown = null;
  private started = false;
  private consumerRunning = false;
  private wake: (() => void) | null = null;
  private deadLetterQueue: DeadLetterQueueReporter | null = null;
  /** The consumed record behind each record handed to put, for the errant record reporter. */
  private readonly consumedOrigins = new WeakMap<SinkRecord, ConsumedOrigin>();
  private readonly errantReporting: boolean;
  /** The first error a task reported through its errant record reporter (Kafka's taskPutException). */
  private taskPutError: unknown = null;

  constructor(opts: WorkerSinkTaskOptions) {
    super(opts.id, opts.statusListener, opts.initialState, opts.log);
    this.opts = opts;
    this.operator = new RetryWithToleranceOperator(opts.connectorConfig, opts.log, opts.id.task);
    this.operator.setStopSignal(this.stopSignal);
    this.operator.setMetrics(this.metrics);
    this.metrics.type = 'sink';
    this.metrics.trackPartitionCount(() => this.assigned.length);
    this.metrics.trackActiveRecords(() => this.uncommittedRecords());
    const cfg = opts.connectorConfig;
    this.errantReporting =
      (cfg['errors.deadletterqueue.topic.name'] ?? '').trim() !== '' ||
      cfg['errors.log.enable']?.trim().toLowerCase() === 'true';
    this.context = this.createContext();
  }

  toString(): string {
    return `WorkerSinkTask{id=${taskIdString(this.id)}}`;
  }

  private createContext(): SinkTaskContext {
    const reporter = this.createErrantRecordReporter();
    return {
      configs: () => this.opts.taskConfig,
      offset: (offsets) => {
        for (const o of offsets) this.pendingRewinds.set(topicPartitionKey(o), o);
        this.log.debug(`${this.toString()} Rewind requested for ${offsets.length} partition(s)`);
      },
      timeout: (ms) => {
        this.contextTimeoutMs = ms;
      },
      assignment: () => [...this.assigned],
      pause: (partitions) => {
        for (const tp of partitions) {
          if (!this.isAssigned(tp)) {
            throw new ConnectException(`No such partition assigned: ${topicPartitionKey(tp)}`);
          }
          this.taskPaused.set(topicPartitionKey(tp), tp);
        }
        this.opts.consumer.pause(partitions);
      },
      resume: (partitions) => {
        for (const tp of partitions) {
          if (!this.isAssigned(tp)) {
            throw new ConnectException(`No such partition assigned: ${topicPartitionKey(tp)}`);
          }
          this.taskPaused.delete(topicPartitionKey(tp));
        }
        if (!this.shouldPause()) this.opts.consumer.resume(partitions);
      },
      requestCommit: () => {
        this.commitRequested = true;
        this.wakeLoop();
      },
      errantRecordReporter: () => reporter,
    };
  }

  /**
   * Kafka's WorkerErrantRecordReporter (KIP-610), handed to tasks only when errors go somewhere
   * (a DLQ or the error log). A reported record counts as a failure at stage TASK_PUT: it is
   * logged and dead-lettered as consumed (raw bytes); with `errors.tolerance=none` the call
   * throws Kafka's "Tolerance exceeded in error handler" and the task fails after put. The
   * promise settles once the DLQ acknowledged the record; the partition's offsets wait for it.
   */
  private createErrantRecordReporter(): ErrantRecordReporter | null {
    if (!this.errantReporting) return null;
    return {
      report: (record, error) => {
        const consumed = this.consumedOrigins.get(record) ?? this.reconverted(record);
        this.taskPutError ??= error;
        return this.operator.executeFailed('TASK_PUT', SINK_TASK_CLASS, error, {
          record,
          consumed,
        });
      },
    };
  }

  /**
   * A record the task made itself has no consumed bytes: as Kafka does, convert it back with the
   * task's converters and report that, at its own topic, partition and offset.
   */
  private reconverted(record: SinkRecord): ConsumedOrigin {
    const { key, value, header } = this.opts.converters;
    const topic = record.topic;
    const bytes = (b: Uint8Array | null): Buffer | null =>
      b === null ? null : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    const headers: { key: string; value: Buffer | null }[] = [];
    for (const h of record.headers) {
      headers.push({
        key: h.key,
        value: bytes(header.plugin.fromConnectHeader(topic, h.key, h.schema, h.value)),
      });
    }
    return {
      topic,
      partition: record.kafkaPartition ?? -1,
      message: {
        offset: record.kafkaOffset,
        key: bytes(key.plugin.fromConnectData(topic, record.headers, record.keySchema, record.key)),
        value: bytes(
          value.plugin.fromConnectData(topic, record.headers, record.valueSchema, record.value),
        ),
        timestamp: record.timestamp ?? -1,
        timestampType: record.timestampType,
        headers,
      },
    };
  }

  /** Records put but not yet committed (Kafka's sink-record-active-count), read on demand. */
  private uncommittedRecords(): number {
    let n = 0n;
    for (const [key, cur] of this.currentOffsets) {
      const committed = this.lastCommitted.get(key);
      if (committed !== undefined && cur.offset > committed.offset)
        n += cur.offset - committed.offset;
    }
    return Number(n);
  }

  private isAssigned(tp: TopicPartition): boolean {
    return this.assigned.some((a) => a.topic === tp.topic && a.partition === tp.partition);
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle

  protected async initializeAndStart(): Promise<void> {
    const { task, taskConfig } = this.opts;
    // Kafka sets up the DLQ (and creates its topic) before the task is initialized.
    this.deadLetterQueue = (await this.opts.createDeadLetterQueue?.()) ?? null;
    if (this.deadLetterQueue !== null) {
      this.deadLetterQueue.setMetrics(this.metrics);
      this.operator.setReporters([this.deadLetterQueue]);
    }
    task.initialize(this.context);
    await task.start(taskConfig);
    this.started = true;
    this.log.info(`${this.toString()} Sink task finished initialization and start`);
  }

  /** Kafka's subscription: `topics` by name, or `topics.regex` as a Java pattern. */
  private subscription(): readonly string[] | RegExp {
    const cfg =
      this.opts.taskConfig['topics.regex'] !== undefined
        ? this.opts.taskConfig
        : this.opts.connectorConfig;
    const regex = cfg['topics.regex']?.trim();
    if (regex !== undefined && regex !== '') {
      return JavaPattern.compile(regex, 'topics.regex').full;
    }
    const topics = (this.opts.taskConfig['topics'] ?? this.opts.connectorConfig['topics'] ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    if (topics.length === 0)
      throw new ConnectException('Must configure one of topics or topics.regex');
    return topics;
  }

  protected async execute(): Promise<void> {
    const consumer = this.opts.consumer;
    const subscription = this.subscription();
    await this.untilConnected(async () => {
      await consumer.connect();
      await consumer.subscribe(subscription);
    });
    if (this.isStopping()) return;
    this.log.info(
      `${this.toString()} Subscribed to ${subscription instanceof RegExp ? `pattern ${subscription.source}` : `topic(s) ${subscription.join(', ')}`}`,
    );
    await consumer.run(this.handlers());
    this.consumerRunning = true;
    this.nextCommit = Date.now() + this.opts.offsetFlushIntervalMs;

    while (!this.isStopping()) {
      if (this.fatal !== null) throw this.fatal;
      if (this.shouldPause()) {
        this.commitRequested = true;
        await this.serial.run(() => this.commitOffsets(false));
        if (!(await this.pauseIfRequested())) break;
        this.resumeConsumer();
        continue;
      }
      const now = Date.now();
      if (this.commitRequested || now >= this.nextCommit) {
        if (this.putsSinceIdleCheck === 0) await this.serial.run(() => this.putEmpty());
        this.putsSinceIdleCheck = 0;
        await this.serial.run(() => this.commitOffsets(false));
        continue;
      }
      await this.idleWait(this.nextCommit - now);
    }
    if (this.fatal !== null) throw this.fatal;
  }

  /** Kafka's consumer blocks until the cluster is reachable; so do we, until stopped. */
  private async untilConnected(fn: () => Promise<void>): Promise<void> {
    for (;;) {
      try {
        await fn();
        return;
      } catch (error) {
        if (this.isStopping()) return;
        // Usual while a topic is being created or the broker starts: one line, no stack trace.
        const reason = error instanceof Error ? error.message : String(error);
        this.log.warn(`${this.toString()} Could not subscribe yet (${reason}); retrying`);
        if (!(await sleep(CONNECT_RETRY_MS, this.stopSignal))) return;
      }
    }
  }

  /** Waits until the next commit is due, a commit is requested, or the task stops or pauses. */
  private idleWait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.stopSignal.removeEventListener('abort', done);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.stopSignal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }

  private wakeLoop(): void {
    this.wake?.();
  }

  protected override onPause(): void {
    // Kafka's pauseAll(): no more batches until resumed; the loop reports PAUSED and commits.
    if (this.assigned.length > 0) this.opts.consumer.pause(this.assigned);
    this.wakeLoop();
  }

  /** Resumes every partition except those the task paused itself through its context. */
  private resumeConsumer(): void {
    const toResume = this.assigned.filter((tp) => !this.taskPaused.has(topicPartitionKey(tp)));
    if (toResume.length > 0) this.opts.consumer.resume(toResume);
  }

  protected async close(): Promise<void> {
    this.wakeLoop();
    try {
      if (this.consumerRunning && !this.isCancelled()) {
        // Kafka's closeAllPartitions: a last commit of what was put and flushed, then close().
        await this.serial.run(async () => {
          await this.commitOffsets(true);
          await this.closePartitions(this.assigned);
        });
      }
    } catch (error) {
      this.log.error(`${this.toString()} Failed to commit or close partitions at shutdown`, error);
    }
    if (this.started) {
      try {
        await this.opts.task.stop();
      } catch (error) {
        this.log.error(`${this.toString()} Task threw an uncaught exception while stopping`, error);
      }
    }
    try {
      await this.opts.consumer.close();
    } catch (error) {
      this.log.warn(`${this.toString()} Failed to close consumer`, error);
    }
    try {
      this.opts.chain.close();
    } catch (error) {
      this.log.warn(`${this.toString()} Failed to close transformation chain`, error);
    }
    if (this.deadLetterQueue !== null) {
      try {
        await this.deadLetterQueue.close();
      } catch (error) {
        this.log.warn(`${this.toString()} Failed to close the dead letter queue producer`, error);
      }
    }
    closeTaskConverters(this.opts.converters, this.log);
  }

  // -------------------------------------------------------------------------------------------
  // Consumer callbacks

  private handlers(): ConsumerHandlers {
    return {
      onBatch: (batch, control) => this.onBatch(batch, control),
      onAssignment: (assigned) => {
        // After the final commit and close, a late rejoin must not reopen partitions: Kafka's
        // task thread no longer polls then, so it sees no rebalance either.
        if (this.isStopping()) return;
        const previous = this.assigned;
        this.assigned = assigned;
        this.assignmentWork = this.serial
          .run(() => this.onAssignment(previous, assigned))
          .catch((error: unknown) => this.fail(error));
      },
      onRebalancing: () => {
        this.commitRequested = true;
        this.wakeLoop();
      },
      onCrash: (error) =>
        this.fail(new ConnectException(`Consumer failed: ${String(error)}`, { cause: error })),
    };
  }

  private fail(error: unknown): void {
    this.fatal ??= error;
    this.wakeLoop();
  }

  /**
   * Kafka's eager rebalance: the old partitions are committed and closed, the new ones opened,
   * rewinds the task asked for in open() applied, and pauses re-applied.
   */
  private async onAssignment(
    previous: readonly TopicPartition[],
    assigned: readonly TopicPartition[],
  ): Promise<void> {
    if (previous.length > 0) {
      await this.commitOffsets(true, previous);
      await this.closePartitions(previous);
    }
    const keep = new Set(assigned.map(topicPartitionKey));
    this.deadLetterQueue?.forget(previous.map(topicPartitionKey).filter((k) => !keep.has(k)));
    for (const key of [...this.currentOffsets.keys()])
      if (!keep.has(key)) this.currentOffsets.delete(key);
    for (const key of [...this.lastCommitted.keys()])
      if (!keep.has(key)) this.lastCommitted.delete(key);
    for (const key of [...this.taskPaused.keys()]) if (!keep.has(key)) this.taskPaused.delete(key);
    this.metrics.retainLag(keep);
    this.log.debug(
      `${this.toString()} Partitions assigned ${assigned.map(topicPartitionKey).join(', ')}`,
    );
    if (assigned.length > 0) await this.opts.task.open(assigned);
    this.applyRewinds();
    if (this.shouldPause()) {
      if (assigned.length > 0) this.opts.consumer.pause(assigned);
    } else if (this.taskPaused.size > 0) {
      this.opts.consumer.pause([...this.taskPaused.values()]);
    }
  }

  private async closePartitions(partitions: readonly TopicPartition[]): Promise<void> {
    if (partitions.length === 0) return;
    await this.opts.task.close(partitions);
    for (const tp of partitions) this.currentOffsets.delete(topicPartitionKey(tp));
  }

  /** Kafka's rewind(): seek, and treat the new position as both committed and current. */
  private applyRewinds(): void {
    if (this.pendingRewinds.size === 0) return;
    for (const [key, o] of this.pendingRewinds) {
      if (!this.isAssigned(o)) continue;
      this.log.debug(`${this.toString()} Rewind ${key} to offset ${o.offset}`);
      this.opts.consumer.seek(o, o.offset);
      this.lastCommitted.set(key, o);
      this.currentOffsets.set(key, o);
    }
    this.pendingRewinds.clear();
  }

  private async onBatch(batch: ConsumedBatch, control: BatchControl): Promise<void> {
    await this.assignmentWork;
    const key = topicPartitionKey(batch);
    if (
      this.fatal !== null ||
      this.isStopping() ||
      this.shouldPause() ||
      this.taskPaused.has(key)
    ) {
      // Not resolved: the consumer fetches these records again once it may.
      return;
    }
    let records: SinkRecord[];
    this.metrics.recordRead(batch.messages.length);
    try {
      records = await this.convertMessages(batch, control);
    } catch (error) {
      this.fail(error);
      return;
    }
    const first = batch.messages[0]!;
    const last = batch.messages[batch.messages.length - 1]!;
    // Kafka seeds the last committed offset with the consumer's position at assignment, so a
    // failed preCommit can rewind there; the first record fetched after the join is that position.
    if (!this.lastCommitted.has(key)) {
      this.lastCommitted.set(key, {
        topic: batch.topic,
        partition: batch.partition,
        offset: first.offset,
      });
    }

    for (;;) {
      if (this.isStopping() || this.fatal !== null || !control.isActive()) return;
      try {
        await this.serial.run(() => this.deliver(records));
        break;
      } catch (error) {
        if (!(error instanceof RetriableException)) {
          this.log.error(
            `${this.toString()} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted. Error: ${error instanceof Error ? error.message : String(error)}`,
          );
          this.fail(
            new ConnectException('Exiting WorkerSinkTask due to unrecoverable exception.', {
              cause: error,
            }),
          );
          return;
        }
        this.log.error(`${this.toString()} RetriableException from SinkTask:`, error);
        if (!(await this.retryWait(control))) return;
      }
    }

    this.currentOffsets.set(key, {
      topic: batch.topic,
      partition: batch.partition,
      offset: last.offset + 1n,
    });
    if (batch.highWatermark !== undefined)
      this.metrics.recordLag(batch.topic, batch.partition, batch.highWatermark, last.offset + 1n);
    control.resolve(last.offset);
    if (this.pendingRewinds.size > 0) this.applyRewinds();
    if (this.commitRequested || Date.now() >= this.nextCommit) this.wakeLoop();
  }

  private async deliver(records: SinkRecord[]): Promise<void> {
    this.log.trace(`${this.toString()} Delivering batch of ${records.length} messages to task`);
    this.putsSinceIdleCheck++;
    const started = Date.now();
    await this.opts.task.put(records);
    this.metrics.recordPut(records.length, Date.now() - started);
    // Kafka's maybeThrowAsyncError: a task that swallowed the reporter's exception still fails.
    if (this.taskPutError !== null && !this.operator.withinToleranceLimits()) {
      throw new ConnectException('Tolerance exceeded in error handler', {
        cause: this.taskPutError,
      });
    }
  }

  /**
   * Kafka's loop calls put after every poll, so an idle task still gets an empty put about once
   * per commit interval (some tasks flush on time there). A RetriableException is only logged:
   * there is no batch to redeliver.
   */
  private async putEmpty(): Promise<void> {
    if (!this.started || this.isStopping() || this.shouldPause()) return;
    try {
      await this.opts.task.put([]);
    } catch (error) {
      if (error instanceof RetriableException) {
        this.log.error(`${this.toString()} RetriableException from SinkTask:`, error);
        return;
      }
      this.log.error(
        `${this.toString()} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted. Error: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.fail(
        new ConnectException('Exiting WorkerSinkTask due to unrecoverable exception.', {
          cause: error,
        }),
      );
    }
  }

  /**
   * After a RetriableException: wait `context.timeout` (or until the next commit, as Kafka's poll
   * does), committing what is due meanwhile and keeping the group membership alive. False when
   * the batch should be abandoned (stop, failure, rebalance); it is then fetched again.
   */
  private async retryWait(control: BatchControl): Promise<boolean> {
    const timeout = this.contextTimeoutMs;
    this.contextTimeoutMs = 0;
    const waitMs = timeout > 0 ? timeout : Math.max(0, this.nextCommit - Date.now());
    const until = Date.now() + waitMs;
    for (;;) {
      const left = until - Date.now();
      if (left > 0 && !(await sleep(Math.min(left, HEARTBEAT_EVERY_MS), this.stopSignal)))
        return false;
      if (this.fatal !== null || !control.isActive()) return false;
      try {
        await control.heartbeat();
      } catch {
        // A rebalance is under way: give the batch up; it is fetched again after the join.
        return false;
      }
      if (this.commitRequested || Date.now() >= this.nextCommit) {
        await this.serial.run(() => this.commitOffsets(false));
      }
      if (until - Date.now() <= 0) return true;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Conversion

  private async convertMessages(
    batch: ConsumedBatch,
    control: BatchControl,
  ): Promise<SinkRecord[]> {
    const out: SinkRecord[] = [];
    for (const msg of batch.messages) {
      let record: SinkRecord | null;
      try {
        record = this.convertAndTransform(batch.topic, batch.partition, msg);
      } catch (error) {
        // A converter or transform asked for a retry (errors.retry.timeout): wait, run again.
        if (!(error instanceof RetryLater)) throw error;
        record = await this.operator.retryRecord(
          () => this.convertAndTransform(batch.topic, batch.partition, msg),
          error,
          { everyMs: HEARTBEAT_EVERY_MS, beat: () => control.heartbeat() },
        );
      }
      if (record !== null) out.push(record);
    }
    return out;
  }

  /**
   * Kafka's convertAndTransformRecord. Headers are converted first so the key and value
   * converters see the record's Connect headers (Kafka gives them the raw Kafka headers).
   */
  private convertAndTransform(
    topic: string,
    partition: number,
    msg: ConsumedMessage,
  ): SinkRecord | null {
    const { converters, chain } = this.opts;
    const origin = new SinkRecord({
      topic,
      kafkaPartition: partition,
      keySchema: null,
      key: null,
      valueSchema: null,
      value: null,
      timestamp: msg.timestamp < 0 ? null : msg.timestamp,
      headers: new Headers(),
      kafkaOffset: msg.offset,
      timestampType: msg.timestamp < 0 ? 'NoTimestampType' : msg.timestampType,
    });
    const consumed: ConsumedOrigin = { topic, partition, message: msg };
    const ctx = { record: origin, consumed };
    const headers = this.operator.execute(
      'HEADER_CONVERTER',
      converters.header.className,
      () => {
        const h = new Headers();
        for (const raw of msg.headers) {
          h.addSchemaAndValue(
            raw.key,
            converters.header.plugin.toConnectHeader(topic, raw.key, raw.value),
          );
        }
        return h;
      },
      ctx,
    );
    if (headers === TOLERATED) return null;
    const key = this.operator.execute(
      'KEY_CONVERTER',
      converters.key.className,
      () => converters.key.plugin.toConnectData(topic, headers, msg.key),
      ctx,
    );
    if (key === TOLERATED) return null;
    const value = this.operator.execute(
      'VALUE_CONVERTER',
      converters.value.className,
      () => converters.value.plugin.toConnectData(topic, headers, msg.value),
      ctx,
    );
    if (value === TOLERATED) return null;
    const record = origin.newRecord({
      keySchema: key.schema,
      key: key.value,
      valueSchema: value.schema,
      value: value.value,
      headers,
    });
    const transformed = this.operator.execute(
      'TRANSFORMATION',
      'TransformationChain',
      () => chain.apply(record),
      { record, consumed },
    );
    if (transformed === TOLERATED || transformed === null) return null;
    if (this.errantReporting) this.consumedOrigins.set(transformed, consumed);
    return transformed;
  }

  // -------------------------------------------------------------------------------------------
  // Commits

  /**
   * Kafka's commitOffsets: preCommit (flush) with what was put, keep only offsets of assigned
   * partitions that were actually consumed, commit those that changed. A failing preCommit rewinds
   * the consumer to the last committed offsets so nothing unflushed is skipped.
   */
  private async commitOffsets(closing: boolean, only?: readonly TopicPartition[]): Promise<void> {
    this.commitRequested = false;
    this.nextCommit = Date.now() + this.opts.offsetFlushIntervalMs;
    const scope = only === undefined ? null : new Set(only.map(topicPartitionKey));
    const current = [...this.currentOffsets.entries()]
      .filter(([k]) => scope === null || scope.has(k))
      .map(([, o]) => o);
    if (!this.started) return;
    if (this.deadLetterQueue !== null) {
      // Offsets move past dead-lettered records only once the DLQ acknowledged them.
      this.log.debug(`${this.toString()} Awaiting reported errors to be completed`);
      try {
        await this.deadLetterQueue.awaitPending(current.map(topicPartitionKey));
      } catch (error) {
        this.log.error(`${this.toString()} Offsets not committed: ${String(error)}`);
        this.fail(error);
        return;
      }
    }
    const started = Date.now();
    let proposed: readonly TopicPartitionOffset[];
    try {
      proposed = await this.opts.task.preCommit(current);
    } catch (error) {
      this.metrics.recordCommit(false, Date.now() - started);
      if (closing) {
        this.log.warn(`${this.toString()} Offset commit failed during close`, error);
        return;
      }
      this.log.error(
        `${this.toString()} Offset commit failed, rewinding to last committed offsets`,
        error,
      );
      for (const [k, o] of this.lastCommitted) {
        if (scope !== null && !scope.has(k)) continue;
        this.opts.consumer.seek(o, o.offset);
        this.currentOffsets.set(k, o);
      }
      return;
    }
    const toCommit: TopicPartitionOffset[] = [];
    for (const o of proposed) {
      const k = topicPartitionKey(o);
      const cur = this.currentOffsets.get(k);
      if (cur === undefined || (scope !== null && !scope.has(k))) {
        this.log.warn(
          `${this.toString()} Ignoring invalid task provided offset ${k}/${o.offset} -- partition not assigned`,
        );
        continue;
      }
      if (o.offset > cur.offset) {
        this.log.warn(
          `${this.toString()} Ignoring invalid task provided offset ${k}/${o.offset} -- not yet consumed`,
        );
        continue;
      }
      if (this.lastCommitted.get(k)?.offset === o.offset) continue;
      toCommit.push({ topic: o.topic, partition: o.partition, offset: o.offset });
    }
    if (toCommit.length === 0) {
      this.log.debug(`${this.toString()} Skipping offset commit, no change since last commit`);
      // Kafka counts this as a completed commit too.
      this.metrics.recordCommit(true, Date.now() - started);
      return;
    }
    this.log.debug(
      `${this.toString()} Committing offsets ${closing ? 'synchronously' : ''}: ${toCommit.map((o) => `${topicPartitionKey(o)}@${o.offset}`).join(', ')}`,
    );
    try {
      await this.opts.consumer.commit(toCommit);
      for (const o of toCommit) this.lastCommitted.set(topicPartitionKey(o), o);
      this.metrics.recordCommit(true, Date.now() - started);
    } catch (error) {
      this.metrics.recordCommit(false, Date.now() - started);
      this.log.error(`${this.toString()} Commit of offsets threw an unexpected exception:`, error);
    }
  }
}
