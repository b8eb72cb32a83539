import { BigDecimal } from '../../api/big-decimal.js';
import { ConnectDate } from '../../api/date.js';
import { Decimal } from '../../api/decimal.js';
import { DataException } from '../../api/errors.js';
import { type Schema, Type } from '../../api/schema.js';
import { SchemaBuilder } from '../../api/schema-builder.js';
import { PUT_UNCHECKED, Struct } from '../../api/struct.js';
import { Time } from '../../api/time.js';
import { Timestamp } from '../../api/timestamp.js';
import {
  isIntegral,
  isJsonObject,
  isNumber,
  JsonDecimal,
  type JsonTree,
  nodeType,
  objectEntries,
  objectGet,
} from './json-tree.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Reads parsed JSON into Connect data as Kafka's JsonConverter does (`asConnectSchema`,
 * `convertToConnect`), including Jackson's lenient accessors (`intValue()` of a string is 0,
 * `textValue()` of a number is null) and Kafka's errors.
 */
export class JsonValueReader {
  private readonly cache = new Map<string, Schema>();

  constructor(
    private readonly replaceNullWithDefault: boolean,
    private readonly cacheSize: number,
  ) {}

  /** The Connect schema for the schema JSON `parse()` gives, cached by `key` (its text). */
  schemaFor(key: string, parse: () => JsonTree | undefined): Schema | null {
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      // Refresh its place: the cache evicts the least recently used schema.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const schema = this.asConnectSchema(parse());
    if (schema !== null && this.cacheSize > 0) {
      if (this.cache.size >= this.cacheSize)
        this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, schema);
    }
    return schema;
  }

  /** Kafka's `asConnectSchema`: a schema JSON node to a Connect schema (null for JSON null). */
  asConnectSchema(node: JsonTree | undefined): Schema | null {
    if (node === null) return null;
    if (node === undefined || !isJsonObject(node))
      throw new DataException("Schema must contain 'type' field");
    const typeNode = objectGet(node, 'type');
    if (typeof typeNode !== 'string') throw new DataException("Schema must contain 'type' field");
    let builder: SchemaBuilder;
    switch (typeNode) {
      case 'boolean':
        builder = SchemaBuilder.bool();
        break;
      case 'int8':
        builder = SchemaBuilder.int8();
        break;
      case 'int16':
        builder = SchemaBuilder.int16();
        break;
      case 'int32':
        builder = SchemaBuilder.int32();
        break;
      case 'int64':
        builder = SchemaBuilder.int64();
        break;
      case 'float':
        builder = SchemaBuilder.float32();
        break;
      case 'double':
        builder = SchemaBuilder.float64();
        break;
      case 'bytes':
        builder = SchemaBuilder.bytes();
        break;
      case 'string':
        builder = SchemaBuilder.string();
        break;
      case 'array': {
        const items = objectGet(node, 'items');
        if (items === undefined || items === null)
          throw new DataException('Array schema did not specify the element type');
        builder = SchemaBuilder.array(this.requireSchema(items));
        break;
      }
      case 'map': {
        const keys = objectGet(node, 'keys');
        if (keys === undefined) throw new DataException('Map schema did not specify the key type');
        const values = objectGet(node, 'values');
        if (values === undefined)
          throw new DataException('Map schema did not specify the value type');
        builder = SchemaBuilder.map(this.requireSchema(keys), this.requireSchema(values));
        break;
      }
      case 'struct': {
        builder = SchemaBuilder.struct();
        const fields = objectGet(node, 'fields');
        if (!Array.isArray(fields))
          throw new DataException('Struct schema\'s "fields" argument is not an array.');
        for (const field of fields) {
          const name = isJsonObject(field) ? objectGet(field, 'field') : undefined;
          if (typeof name !== 'string')
            throw new DataException("Struct schema's field name not specified properly");
          builder.field(name, this.requireSchema(field));
        }
        break;
      }
      default:
        throw new DataException(`Unknown schema type: ${typeNode}`);
    }
    if (objectGet(node, 'optional') === true) builder.optional();
    else builder.required();
    const name = objectGet(node, 'name');
    if (typeof name === 'string') builder.name(name);
    const version = objectGet(node, 'version');
    if (isIntegral(version)) builder.version(intValue(version));
    const doc = objectGet(node, 'doc');
    if (typeof doc === 'string') builder.doc(doc);
    const params = objectGet(node, 'parameters');
    if (params !== undefined && isJsonObject(params)) {
      for (const [k, v] of objectEntries(params)) {
        if (typeof v !== 'string')
          throw new DataException('Schema parameters must have string values.');
        builder.parameter(k, v);
      }
    }
    const def = objectGet(node, 'default');
    if (def !== undefined) builder.defaultValue(this.toConnect(builder.build(), def));
    return builder.build();
  }

  private requireSchema(node: JsonTree): Schema {
    // A nested `null` schema makes Kafka fail later with a NullPointerException; a clear error is kinder.
    const s = this.asConnectSchema(node);
    if (s === null) throw new DataException("Schema must contain 'type' field");
    return s;
  }

  /** Kafka's `convertToConnect`: a JSON node to a Connect value (schemaless when `schema` is null). */
  toConnect(schema: Schema | null, node: JsonTree | undefined): unknown {
    let type: Type;
    if (schema !== null) {
      type = schema.type;
      if (node === undefined || node === null) {
        if (schema.defaultValue !== null && this.replaceNullWithDefault) return schema.defaultValue;
        if (schema.optional) return null;
        throw new DataException(`Invalid null value for required ${type} field`);
      }
      if (schema.name !== null) {
        const logical = logicalToConnect(schema, node);
        if (logical !== undefined) return logical;
      }
    } else {
      if (node === undefined || node === null) return null;
      switch (typeof node) {
        case 'boolean':
          return node;
        case 'string':
          return node;
        case 'number':
          return Number.isInteger(node) ? BigInt(node) : node;
        case 'bigint':
          return BigInt.asIntN(64, node);
        default:
          break;
      }
      if (node instanceof JsonDecimal) return decimalToDouble(node.text);
      type = Array.isArray(node) ? Type.ARRAY : Type.MAP;
    }
    switch (type) {
      case Type.BOOLEAN:
        return node === true;
      case Type.INT8:
        return (intValue(node) << 24) >> 24;
      case Type.INT16:
        return (intValue(node) << 16) >> 16;
      case Type.INT32:
        return intValue(node);
      case Type.INT64:
        return longValue(node);
      case Type.FLOAT32:
        return floatValue(node);
      case Type.FLOAT64:
        return doubleValue(node);
      case Type.STRING:
        return typeof node === 'string' ? node : null;
      case Type.BYTES:
        return typeof node === 'string' ? decodeBase64(node, 'Invalid bytes field') : null;
      case Type.ARRAY: {
        const elementSchema = schema === null ? null : schema.valueSchema();
        const out: unknown[] = [];
        if (Array.isArray(node)) for (const e of node) out.push(this.toConnect(elementSchema, e));
        else if (isJsonObject(node))
          for (const [, e] of objectEntries(node)) out.push(this.toConnect(elementSchema, e));
        return out;
      }
      case Type.MAP:
        return this.mapToConnect(schema, node);
      case Type.STRUCT: {
        if (!isJsonObject(node)) {
          throw new DataException(
            `Structs should be encoded as JSON objects, but found ${nodeType(node)}`,
          );
        }
        const struct = new Struct(schema!);
        for (const f of schema!.fields()) {
          const v = this.toConnect(f.schema, objectGet(node, f.name));
          // Values built from the field's schema fit it; only a null (a lenient accessor's result
          // for a required field) needs Struct.put's check and message.
          if (v === null && !f.schema.optional) struct.put(f, v);
          else struct[PUT_UNCHECKED](f, v);
        }
        return struct;
      }
      default:
        throw new DataException(`Unknown schema type: ${String(type)}`);
    }
  }

  private mapToConnect(schema: Schema | null, node: JsonTree): Map<unknown, unknown> {
    const keySchema = schema === null ? null : schema.keySchema();
    const valueSchema = schema === null ? null : schema.valueSchema();
    const result = new Map<unknown, unknown>();
    if (schema === null || keySchema!.type === Type.STRING) {
      if (!isJsonObject(node)) {
        throw new DataException(
          `Maps with string fields should be encoded as JSON objects, but found ${nodeType(node)}`,
        );
      }
      if (node instanceof Map) {
        for (const [k, v] of node) result.set(k, this.toConnect(valueSchema, v));
      } else {
        // A plain object from JSON.parse: own keys only, none inherited.
        for (const k in node) result.set(k, this.toConnect(valueSchema, node[k]));
      }
      return result;
    }
    if (!Array.isArray(node)) {
      throw new DataException(
        `Maps with non-string fields should be encoded as JSON array of tuples, but found ${nodeType(node)}`,
      );
    }
    for (const entry of node) {
      if (!Array.isArray(entry)) {
        throw new DataException(
          `Found invalid map entry instead of array tuple: ${nodeType(entry)}`,
        );
      }
      if (entry.length !== 2) {
        throw new DataException(
          `Found invalid map entry, expected length 2 but found :${entry.length}`,
        );
      }
      result.set(this.toConnect(keySchema, entry[0]), this.toConnect(valueSchema, entry[1]));
    }
    return result;
  }
}

