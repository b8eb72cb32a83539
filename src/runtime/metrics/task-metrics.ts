import type { ConnectorTaskId, TaskStatusListener } from '../worker-task.js';
import { DEFAULT_METRIC_CONFIG, Meter, SampledStat, type MetricConfig } from './sampled-stat.js';

/**
 * What the error-tolerance operator reports (Kafka's ErrorHandlingMetrics, group
 * `task-error-metrics`).
 */
export interface ErrorMetricsRecorder {
  /** One failed attempt of an operation (each retry attempt that failed counts). */
  recordFailure(): void;
  /** One record whose processing ended in an error, tolerated or not. */
  recordError(error: unknown): void;
  /** One record skipped because `errors.tolerance=all` let its error pass. */
  recordSkipped(count?: number): void;
  /** One retry of an operation. */
  recordRetry(): void;
  /** One error written to the log by `errors.log.enable`. */
  recordErrorLogged(): void;
  /** One write to the dead letter queue attempted (Kafka's deadletterqueue-produce-requests). */
  recordDeadLetterQueueProduceRequest(): void;
  /** One write to the dead letter queue failed (Kafka's deadletterqueue-produce-failures). */
  recordDeadLetterQueueProduceFailed(): void;
}

/** The last error a task met, for the figures endpoint. */
export interface LastError {
  readonly message: string;
  readonly timestamp: number;
}

/** A task's figures as `GET /connectors/{name}/tasks/{id}/figures` returns them (docs/metrics.md). */
export interface TaskFigures {
  id: number;
  type: 'source' | 'sink';
  /** Source: records returned by poll() (before transforms); sink: records read from Kafka. */
  records_in: { total: number; rate_per_sec: number };
  /** Source: records Kafka acknowledged; sink: records handed to put(). */
  records_out: { total: number; rate_per_sec: number };
  /** Source: records polled, not yet acknowledged; sink: put, not yet committed (null: unknown). */
  active_records: number | null;
  offset_commits: {
    success_total: number;
    failure_total: number;
    success_ratio: number;
    max_time_ms: number | null;
    avg_time_ms: number | null;
    last_success_timestamp: number | null;
  };
  errors: {
    total_record_failures: number;
    total_record_errors: number;
    total_records_skipped: number;
    total_retries: number;
    total_errors_logged: number;
    deadletterqueue_produce_requests: number;
    deadletterqueue_produce_failures: number;
    last_error: LastError | null;
  };
  /** Sink only: per partition, the log end offset seen with the last fetch minus the position. */
  lag?: { topic: string; partition: number; lag: number }[];
}

interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  lag: number;
}

/**
 * A task's counters (Kafka's connector-task-metrics, source-task-metrics, sink-task-metrics and
 * task-error-metrics groups), updated by the task loop at batch granularity and read only when
 * someone asks. Totals count since the task was (re)started, as Kafka's do.
 */
export class TaskMetrics implements ErrorMetricsRecorder {
  type: 'source' | 'sink' = 'source';
  /** Source: poll; sink: read. */
  readonly recordsIn = new Meter();
  /** Source: write (acknowledged); sink: send (put). */
  readonly recordsOut = new Meter();
  readonly batchSize = { max: new SampledStat('max'), avg: new SampledStat('avg') };
  /** Source poll() or sink put() time per batch. */
  readonly batchTime = { max: new SampledStat('max'), avg: new SampledStat('avg') };
  readonly commitTime = { max: new SampledStat('max'), avg: new SampledStat('avg') };
  /** 1 per successful commit, 0 per failed one: its average is Kafka's success "percentage". */
  private readonly commitOutcome = new SampledStat('sum');
  /** Successful commits: Kafka's offset-commit-completion-total and -rate. */
  readonly commitCompletions = new Meter();
  commitFailureTotal = 0;
  /** Sink: Kafka's offset-commit-seq-no, one per commit attempt. */
  commitSeqNo = 0;
  /** Sink: commit completions that came too late; our commits are awaited, so always 0. */
  commitSkipTotal = 0;
  lastCommitSuccess: number | null = null;
  recordFailures = 0;
  recordErrors = 0;
  recordsSkipped = 0;
  retries = 0;
  errorsLogged = 0;
  /** Dead letter queue writes attempted and failed (counted by the DLQ reporter). */
  dlqProduceRequests = 0;
  dlqProduceFailures = 0;
  lastError: LastError | null = null;
  /** Time spent per state since the first state change (Kafka's StateTracker). */
  private readonly stateTime = new Map<string, number>();
  private state: string | null = null;
  private stateSince = 0;
  private firstStateAt: number | null = null;
  private activeCount: (() => number) | null = null;
  private partitionCount: (() => number) | null = null;
  private readonly lags = new Map<string, PartitionLag>();

