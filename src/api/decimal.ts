import { BigDecimal } from './big-decimal.js';
import { DataException } from './errors.js';
import { DECIMAL_LOGICAL_NAME } from './logical-names.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './schema-builder.js';

/**
 * Connect's Decimal logical type: a BYTES schema named `org.apache.kafka.connect.data.Decimal`
 * with a `scale` parameter; the value is a {@link BigDecimal} whose scale equals the schema's,
 * encoded as the two's-complement big-endian bytes of its unscaled value.
 */
export const Decimal = {
  LOGICAL_NAME: DECIMAL_LOGICAL_NAME,
  SCALE_FIELD: 'scale',

  /** A builder for a Decimal schema with this scale (name, then `scale`, then version 1, as Kafka). */
  builder(scale: number): SchemaBuilder {
    return SchemaBuilder.bytes()
      .name(DECIMAL_LOGICAL_NAME)
      .parameter('scale', String(scale))
      .version(1);
  },

  schema(scale: number): Schema {
    return Decimal.builder(scale).build();
  },

  /** The encoded bytes; a DataException when the value's scale is not the schema's. */
  fromLogical(schema: Schema, value: BigDecimal): Uint8Array {
    const schemaScale = Decimal.scale(schema);
    if (value.scale !== schemaScale) {
      throw new DataException(
        `Decimal value has mismatching scale for given Decimal schema. Schema has scale ${schemaScale}, value has scale ${value.scale}.`,
      );
    }
    return value.unscaledBytes();
  },

  toLogical(schema: Schema, value: Uint8Array): BigDecimal {
    return BigDecimal.fromBytes(value, Decimal.scale(schema));
  },

  /** The schema's `scale` parameter, with Kafka's errors when missing or not an int. */
  scale(schema: Schema): number {
    const text = schema.parameters?.get('scale');
    if (text === undefined)
      throw new DataException('Invalid Decimal schema: scale parameter not found.');
    if (!/^[+-]?\d+$/.test(text))
      throw new DataException('Invalid scale parameter found in Decimal schema: ');
    const n = Number.parseInt(text, 10);
    if (n > 2147483647 || n < -2147483648)
      throw new DataException('Invalid scale parameter found in Decimal schema: ');
    return n;
  },
} as const;
