import { DataException } from './errors.js';
import { TIME_LOGICAL_NAME } from './logical-names.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

const MILLIS_PER_DAY = 86_400_000;

/**
 * Connect's Time logical type: an INT32 schema named `org.apache.kafka.connect.data.Time`
 * holding milliseconds since midnight; the value is a JS `Date` on 1970-01-01 (UTC).
 */
export const Time = {
  LOGICAL_NAME: TIME_LOGICAL_NAME,
  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(TIME_LOGICAL_NAME).version(1);
  },
  SCHEMA: SchemaBuilder.int32().name(TIME_LOGICAL_NAME).version(1).build(),

  /** Milliseconds since midnight; a DataException outside the first day after the epoch. */
  fromLogical(schema: Schema, value: Date): number {
    if (schema.name !== TIME_LOGICAL_NAME) {
      throw new DataException('Requested conversion of Time object but the schema does not match.');
    }
    const ms = value.getTime();
    if (ms < 0 || ms > MILLIS_PER_DAY) {
      throw new DataException(
        'Kafka Connect Time type should not have any date fields set to non-zero values.',
      );
    }
    return ms;
  },

  toLogical(schema: Schema, value: number): Date {
    if (schema.name !== TIME_LOGICAL_NAME) {
      throw new DataException('Requested conversion of Date object but the schema does not match.');
    }
    if (value < 0 || value > MILLIS_PER_DAY) {
      throw new DataException(
        'Time values must use number of milliseconds greater than 0 and less than 86400000',
      );
    }
    return new Date(value);
  },
};
