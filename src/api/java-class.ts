import type { Schema } from './schema.js';
import { TypedNumber } from './typed-number.js';

/**
 * The Java class name Kafka would print for a value in a message (`class java.lang.String`),
 * following the representation documented on {@link Schema}: `bigint` is a Long, a plain
 * `number` an Integer when it is a safe int32 integer and a Double otherwise.
 */
export function javaClassOf(value: unknown, schema?: Schema | null): string {
  return `class ${javaClassName(value, schema)}`;
}

/**
 * The bare Java class name (`java.lang.String`), without the `class ` prefix. When `schema` is
 * given (even null), a plain number is named by it: INT8/INT16/INT32/FLOAT32 by their class,
 * anything else (schemaless included) as a Double, per the TypedNumber rule.
 */
export function javaClassName(value: unknown, schema?: Schema | null): string {
  if (typeof value === 'number' && schema !== undefined) {
    switch (schema?.type) {
      case 'INT8':
        return 'java.lang.Byte';
      case 'INT16':
        return 'java.lang.Short';
      case 'INT32':
        return 'java.lang.Integer';
      case 'FLOAT32':
        return 'java.lang.Float';
      default:
        return 'java.lang.Double';
    }
  }
  switch (typeof value) {
    case 'string':
      return 'java.lang.String';
    case 'boolean':
      return 'java.lang.Boolean';
    case 'bigint':
      return 'java.lang.Long';
    case 'number':
      return Number.isInteger(value) &&
        value >= -2147483648 &&
        value <= 2147483647 &&
        !Object.is(value, -0)
        ? 'java.lang.Integer'
        : 'java.lang.Double';
    case 'object':
      break;
    default:
      return typeof value;
  }
  if (value instanceof TypedNumber) {
    return {
      INT8: 'java.lang.Byte',
      INT16: 'java.lang.Short',
      INT32: 'java.lang.Integer',
      FLOAT32: 'java.lang.Float',
    }[value.type];
  }
  if (value instanceof Uint8Array) return '[B';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  if (value instanceof Map) return 'java.util.HashMap';
  if (value instanceof Date) return 'java.util.Date';
  const ctor = (value as object | null)?.constructor?.name;
  if (ctor === 'Struct') return 'org.apache.kafka.connect.data.Struct';
  if (ctor === 'BigDecimal') return 'java.math.BigDecimal';
  return ctor ?? 'java.lang.Object';
}
