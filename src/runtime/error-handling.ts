import { ConnectException, RetriableException } from '../api/errors.js';
import { SinkRecord } from '../api/sink-record.js';
import { SourceRecord } from '../api/source-record.js';
import type { Logger } from '../util/logger.js';
import type { ErrorMetricsRecorder } from './metrics/task-metrics.js';
import { sleep } from '../util/sleep.js';
import { TOLERABLE_STAGES, type Stage } from './stage.js';
import { TransformationError } from './transformation-chain.js';
import type { ConsumedOrigin, ErrorContext, ErrorReporter } from './error-reporter.js';

/** Returned instead of a value when `errors.tolerance=all` let a failure pass: skip the record. */
export const TOLERATED: unique symbol = Symbol('TOLERATED');
export type Tolerated = typeof TOLERATED;

export type { ErrorContext } from './error-reporter.js';

/**
 * Thrown by {@link RetryWithToleranceOperator.execute} when a synchronous stage failed with a
 * RetriableException that still has retry time: the caller retries the record asynchronously.
 */
export class RetryLater extends Error {
  constructor(
    readonly stage: Stage,
    readonly pluginClass: string,
    readonly error: RetriableException,
    readonly deadline: number,
    readonly attempt: number,
  ) {
    super(`Retry ${stage} later`);
  }
}

/** Kafka's first backoff for a RetriableException, doubled per attempt (RETRIES_DELAY_MIN_MS). */
const RETRIES_DELAY_MIN_MS = 300;

/**
 * A record-processing failure the task cannot get past: carries where it happened (stage,
 * plugin class), whose task it was, and the record's position, in one readable line.
 */
export class StageError extends ConnectException {
  constructor(
    /** Kafka's reason: "Tolerance exceeded in error handler" or "Unhandled exception in error handler". */
    readonly reason: string,
    readonly stage: Stage,
    readonly pluginClass: string,
    readonly connector: string,
    readonly task: number,
    readonly position: string | null,
    cause: unknown,
  ) {
    super(
      `${reason}: stage ${stage} with class '${pluginClass}' failed in task ${connector}-${task}` +
        `${position === null ? '' : ` on ${position}`}: ${causeMessage(cause)}`,
      { cause },
    );
  }
}

function causeMessage(cause: unknown): string {
  if (cause instanceof Error) {
    const text = cause.message.split('\n')[0] ?? '';
    return text === '' ? cause.name : `${cause.name}: ${text}`;
  }
  return String(cause);
}

function offsetText(map: Readonly<Record<string, unknown>> | null): string {
  return map === null ? 'null' : JSON.stringify(map);
}

/** Where a record came from, for one-line error messages. */
export function recordPosition(record: unknown): string | null {
  if (record instanceof SinkRecord) {
    return `record ${record.originalTopic}-${record.originalKafkaPartition}@${record.originalKafkaOffset}`;
  }
  if (record instanceof SourceRecord) {
    return (
      `source record for topic '${record.topic}' with source partition ` +
      `${offsetText(record.sourcePartition)} and offset ${offsetText(record.sourceOffset)}`
    );
  }
  return null;
}

/** Kafka's LogReporter detail for `errors.log.include.messages=true`. */
function recordDetail(record: unknown, consumed: ConsumedOrigin | undefined): string {
  if (consumed !== undefined) {
    // Kafka describes the consumed record itself, whatever the task made of it.
    const m = consumed.message;
    const ts =
      m.timestamp < 0 || m.timestampType === 'NoTimestampType'
        ? ''
        : `, timestamp=${m.timestamp}, timestampType=${m.timestampType}`;
    return (
      `, where consumed record is {topic='${consumed.topic}', partition=${consumed.partition}, ` +
      `offset=${m.offset}${ts}}`
    );
  }
  if (record instanceof SinkRecord) {
    // Kafka prints the timestamp only when the record has a timestamp type.
    const ts =
      record.timestampType === 'NoTimestampType'
        ? ''
        : `, timestamp=${record.timestamp ?? -1}, timestampType=${record.timestampType}`;
    return (
      `, where consumed record is {topic='${record.originalTopic}', partition=${record.originalKafkaPartition}, ` +
      `offset=${record.originalKafkaOffset}${ts}}`
    );
  }
  if (record instanceof SourceRecord) return `, where source record is = ${record.toString()}`;
  return '';
}

