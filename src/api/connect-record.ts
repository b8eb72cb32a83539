import type { Headers } from './headers.js';
import type { Schema } from './schema.js';

/**
 * The fields every Connect record has, whether it comes from a source task or goes to a
 * sink task. Records are immutable: a transformation that changes anything returns a new
 * record made with {@link ConnectRecord.newRecord}, and never mutates its input (its
 * headers included: it duplicates them first).
 */
export interface ConnectRecordFields {
  /** Topic the record is (or will be) written to. */
  readonly topic: string;
  /** Kafka partition, or `null` to let the producer's partitioner decide. */
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
  /** Milliseconds since the epoch, or `null` for none. */
  readonly timestamp: number | null;
  readonly headers: Headers;
}

/**
 * A record flowing through Connect. `R` is the concrete record class, so that
 * `newRecord` returns the same kind of record (a SourceRecord keeps its source partition
 * and offset; a SinkRecord keeps its Kafka offset).
 */
export abstract class ConnectRecord<R extends ConnectRecord<R>> implements ConnectRecordFields {
  readonly topic: string;
  readonly kafkaPartition: number | null;
  readonly keySchema: Schema | null;
  readonly key: unknown;
  readonly valueSchema: Schema | null;
  readonly value: unknown;
  readonly timestamp: number | null;
  readonly headers: Headers;

  protected constructor(fields: ConnectRecordFields) {
    this.topic = fields.topic;
    this.kafkaPartition = fields.kafkaPartition;
    this.keySchema = fields.keySchema;
    this.key = fields.key;
    this.valueSchema = fields.valueSchema;
    this.value = fields.value;
    this.timestamp = fields.timestamp;
    this.headers = fields.headers;
  }

  /**
   * A copy of this record with the given fields replaced; fields not named are kept.
   * The headers object is shared unless `headers` is given: pass `this.headers.duplicate()`
   * before changing them.
   */
  abstract newRecord(changes: Partial<ConnectRecordFields>): R;

  /** The fields of this record with `changes` applied, for subclasses' `newRecord`. */
  protected withChanges(changes: Partial<ConnectRecordFields>): ConnectRecordFields {
    return {
      topic: changes.topic !== undefined ? changes.topic : this.topic,
      kafkaPartition:
        'kafkaPartition' in changes ? (changes.kafkaPartition ?? null) : this.kafkaPartition,
      keySchema: 'keySchema' in changes ? (changes.keySchema ?? null) : this.keySchema,
      key: 'key' in changes ? changes.key : this.key,
      valueSchema: 'valueSchema' in changes ? (changes.valueSchema ?? null) : this.valueSchema,
      value: 'value' in changes ? changes.value : this.value,
      timestamp: 'timestamp' in changes ? (changes.timestamp ?? null) : this.timestamp,
      headers: changes.headers !== undefined ? changes.headers : this.headers,
    };
  }

  toString(): string {
    return `${this.constructor.name}{topic='${this.topic}', kafkaPartition=${this.kafkaPartition}, timestamp=${this.timestamp}}`;
  }
}
