import { ConfigDef } from '../config/config-def.js';
import type { Converter } from '../api/converter.js';
import type { HeaderConverter } from '../api/header-converter.js';
import type { Headers } from '../api/headers.js';
import { javaToString } from '../api/java-to-string.js';
import { Schema } from '../api/schema.js';
import { SchemaAndValue } from '../api/schema-and-value.js';
import { newConverterConfigDef, withConverterType } from './converter-config.js';
import { javaCharset, type JavaCharset } from './java-charset.js';

/** StringConverter's keys, as Kafka's `StringConverterConfig`. */
export const STRING_CONVERTER_CONFIG: ConfigDef = newConverterConfigDef().define({
  name: 'converter.encoding',
  type: 'STRING',
  defaultValue: 'UTF-8',
  importance: 'HIGH',
  doc: 'The name of the Java character set to use for encoding strings as byte arrays.',
  group: 'Converter',
  orderInGroup: 0,
  width: 'MEDIUM',
  displayName: 'Encoding',
});

/**
 * Kafka's `StringConverter`: writes `String.valueOf(value)` (Java's text for numbers, lists,
 * maps and structs; the schema is ignored) in `converter.encoding`; reads always give an
 * OPTIONAL_STRING with the decoded text.
 */
export class StringConverter implements Converter, HeaderConverter {
  static readonly FQCN = 'org.apache.kafka.connect.storage.StringConverter';
  private encoder: JavaCharset = javaCharset('UTF-8', 'converter.encoding');
  private decoder: JavaCharset = this.encoder;

  config(): ConfigDef {
    return STRING_CONVERTER_CONFIG;
  }

  configure(configs: Record<string, string>, isKey?: boolean): void {
    const raw = isKey === undefined ? configs : withConverterType(configs, isKey);
    const cfg = STRING_CONVERTER_CONFIG.parse(raw);
    const type = cfg.getString('converter.type');
    const encoding = cfg.getString('converter.encoding');
    // A key/value-specific (de)serializer encoding wins, as in Kafka's StringSerializer.
    const prefix = type === 'key' ? 'key' : 'value';
    this.encoder = javaCharset(
      raw[`${prefix}.serializer.encoding`] ?? encoding,
      'converter.encoding',
    );
    this.decoder = javaCharset(
      raw[`${prefix}.deserializer.encoding`] ?? encoding,
      'converter.encoding',
    );
  }

  fromConnectData(
    _topic: string,
    _headers: Headers | null,
    _schema: Schema | null,
    value: unknown,
  ): Uint8Array | null {
    if (value === null || value === undefined) return null;
    return this.encoder.encode(javaToString(value));
  }

  toConnectData(
    _topic: string,
    _headers: Headers | null,
    value: Uint8Array | null,
  ): SchemaAndValue {
    return new SchemaAndValue(
      Schema.OPTIONAL_STRING_SCHEMA,
      value === null ? null : this.decoder.decode(value),
    );
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