  constructor(
    readonly id: ConnectorTaskId,
    private readonly now: () => number = Date.now,
  ) {}

  /** Applies the worker's sample window to every windowed stat (before anything is recorded). */
  configure(config: MetricConfig = DEFAULT_METRIC_CONFIG): void {
    this.recordsIn.configure(config);
    this.recordsOut.configure(config);
    for (const s of [this.batchSize, this.batchTime, this.commitTime]) {
      s.max.configure(config);
      s.avg.configure(config);
    }
    this.commitOutcome.configure(config);
    this.commitCompletions.configure(config);
  }

  /** Source: a poll() returned `count` records after `durationMs`. */
  recordPoll(count: number, durationMs: number): void {
    const now = this.now();
    this.recordsIn.record(count, now);
    this.recordBatch(count, durationMs, now);
  }

  /** Source: Kafka acknowledged `count` records. */
  recordWrite(count: number): void {
    this.recordsOut.record(count, this.now());
  }

  /** Sink: `count` records came from the consumer. */
  recordRead(count: number): void {
    this.recordsIn.record(count, this.now());
  }

  /** Sink: put() accepted `count` records in `durationMs`. */
  recordPut(count: number, durationMs: number): void {
    const now = this.now();
    this.recordsOut.record(count, now);
    this.recordBatch(count, durationMs, now);
  }

  private recordBatch(count: number, durationMs: number, now: number): void {
    this.batchSize.max.record(count, now);
    this.batchSize.avg.record(count, now);
    this.batchTime.max.record(durationMs, now);
    this.batchTime.avg.record(durationMs, now);
  }

  /** An offset commit ended (Kafka's recordCommitSuccess/recordCommitFailure). */
  recordCommit(success: boolean, durationMs: number): void {
    const now = this.now();
    this.commitSeqNo++;
    this.commitOutcome.record(success ? 1 : 0, now);
    if (success) {
      this.commitCompletions.record(1, now);
      this.lastCommitSuccess = now;
      this.commitTime.max.record(durationMs, now);
      this.commitTime.avg.record(durationMs, now);
    } else {
      this.commitFailureTotal++;
    }
  }

  /** Fraction (0..1) of the commits in the window that succeeded; 0 without commits, as Kafka. */
  commitSuccessRatio(): number {
    const now = this.now();
    const count = this.commitOutcome.eventCount(now);
    return count === 0 ? 0 : this.commitOutcome.measure(now) / count;
  }

  commitFailureRatio(): number {
    const now = this.now();
    const count = this.commitOutcome.eventCount(now);
    return count === 0 ? 0 : 1 - this.commitOutcome.measure(now) / count;
  }

  /** Records a state change (RUNNING, PAUSED, FAILED, UNASSIGNED) for the running/pause ratios. */
  recordState(state: string): void {
    const now = this.now();
    if (this.state !== null)
      this.stateTime.set(this.state, (this.stateTime.get(this.state) ?? 0) + now - this.stateSince);
    this.firstStateAt ??= now;
    this.state = state;
    this.stateSince = now;
  }

  /**
   * Kafka's running-ratio and pause-ratio: the fraction of the time since the task's first state
   * change spent in `state`; 0 before any.
   */
  stateRatio(state: string): number {
    if (this.firstStateAt === null) return 0;
    const now = this.now();
    const total = now - this.firstStateAt;
    if (total <= 0) return 0;
    const current = this.state === state ? now - this.stateSince : 0;
    return ((this.stateTime.get(state) ?? 0) + current) / total;
  }

  /** A listener that records each state change here, then passes it on. */
  trackStates(listener: TaskStatusListener): TaskStatusListener {
    return {
      onStartup: (id) => {
        this.recordState('RUNNING');
        listener.onStartup(id);
      },
      onPause: (id) => {
        this.recordState('PAUSED');
        listener.onPause(id);
      },
      onResume: (id) => {
        this.recordState('RUNNING');
        listener.onResume(id);
      },
      onFailure: (id, cause) => {
        this.recordState('FAILED');
        listener.onFailure(id, cause);
      },
      onShutdown: (id) => {
        this.recordState('UNASSIGNED');
        listener.onShutdown(id);
      },
    };
  }

