import { DataException } from './errors.js';
import { valueEquals } from './value-equals.js';
import { validateValue } from './validate-value.js';

/** The schema types of Kafka Connect, spelled as Kafka's `Schema.Type` names. */
export enum Type {
  INT8 = 'INT8',
  INT16 = 'INT16',
  INT32 = 'INT32',
  INT64 = 'INT64',
  FLOAT32 = 'FLOAT32',
  FLOAT64 = 'FLOAT64',
  BOOLEAN = 'BOOLEAN',
  STRING = 'STRING',
  BYTES = 'BYTES',
  ARRAY = 'ARRAY',
  MAP = 'MAP',
  STRUCT = 'STRUCT',
}

/** Whether a type is a primitive (not ARRAY, MAP or STRUCT), as Kafka's `Type.isPrimitive`. */
export function isPrimitive(type: Type): boolean {
  return type !== Type.ARRAY && type !== Type.MAP && type !== Type.STRUCT;
}

/**
 * A Connect schema: the type of a key, a value, a header or a struct field.
 *
 * Values are represented in TypeScript as follows (see also {@link TypedNumber} for schemaless
 * values):
 *
 * | schema type | value |
 * | --- | --- |
 * | INT8, INT16, INT32, FLOAT32, FLOAT64 | `number` (an INT* value must be an integer in range) |
 * | INT64 | `bigint` (always; full 64-bit precision) |
 * | BOOLEAN | `boolean` |
 * | STRING | `string` |
 * | BYTES | `Uint8Array` (a `Buffer` is fine) |
 * | ARRAY | `unknown[]` |
 * | MAP | `Map<unknown, unknown>` (keeps key types and insertion order) |
 * | STRUCT | {@link Struct} |
 * | Decimal (BYTES) | {@link BigDecimal} |
 * | Date (INT32), Time (INT32), Timestamp (INT64) | `Date` |
 *
 * Schemas are immutable; build them with {@link SchemaBuilder} or use the constants such as
 * {@link Schema.STRING_SCHEMA}.
 */
export interface Schema {
  readonly type: Type;
  /** Whether `null` is a valid value. */
  readonly optional: boolean;
  /** The default value, or `null` for none. */
  readonly defaultValue: unknown;
  readonly name: string | null;
  readonly version: number | null;
  readonly doc: string | null;
  /** Extra string parameters (e.g. Decimal's `scale`), in insertion order, or `null`. */
  readonly parameters: ReadonlyMap<string, string> | null;
  /** The fields of a STRUCT schema; throws a DataException for other types. */
  fields(): readonly Field[];
  /** The field with that name, or `null`; throws a DataException for non-STRUCT types. */
  field(name: string): Field | null;
  /** The key schema of a MAP schema; throws a DataException for other types. */
  keySchema(): Schema;
  /** The element schema of an ARRAY or the value schema of a MAP; throws for other types. */
  valueSchema(): Schema;
  /** Kafka's `ConnectSchema.equals`: every attribute, fields and nested schemas included. */
  equals(other: unknown): boolean;
  /** `Schema{name:TYPE}` or `Schema{TYPE}`, as Kafka prints a schema in messages. */
  toString(): string;
}

/** A field of a STRUCT schema: its name, its position and its schema. */
export class Field {
  constructor(
    readonly name: string,
    readonly index: number,
    readonly schema: Schema,
  ) {}

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof Field)) return false;
    return (
      this.name === other.name && this.index === other.index && this.schema.equals(other.schema)
    );
  }

  toString(): string {
    return `Field{name=${this.name}, index=${this.index}, schema=${this.schema.toString()}}`;
  }
}

/** The built schema, as Kafka's `ConnectSchema`. Prefer {@link SchemaBuilder} to the constructor. */
export class ConnectSchema implements Schema {
  readonly type: Type;
  readonly optional: boolean;
  readonly defaultValue: unknown;
  readonly name: string | null;
  readonly version: number | null;
  readonly doc: string | null;
  readonly parameters: ReadonlyMap<string, string> | null;
  private readonly fieldList: readonly Field[] | null;
  private readonly fieldsByName: Map<string, Field> | null;
  private readonly keySchemaValue: Schema | null;
  private readonly valueSchemaValue: Schema | null;

  constructor(
    type: Type,
    optional = false,
    defaultValue: unknown = null,
    name: string | null = null,
    version: number | null = null,
    doc: string | null = null,
    parameters: ReadonlyMap<string, string> | null = null,
    fields: readonly Field[] | null = null,
    keySchema: Schema | null = null,
    valueSchema: Schema | null = null,
  ) {
    this.type = type;
    this.optional = optional;
    this.defaultValue = defaultValue === undefined ? null : defaultValue;
    this.name = name;
    this.version = version;
    this.doc = doc;
    this.parameters = parameters;
    this.fieldList = fields;
    if (fields !== null && type === Type.STRUCT) {
      this.fieldsByName = new Map();
      for (const f of fields) this.fieldsByName.set(f.name, f);
    } else {
      this.fieldsByName = null;
    }
    this.keySchemaValue = keySchema;
    this.valueSchemaValue = valueSchema;
  }