function logicalToConnect(schema: Schema, node: JsonTree): unknown {
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      if (isNumber(node)) return decimalValue(node);
      if (typeof node === 'string') {
        try {
          return Decimal.toLogical(schema, decodeBase64(node, 'Invalid bytes for Decimal field'));
        } catch (e) {
          throw new DataException('Invalid bytes for Decimal field', { cause: e });
        }
      }
      throw new DataException(
        `Invalid type for Decimal, underlying representation should be numeric or bytes but was ${nodeType(node)}`,
      );
    case ConnectDate.LOGICAL_NAME:
      if (!isInt(node)) {
        throw new DataException(
          `Invalid type for Date, underlying representation should be integer but was ${nodeType(node)}`,
        );
      }
      return ConnectDate.toLogical(schema, intValue(node));
    case Time.LOGICAL_NAME:
      if (!isInt(node)) {
        throw new DataException(
          `Invalid type for Time, underlying representation should be integer but was ${nodeType(node)}`,
        );
      }
      return Time.toLogical(schema, intValue(node));
    case Timestamp.LOGICAL_NAME:
      if (!isIntegral(node)) {
        throw new DataException(
          `Invalid type for Timestamp, underlying representation should be integral but was ${nodeType(node)}`,
        );
      }
      return Timestamp.toLogical(schema, longValue(node));
    default:
      return undefined;
  }
}

