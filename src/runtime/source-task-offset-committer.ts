import type { Logger } from '../util/logger.js';
import { taskIdString, type ConnectorTaskId } from './worker-task.js';

/** A task whose offsets the committer flushes. */
export interface OffsetCommittable {
  commitOffsets(): Promise<boolean>;
  hasFailed(): boolean;
  isStopping(): boolean;
}

/**
 * Kafka's SourceTaskOffsetCommitter: flushes each source task's offsets every
 * `offset.flush.interval.ms`, with a fixed delay after the previous flush finished (so flushes
 * never pile up), skipping failed tasks.
 */
export class SourceTaskOffsetCommitter {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  schedule(id: ConnectorTaskId, task: OffsetCommittable): void {
    const key = taskIdString(id);
    this.remove(id);
    const tick = (): void => {
      if (task.hasFailed() || task.isStopping()) {
        this.timers.delete(key);
        return;
      }
      task
        .commitOffsets()
        .catch((error: unknown) => {
          this.log.error(`Unhandled exception when committing offsets for ${key}`, error);
        })
        .finally(() => {
          if (this.timers.has(key)) this.timers.set(key, setTimeout(tick, this.intervalMs));
        });
    };
    this.timers.set(key, setTimeout(tick, this.intervalMs));
  }

  remove(id: ConnectorTaskId): void {
    const key = taskIdString(id);
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
