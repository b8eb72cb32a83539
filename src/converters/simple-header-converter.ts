import { ConfigDef } from '../config/config-def.js';
import type { HeaderConverter } from '../api/header-converter.js';
import { Schema } from '../api/schema.js';
import { SchemaAndValue } from '../api/schema-and-value.js';
import { convertToString, parseString } from '../api/values.js';
import { decodeUtf8 } from './java-charset.js';

const CONFIG = new ConfigDef();

/**
 * Kafka's `SimpleHeaderConverter`, the worker's default `header.converter`: writes a header
 * value as its `Values.convertToString` text in UTF-8 and reads text back with
 * `Values.parseString` (so `42` comes back as INT8, `true` as BOOLEAN, `[1,2]` as an array).
 */
export class SimpleHeaderConverter implements HeaderConverter {
  static readonly FQCN = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

  config(): ConfigDef {
    return CONFIG;
  }

  configure(_configs: Record<string, string>): void {}

  toConnectHeader(_topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return SchemaAndValue.NULL;
    try {
      const text = decodeUtf8(value);
      if (text === '') return new SchemaAndValue(Schema.STRING_SCHEMA, text);
      return parseString(text) ?? SchemaAndValue.NULL;
    } catch {
      // Kafka logs and keeps the raw bytes when the text cannot be parsed.
      return new SchemaAndValue(Schema.BYTES_SCHEMA, value);
    }
  }

  fromConnectHeader(
    _topic: string,
    _headerKey: string,
    schema: Schema | null,
    value: unknown,
  ): Uint8Array | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(convertToString(schema, value) ?? '', 'utf8');
  }

  close(): void {}
}
