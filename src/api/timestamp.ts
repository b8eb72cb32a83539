import { DataException } from './errors.js';
import { TIMESTAMP_LOGICAL_NAME } from './logical-names.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

/**
 * Connect's Timestamp logical type: an INT64 schema named
 * `org.apache.kafka.connect.data.Timestamp` holding epoch milliseconds; the value is a JS `Date`.
 */
export const Timestamp = {
  LOGICAL_NAME: TIMESTAMP_LOGICAL_NAME,
  builder(): SchemaBuilder {
    return SchemaBuilder.int64().name(TIMESTAMP_LOGICAL_NAME).version(1);
  },
  SCHEMA: SchemaBuilder.int64().name(TIMESTAMP_LOGICAL_NAME).version(1).build(),

  fromLogical(schema: Schema, value: Date): bigint {
    if (schema.name !== TIMESTAMP_LOGICAL_NAME) {
      throw new DataException(
        'Requested conversion of Timestamp object but the schema does not match.',
      );
    }
    return BigInt(value.getTime());
  },

  toLogical(schema: Schema, value: bigint | number): Date {
    if (schema.name !== TIMESTAMP_LOGICAL_NAME) {
      throw new DataException(
        'Requested conversion of Timestamp object but the schema does not match.',
      );
    }
    return new Date(Number(value));
  },
};
