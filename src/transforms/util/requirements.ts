import type { ConnectRecord } from '../../api/connect-record.js';
import { DataException } from '../../api/errors.js';
import { javaClassName } from '../../api/java-class.js';
import { SinkRecord } from '../../api/sink-record.js';
import { Struct } from '../../api/struct.js';

/** Kafka's `Requirements.nullSafeClassName`: the bare class name, or `null`. */
export function nullSafeClassName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return javaClassName(value);
}

/** A schemaless value must be a Map (Kafka's `Requirements.requireMap`). */
export function requireMap(value: unknown, purpose: string): Map<unknown, unknown> {
  if (!(value instanceof Map)) {
    throw new DataException(
      `Only Map objects supported in absence of schema for [${purpose}], found: ${nullSafeClassName(value)}`,
    );
  }
  return value;
}

/** `requireMapOrNull`: null passes. */
export function requireMapOrNull(value: unknown, purpose: string): Map<unknown, unknown> | null {
  if (value === null || value === undefined) return null;
  return requireMap(value, purpose);
}

/** A value with a schema must be a Struct (Kafka's `Requirements.requireStruct`). */
export function requireStruct(value: unknown, purpose: string): Struct {
  if (!(value instanceof Struct)) {
    throw new DataException(
      `Only Struct objects supported for [${purpose}], found: ${nullSafeClassName(value)}`,
    );
  }
  return value;
}

/** `requireStructOrNull`: null passes. */
export function requireStructOrNull(value: unknown, purpose: string): Struct | null {
  if (value === null || value === undefined) return null;
  return requireStruct(value, purpose);
}

/** Kafka's `Requirements.requireSinkRecord`. */
export function requireSinkRecord<R extends ConnectRecord<R>>(
  record: R,
  purpose: string,
): SinkRecord {
  if (!(record instanceof SinkRecord)) {
    const cls =
      record.constructor.name === 'SourceRecord'
        ? 'org.apache.kafka.connect.source.SourceRecord'
        : record.constructor.name;
    throw new DataException(`Only SinkRecord supported for [${purpose}], found: ${cls}`);
  }
  return record;
}