  /** Where the active-record count comes from (read at measure time only). */
  trackActiveRecords(read: () => number): void {
    this.activeCount = read;
  }

  activeRecords(): number | null {
    return this.activeCount === null ? null : this.activeCount();
  }

  trackPartitionCount(read: () => number): void {
    this.partitionCount = read;
  }

  partitions(): number | null {
    return this.partitionCount === null ? null : this.partitionCount();
  }

  /** Sink: after a batch, the partition's end offset (high watermark) and the next position. */
  recordLag(topic: string, partition: number, highWatermark: bigint, position: bigint): void {
    const key = `${topic}-${partition}`;
    const lag = Number(highWatermark > position ? highWatermark - position : 0n);
    const entry = this.lags.get(key);
    if (entry === undefined) this.lags.set(key, { topic, partition, lag });
    else entry.lag = lag;
  }

  /** Drops partitions no longer assigned from the lag figures. */
  retainLag(keys: ReadonlySet<string>): void {
    for (const key of [...this.lags.keys()]) if (!keys.has(key)) this.lags.delete(key);
  }

  lagPerPartition(): { topic: string; partition: number; lag: number }[] {
    return [...this.lags.values()].map((l) => ({ ...l }));
  }

  /** Kafka's sink-record-lag-max; NaN until a batch with a known end offset arrived. */
  lagMax(): number {
    let max = Number.NaN;
    for (const l of this.lags.values()) if (!(l.lag <= max)) max = l.lag;
    return max;
  }

  recordFailure(): void {
    this.recordFailures++;
  }

  recordError(error: unknown): void {
    this.recordErrors++;
    this.noteError(error);
  }

  recordSkipped(count = 1): void {
    this.recordsSkipped += count;
  }

  recordRetry(): void {
    this.retries++;
  }

  recordErrorLogged(): void {
    this.errorsLogged++;
  }

  recordDeadLetterQueueProduceRequest(): void {
    this.dlqProduceRequests++;
  }

  recordDeadLetterQueueProduceFailed(): void {
    this.dlqProduceFailures++;
  }

  /** Remembers the error as the task's last one (a record error or the task's failure). */
  noteError(error: unknown): void {
    this.lastError = { message: errorMessage(error), timestamp: this.now() };
  }

  figures(): TaskFigures {
    const now = this.now();
    const figures: TaskFigures = {
      id: this.id.task,
      type: this.type,
      records_in: { total: this.recordsIn.total, rate_per_sec: this.recordsIn.ratePerSecond(now) },
      records_out: {
        total: this.recordsOut.total,
        rate_per_sec: this.recordsOut.ratePerSecond(now),
      },
      active_records: this.activeRecords(),
      offset_commits: {
        success_total: this.commitCompletions.total,
        failure_total: this.commitFailureTotal,
        success_ratio: this.commitSuccessRatio(),
        max_time_ms: nullIfNaN(this.commitTime.max.measure(now)),
        avg_time_ms: nullIfNaN(this.commitTime.avg.measure(now)),
        last_success_timestamp: this.lastCommitSuccess,
      },
      errors: {
        total_record_failures: this.recordFailures,
        total_record_errors: this.recordErrors,
        total_records_skipped: this.recordsSkipped,
        total_retries: this.retries,
        total_errors_logged: this.errorsLogged,
        deadletterqueue_produce_requests: this.dlqProduceRequests,
        deadletterqueue_produce_failures: this.dlqProduceFailures,
        last_error: this.lastError,
      },
    };
    if (this.type === 'sink') figures.lag = this.lagPerPartition();
    return figures;
  }
}

function nullIfNaN(n: number): number | null {
  return Number.isNaN(n) ? null : n;
}

/** One line: the error and its causes, as `Name: message; caused by Name: message`. */
function errorMessage(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  const seen = new Set<unknown>();
  while (current !== undefined && current !== null && !seen.has(current) && parts.length < 4) {
    seen.add(current);
    if (current instanceof Error) {
      parts.push(`${current.name}: ${current.message.split('\n')[0] ?? ''}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join('; caused by ');
}
