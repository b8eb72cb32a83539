import type { ConfigDef } from '../../config/config-def.js';
import type { Converter } from '../../api/converter.js';
import { DataException } from '../../api/errors.js';
import type { HeaderConverter } from '../../api/header-converter.js';
import type { Headers } from '../../api/headers.js';
import type { Schema } from '../../api/schema.js';
import { SchemaAndValue } from '../../api/schema-and-value.js';
import { withConverterType } from '../converter-config.js';
import { JSON_CONVERTER_CONFIG } from './json-converter-config.js';
import { JsonSyntaxError, parseJson, parseJsonExact } from './json-parser.js';
import { isJsonObject, type JsonTree, objectGet, objectSize } from './json-tree.js';
import { JsonValueReader } from './json-value-reader.js';
import { JsonValueWriter } from './json-value-writer.js';

const ENVELOPE_ERROR =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';

const decoder = new TextDecoder('utf-8');

/**
 * Kafka's `org.apache.kafka.connect.json.JsonConverter`, byte for byte: the
 * `{"schema":...,"payload":...}` envelope when `schemas.enable=true` (the default), plain JSON
 * otherwise. Also a header converter (each header value is converted as a record value).
 *
 * Numbers keep their kind: schemaless JSON integers read as int64 (`bigint`), floats as float64
 * (`number`); floats are written as Java prints them (`1.0`, `1.0E7`). Schemaless objects keep
 * their input key order (Kafka's HashMap order is not reproduced).
 */
export class JsonConverter implements Converter, HeaderConverter {
  static readonly FQCN = 'org.apache.kafka.connect.json.JsonConverter';

  private schemasEnabled = true;
  private writer = new JsonValueWriter(false, true);
  private reader = new JsonValueReader(true, 1000);
  private lastEnvelope: { prefixBytes: Buffer; schema: Schema | null } | null = null;
  /** Whether to use the native JSON parser when it is safe (see parseJson); tests and benchmarks turn it off. */
  nativeFastPath = true;

  config(): ConfigDef {
    return JSON_CONVERTER_CONFIG;
  }

  configure(configs: Record<string, string>, isKey?: boolean): void {
    const raw = isKey === undefined ? configs : withConverterType(configs, isKey);
    const cfg = JSON_CONVERTER_CONFIG.parse(raw);
    this.schemasEnabled = cfg.getBoolean('schemas.enable');
    const replaceNull = cfg.getBoolean('replace.null.with.default');
    this.writer = new JsonValueWriter(
      cfg.getString('decimal.format').toUpperCase() === 'NUMERIC',
      replaceNull,
    );
    this.reader = new JsonValueReader(replaceNull, cfg.getInt('schemas.cache.size'));
  }

  fromConnectData(
    _topic: string,
    _headers: Headers | null,
    schema: Schema | null,
    value: unknown,
  ): Uint8Array | null {
    const text = this.toJsonText(schema, value);
    return text === null ? null : Buffer.from(text, 'utf8');
  }

  /** The JSON text `fromConnectData` would encode, or null for a tombstone. */
  toJsonText(schema: Schema | null, value: unknown): string | null {
    if (schema === null && (value === null || value === undefined)) return null;
    return this.schemasEnabled
      ? this.writer.envelope(schema, value)
      : this.writer.valueJson(schema, value);
  }

  toConnectData(
    _topic: string,
    _headers: Headers | null,
    value: Uint8Array | null,
  ): SchemaAndValue {
    if (value === null) return SchemaAndValue.NULL;
    // Records of a topic mostly share one schema: compare the envelope's bytes up to the payload
    // with the last one (native memcmp), then decode and parse only the payload.
    const last = this.lastEnvelope;
    if (
      this.schemasEnabled &&
      last !== null &&
      value.length > last.prefixBytes.length &&
      value[value.length - 1] === 125
    ) {
      const n = last.prefixBytes.length;
      if (Buffer.compare(value.subarray(0, n), last.prefixBytes) === 0) {
        const payload = this.tryParse(decoder.decode(value.subarray(n, value.length - 1)));
        if (payload !== FAILED) {
          return new SchemaAndValue(last.schema, this.reader.toConnect(last.schema, payload));
        }
      }
    }
    return this.fromJsonText(decoder.decode(value));
  }

