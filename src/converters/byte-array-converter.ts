import type { ConfigDef } from '../config/config-def.js';
import type { Converter } from '../api/converter.js';
import { DataException } from '../api/errors.js';
import type { HeaderConverter } from '../api/header-converter.js';
import type { Headers } from '../api/headers.js';
import { javaClassOf } from '../api/java-class.js';
import { Schema, Type } from '../api/schema.js';
import { SchemaAndValue } from '../api/schema-and-value.js';
import { newConverterConfigDef, withConverterType } from './converter-config.js';

const CONFIG = newConverterConfigDef();

/** Kafka's `ByteArrayConverter`: bytes pass through unchanged; reads give OPTIONAL_BYTES. */
export class ByteArrayConverter implements Converter, HeaderConverter {
  static readonly FQCN = 'org.apache.kafka.connect.converters.ByteArrayConverter';

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
    if (schema !== null && schema.type !== Type.BYTES) {
      throw new DataException(`Invalid schema type for ByteArrayConverter: ${schema.type}`);
    }
    if (value === null || value === undefined) return null;
    if (!(value instanceof Uint8Array)) {
      throw new DataException(
        `ByteArrayConverter is not compatible with objects of type ${javaClassOf(value)}`,
      );
    }
    return value;
  }

  toConnectData(
    _topic: string,
    _headers: Headers | null,
    value: Uint8Array | null,
  ): SchemaAndValue {
    return new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, value);
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