function readLong(config: Record<string, string>, key: string, fallback: number): number {
  const raw = config[key]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) ? n : fallback;
}

/**
 * Kafka's RetryWithToleranceOperator for one task: retries RetriableExceptions within
 * `errors.retry.timeout` (backoff 300 ms doubling, then random below `errors.retry.delay.max.ms`),
 * then applies `errors.tolerance` in the converter and transformation stages; other stages only
 * retry. With `errors.log.enable` each failure is logged as Kafka's LogReporter logs it.
 */
export class RetryWithToleranceOperator {
  readonly retryTimeoutMs: number;
  readonly retryDelayMaxMs: number;
  readonly toleranceAll: boolean;
  private readonly logEnabled: boolean;
  private readonly includeMessages: boolean;
  private readonly connector: string;
  private totalFailures = 0;
  private signal: AbortSignal | undefined;
  private metrics: ErrorMetricsRecorder | null = null;
  private reporters: readonly ErrorReporter[] = [];
  /** While {@link retryRecord} re-runs a record: the stage being retried and its budget. */
  private retryState: {
    stage: Stage;
    deadline: number;
    attempt: number;
    error: unknown;
    stopped: boolean;
  } | null = null;

  constructor(
    connectorConfig: Record<string, string>,
    private readonly log: Logger,
    private readonly task = 0,
    private readonly random: () => number = Math.random,
  ) {
    this.connector = connectorConfig['name']?.trim() ?? '';
    this.retryTimeoutMs = readLong(connectorConfig, 'errors.retry.timeout', 0);
    this.retryDelayMaxMs = readLong(connectorConfig, 'errors.retry.delay.max.ms', 60000);
    this.toleranceAll = connectorConfig['errors.tolerance']?.trim().toLowerCase() === 'all';
    this.logEnabled = connectorConfig['errors.log.enable']?.trim().toLowerCase() === 'true';
    this.includeMessages =
      connectorConfig['errors.log.include.messages']?.trim().toLowerCase() === 'true';
  }

  /** A stop aborts retry waits; the operation then fails as if its retry budget ran out. */
  setStopSignal(signal: AbortSignal): void {
    this.signal = signal;
  }

  /** Where failures, retries and skips are counted (the task's metrics). */
  setMetrics(metrics: ErrorMetricsRecorder): void {
    this.metrics = metrics;
  }

  /** Where failures go besides the error log (the sink's dead letter queue). */
  setReporters(reporters: readonly ErrorReporter[]): void {
    this.reporters = reporters;
  }

  /** How many records failed so far (tolerated or not). */
  failures(): number {
    return this.totalFailures;
  }

  /**
   * Runs `fn` once, without waiting: synchronous stages (converters, transforms) sit on the hot
   * path. A RetriableException that still has retry time left throws {@link RetryLater}: the
   * task then hands the whole record to {@link retryRecord}, which waits Kafka's backoff and
   * runs it again. Otherwise failures go through tolerance as in Kafka's execAndHandleError.
   */
  execute<T>(
    stage: Stage,
    pluginClass: string,
    fn: () => T,
    context?: ErrorContext,
  ): T | Tolerated {
    const retry = this.retryState?.stage === stage ? this.retryState : null;
    if (retry?.stopped === true) return this.skipStopped(stage, pluginClass, retry.error, context);
    try {
      return fn();
    } catch (error) {
      if (error instanceof RetriableException && this.retryTimeoutMs !== 0) {
        const deadline =
          retry?.deadline ??
          (this.retryTimeoutMs < 0 ? Number.POSITIVE_INFINITY : Date.now() + this.retryTimeoutMs);
        if (Date.now() < deadline) {
          throw new RetryLater(stage, pluginClass, error, deadline, retry?.attempt ?? 1);
        }
      }
      return this.handleFailure(stage, pluginClass, error, context);
    }
  }