  fields(): readonly Field[] {
    if (this.type !== Type.STRUCT) throw new DataException('Cannot list fields on non-struct type');
    return this.fieldList ?? [];
  }

  field(name: string): Field | null {
    if (this.type !== Type.STRUCT)
      throw new DataException('Cannot look up fields on non-struct type');
    return this.fieldsByName?.get(name) ?? null;
  }

  keySchema(): Schema {
    if (this.type !== Type.MAP)
      throw new DataException('Cannot look up key schema on non-map type');
    return this.keySchemaValue as Schema;
  }

  valueSchema(): Schema {
    if (this.type !== Type.MAP && this.type !== Type.ARRAY) {
      throw new DataException('Cannot look up value schema on non-array and non-map type');
    }
    return this.valueSchemaValue as Schema;
  }

  /** Throws a DataException with Kafka's message when `value` does not fit this schema. */
  validateValue(value: unknown): void {
    validateValue(this, value);
  }

  /** Kafka's static `ConnectSchema.validateValue(schema, value)`. */
  static validateValue(schema: Schema, value: unknown, fieldName?: string | null): void {
    validateValue(schema, value, fieldName);
  }

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof ConnectSchema)) return false;
    return (
      this.optional === other.optional &&
      this.version === other.version &&
      this.name === other.name &&
      this.doc === other.doc &&
      this.type === other.type &&
      valueEquals(this.defaultValue, other.defaultValue) &&
      listEquals(this.fieldList, other.fieldList) &&
      schemaEquals(this.keySchemaValue, other.keySchemaValue) &&
      schemaEquals(this.valueSchemaValue, other.valueSchemaValue) &&
      parametersEqual(this.parameters, other.parameters)
    );
  }

  toString(): string {
    return this.name !== null ? `Schema{${this.name}:${this.type}}` : `Schema{${this.type}}`;
  }
}

function listEquals(a: readonly Field[] | null, b: readonly Field[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!a[i]!.equals(b[i])) return false;
  return true;
}

function schemaEquals(a: Schema | null, b: Schema | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return a.equals(b);
}

function parametersEqual(
  a: ReadonlyMap<string, string> | null,
  b: ReadonlyMap<string, string> | null,
): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** Kafka's predefined schemas (`Schema.INT8_SCHEMA`, `Schema.OPTIONAL_STRING_SCHEMA`, ...). */
export const Schema = {
  INT8_SCHEMA: new ConnectSchema(Type.INT8) as Schema,
  INT16_SCHEMA: new ConnectSchema(Type.INT16) as Schema,
  INT32_SCHEMA: new ConnectSchema(Type.INT32) as Schema,
  INT64_SCHEMA: new ConnectSchema(Type.INT64) as Schema,
  FLOAT32_SCHEMA: new ConnectSchema(Type.FLOAT32) as Schema,
  FLOAT64_SCHEMA: new ConnectSchema(Type.FLOAT64) as Schema,
  BOOLEAN_SCHEMA: new ConnectSchema(Type.BOOLEAN) as Schema,
  STRING_SCHEMA: new ConnectSchema(Type.STRING) as Schema,
  BYTES_SCHEMA: new ConnectSchema(Type.BYTES) as Schema,
  OPTIONAL_INT8_SCHEMA: new ConnectSchema(Type.INT8, true) as Schema,
  OPTIONAL_INT16_SCHEMA: new ConnectSchema(Type.INT16, true) as Schema,
  OPTIONAL_INT32_SCHEMA: new ConnectSchema(Type.INT32, true) as Schema,
  OPTIONAL_INT64_SCHEMA: new ConnectSchema(Type.INT64, true) as Schema,
  OPTIONAL_FLOAT32_SCHEMA: new ConnectSchema(Type.FLOAT32, true) as Schema,
  OPTIONAL_FLOAT64_SCHEMA: new ConnectSchema(Type.FLOAT64, true) as Schema,
  OPTIONAL_BOOLEAN_SCHEMA: new ConnectSchema(Type.BOOLEAN, true) as Schema,
  OPTIONAL_STRING_SCHEMA: new ConnectSchema(Type.STRING, true) as Schema,
  OPTIONAL_BYTES_SCHEMA: new ConnectSchema(Type.BYTES, true) as Schema,
} as const;
