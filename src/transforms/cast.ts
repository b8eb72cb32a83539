import { BigDecimal } from '../api/big-decimal.js';
import type { ConnectRecord } from '../api/connect-record.js';
import { ConnectDate } from '../api/date.js';
import { ConfigException, DataException } from '../api/errors.js';
import { javaClassOf } from '../api/java-class.js';
import { javaDoubleToString, javaFloatToString } from '../api/java-number-format.js';
import { type Schema, Type } from '../api/schema.js';
import { SchemaBuilder } from '../api/schema-builder.js';
import { Struct } from '../api/struct.js';
import { Time } from '../api/time.js';
import { Timestamp } from '../api/timestamp.js';
import type { Transformation } from '../api/transformation.js';
import { TypedNumber } from '../api/typed-number.js';
import { convertToString } from '../api/values.js';
import { ConfigDef, invalidValue, lambdaValidator } from '../config/config-def.js';
import { operatingSchema, operatingValue, type Side, withOperating } from './util/key-or-value.js';
import {
  byteValue,
  doubleValue,
  floatValue,
  intValue,
  isJavaNumber,
  longValue,
  parseJavaDouble,
  parseJavaInteger,
  shortValue,
} from './util/java-numbers.js';
import { REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_DOC } from './util/replace-null.js';
import { requireMap, requireStruct } from './util/requirements.js';
import { copySchemaBasics } from './util/schema-util.js';

const PURPOSE = 'cast types';
const INPUT_TYPES = [
  Type.INT8,
  Type.INT16,
  Type.INT32,
  Type.INT64,
  Type.FLOAT32,
  Type.FLOAT64,
  Type.BOOLEAN,
  Type.STRING,
  Type.BYTES,
];
const OUTPUT_TYPES = INPUT_TYPES.slice(0, 8);
/** The key Kafka uses for a whole-value cast (Java's null key). */
const WHOLE_VALUE = '\u0000whole';

function validCastType(type: Type, output: boolean): Type {
  const allowed = output ? OUTPUT_TYPES : INPUT_TYPES;
  if (!allowed.includes(type)) {
    throw (output ? (m: string) => new ConfigException(m) : (m: string) => new DataException(m))(
      `Cast transformation does not support casting ${output ? 'to' : 'from'} ${type}; supported types are [${allowed.join(', ')}]`,
    );
  }
  return type;
}

/** Kafka's `parseFieldTypes`: `field:type,...` or a single whole-value type. */
export function parseCastSpec(spec: readonly string[]): Map<string, Type> {
  const casts = new Map<string, Type>();
  let isWholeValueCast = false;
  for (const mapping of spec) {
    const parts = mapping.split(':');
    if (parts.length > 2) throw invalidValue('renames', spec, `Invalid rename mapping: ${mapping}`);
    if (parts.length === 1) {
      const type = parseType(parts[0]!.trim());
      casts.set(WHOLE_VALUE, validCastType(type, true));
      isWholeValueCast = true;
    } else {
      casts.set(parts[0]!.trim(), validCastType(parseType(parts[1]!.trim()), true));
    }
  }
  if (isWholeValueCast && spec.length > 1) {
    throw new ConfigException(
      'Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec',
    );
  }
  return casts;
}

function parseType(name: string): Type {
  const upper = name.toUpperCase();
  if (!(upper in Type)) {
    // Kafka builds this one with ConfigException(name, value): the text is as odd as this.
    throw new ConfigException(
      `Invalid value java.lang.IllegalArgumentException: No enum constant org.apache.kafka.connect.data.Schema.Type.${upper} for configuration Invalid type found in casting spec: ${name}`,
    );
  }
  return upper as Type;
}

