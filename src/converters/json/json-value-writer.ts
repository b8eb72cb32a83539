import { BigDecimal } from '../../api/big-decimal.js';
import { ConnectDate } from '../../api/date.js';
import { Decimal } from '../../api/decimal.js';
import { DataException } from '../../api/errors.js';
import { javaClassOf } from '../../api/java-class.js';
import { type Schema, Type } from '../../api/schema.js';
import { Struct } from '../../api/struct.js';
import { Time } from '../../api/time.js';
import { Timestamp } from '../../api/timestamp.js';
import { TypedNumber } from '../../api/typed-number.js';
import { base64, jsonDouble, jsonFloat, quoteJson } from './json-text.js';

const TYPE_NAMES: Record<Type, string> = {
  [Type.BOOLEAN]: 'boolean',
  [Type.INT8]: 'int8',
  [Type.INT16]: 'int16',
  [Type.INT32]: 'int32',
  [Type.INT64]: 'int64',
  [Type.FLOAT32]: 'float',
  [Type.FLOAT64]: 'double',
  [Type.BYTES]: 'bytes',
  [Type.STRING]: 'string',
  [Type.ARRAY]: 'array',
  [Type.MAP]: 'map',
  [Type.STRUCT]: 'struct',
};

const INT_RANGES: Partial<Record<Type, [number, number]>> = {
  [Type.INT8]: [-128, 127],
  [Type.INT16]: [-32768, 32767],
  [Type.INT32]: [-2147483648, 2147483647],
};

/**
 * Writes Connect data as the JSON text Kafka's JsonConverter produces (Jackson's compact
 * output): schemas as `JC.asJsonSchema`, payloads as `JC.convertToJson`, with Kafka's errors.
 */
export class JsonValueWriter {
  private readonly schemaCache = new WeakMap<Schema, string>();

  constructor(
    private readonly decimalNumeric: boolean,
    private readonly replaceNullWithDefault: boolean,
  ) {}

  /** `{"schema":...,"payload":...}`. */
  envelope(schema: Schema | null, value: unknown): string {
    const s = schema === null ? 'null' : this.schemaJson(schema);
    return `{"schema":${s},"payload":${this.valueJson(schema, value)}}`;
  }

  /** The schema JSON; key order type, items/keys/values/fields, optional, name, version, doc, parameters, default. */
  schemaJson(schema: Schema): string {
    const cached = this.schemaCache.get(schema);
    if (cached !== undefined) return cached;
    let out = `{"type":"${TYPE_NAMES[schema.type]}"`;
    switch (schema.type) {
      case Type.ARRAY:
        out += `,"items":${this.nullableSchemaJson(schema.valueSchema())}`;
        break;
      case Type.MAP:
        out += `,"keys":${this.nullableSchemaJson(schema.keySchema())},"values":${this.nullableSchemaJson(schema.valueSchema())}`;
        break;
      case Type.STRUCT: {
        const fields = schema.fields().map((f) => {
          const fieldJson = this.schemaJson(f.schema);
          return `${fieldJson.slice(0, -1)},"field":${quoteJson(f.name)}}`;
        });
        out += `,"fields":[${fields.join(',')}]`;
        break;
      }
      default:
        break;
    }
    out += `,"optional":${schema.optional}`;
    if (schema.name !== null) out += `,"name":${quoteJson(schema.name)}`;
    if (schema.version !== null) out += `,"version":${schema.version}`;
    if (schema.doc !== null) out += `,"doc":${quoteJson(schema.doc)}`;
    if (schema.parameters !== null) {
      const params: string[] = [];
      for (const [k, v] of schema.parameters) params.push(`${quoteJson(k)}:${quoteJson(v)}`);
      out += `,"parameters":{${params.join(',')}}`;
    }
    if (schema.defaultValue !== null)
      out += `,"default":${this.valueJson(schema, schema.defaultValue)}`;
    out += '}';
    this.schemaCache.set(schema, out);
    return out;
  }

  private nullableSchemaJson(schema: Schema | null): string {
    return schema === null || schema === undefined ? 'null' : this.schemaJson(schema);
  }

