import type { TaskConfig } from './connector.js';
import type { ErrantRecordReporter } from './errant-record-reporter.js';
import type { SinkRecord } from './sink-record.js';
import type { TopicPartition, TopicPartitionOffset } from './topic-partition.js';

/** What the runtime offers a running sink task. */
export interface SinkTaskContext {
  configs(): TaskConfig;
  /** Rewind or skip: the consumer resumes these partitions at these offsets. */
  offset(offsets: readonly TopicPartitionOffset[]): void;
  /** After a {@link RetriableException} from put: wait this long before redelivering. */
  timeout(timeoutMs: number): void;
  /** The partitions currently assigned to this task. */
  assignment(): readonly TopicPartition[];
  pause(partitions: readonly TopicPartition[]): void;
  resume(partitions: readonly TopicPartition[]): void;
  /** Ask for an offset commit as soon as possible. */
  requestCommit(): void;
  /** The reporter for records the task cannot process, or `null` if errors are not tolerated by a reporter. */
  errantRecordReporter(): ErrantRecordReporter | null;
}

/**
 * A sink task: receives records consumed from Kafka and writes them to a system.
 *
 * Lifecycle, as the runtime drives it:
 * 1. constructed with no arguments, then {@link initialize} with its context;
 * 2. {@link start} with its task config — a throw fails the task;
 * 3. {@link open} with newly assigned partitions (and {@link close} with revoked ones);
 * 4. {@link put} with each batch, in offset order per partition. A {@link RetriableException}
 *    makes the runtime redeliver the same batch (after `context.timeout`, if set); any other
 *    throw fails the task;
 * 5. at each commit (every `offset.flush.interval.ms`, on rebalance, at shutdown):
 *    {@link preCommit} (which by default calls {@link flush}) returns the offsets that are
 *    safe to commit; the runtime then commits them to the consumer group;
 * 6. {@link stop} after the last commit.
 */
export abstract class SinkTask {
  protected context!: SinkTaskContext;

  initialize(context: SinkTaskContext): void {
    this.context = context;
  }

  abstract version(): string;

  abstract start(props: TaskConfig): void | Promise<void>;

  abstract put(records: readonly SinkRecord[]): void | Promise<void>;

  /** Make everything given to {@link put} durable. */
  flush(_currentOffsets: readonly TopicPartitionOffset[]): void | Promise<void> {}

  /**
   * Called before committing; returns the offsets to commit (next offset to consume per
   * partition). The default flushes and commits everything that was put.
   */
  async preCommit(
    currentOffsets: readonly TopicPartitionOffset[],
  ): Promise<readonly TopicPartitionOffset[]> {
    await this.flush(currentOffsets);
    return currentOffsets;
  }

  open(_partitions: readonly TopicPartition[]): void | Promise<void> {}

  close(_partitions: readonly TopicPartition[]): void | Promise<void> {}

  abstract stop(): void | Promise<void>;
}

/** A sink task class, as a connector names it. */
export type SinkTaskClass = new () => SinkTask;
