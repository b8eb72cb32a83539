import { BigDecimal } from './big-decimal.js';
import { ConnectDate } from './date.js';
import { Decimal } from './decimal.js';
import { DataException } from './errors.js';
import {
  DATE_LOGICAL_NAME,
  DECIMAL_LOGICAL_NAME,
  TIME_LOGICAL_NAME,
  TIMESTAMP_LOGICAL_NAME,
} from './logical-names.js';
import { Schema, Type } from './schema.js';
import { SchemaAndValue } from './schema-and-value.js';
import { Struct } from './struct.js';
import { Time } from './time.js';
import { Timestamp } from './timestamp.js';
import { TypedNumber } from './typed-number.js';
import { valueEquals } from './value-equals.js';
import { javaToString } from './java-to-string.js';

/** One record header: a key and a value with its (possibly null) schema. Immutable. */
export class Header {
  constructor(
    readonly key: string,
    readonly schema: Schema | null,
    readonly value: unknown,
  ) {}

  /** A header with the same value under another key. */
  rename(key: string): Header {
    return new Header(key, this.schema, this.value);
  }

  /** A header with the same key and another value. */
  with(schema: Schema | null, value: unknown): Header {
    return new Header(this.key, schema, value);
  }

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof Header) || other.key !== this.key) return false;
    const schemasEqual =
      this.schema === other.schema ||
      (this.schema !== null && other.schema !== null && this.schema.equals(other.schema));
    return schemasEqual && valueEquals(this.value, other.value);
  }

  toString(): string {
    return `ConnectHeader(key=${this.key}, value=${javaToString(this.value)}, schema=${String(this.schema)})`;
  }
}

/**
 * The headers of a Connect record, as Kafka's `ConnectHeaders`: ordered, duplicate keys allowed
 * (the last one wins for {@link lastWithName}). A transformation that changes headers works on
 * `record.headers.duplicate()`, never on its input's headers.
 */
export class Headers implements Iterable<Header> {
  private list: Header[];

  constructor(original?: Iterable<Header> | null) {
    this.list = original ? [...original] : [];
  }

  get size(): number {
    return this.list.length;
  }

  isEmpty(): boolean {
    return this.list.length === 0;
  }

  clear(): this {
    this.list = [];
    return this;
  }

  [Symbol.iterator](): Iterator<Header> {
    return this.list[Symbol.iterator]();
  }

  /** Every header, in order. */
  toArray(): Header[] {
    return [...this.list];
  }

  /** Adds a header object as it is. */
  addHeader(header: Header): this {
    this.list.push(header);
    return this;
  }

  /**
   * Adds a header, checking that the value fits the schema when there is one
   * (DataException with Kafka's message otherwise).
   */
  add(key: string, value: unknown, schema: Schema | null): this {
    const v = value === undefined ? null : value;
    checkSchemaMatches(schema, v);
    this.list.push(new Header(key, schema, v));
    return this;
  }

  /** Adds a header from a SchemaAndValue (null means no schema and no value). */
  addSchemaAndValue(key: string, sv: SchemaAndValue | null): this {
    return this.add(key, sv?.value ?? null, sv?.schema ?? null);
  }

  addString(key: string, value: string | null): this {
    return this.push(
      key,
      value,
      value !== null ? Schema.STRING_SCHEMA : Schema.OPTIONAL_STRING_SCHEMA,
    );
  }
  addBytes(key: string, value: Uint8Array | null): this {
    return this.push(
      key,
      value,
      value !== null ? Schema.BYTES_SCHEMA : Schema.OPTIONAL_BYTES_SCHEMA,
    );
  }
  addBoolean(key: string, value: boolean): this {
    return this.push(key, value, Schema.BOOLEAN_SCHEMA);
  }
  addByte(key: string, value: number): this {
    return this.push(key, value, Schema.INT8_SCHEMA);
  }
  addShort(key: string, value: number): this {
    return this.push(key, value, Schema.INT16_SCHEMA);
  }
  addInt(key: string, value: number): this {
    return this.push(key, value, Schema.INT32_SCHEMA);
  }
  addLong(key: string, value: bigint): this {
    return this.push(key, value, Schema.INT64_SCHEMA);
  }
  addFloat(key: string, value: number): this {
    return this.push(key, Math.fround(value), Schema.FLOAT32_SCHEMA);
  }
  addDouble(key: string, value: number): this {
    return this.push(key, value, Schema.FLOAT64_SCHEMA);
  }
  addList(key: string, value: unknown[] | null, schema: Schema): this {
    if (value === null) return this.add(key, null, null);
    checkSchemaType(schema, Type.ARRAY);
    return this.push(key, value, schema);
  }
  addMap(key: string, value: Map<unknown, unknown> | null, schema: Schema): this {
    if (value === null) return this.add(key, null, null);
    checkSchemaType(schema, Type.MAP);
    return this.push(key, value, schema);
  }
  addStruct(key: string, value: Struct | null): this {
    if (value === null) return this.add(key, null, null);
    return this.push(key, value, value.schema);
  }
  addDecimal(key: string, value: BigDecimal | null): this {
    if (value === null) return this.add(key, null, null);
    const schema = Decimal.schema(value.scale);
    Decimal.fromLogical(schema, value);
    return this.push(key, value, schema);
  }
  addDate(key: string, value: Date | null): this {
    if (value !== null) ConnectDate.fromLogical(ConnectDate.SCHEMA, value);
    return this.push(key, value, ConnectDate.SCHEMA);
  }
  addTime(key: string, value: Date | null): this {
    if (value !== null) Time.fromLogical(Time.SCHEMA, value);
    return this.push(key, value, Time.SCHEMA);
  }
  addTimestamp(key: string, value: Date | null): this {
    if (value !== null) Timestamp.fromLogical(Timestamp.SCHEMA, value);
    return this.push(key, value, Timestamp.SCHEMA);
  }