  /**
   * Kafka's retry loop for a record whose stage threw a RetriableException ({@link RetryLater}
   * from {@link execute}): waits the backoff, runs the record's processing again, and so on
   * until it gets past that stage, the stage's `errors.retry.timeout` runs out (then tolerance
   * decides), or the task stops (then the record is skipped, as in Kafka).
   */
  async retryRecord<R>(
    run: () => R,
    first: RetryLater,
    keepAlive?: { everyMs: number; beat(): Promise<void> },
  ): Promise<R> {
    let pending = first;
    for (;;) {
      this.log.trace(
        `Caught a retriable exception while executing ${pending.stage} operation with ${pending.pluginClass}`,
      );
      this.metrics?.recordFailure();
      const completed = await this.backoffSleep(
        this.backoffMs(pending.attempt, pending.deadline),
        keepAlive,
      );
      this.metrics?.recordRetry();
      // Set only while the synchronous run lasts, so no other record's processing can see it.
      this.retryState = {
        stage: pending.stage,
        deadline: pending.deadline,
        attempt: pending.attempt + 1,
        error: pending.error,
        stopped: !completed || this.signal?.aborted === true,
      };
      try {
        return run();
      } catch (error) {
        if (!(error instanceof RetryLater)) throw error;
        pending = error;
      } finally {
        this.retryState = null;
      }
    }
  }