/** Jackson `isInt()`: an integer token within the int range. */
function isInt(node: JsonTree): boolean {
  if (typeof node === 'number')
    return Number.isInteger(node) && node >= INT32_MIN && node <= INT32_MAX;
  return false;
}

/** Jackson `intValue()`: integers wrap to 32 bits, decimals truncate, non-numbers give 0. */
function intValue(node: JsonTree): number {
  if (typeof node === 'number') return Math.trunc(node) | 0;
  if (typeof node === 'bigint') return Number(BigInt.asIntN(32, node));
  if (node instanceof JsonDecimal) {
    const whole = BigDecimal.parse(node.text);
    return Number(BigInt.asIntN(32, truncate(whole)));
  }
  return 0;
}

/** Jackson `longValue()`, as a bigint. */
function longValue(node: JsonTree): bigint {
  if (typeof node === 'number') return BigInt(Math.trunc(node));
  if (typeof node === 'bigint') return BigInt.asIntN(64, node);
  if (node instanceof JsonDecimal) return BigInt.asIntN(64, truncate(BigDecimal.parse(node.text)));
  return 0n;
}

/** Jackson `doubleValue()` (BigDecimal to double: no negative zero). */
function doubleValue(node: JsonTree): number {
  if (typeof node === 'number') return node === 0 ? 0 : node;
  if (typeof node === 'bigint') return Number(node);
  if (node instanceof JsonDecimal) return decimalToDouble(node.text);
  return 0;
}

/** Jackson `floatValue()`: rounded once from the exact token (no double rounding). */
function floatValue(node: JsonTree): number {
  if (node instanceof JsonDecimal) return BigDecimal.parse(node.text).toFloat32() || 0;
  if (typeof node === 'bigint') return new BigDecimal(node, 0).toFloat32();
  return Math.fround(doubleValue(node));
}

function decimalToDouble(text: string): number {
  const n = Number(text);
  return n === 0 ? 0 : n;
}

/** Jackson `decimalValue()`: the token's exact decimal, scale included. */
function decimalValue(node: number | bigint | JsonDecimal): BigDecimal {
  if (typeof node === 'bigint') return new BigDecimal(node, 0);
  if (typeof node === 'number')
    return Number.isInteger(node)
      ? new BigDecimal(BigInt(node), 0)
      : BigDecimal.parse(String(node));
  return BigDecimal.parse(node.text);
}

function truncate(d: BigDecimal): bigint {
  if (d.scale <= 0) return d.unscaled * 10n ** BigInt(-d.scale);
  return d.unscaled / 10n ** BigInt(d.scale);
}

const BASE64_TEXT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(text: string, message: string): Uint8Array {
  if (!BASE64_TEXT.test(text)) throw new DataException(message);
  return Buffer.from(text, 'base64');
}
