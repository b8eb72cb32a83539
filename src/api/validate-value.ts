import { BigDecimal } from './big-decimal.js';
import { DataException } from './errors.js';
import { javaClassOf } from './java-class.js';
import {
  DATE_LOGICAL_NAME,
  DECIMAL_LOGICAL_NAME,
  TIME_LOGICAL_NAME,
  TIMESTAMP_LOGICAL_NAME,
} from './logical-names.js';
import { type Schema, Type } from './schema.js';
import { Struct } from './struct.js';
import { TypedNumber } from './typed-number.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function isIntIn(value: unknown, type: string, min: number, max: number): boolean {
  if (value instanceof TypedNumber) return value.type === type;
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Whether `value` has the representation a schema of this type (and logical name) expects,
 * without looking inside containers. See {@link Schema} for the representations.
 */
export function isInstanceFor(schema: Schema, value: unknown): boolean {
  switch (schema.name) {
    case DECIMAL_LOGICAL_NAME:
      return value instanceof BigDecimal;
    case DATE_LOGICAL_NAME:
    case TIME_LOGICAL_NAME:
    case TIMESTAMP_LOGICAL_NAME:
      return value instanceof Date;
    default:
      break;
  }
  switch (schema.type) {
    case Type.INT8:
      return isIntIn(value, 'INT8', -128, 127);
    case Type.INT16:
      return isIntIn(value, 'INT16', -32768, 32767);
    case Type.INT32:
      return isIntIn(value, 'INT32', -2147483648, 2147483647);
    case Type.INT64:
      return typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX;
    case Type.FLOAT32:
      return (
        typeof value === 'number' || (value instanceof TypedNumber && value.type === 'FLOAT32')
      );
    case Type.FLOAT64:
      return typeof value === 'number';
    case Type.BOOLEAN:
      return typeof value === 'boolean';
    case Type.STRING:
      return typeof value === 'string';
    case Type.BYTES:
      return value instanceof Uint8Array;
    case Type.ARRAY:
      return Array.isArray(value);
    case Type.MAP:
      return value instanceof Map;
    case Type.STRUCT:
      return value instanceof Struct;
    default:
      return false;
  }
}

/**
 * Kafka's `ConnectSchema.validateValue`: throws a DataException with Kafka's message when
 * `value` does not fit `schema` (nullability, representation, nested elements, struct schema).
 * `fieldName` names the struct field in the message, as `Struct.put` does.
 */
export function validateValue(schema: Schema, value: unknown, fieldName?: string | null): void {
  validateAt(schema, value, fieldName == null ? 'value' : `field: "${fieldName}"`);
}

function validateAt(schema: Schema, value: unknown, location: string): void {
  if (value === null || value === undefined) {
    if (!schema.optional) {
      throw new DataException(
        `Invalid value: null used for required ${location}, schema type: ${schema.type}`,
      );
    }
    return;
  }
  if (!isInstanceFor(schema, value)) {
    const named = schema.name !== null ? ` "${schema.name}"` : '';
    throw new DataException(
      `Invalid Java object for schema${named} with type ${schema.type}: ${javaClassOf(value)} for ${location}`,
    );
  }
  switch (schema.type) {
    case Type.STRUCT: {
      const struct = value as Struct;
      if (!struct.schema.equals(schema)) throw new DataException('Struct schemas do not match.');
      struct.validate();
      break;
    }
    case Type.ARRAY: {
      const entryLocation = `element of array ${location}`;
      const elementSchema = notNull(schema.valueSchema(), entryLocation);
      for (const entry of value as unknown[]) validateAt(elementSchema, entry, entryLocation);
      break;
    }
    case Type.MAP: {
      const keyLocation = `key of map ${location}`;
      const valueLocation = `value of map ${location}`;
      const keySchema = notNull(schema.keySchema(), keyLocation);
      const valueSchema = notNull(schema.valueSchema(), valueLocation);
      for (const [k, v] of value as Map<unknown, unknown>) {
        validateAt(keySchema, k, keyLocation);
        validateAt(valueSchema, v, valueLocation);
      }
      break;
    }
    default:
      break;
  }
}

function notNull(schema: Schema | null | undefined, location: string): Schema {
  if (schema === null || schema === undefined)
    throw new DataException(`No schema defined for ${location}`);
  return schema;
}
