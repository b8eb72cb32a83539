import type { OffsetStorageReader } from '../api/offset-storage-reader.js';
import type { SourceOffsetMap } from '../api/source-record.js';
import { canonicalPartitionKey, type OffsetBackingStore } from './offset-backing-store.js';

/**
 * A connector's view of the offset store, handed to its tasks (Kafka's OffsetStorageReaderImpl).
 * It reads only the durable offsets of its own connector.
 */
export class ConnectorOffsetReader implements OffsetStorageReader {
  constructor(
    private readonly store: Pick<OffsetBackingStore, 'get'>,
    private readonly connectorName: string,
  ) {}

  async offset(partition: SourceOffsetMap): Promise<SourceOffsetMap | null> {
    const found = this.store.get(this.connectorName, [partition]);
    return found.get(canonicalPartitionKey(partition)) ?? null;
  }

  async offsets(
    partitions: readonly SourceOffsetMap[],
  ): Promise<Map<SourceOffsetMap, SourceOffsetMap>> {
    const found = this.store.get(this.connectorName, partitions);
    const out = new Map<SourceOffsetMap, SourceOffsetMap>();
    for (const p of partitions) {
      const offset = found.get(canonicalPartitionKey(p));
      if (offset) out.set(p, offset);
    }
    return out;
  }
}