  /** The last header with this key, or `null`. */
  lastWithName(key: string): Header | null {
    for (let i = this.list.length - 1; i >= 0; i--)
      if (this.list[i]!.key === key) return this.list[i]!;
    return null;
  }

  /** Every header with this key, in order. */
  allWithName(key: string): Header[] {
    return this.list.filter((h) => h.key === key);
  }

  /** Removes every header with this key. */
  remove(key: string): this {
    this.list = this.list.filter((h) => h.key !== key);
    return this;
  }

  /** Keeps only the last header of `key`, or, without a key, the last header of every key. */
  retainLatest(key?: string): this {
    const seen = new Set<string>();
    const kept: Header[] = [];
    for (let i = this.list.length - 1; i >= 0; i--) {
      const h = this.list[i]!;
      if (key !== undefined && h.key !== key) {
        kept.push(h);
      } else if (!seen.has(h.key)) {
        seen.add(h.key);
        kept.push(h);
      }
    }
    this.list = kept.reverse();
    return this;
  }

  /**
   * Replaces each header (of `key`, or all headers) with what `transform` returns; `null`
   * removes it.
   */
  apply(transform: (h: Header) => Header | null, key?: string): this {
    const out: Header[] = [];
    for (const h of this.list) {
      if (key !== undefined && h.key !== key) {
        out.push(h);
        continue;
      }
      const updated = transform(h);
      if (updated !== null) out.push(updated);
    }
    this.list = out;
    return this;
  }

  /** An independent copy (the Header objects are immutable and shared). */
  duplicate(): Headers {
    return new Headers(this.list);
  }

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof Headers) || other.list.length !== this.list.length) return false;
    return this.list.every((h, i) => h.equals(other.list[i]));
  }

  toString(): string {
    return `ConnectHeaders(headers=${this.list.length === 0 ? '' : `[${this.list.map(String).join(', ')}]`})`;
  }

  private push(key: string, value: unknown, schema: Schema): this {
    this.list.push(new Header(key, schema, value));
    return this;
  }
}

function checkSchemaType(schema: Schema, type: Type): void {
  if (schema.type !== type)
    throw new DataException(`Expecting ${type} but instead found ${schema.type}`);
}

/** Kafka's `ConnectHeaders.checkSchemaMatches`, with its messages. */
function checkSchemaMatches(schema: Schema | null, value: unknown): void {
  if (schema === null) return;
  if (value === null) {
    if (!schema.optional)
      throw new DataException(
        `A null value requires an optional schema but was ${schema.toString()}`,
      );
    return;
  }
  if (!headerValueFits(schema, value)) {
    throw new DataException(
      `The value ${javaToString(value)} is not compatible with the schema ${schema.toString()}`,
    );
  }
}

function headerValueFits(schema: Schema, value: unknown): boolean {
  const isTyped = (t: string): boolean => value instanceof TypedNumber && value.type === t;
  switch (schema.type) {
    case Type.BYTES:
      return (
        value instanceof Uint8Array ||
        (value instanceof BigDecimal && schema.name === DECIMAL_LOGICAL_NAME)
      );
    case Type.STRING:
      return typeof value === 'string';
    case Type.BOOLEAN:
      return typeof value === 'boolean';
    case Type.INT8:
    case Type.INT16:
    case Type.INT32:
      if (value instanceof Date)
        return schema.name === DATE_LOGICAL_NAME || schema.name === TIME_LOGICAL_NAME;
      return (typeof value === 'number' && Number.isInteger(value)) || isTyped(schema.type);
    case Type.INT64:
      return (
        typeof value === 'bigint' ||
        (value instanceof Date && schema.name === TIMESTAMP_LOGICAL_NAME)
      );
    case Type.FLOAT32:
      return typeof value === 'number' || isTyped('FLOAT32');
    case Type.FLOAT64:
      return typeof value === 'number';
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