const CONFIG_DEF = new ConfigDef()
  .define({
    name: 'spec',
    type: 'LIST',
    importance: 'HIGH',
    doc: 'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, int64, float32, float64, boolean, and string. Note that binary fields can only be cast to string.',
    validator: lambdaValidator((name, value) => {
      const list = value as string[] | null;
      if (list === null || list.length === 0)
        throw new ConfigException('Must specify at least one field to cast.', name);
      parseCastSpec(list);
    }, 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>'),
  })
  .define({
    name: REPLACE_NULL_WITH_DEFAULT,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'MEDIUM',
    doc: REPLACE_NULL_WITH_DEFAULT_DOC,
  });

function builderFor(type: Type): SchemaBuilder {
  if (!OUTPUT_TYPES.includes(type))
    throw new DataException(`Unexpected type in Cast transformation: ${type}`);
  return new SchemaBuilder(type);
}

/** `ConnectSchema.schemaType(value.getClass())` for the TS representations. */
function schemalessType(value: unknown): Type | null {
  switch (typeof value) {
    case 'bigint':
      return Type.INT64;
    case 'number':
      return Type.FLOAT64;
    case 'boolean':
      return Type.BOOLEAN;
    case 'string':
      return Type.STRING;
    default:
      break;
  }
  if (value instanceof TypedNumber) return value.type as Type;
  if (value instanceof Uint8Array) return Type.BYTES;
  if (Array.isArray(value)) return Type.ARRAY;
  if (value instanceof Map) return Type.MAP;
  if (value instanceof Struct) return Type.STRUCT;
  return null;
}

function encodeLogical(schema: Schema, value: unknown): unknown {
  switch (schema.name) {
    case ConnectDate.LOGICAL_NAME:
      return ConnectDate.fromLogical(schema, value as Date);
    case Time.LOGICAL_NAME:
      return Time.fromLogical(schema, value as Date);
    case Timestamp.LOGICAL_NAME:
      return Timestamp.fromLogical(schema, value as Date);
    default:
      return value;
  }
}

function unexpected(value: unknown): never {
  throw new DataException(`Unexpected type in Cast transformation: ${javaClassOf(value)}`);
}

class OutOfRange extends Error {}

function parseInt(value: string, bits: 8 | 16 | 32 | 64): bigint {
  const n = parseJavaInteger(value, bits);
  if (n === null) throw new OutOfRange();
  return n;
}

function parseDouble(value: string): number {
  const n = parseJavaDouble(value);
  if (n === null) throw new OutOfRange();
  return n;
}

function numberToString(schema: Schema | null, value: unknown): string {
  if (typeof value === 'number' && schema !== null) {
    if (schema.type === Type.FLOAT32) return javaFloatToString(value);
    if (schema.type === Type.FLOAT64) return javaDoubleToString(value);
    return String(value);
  }
  if (typeof value === 'number') return javaDoubleToString(value);
  if (value instanceof TypedNumber)
    return value.type === 'FLOAT32' ? javaFloatToString(value.value) : String(value.value);
  return String(value);
}

/**
 * Kafka's `castValueToType`. `typed` says whether the result is written under a schema (plain
 * numbers) or schemaless (TypedNumber for the narrow Java classes).
 */
function castValueToType(
  schema: Schema | null,
  input: unknown,
  target: Type,
  typed: boolean,
): unknown {
  if (input === null || input === undefined) return null;
  const inferred = schema === null ? schemalessType(input) : schema.type;
  if (inferred === null) {
    throw new DataException(
      `Cast transformation was passed a value of type ${javaClassOf(input)} which is not supported by Connect's data API`,
    );
  }
  validCastType(inferred, false);
  let value: unknown = input;
  if (schema !== null && schema.name !== null && target !== Type.STRING)
    value = encodeLogical(schema, value);
  try {
    switch (target) {
      case Type.INT8: {
        const n = isJavaNumber(value)
          ? byteValue(value)
          : typeof value === 'boolean'
            ? Number(value)
            : typeof value === 'string'
              ? Number(parseInt(value, 8))
              : unexpected(value);
        return typed ? n : TypedNumber.int8(n);
      }
      case Type.INT16: {
        const n = isJavaNumber(value)
          ? shortValue(value)
          : typeof value === 'boolean'
            ? Number(value)
            : typeof value === 'string'
              ? Number(parseInt(value, 16))
              : unexpected(value);
        return typed ? n : TypedNumber.int16(n);
      }
      case Type.INT32: {
        const n = isJavaNumber(value)
          ? intValue(value)
          : typeof value === 'boolean'
            ? Number(value)
            : typeof value === 'string'
              ? Number(parseInt(value, 32))
              : unexpected(value);
        return typed ? n : TypedNumber.int32(n);
      }
      case Type.INT64:
        return isJavaNumber(value)
          ? longValue(value)
          : typeof value === 'boolean'
            ? BigInt(value)
            : typeof value === 'string'
              ? parseInt(value, 64)
              : unexpected(value);
      case Type.FLOAT32: {
        const n = isJavaNumber(value)
          ? floatValue(value)
          : typeof value === 'boolean'
            ? Number(value)
            : typeof value === 'string'
              ? Math.fround(parseDouble(value))
              : unexpected(value);
        return typed ? n : TypedNumber.float32(n);
      }
      case Type.FLOAT64:
        return isJavaNumber(value)
          ? doubleValue(value)
          : typeof value === 'boolean'
            ? Number(value)
            : typeof value === 'string'
              ? parseDouble(value)
              : unexpected(value);
      case Type.BOOLEAN:
        if (isJavaNumber(value)) return longValue(value) !== 0n;
        if (typeof value === 'boolean') return value;
        if (typeof value === 'string') return value.toLowerCase() === 'true';
        return unexpected(value);
      case Type.STRING:
        if (value instanceof Date) return convertToString(null, value);
        if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
        if (value instanceof BigDecimal) return value.toString();
        if (isJavaNumber(value)) return numberToString(schema, value);
        return String(value);
      default:
        throw new DataException(`${target} is not supported in the Cast transformation.`);
    }
  } catch (e) {
    if (e instanceof OutOfRange) {
      throw new DataException(`Value (${String(value)}) was out of range for requested data type`);
    }
    throw e;
  }
}

/** Kafka's `Cast`: casts fields, or the whole key or value, to another primitive type. */
export abstract class Cast<R extends ConnectRecord<R>> implements Transformation<R> {
  protected abstract readonly side: Side;
  private casts = new Map<string, Type>();
  private wholeValueCastType: Type | null = null;
  private replaceNullWithDefault = true;
  private readonly schemaCache = new Map<Schema, Schema>();

  configure(configs: Record<string, string>): void {
    const config = CONFIG_DEF.parse(configs);
    this.casts = parseCastSpec(config.getList('spec'));
    this.wholeValueCastType = this.casts.get(WHOLE_VALUE) ?? null;
    this.replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT);
  }

  apply(record: R): R | null {
    const value = operatingValue(record, this.side);
    if (value === null || value === undefined) return record;
    const schema = operatingSchema(record, this.side);
    if (schema === null) return this.applySchemaless(record, value);
    return this.applyWithSchema(record, schema, value);
  }

  private applySchemaless(record: R, raw: unknown): R {
    if (this.wholeValueCastType !== null) {
      return withOperating(
        record,
        this.side,
        null,
        castValueToType(null, raw, this.wholeValueCastType, false),
      );
    }
    const value = requireMap(raw, PURPOSE);
    const updated = new Map(value);
    for (const [field, type] of this.casts)
      updated.set(field, castValueToType(null, value.get(field) ?? null, type, false));
    return withOperating(record, this.side, null, updated);
  }

  private applyWithSchema(record: R, schema: Schema, raw: unknown): R {
    const updatedSchema = this.schemaFor(schema);
    if (this.wholeValueCastType !== null) {
      return withOperating(
        record,
        this.side,
        updatedSchema,
        castValueToType(schema, raw, this.wholeValueCastType, true),
      );
    }
    const value = requireStruct(raw, PURPOSE);
    const updated = new Struct(updatedSchema);
    for (const field of value.schema.fields()) {
      const orig = this.replaceNullWithDefault ? value.get(field) : value.getWithoutDefault(field);
      const target = this.casts.get(field.name);
      const next = target !== undefined ? castValueToType(field.schema, orig, target, true) : orig;
      updated.put(updatedSchema.field(field.name)!, next);
    }
    return withOperating(record, this.side, updatedSchema, updated);
  }

  private schemaFor(schema: Schema): Schema {
    const cached = this.schemaCache.get(schema);
    if (cached !== undefined) return cached;
    let builder: SchemaBuilder;
    if (this.wholeValueCastType !== null) {
      builder = copySchemaBasics(schema, builderFor(this.wholeValueCastType));
    } else {
      builder = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const field of schema.fields()) {
        const target = this.casts.get(field.name);
        if (target !== undefined) {
          const fb = builderFor(target);
          if (field.schema.optional) fb.optional();
          if (field.schema.defaultValue !== null)
            fb.defaultValue(castValueToType(field.schema, field.schema.defaultValue, target, true));
          builder.field(field.name, fb.build());
        } else {
          builder.field(field.name, field.schema);
        }
      }
    }
    if (schema.optional) builder.optional();
    if (schema.defaultValue !== null)
      builder.defaultValue(castValueToType(schema, schema.defaultValue, builder.type, true));
    const built = builder.build();
    if (this.schemaCache.size >= 16) this.schemaCache.clear();
    this.schemaCache.set(schema, built);
    return built;
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

export class CastKey<R extends ConnectRecord<R>> extends Cast<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.Cast$Key';
  protected readonly side = 'key';
}

export class CastValue<R extends ConnectRecord<R>> extends Cast<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.Cast$Value';
  protected readonly side = 'value';
}
