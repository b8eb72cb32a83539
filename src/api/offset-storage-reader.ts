import type { SourceOffsetMap } from './source-record.js';

/**
 * Read access to the committed offsets of the connector's source partitions, for a source
 * task that resumes where it stopped. Offsets are those last flushed to the offset store:
 * records sent since then will be produced again after a crash (at-least-once).
 */
export interface OffsetStorageReader {
  /** The committed offset of one source partition, or `null` if there is none. */
  offset(partition: SourceOffsetMap): Promise<SourceOffsetMap | null>;
  /** The committed offsets of several partitions; partitions without an offset are absent. */
  offsets(partitions: readonly SourceOffsetMap[]): Promise<Map<SourceOffsetMap, SourceOffsetMap>>;
}