  /** Runs `fn`, retrying RetriableExceptions with Kafka's backoff within the retry budget. */
  async executeAsync<T>(
    stage: Stage,
    pluginClass: string,
    fn: () => T | Promise<T>,
    context?: ErrorContext,
  ): Promise<T | Tolerated> {
    const start = Date.now();
    const deadline =
      this.retryTimeoutMs < 0 ? Number.POSITIVE_INFINITY : start + this.retryTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        const canRetry = error instanceof RetriableException && Date.now() < deadline;
        if (!canRetry) return this.handleFailure(stage, pluginClass, error, context);
        this.log.trace(
          `Caught a retriable exception while executing ${stage} operation with ${pluginClass}`,
        );
        this.metrics?.recordFailure();
        const completed = await sleep(this.backoffMs(attempt, deadline), this.signal);
        this.metrics?.recordRetry();
        if (!completed || this.signal?.aborted === true) {
          return this.skipStopped(stage, pluginClass, error, context);
        }
      }
    }
  }

  /**
   * Sleeps `ms` (false when the task stops first); a sink keeps its group membership alive
   * meanwhile, since the consumer only heartbeats when asked to while a batch is processed.
   */
  private async backoffSleep(
    ms: number,
    keepAlive: { everyMs: number; beat(): Promise<void> } | undefined,
  ): Promise<boolean> {
    if (keepAlive === undefined) return sleep(ms, this.signal);
    const until = Date.now() + ms;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) return true;
      if (!(await sleep(Math.min(left, keepAlive.everyMs), this.signal))) return false;
      try {
        await keepAlive.beat();
      } catch (error) {
        // A rebalance is under way; the commit logic copes with partitions that moved.
        this.log.debug(`Heartbeat during a retry backoff failed: ${String(error)}`);
      }
    }
  }

  /** Kafka's backoff: 300 ms << (attempt-1), random below the maximum once past it, capped at the deadline. */
  backoffMs(attempt: number, deadline: number): number {
    let delay = RETRIES_DELAY_MIN_MS * 2 ** (attempt - 1);
    if (delay > this.retryDelayMaxMs) delay = Math.floor(this.random() * this.retryDelayMaxMs);
    const remaining = deadline - Date.now();
    return Math.max(0, Math.min(delay, remaining));
  }

  /**
   * Kafka's execAndRetry when a stop interrupts the retries: the record is marked failed,
   * reported and skipped, whatever `errors.tolerance` says (the task is going away anyway).
   */
  private skipStopped(
    stage: Stage,
    pluginClass: string,
    error: unknown,
    context: ErrorContext | undefined,
  ): Tolerated {
    this.totalFailures++;
    this.metrics?.recordError(error);
    this.report(stage, pluginClass, error, context);
    this.metrics?.recordSkipped();
    return TOLERATED;
  }

  private handleFailure(
    stage: Stage,
    pluginClass: string,
    error: unknown,
    context: ErrorContext | undefined,
  ): Tolerated {
    this.totalFailures++;
    if (error instanceof TransformationError) {
      // The chain knows which transform or predicate failed: name it, not the chain.
      pluginClass = error.pluginClass;
      error = error.cause;
    }
    // Kafka counts a failure twice for the last retriable attempt: once in its retry loop, once
    // when the error reaches the tolerance check (checked against 4.3.1's ErrorHandlingMetrics).
    if (error instanceof RetriableException) this.metrics?.recordFailure();
    this.metrics?.recordFailure();
    this.metrics?.recordError(error);
    const record = context?.record;
    // Kafka reports (log, dead letter queue) before deciding, so a record that fails the task
    // with errors.tolerance=none is in the DLQ too.
    this.report(stage, pluginClass, error, context);
    const position = recordPosition(record);
    const tolerable = TOLERABLE_STAGES.has(stage) || error instanceof RetriableException;
    if (!tolerable) {
      throw new StageError(
        'Unhandled exception in error handler',
        stage,
        pluginClass,
        this.connector,
        this.task,
        position,
        error,
      );
    }
    if (!this.toleranceAll) {
      throw new StageError(
        'Tolerance exceeded in error handler',
        stage,
        pluginClass,
        this.connector,
        this.task,
        position,
        error,
      );
    }
    this.metrics?.recordSkipped();
    return TOLERATED;
  }

  /**
   * Kafka's executeFailed, for a failure that happened outside the operator (a sink task's
   * errant record report, stage TASK_PUT): counts it, reports it, and throws Kafka's
   * ConnectException "Tolerance exceeded in error handler" unless `errors.tolerance=all`. The
   * promise settles when the reporters are done with it (the DLQ write is acknowledged).
   */
  executeFailed(
    stage: Stage,
    pluginClass: string,
    error: unknown,
    context: ErrorContext | undefined,
  ): Promise<void> {
    this.totalFailures++;
    this.metrics?.recordFailure();
    const written = this.report(stage, pluginClass, error, context);
    if (!this.withinToleranceLimits()) {
      this.metrics?.recordError(error);
      throw new ConnectException('Tolerance exceeded in error handler', { cause: error });
    }
    return written;
  }

  /** Kafka's withinToleranceLimits: with `none`, no failure at all so far. */
  withinToleranceLimits(): boolean {
    return this.toleranceAll || this.totalFailures === 0;
  }

  /**
   * Only Kafka's LogReporter line, for a failure the task already decided on (a source record
   * whose send failed under `errors.tolerance=all`, which Kafka reports per record).
   */
  logFailure(stage: Stage, pluginClass: string, error: unknown, context?: ErrorContext): void {
    if (!this.logEnabled) return;
    const detail = this.includeMessages ? recordDetail(context?.record, context?.consumed) : '';
    this.log.error(
      `Error encountered in task ${this.connector}-${this.task}. Executing stage '${stage}' with class '${pluginClass}'${detail}.`,
      error,
    );
    this.metrics?.recordErrorLogged();
  }

  /** Kafka's LogReporter, then the other reporters; resolves when all of them are done. */
  private report(
    stage: Stage,
    pluginClass: string,
    error: unknown,
    context: ErrorContext | undefined,
  ): Promise<void> {
    this.logFailure(stage, pluginClass, error, context);
    if (this.reporters.length === 0) return Promise.resolve();
    const failure = {
      stage,
      pluginClass,
      error,
      connector: this.connector,
      task: this.task,
      context,
    };
    const writes: Promise<void>[] = [];
    for (const r of this.reporters) {
      const w = r.report(failure);
      if (w !== null) writes.push(w);
    }
    if (writes.length === 0) return Promise.resolve();
    const all = Promise.all(writes).then(() => undefined);
    // Callers on the conversion path do not wait; the sink's commit waits through the DLQ.
    all.catch(() => undefined);
    return all;
  }
}
