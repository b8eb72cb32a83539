import { DataException } from './errors.js';
import { DATE_LOGICAL_NAME } from './logical-names.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

const MILLIS_PER_DAY = 86_400_000;

/**
 * Connect's Date logical type: an INT32 schema named `org.apache.kafka.connect.data.Date`
 * holding days since the epoch; the value is a JS `Date` at UTC midnight.
 */
export const ConnectDate = {
  LOGICAL_NAME: DATE_LOGICAL_NAME,
  builder(): SchemaBuilder {
    return SchemaBuilder.int32().name(DATE_LOGICAL_NAME).version(1);
  },
  SCHEMA: SchemaBuilder.int32().name(DATE_LOGICAL_NAME).version(1).build(),

  /** Days since the epoch; a DataException if the value has a time of day (in UTC). */
  fromLogical(schema: Schema, value: Date): number {
    if (schema.name !== DATE_LOGICAL_NAME) {
      throw new DataException('Requested conversion of Date object but the schema does not match.');
    }
    const ms = value.getTime();
    if (((ms % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY !== 0) {
      throw new DataException(
        'Kafka Connect Date type should not have any time fields set to non-zero values.',
      );
    }
    return Math.trunc(ms / MILLIS_PER_DAY) | 0;
  },

  toLogical(schema: Schema, value: number): Date {
    if (schema.name !== DATE_LOGICAL_NAME) {
      throw new DataException('Requested conversion of Date object but the schema does not match.');
    }
    return new Date(value * MILLIS_PER_DAY);
  },
};
