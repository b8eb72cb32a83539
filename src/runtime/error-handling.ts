import { ConnectException, RetriableException } from '../api/errors.js';
import { SinkRecord } from '../api/sink-record.js';
import { SourceRecord } from '../api/source-record.js';
import type { Logger } from '../util/logger.js';
import type { ErrorMetricsRecorder } from './metrics/task-metrics.js';
import { sleep } from '../util/sleep.js';
import { TOLERABLE_STAGES, type Stage } from './stage.js';
import { TransformationError } from './transformation-chain.js';

/** Returned instead of a value when `errors.tolerance=all` let a failure pass: skip the record. */
export const TOLERATED: unique symbol = Symbol('TOLERATED');
export type Tolerated = typeof TOLERATED;

/** What the operator may say about the record being processed when it fails. */
export interface ErrorContext {
  /** The record (SourceRecord before transforms, or SinkRecord) for the error log and the message. */
  record?: unknown;
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
function recordDetail(record: unknown): string {
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

  /** How many records failed so far (tolerated or not). */
  failures(): number {
    return this.totalFailures;
  }

  /**
   * Runs `fn` once, without waiting: synchronous stages (converters, transforms) sit on the hot
   * path, so a RetriableException there is treated as a failure right away unless the caller
   * moves the record to {@link executeAsync} (see {@link shouldRetryAsync}).
   */
  execute<T>(
    stage: Stage,
    pluginClass: string,
    fn: () => T,
    context?: ErrorContext,
  ): T | Tolerated {
    try {
      return fn();
    } catch (error) {
      return this.handleFailure(stage, pluginClass, error, context);
    }
  }

  /** True when `error` deserves retries that {@link execute} cannot wait for. */
  shouldRetryAsync(error: unknown): boolean {
    return error instanceof RetriableException && this.retryTimeoutMs !== 0;
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
        const canRetry =
          error instanceof RetriableException &&
          Date.now() < deadline &&
          this.signal?.aborted !== true;
        if (!canRetry) return this.handleFailure(stage, pluginClass, error, context);
        this.log.trace(
          `Caught a retriable exception while executing ${stage} operation with ${pluginClass}`,
        );
        this.metrics?.recordFailure();
        const completed = await sleep(this.backoffMs(attempt, deadline), this.signal);
        if (!completed) return this.handleFailure(stage, pluginClass, error, context);
        this.metrics?.recordRetry();
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
    this.metrics?.recordFailure();
    this.metrics?.recordError(error);
    const record = context?.record;
    if (this.logEnabled) {
      const detail = this.includeMessages ? recordDetail(record) : '';
      this.log.error(
        `Error encountered in task ${this.connector}-${this.task}. Executing stage '${stage}' with class '${pluginClass}'${detail}.`,
        error,
      );
      this.metrics?.recordErrorLogged();
    }
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
}
