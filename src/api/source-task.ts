import type { TaskConfig } from './connector.js';
import type { OffsetStorageReader } from './offset-storage-reader.js';
import type { SourceRecord } from './source-record.js';

/** What the runtime offers a running source task. */
export interface SourceTaskContext {
  /** The task's configuration, as given to {@link SourceTask.start}. */
  configs(): TaskConfig;
  /** Committed offsets of this connector's source partitions. */
  offsetStorageReader(): OffsetStorageReader;
}

/** Where Kafka stored a record a source task produced. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  /** The record's offset in its partition, when the broker reported it. */
  readonly offset: bigint | null;
}

/**
 * A source task: reads from a system and returns records for Kafka.
 *
 * Lifecycle, as the runtime drives it:
 * 1. constructed with no arguments, then {@link initialize} with its context;
 * 2. {@link start} with its task config — a throw fails the task (state FAILED, with trace);
 * 3. {@link poll} in a loop: each call returns a batch (possibly empty) or `null` when there is
 *    nothing now. It should wait briefly for data rather than return at once when idle, and
 *    must resolve promptly once {@link stop} was called. A {@link RetriableException} makes
 *    the runtime call it again; any other throw fails the task;
 * 4. {@link commitRecord} after Kafka acknowledged each record (or after it was dropped by a
 *    transform or tolerated as an error: then `metadata` is `null`), and {@link commit}
 *    after offsets were flushed to the store;
 * 5. {@link stop} — called while a {@link poll} may still be pending: it must make that poll
 *    resolve (with `null`) and release resources.
 */
export abstract class SourceTask {
  protected context!: SourceTaskContext;

  initialize(context: SourceTaskContext): void {
    this.context = context;
  }

  abstract version(): string;

  abstract start(props: TaskConfig): void | Promise<void>;

  abstract poll(): Promise<SourceRecord[] | null>;

  /** Offsets up to the last acknowledged records were flushed to the offset store. */
  commit(): void | Promise<void> {}

  /** Kafka acknowledged `record` (or it was dropped: `metadata` is then `null`). */
  commitRecord(_record: SourceRecord, _metadata: RecordMetadata | null): void {}

  abstract stop(): void | Promise<void>;
}

/** A source task class, as a connector names it. */
export type SourceTaskClass = new () => SourceTask;
