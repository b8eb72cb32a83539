import type { ConfigDef } from '../config/config-def.js';
import type { Converter } from '../api/converter.js';
import { DataException } from '../api/errors.js';
import type { HeaderConverter } from '../api/header-converter.js';
import type { Headers } from '../api/headers.js';
import { javaClassOf } from '../api/java-class.js';
import { Schema, Type } from '../api/schema.js';
import { SchemaAndValue } from '../api/schema-and-value.js';
import { TypedNumber } from '../api/typed-number.js';
import { newConverterConfigDef, withConverterType } from './converter-config.js';

const CONFIG = newConverterConfigDef();

/** How one fixed-width number type is checked, written and read (big-endian). */
interface NumberCodec {
  /** Kafka's display name in messages: `integer`, `long`, ... */
  typeName: string;
  /** Kafka's deserializer class name, for the cause message. */
  deserializerName: string;
  width: number;
  schema: Schema;
  /**
   * The value to write, or undefined when the value is not of this Java type. A plain number
   * stands for this type only when the schema says so (schemaless it is a Double).
   */
  accept(value: unknown, schemaType: Type | undefined): number | bigint | undefined;
  write(view: DataView, v: number | bigint): void;
  read(view: DataView): number | bigint;
}

/**
 * Kafka's `NumberConverter`: the schema is ignored on write, there is no widening or narrowing
 * (a Long given to the IntegerConverter is an error), and reads return the converter's optional
 * schema. Values follow the representation documented on Schema (int64 as bigint).
 */
abstract class NumberConverter implements Converter, HeaderConverter {
  protected abstract readonly codec: NumberCodec;

  config(): ConfigDef {
    return CONFIG;
  }

  configure(configs: Record<string, string>, isKey?: boolean): void {
    CONFIG.parse(isKey === undefined ? configs : withConverterType(configs, isKey));
  }

  fromConnectData(
    _topic: string,
    _headers: Headers | null,
    schema: Schema | null,
    value: unknown,
  ): Uint8Array | null {
    if (value === null || value === undefined) return null;
    const v = this.codec.accept(value, schema?.type);
    if (v === undefined) {
      const cls = typeof value === 'number' ? javaClassOf(value, schema) : javaClassOf(value);
      throw new DataException(`Failed to serialize to ${this.codec.typeName} (was ${cls}): `);
    }
    const out = new Uint8Array(this.codec.width);
    this.codec.write(new DataView(out.buffer), v);
    return out;
  }

  toConnectData(
    _topic: string,
    _headers: Headers | null,
    value: Uint8Array | null,
  ): SchemaAndValue {
    if (value === null) return new SchemaAndValue(this.codec.schema, null);
    if (value.length !== this.codec.width) {
      throw new DataException(`Failed to deserialize ${this.codec.typeName}: `, {
        cause: new Error(
          `Size of data received by ${this.codec.deserializerName} is not ${this.codec.width}`,
        ),
      });
    }
    const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
    return new SchemaAndValue(this.codec.schema, this.codec.read(view));
  }

  fromConnectHeader(
    topic: string,
    _headerKey: string,
    schema: Schema | null,
    value: unknown,
  ): Uint8Array | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }

  close(): void {}
}

function intIn(
  value: unknown,
  schemaType: Type | undefined,
  type: Type,
  min: number,
  max: number,
): number | undefined {
  if (value instanceof TypedNumber) return value.type === type ? value.value : undefined;
  if (schemaType !== type) return undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    ? value
    : undefined;
}

/** Kafka's `ShortConverter` (2 bytes, OPTIONAL_INT16). */
export class ShortConverter extends NumberConverter {
  static readonly FQCN = 'org.apache.kafka.connect.converters.ShortConverter';
  protected readonly codec: NumberCodec = {
    typeName: 'short',
    deserializerName: 'ShortDeserializer',
    width: 2,
    schema: Schema.OPTIONAL_INT16_SCHEMA,
    accept: (v, t) => intIn(v, t, Type.INT16, -32768, 32767),
    write: (view, v) => view.setInt16(0, Number(v)),
    read: (view) => view.getInt16(0),
  };
}

/** Kafka's `IntegerConverter` (4 bytes, OPTIONAL_INT32). */
export class IntegerConverter extends NumberConverter {
  static readonly FQCN = 'org.apache.kafka.connect.converters.IntegerConverter';
  protected readonly codec: NumberCodec = {
    typeName: 'integer',
    deserializerName: 'IntegerDeserializer',
    width: 4,
    schema: Schema.OPTIONAL_INT32_SCHEMA,
    accept: (v, t) => intIn(v, t, Type.INT32, -2147483648, 2147483647),
    write: (view, v) => view.setInt32(0, Number(v)),
    read: (view) => view.getInt32(0),
  };
}

/** Kafka's `LongConverter` (8 bytes, OPTIONAL_INT64, values as bigint). */
export class LongConverter extends NumberConverter {
  static readonly FQCN = 'org.apache.kafka.connect.converters.LongConverter';
  protected readonly codec: NumberCodec = {
    typeName: 'long',
    deserializerName: 'LongDeserializer',
    width: 8,
    schema: Schema.OPTIONAL_INT64_SCHEMA,
    accept: (v) => (typeof v === 'bigint' ? BigInt.asIntN(64, v) : undefined),
    write: (view, v) => view.setBigInt64(0, BigInt(v)),
    read: (view) => view.getBigInt64(0),
  };
}

/** Kafka's `FloatConverter` (4 bytes IEEE-754, OPTIONAL_FLOAT32). */
export class FloatConverter extends NumberConverter {
  static readonly FQCN = 'org.apache.kafka.connect.converters.FloatConverter';
  protected readonly codec: NumberCodec = {
    typeName: 'float',
    deserializerName: 'FloatDeserializer',
    width: 4,
    schema: Schema.OPTIONAL_FLOAT32_SCHEMA,
    accept: (v, t) =>
      typeof v === 'number' && t === Type.FLOAT32
        ? v
        : v instanceof TypedNumber && v.type === 'FLOAT32'
          ? v.value
          : undefined,
    write: (view, v) => view.setFloat32(0, Number(v)),
    read: (view) => view.getFloat32(0),
  };
}

/** Kafka's `DoubleConverter` (8 bytes IEEE-754, OPTIONAL_FLOAT64). */
export class DoubleConverter extends NumberConverter {
  static readonly FQCN = 'org.apache.kafka.connect.converters.DoubleConverter';
  protected readonly codec: NumberCodec = {
    typeName: 'double',
    deserializerName: 'Deserializer',
    width: 8,
    schema: Schema.OPTIONAL_FLOAT64_SCHEMA,
    accept: (v, t) =>
      typeof v === 'number' && (t === undefined || t === Type.FLOAT64) ? v : undefined,
    write: (view, v) => view.setFloat64(0, Number(v)),
    read: (view) => view.getFloat64(0),
  };
}