  /** The payload JSON of `value` under `schema` (schemaless when `schema` is null). */
  valueJson(schema: Schema | null, value: unknown): string {
    if (value === null || value === undefined) {
      if (schema === null) return 'null';
      if (schema.defaultValue !== null && this.replaceNullWithDefault)
        return this.valueJson(schema, schema.defaultValue);
      if (schema.optional) return 'null';
      throw new DataException(
        'Conversion error: null value for field that is required and has no default value',
      );
    }
    if (schema !== null && schema.name !== null) {
      const logical = this.logicalJson(schema, value);
      if (logical !== undefined) return logical;
    }
    const type = schema !== null ? schema.type : schemalessType(value);
    switch (type) {
      case Type.INT8:
      case Type.INT16:
      case Type.INT32: {
        if (value instanceof TypedNumber && value.type === type) return String(value.value);
        const [min, max] = INT_RANGES[type]!;
        if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
          return String(value === 0 ? 0 : value);
        }
        return invalidType(schema, value);
      }
      case Type.INT64:
        if (typeof value === 'bigint') return BigInt.asIntN(64, value).toString();
        return invalidType(schema, value);
      case Type.FLOAT32:
        if (typeof value === 'number') return jsonFloat(value);
        if (value instanceof TypedNumber && value.type === 'FLOAT32') return jsonFloat(value.value);
        return invalidType(schema, value);
      case Type.FLOAT64:
        if (typeof value === 'number') return jsonDouble(value);
        return invalidType(schema, value);
      case Type.BOOLEAN:
        if (typeof value === 'boolean') return value ? 'true' : 'false';
        return invalidType(schema, value);
      case Type.STRING:
        if (typeof value === 'string') return quoteJson(value);
        return invalidType(schema, value);
      case Type.BYTES:
        if (value instanceof Uint8Array) return `"${base64(value)}"`;
        throw new DataException(`Invalid type for bytes type: ${javaClassOf(value)}`);
      case Type.ARRAY: {
        if (!Array.isArray(value)) return invalidType(schema, value);
        const elementSchema = schema === null ? null : schema.valueSchema();
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += this.valueJson(elementSchema, value[i]);
        }
        return `${out}]`;
      }
      case Type.MAP:
        if (!(value instanceof Map)) return invalidType(schema, value);
        return this.mapJson(schema, value);
      case Type.STRUCT: {
        if (!(value instanceof Struct) || schema === null || !value.schema.equals(schema)) {
          throw new DataException('Mismatching schema.');
        }
        let out = '{';
        let first = true;
        for (const f of schema.fields()) {
          if (!first) out += ',';
          first = false;
          out += `${quoteJson(f.name)}:${this.valueJson(f.schema, value.getWithoutDefault(f))}`;
        }
        return `${out}}`;
      }
      default:
        return invalidType(schema, value);
    }
  }

  private mapJson(schema: Schema | null, map: Map<unknown, unknown>): string {
    const keySchema = schema === null ? null : schema.keySchema();
    const valueSchema = schema === null ? null : schema.valueSchema();
    let objectMode: boolean;
    if (schema !== null) {
      objectMode = keySchema!.type === Type.STRING;
    } else {
      objectMode = true;
      for (const k of map.keys()) {
        if (typeof k !== 'string') {
          objectMode = false;
          break;
        }
      }
    }
    const parts: string[] = [];
    if (objectMode) {
      // Jackson's ObjectNode keeps one entry per key text: a later duplicate replaces in place.
      const entries = new Map<string, string>();
      for (const [k, v] of map)
        entries.set(asText(this.valueJson(keySchema, k)), this.valueJson(valueSchema, v));
      for (const [k, v] of entries) parts.push(`${quoteJson(k)}:${v}`);
      return `{${parts.join(',')}}`;
    }
    for (const [k, v] of map)
      parts.push(`[${this.valueJson(keySchema, k)},${this.valueJson(valueSchema, v)}]`);
    return `[${parts.join(',')}]`;
  }

  private logicalJson(schema: Schema, value: unknown): string | undefined {
    switch (schema.name) {
      case Decimal.LOGICAL_NAME:
        if (!(value instanceof BigDecimal)) {
          throw new DataException(
            `Invalid type for Decimal, expected BigDecimal but was ${javaClassOf(value)}`,
          );
        }
        return this.decimalNumeric
          ? value.toString()
          : `"${base64(Decimal.fromLogical(schema, value))}"`;
      case ConnectDate.LOGICAL_NAME:
        if (!(value instanceof Date))
          throw new DataException(
            `Invalid type for Date, expected Date but was ${javaClassOf(value)}`,
          );
        return String(ConnectDate.fromLogical(schema, value));
      case Time.LOGICAL_NAME:
        if (!(value instanceof Date))
          throw new DataException(
            `Invalid type for Time, expected Date but was ${javaClassOf(value)}`,
          );
        return String(Time.fromLogical(schema, value));
      case Timestamp.LOGICAL_NAME:
        if (!(value instanceof Date)) {
          throw new DataException(
            `Invalid type for Timestamp, expected Date but was ${javaClassOf(value)}`,
          );
        }
        return Timestamp.fromLogical(schema, value).toString();
      default:
        return undefined;
    }
  }
}

/** The schema type Kafka infers from a schemaless value's Java class (see TypedNumber). */
function schemalessType(value: unknown): Type {
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
  throw new DataException(
    `Java class ${javaClassOf(value)} does not have corresponding schema type.`,
  );
}

function invalidType(schema: Schema | null, value: unknown): never {
  throw new DataException(
    `Invalid type for ${schema !== null ? schema.type : 'unknown schema'}: ${javaClassOf(value)}`,
  );
}

/** Jackson's `JsonNode.asText()` of a written scalar, for map keys in object mode. */
function asText(json: string): string {
  if (json.startsWith('"')) return JSON.parse(json) as string;
  return json;
}
