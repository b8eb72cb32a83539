import { ConnectException } from '../api/errors.js';
import type { SourceOffsetMap } from '../api/source-record.js';

/**
 * Where source offsets are kept between runs: Kafka's OffsetBackingStore, narrowed to what
 * standalone mode needs. Partitions are identified by their canonical JSON
 * ({@link canonicalPartitionKey}), so `{a:1,b:2}` and `{b:2,a:1}` are the same partition.
 */
export interface OffsetBackingStore {
  /** Loads the stored offsets. A missing file is a fresh start; a corrupt one throws {@link CorruptOffsetsError}. */
  start(): Promise<void>;
  /** Waits for writes in progress, then refuses new ones. */
  stop(): Promise<void>;
  /** The durable offsets of these partitions, keyed by canonical partition JSON; absent when none. */
  get(
    connector: string,
    partitions: readonly SourceOffsetMap[],
  ): Map<string /* canonical partition JSON */, SourceOffsetMap>;
  /**
   * Stores offsets; resolves only once they are durable. A `null` offset removes the partition.
   * Rejects (leaving the previous stored state intact) when they cannot be written.
   */
  set(
    connector: string,
    entries: readonly { partition: SourceOffsetMap; offset: SourceOffsetMap | null }[],
  ): Promise<void>;
  /** Every partition of `connector` with a stored offset. */
  list(connector: string): { partition: SourceOffsetMap; offset: SourceOffsetMap }[];
}

/** The offsets file exists but cannot be read as offsets: start-up stops rather than re-reading everything. */
export class CorruptOffsetsError extends ConnectException {
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Offsets file ${file} is corrupt: ${reason}. Refusing to start with no offsets, which would ` +
        `re-read every source from the beginning: repair the file, or move it away to start afresh.`,
      options,
    );
  }
}

/** JSON of `value` with object keys sorted at every level: the identity of a source partition. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The canonical (sorted-keys) JSON of a source partition. */
export function canonicalPartitionKey(p: SourceOffsetMap): string {
  return canonicalJson(p);
}

/**
 * Why `map` cannot be stored as a source partition or offset, or `null` if it can. Values must
 * be JSON primitives, as Kafka requires ("Offsets may only contain primitive types as values").
 */
export function offsetMapProblem(map: unknown, what: 'partition' | 'offset'): string | null {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    return `the ${what} must be an object, but is ${map === null ? 'null' : Array.isArray(map) ? 'an array' : typeof map}`;
  }
  for (const [k, v] of Object.entries(map as Record<string, unknown>)) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number' && Number.isFinite(v)) continue;
    const kind = typeof v === 'number' ? String(v) : Array.isArray(v) ? 'an array' : typeof v;
    return `${what === 'offset' ? 'Offsets' : 'Partitions'} may only contain primitive types as values, but field ${k} contains ${kind}`;
  }
  return null;
}
