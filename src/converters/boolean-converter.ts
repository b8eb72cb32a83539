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

/** Kafka's `BooleanConverter`: one byte, `0x01` for true and `0x00` for false. */
export class BooleanConverter implements Converter, HeaderConverter {
  static readonly FQCN = 'org.apache.kafka.connect.converters.BooleanConverter';

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
    if (schema !== null && schema.type !== Type.BOOLEAN) {
      throw new DataException(`Invalid schema type for BooleanConverter: ${schema.type}`);
    }
    if (value === null || value === undefined) return null;
    if (typeof value !== 'boolean') {
      throw new DataException(
        `BooleanConverter is not compatible with objects of type ${javaClassOf(value)}`,
      );
    }
    return Uint8Array.of(value ? 1 : 0);
  }

  toConnectData(
    _topic: string,
    _headers: Headers | null,
    value: Uint8Array | null,
  ): SchemaAndValue {
    if (value === null) return new SchemaAndValue(Schema.OPTIONAL_BOOLEAN_SCHEMA, null);
    if (value.length !== 1) {
      throw new DataException('Failed to deserialize boolean: ', {
        cause: new Error('Size of data received by BooleanDeserializer is not 1'),
      });
    }
    if (value[0] !== 0 && value[0] !== 1) {
      throw new DataException('Failed to deserialize boolean: ', {
        cause: new Error(`Unexpected byte received by BooleanDeserializer: ${value[0]}`),
      });
    }
    return new SchemaAndValue(Schema.OPTIONAL_BOOLEAN_SCHEMA, value[0] === 1);
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