  /** `toConnectData` on already decoded text. */
  fromJsonText(text: string): SchemaAndValue {
    if (this.schemasEnabled) {
      const split = splitEnvelope(text);
      if (split !== null) {
        const schemaText = text.slice(split[0], split[1]);
        const schema = this.reader.schemaFor(schemaText, () => this.parse(schemaText));
        this.lastEnvelope = { prefixBytes: Buffer.from(text.slice(0, split[2]), 'utf8'), schema };
        return new SchemaAndValue(
          schema,
          this.reader.toConnect(schema, this.parse(text.slice(split[2], split[3]))),
        );
      }
    }
    const doc = this.parse(text);
    if (!this.schemasEnabled) return new SchemaAndValue(null, this.reader.toConnect(null, doc));
    if (
      doc === undefined ||
      !isJsonObject(doc) ||
      objectSize(doc) !== 2 ||
      objectGet(doc, 'schema') === undefined ||
      objectGet(doc, 'payload') === undefined
    ) {
      throw new DataException(ENVELOPE_ERROR);
    }
    const schemaNode = objectGet(doc, 'schema')!;
    const schema = this.reader.schemaFor(stableKey(schemaNode), () => schemaNode);
    return new SchemaAndValue(schema, this.reader.toConnect(schema, objectGet(doc, 'payload')));
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

  /** The payload parsed, or FAILED when the slice is not one JSON value (then the general path decides). */
  private tryParse(text: string): JsonTree | undefined | typeof FAILED {
    try {
      const v = this.nativeFastPath ? parseJson(text, true) : parseJsonExact(text, true);
      return v === undefined ? FAILED : v;
    } catch {
      return FAILED;
    }
  }

  private parse(text: string): JsonTree | undefined {
    try {
      return this.nativeFastPath ? parseJson(text) : parseJsonExact(text);
    } catch (e) {
      if (e instanceof JsonSyntaxError) {
        throw new DataException(
          'Converting byte[] to Kafka Connect data failed due to serialization error: ',
          {
            cause: e,
          },
        );
      }
      throw e;
    }
  }
}

const FAILED = Symbol('failed');

const SCHEMA_PREFIX = '{"schema":';
const PAYLOAD_SEPARATOR = ',"payload":';

/**
 * Finds the schema and payload spans of an envelope written in Kafka's exact layout
 * (`{"schema":S,"payload":P}` without whitespace), so the schema text can key the cache and be
 * parsed only once. Returns null for any other layout, which then takes the general path.
 */
function splitEnvelope(text: string): [number, number, number, number] | null {
  if (!text.startsWith(SCHEMA_PREFIX)) return null;
  const schemaStart = SCHEMA_PREFIX.length;
  const schemaEnd = skipValue(text, schemaStart);
  if (schemaEnd < 0 || !text.startsWith(PAYLOAD_SEPARATOR, schemaEnd)) return null;
  const payloadStart = schemaEnd + PAYLOAD_SEPARATOR.length;
  let end = text.length;
  while (end > payloadStart && isWs(text.charCodeAt(end - 1))) end--;
  if (text.charCodeAt(end - 1) !== 125) return null;
  const payloadEnd = skipValue(text, payloadStart);
  if (payloadEnd !== end - 1) return null;
  return [schemaStart, schemaEnd, payloadStart, payloadEnd];
}

/** The end of the JSON object or literal starting at `i` (strings skipped), or -1. */
function skipValue(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first !== 123 && first !== 91) {
    // A scalar payload or `null` schema: up to the next structural character.
    let j = i;
    if (first === 34) {
      j++;
      while (j < text.length) {
        const c = text.charCodeAt(j);
        if (c === 92) j += 2;
        else if (c === 34) return j + 1;
        else j++;
      }
      return -1;
    }
    while (j < text.length) {
      const c = text.charCodeAt(j);
      if (c === 44 || c === 125 || c === 93 || isWs(c)) break;
      j++;
    }
    return j === i ? -1 : j;
  }
  let depth = 0;
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 34) {
      j++;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === 34) break;
        else j++;
      }
    } else if (c === 123 || c === 91) {
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return -1;
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** A cache key for a schema node parsed in a non-canonical envelope. */
function stableKey(node: JsonTree): string {
  return JSON.stringify(node, (_k, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Map) return Object.fromEntries(v);
    return v;
  });
}
