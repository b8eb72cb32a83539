import type { SourceOffsetMap } from '../api/source-record.js';

/** The part of the offset store a source task writes to (src/storage's OffsetBackingStore). */
export interface OffsetStore {
  set(
    connector: string,
    entries: readonly { partition: SourceOffsetMap; offset: SourceOffsetMap | null }[],
  ): Promise<void>;
}

interface Entry {
  partition: SourceOffsetMap;
  offset: SourceOffsetMap | null;
}

/** Thrown when a flush did not finish within `offset.flush.timeout.ms`. */
export class OffsetFlushTimeoutError extends Error {}

/**
 * Kafka's OffsetStorageWriter for one task: collects committable offsets, writes a snapshot to
 * the store, and on failure or timeout keeps them (newer ones winning) for the next flush, so an
 * acknowledged offset is never lost.
 */
export class OffsetStorageWriter {
  private pending = new Map<string, Entry>();

  constructor(
    private readonly store: OffsetStore,
    private readonly connector: string,
  ) {}

  offset(key: string, partition: SourceOffsetMap, offset: SourceOffsetMap | null): void {
    this.pending.set(key, { partition, offset });
  }

  size(): number {
    return this.pending.size;
  }

  /**
   * Writes the pending offsets within `timeoutMs`. On success the written entries are dropped
   * unless a newer offset replaced them meanwhile; on failure everything stays pending.
   */
  async flush(timeoutMs: number): Promise<void> {
    if (this.pending.size === 0) return;
    const snapshot = new Map(this.pending);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new OffsetFlushTimeoutError('Timed out waiting for the offset store')),
        Math.max(0, timeoutMs),
      );
    });
    try {
      await Promise.race([this.store.set(this.connector, [...snapshot.values()]), timeout]);
    } finally {
      clearTimeout(timer);
    }
    for (const [key, entry] of snapshot) {
      if (this.pending.get(key) === entry) this.pending.delete(key);
    }
  }
}
