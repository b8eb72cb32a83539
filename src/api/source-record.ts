import { ConnectRecord, type ConnectRecordFields } from './connect-record.js';

/**
 * A source partition or offset, as a source task describes it: a small JSON-compatible
 * map, e.g. `{ filename: '/var/log/app.log' }` and `{ position: 1024 }`. The runtime stores
 * both as JSON in the offsets file, so values must be strings, numbers, booleans or null.
 */
export type SourceOffsetMap = Readonly<Record<string, string | number | boolean | null>>;

/** The fields of a {@link SourceRecord}. */
export interface SourceRecordFields extends ConnectRecordFields {
  /** Where in the source the record comes from (a file, a table...); `null` for none. */
  readonly sourcePartition: SourceOffsetMap | null;
  /** The position after this record in its source partition; `null` for none. */
  readonly sourceOffset: SourceOffsetMap | null;
}

/**
 * A record produced by a {@link SourceTask}. Its offset becomes committable once Kafka
 * has acknowledged it and every earlier record of the same source partition.
 */
export class SourceRecord extends ConnectRecord<SourceRecord> implements SourceRecordFields {
  readonly sourcePartition: SourceOffsetMap | null;
  readonly sourceOffset: SourceOffsetMap | null;

  constructor(
    fields: Omit<
      SourceRecordFields,
      'headers' | 'kafkaPartition' | 'timestamp' | 'keySchema' | 'key'
    > &
      Partial<
        Pick<SourceRecordFields, 'headers' | 'kafkaPartition' | 'timestamp' | 'keySchema' | 'key'>
      > & {
        headers: ConnectRecordFields['headers'];
      },
  ) {
    super({
      topic: fields.topic,
      kafkaPartition: fields.kafkaPartition ?? null,
      keySchema: fields.keySchema ?? null,
      key: fields.key ?? null,
      valueSchema: fields.valueSchema,
      value: fields.value,
      timestamp: fields.timestamp ?? null,
      headers: fields.headers,
    });
    this.sourcePartition = fields.sourcePartition;
    this.sourceOffset = fields.sourceOffset;
  }

  newRecord(changes: Partial<ConnectRecordFields>): SourceRecord {
    // Object.assign, not a spread: see SinkRecord.newRecord.
    return new SourceRecord(
      Object.assign(this.withChanges(changes), {
        sourcePartition: this.sourcePartition,
        sourceOffset: this.sourceOffset,
      }),
    );
  }
}
