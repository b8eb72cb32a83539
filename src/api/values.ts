import { BigDecimal } from './big-decimal.js';
import { Decimal } from './decimal.js';
import { DataException } from './errors.js';
import { javaDoubleToString, javaFloatToString } from './java-number-format.js';
import { DATE_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME } from './logical-names.js';
import { ConnectSchema, Schema, Type } from './schema.js';
import { SchemaAndValue } from './schema-and-value.js';
import { Struct } from './struct.js';
import { TypedNumber } from './typed-number.js';
import { valueEquals } from './value-equals.js';

/**
 * Kafka's `org.apache.kafka.connect.data.Values`: the text form of Connect values that
 * `SimpleHeaderConverter` (and `InsertHeader`'s `value.literal`) use — {@link convertToString}
 * and {@link parseString} — with Kafka's quirks kept (see reference §2.5).
 *
 * Dates are formatted and parsed in UTC (Kafka uses the JVM's default zone, UTC on most servers).
 */

const MILLIS_PER_DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Kafka's `Values.convertToString`: a top-level string is raw, numbers and booleans print as
 * Java prints them, bytes as Base64, lists `[a,b]`, maps `{k:v}`, structs `{"f":v}`; strings
 * inside containers are quoted with `\` and `"` escaped. `schema` decides how plain JS numbers
 * print (float32/float64/integer); without one a `number` is a Double.
 */
export function convertToString(schema: Schema | null, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return append(schema, value, false);
}

function append(schema: Schema | null, value: unknown, embedded: boolean): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      return numberText(schema, value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return embedded ? `"${escape(value)}"` : value;
    default:
      break;
  }
  if (value instanceof TypedNumber) {
    return value.type === 'FLOAT32' ? javaFloatToString(value.value) : String(value.value);
  }
  if (value instanceof BigDecimal) return value.toString();
  if (value instanceof Uint8Array) {
    const b64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    return embedded ? `"${b64}"` : b64;
  }
  if (Array.isArray(value)) {
    const elementSchema = schema?.type === Type.ARRAY ? schema.valueSchema() : null;
    return `[${value.map((e) => append(elementSchema ?? null, e, true)).join(',')}]`;
  }
  if (value instanceof Map) {
    const keySchema = schema?.type === Type.MAP ? schema.keySchema() : null;
    const valueSchema = schema?.type === Type.MAP ? schema.valueSchema() : null;
    const parts: string[] = [];
    for (const [k, v] of value)
      parts.push(`${append(keySchema ?? null, k, true)}:${append(valueSchema ?? null, v, true)}`);
    return `{${parts.join(',')}}`;
  }
  if (value instanceof Struct) {
    const parts = value.schema
      .fields()
      .map((f) => `${append(null, f.name, true)}:${append(f.schema, value.get(f), true)}`);
    return `{${parts.join(',')}}`;
  }
  if (value instanceof Date) return formatDate(value);
  throw new DataException(
    `Failed to serialize unexpected value type ${String((value as object).constructor?.name)}: ${String(value)}`,
  );
}

function numberText(schema: Schema | null, n: number): string {
  switch (schema?.type) {
    case Type.INT8:
    case Type.INT16:
    case Type.INT32:
      return String(n === 0 ? 0 : n);
    case Type.FLOAT32:
      return javaFloatToString(n);
    default:
      return javaDoubleToString(n);
  }
}

function escape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Kafka's `dateFormatFor`: time of day below one day, a date on a day boundary, a timestamp otherwise. */
function formatDate(d: Date): string {
  const t = d.getTime();
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}Z`;
  if (t < MILLIS_PER_DAY) return time;
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  if (t % MILLIS_PER_DAY === 0) return date;
  return `${date}T${time}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing

const DATE_SCHEMA = new ConnectSchema(Type.INT32, false, null, DATE_LOGICAL_NAME, 1);
const TIME_SCHEMA = new ConnectSchema(Type.INT32, false, null, TIME_LOGICAL_NAME, 1);
const TIMESTAMP_SCHEMA = new ConnectSchema(Type.INT64, false, null, TIMESTAMP_LOGICAL_NAME, 1);
const TRUE = new SchemaAndValue(Schema.BOOLEAN_SCHEMA, true);
const FALSE = new SchemaAndValue(Schema.BOOLEAN_SCHEMA, false);

/**
 * Kafka's `Values.parseString`: infers a schema and value from text (`true`, `12` → INT8,
 * `1.5` → FLOAT32, `[1,2]`, `{"a":1}`, `2024-01-01` → Date, otherwise the text as STRING).
 * Returns `null` for the text `null` (as Kafka does).
 */
export function parseString(value: string | null): SchemaAndValue | null {
  if (value === null) return SchemaAndValue.NULL;
  if (value === '') return new SchemaAndValue(Schema.STRING_SCHEMA, value);
  return new ValueParser(new Tokenizer(value)).parse(false);
}

function isBlank(s: string): boolean {
  return javaTrim(s) === '';
}

function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  return s.slice(start, end);
}

/** Kafka's `Values.Parser`: splits on unescaped `: , { } [ ] "`, each delimiter its own token. */
class Tokenizer {
  private index = 0;
  private nextToken: string | null = null;
  private previousToken: string | null = null;

  constructor(readonly original: string) {}

  position(): number {
    return this.index;
  }

  mark(): number {
    return this.index - (this.nextToken !== null ? this.nextToken.length : 0);
  }

  rewindTo(position: number): void {
    this.index = position;
    this.nextToken = null;
    this.previousToken = null;
  }

  hasNext(): boolean {
    return this.nextToken !== null || this.canConsumeNextToken();
  }

  private canConsumeNextToken(): boolean {
    return this.original.length > this.index;
  }

  next(): string {
    if (this.nextToken !== null) {
      this.previousToken = this.nextToken;
      this.nextToken = null;
    } else {
      this.previousToken = this.consumeNextToken();
    }
    return this.previousToken;
  }

  nextN(n: number): string | null {
    const start = this.mark();
    for (let i = 0; i !== n; ++i) {
      if (!this.hasNext()) {
        this.rewindTo(start);
        return null;
      }
      this.next();
    }
    return this.original.substring(start, this.position());
  }

  private consumeNextToken(): string {
    let escaped = false;
    const start = this.index;
    const s = this.original;
    while (this.canConsumeNextToken()) {
      const c = s[this.index];
      switch (c) {
        case '\\':
          escaped = !escaped;
          break;
        case ':':
        case ',':
        case '{':
        case '}':
        case '[':
        case ']':
        case '"':
          if (!escaped) {
            if (start < this.index) return s.substring(start, this.index);
            this.index++;
            return s.substring(start, start + 1);
          }
          escaped = false;
          break;
        default:
          escaped = false;
          break;
      }
      this.index++;
    }
    return s.substring(start, this.index);
  }

  previous(): string | null {
    return this.previousToken;
  }

  canConsume(expected: string): boolean {
    if (this.isNext(expected)) {
      this.nextToken = null;
      return true;
    }
    return false;
  }

  private isNext(expected: string): boolean {
    if (this.nextToken === null) {
      if (!this.hasNext()) return false;
      this.nextToken = this.consumeNextToken();
    }
    while (isBlank(this.nextToken) && this.canConsumeNextToken())
      this.nextToken = this.consumeNextToken();
    return javaTrim(this.nextToken) === expected;
  }
}

class ValueParser {
  constructor(private readonly parser: Tokenizer) {}

  private canParseSingleTokenLiteral(embedded: boolean, literal: string): boolean {
    const start = this.parser.mark();
    if (this.parser.canConsume(literal)) {
      if (embedded || !this.parser.hasNext()) return true;
    }
    this.parser.rewindTo(start);
    return false;
  }

  parse(embedded: boolean): SchemaAndValue | null {
    const p = this.parser;
    if (!p.hasNext()) return null;
    if (embedded && p.canConsume('"')) return this.parseQuotedString();
    if (this.canParseSingleTokenLiteral(embedded, 'null')) return null;
    if (this.canParseSingleTokenLiteral(embedded, 'true')) return TRUE;
    if (this.canParseSingleTokenLiteral(embedded, 'false')) return FALSE;
    const start = p.mark();
    try {
      if (p.canConsume('[')) return this.parseArray();
      if (p.canConsume('{')) return this.parseMap();
    } catch (e) {
      if (!(e instanceof DataException)) throw e;
      p.rewindTo(start);
    }
    const token = p.next();
    if (isBlank(token)) return new SchemaAndValue(Schema.STRING_SCHEMA, token);
    return this.parseNextToken(embedded, javaTrim(token));
  }

  private parseNextToken(embedded: boolean, token: string): SchemaAndValue {
    const first = token[0]!;
    const firstIsDigit = /\p{Nd}/u.test(first);
    if (firstIsDigit) {
      const temporal = this.parseMultipleTokensAsTemporal(token);
      if (temporal !== null) return temporal;
    }
    if (firstIsDigit || first === '+' || first === '-') {
      const n = parseAsNumber(token);
      if (n !== null) return n;
    }
    if (embedded) throw new DataException('Failed to parse embedded value');
    return new SchemaAndValue(Schema.STRING_SCHEMA, this.parser.original);
  }

  private parseQuotedString(): SchemaAndValue {
    let content = '';
    while (this.parser.hasNext()) {
      if (this.parser.canConsume('"')) break;
      content += this.parser.next();
    }
    return parseAsTemporal(content) ?? new SchemaAndValue(Schema.STRING_SCHEMA, content);
  }

  private parseArray(): SchemaAndValue {
    const p = this.parser;
    let result: unknown[] = [];
    const elements: (SchemaAndValue | null)[] = [];
    const merger = new SchemaMerger();
    while (p.hasNext()) {
      if (p.canConsume(']')) {
        let listSchema: Schema;
        if (merger.common !== null) {
          listSchema = new ConnectSchema(
            Type.ARRAY,
            false,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            merger.common,
          );
          result = result.map((v) => convertTo(merger.common!, v));
        } else {
          listSchema = new ConnectSchema(Type.ARRAY);
          result = elements.map(loose);
        }
        return new SchemaAndValue(listSchema, result);
      }
      if (p.canConsume(','))
        throw new DataException(`Unable to parse an empty array element: ${p.original}`);
      const element = this.parse(true);
      merger.merge(element);
      result.push(element !== null ? element.value : null);
      elements.push(element);
      const current = p.mark();
      if (p.canConsume(']')) p.rewindTo(current);
      else if (!p.canConsume(',')) throw new DataException("Array elements missing ',' delimiter");
    }
    if (p.previous() === ',')
      throw new DataException(`Array is missing element after ',': ${p.original}`);
    throw new DataException(`Array is missing terminating ']': ${p.original}`);
  }

  private parseMap(): SchemaAndValue {
    const p = this.parser;
    let result = new Map<unknown, unknown>();
    const entries = new Map<unknown, [SchemaAndValue, SchemaAndValue | null]>();
    const keyMerger = new SchemaMerger();
    const valueMerger = new SchemaMerger();
    while (p.hasNext()) {
      if (p.canConsume('}')) {
        let mapSchema: Schema;
        if (keyMerger.common !== null && valueMerger.common !== null) {
          mapSchema = new ConnectSchema(
            Type.MAP,
            false,
            null,
            null,
            null,
            null,
            null,
            null,
            keyMerger.common,
            valueMerger.common,
          );
          const aligned = new Map<unknown, unknown>();
          for (const [k, v] of entries.values())
            aligned.set(
              convertTo(keyMerger.common, k.value),
              convertTo(valueMerger.common, v?.value ?? null),
            );
          result = aligned;
        } else if (keyMerger.common !== null) {
          mapSchema = new ConnectSchema(
            Type.MAP,
            false,
            null,
            null,
            null,
            null,
            null,
            null,
            keyMerger.common,
            null,
          );
          const aligned = new Map<unknown, unknown>();
          for (const [k, v] of entries.values())
            aligned.set(convertTo(keyMerger.common, k.value), loose(v));
          result = aligned;
        } else {
          mapSchema = new ConnectSchema(Type.MAP);
          result = new Map([...entries.values()].map(([k, v]) => [loose(k), loose(v)]));
        }
        return new SchemaAndValue(mapSchema, result);
      }
      if (p.canConsume(','))
        throw new DataException(`Unable to parse a map entry with no key or value: ${p.original}`);
      const key = this.parse(true);
      if (key === null || key.value === null)
        throw new DataException(`Map entry may not have a null key: ${p.original}`);
      if (!p.canConsume(':')) {
        throw new DataException(`Map entry is missing ':' at ${p.position()} in ${p.original}`);
      }
      const value = this.parse(true);
      const slot = setJavaKey(result, key.value, value !== null ? value.value : null);
      entries.set(slot, [entries.get(slot)?.[0] ?? key, value]);
      p.canConsume(',');
      keyMerger.merge(key);
      valueMerger.merge(value);
    }
    if (p.previous() === ',')
      throw new DataException(`Map is missing element after ',': ${p.original}`);
    throw new DataException(`Map is missing terminating '}': ${p.original}`);
  }

  private parseMultipleTokensAsTemporal(token: string): SchemaAndValue | null {
    const position = this.parser.mark();
    const remainder = this.parser.nextN(4);
    if (remainder !== null) {
      const temporal = parseAsTemporal(token + remainder);
      if (temporal !== null) return temporal;
    }
    this.parser.rewindTo(position);
    return parseAsTemporal(token);
  }
}

/** A LinkedHashMap put: keys equal as Java values (e.g. two equal BigDecimals) replace in place. */
function setJavaKey(map: Map<unknown, unknown>, key: unknown, value: unknown): unknown {
  if (typeof key === 'object' && key !== null) {
    for (const k of map.keys()) {
      if (valueEquals(k, key)) {
        map.set(k, value);
        return k;
      }
    }
  }
  map.set(key, value);
  return key;
}

/**
 * A parsed value for a container without a common schema: numbers carry their Java class
 * (TypedNumber), deeply, since no schema will say it.
 */
function loose(sv: SchemaAndValue | null): unknown {
  return sv === null ? null : looseValue(sv.schema, sv.value);
}

function looseValue(schema: Schema | null, value: unknown): unknown {
  if (value === null || value === undefined || schema === null) return value;
  if (typeof value === 'number') {
    switch (schema.type) {
      case Type.INT8:
        return TypedNumber.int8(value);
      case Type.INT16:
        return TypedNumber.int16(value);
      case Type.INT32:
        return TypedNumber.int32(value);
      case Type.FLOAT32:
        return TypedNumber.float32(value);
      default:
        return value;
    }
  }
  if (Array.isArray(value) && schema.type === Type.ARRAY) {
    return value.map((e) => looseValue(schema.valueSchema() ?? null, e));
  }
  if (value instanceof Map && schema.type === Type.MAP) {
    const out = new Map<unknown, unknown>();
    for (const [k, v] of value) {
      out.set(
        looseValue(schema.keySchema() ?? null, k),
        looseValue(schema.valueSchema() ?? null, v),
      );
    }
    return out;
  }
  return value;
}

const BIGGER_THAN_LONG = BigDecimal.parse('1e19');
const ONE = new BigDecimal(1n, 0);
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function parseAsNumber(token: string): SchemaAndValue | null {
  let decimal: BigDecimal;
  try {
    decimal = BigDecimal.parse(token);
  } catch {
    return null;
  }
  const exact = parseAsExactDecimal(decimal);
  if (exact !== null) return exact;
  const d = decimal.toNumber();
  const f = decimal.toFloat32();
  if (Number.isFinite(f) && decimal.scale !== 0)
    return new SchemaAndValue(Schema.FLOAT32_SCHEMA, f);
  if (Number.isFinite(d) && decimal.scale !== 0)
    return new SchemaAndValue(Schema.FLOAT64_SCHEMA, d);
  return new SchemaAndValue(Decimal.schema(decimal.scale), decimal);
}

function parseAsExactDecimal(decimal: BigDecimal): SchemaAndValue | null {
  const abs = decimal.signum() < 0 ? new BigDecimal(-decimal.unscaled, decimal.scale) : decimal;
  if (abs.compareTo(BIGGER_THAN_LONG) > 0 || (abs.compareTo(ONE) < 0 && abs.signum() !== 0))
    return null;
  const whole = decimal.toBigIntExact();
  if (whole === null || whole < LONG_MIN || whole > LONG_MAX) return null;
  if (whole >= -128n && whole <= 127n) return new SchemaAndValue(Schema.INT8_SCHEMA, Number(whole));
  if (whole >= -32768n && whole <= 32767n)
    return new SchemaAndValue(Schema.INT16_SCHEMA, Number(whole));
  if (whole >= -2147483648n && whole <= 2147483647n)
    return new SchemaAndValue(Schema.INT32_SCHEMA, Number(whole));
  return new SchemaAndValue(Schema.INT64_SCHEMA, whole);
}

/** Kafka's `parseAsTemporal`: matched on exact length, parsed as SimpleDateFormat does (leniently, UTC). */
function parseAsTemporal(text: string | null): SchemaAndValue | null {
  if (text === null) return null;
  const token = text.replace(/\\:/g, ':');
  switch (token.length) {
    case 13: {
      const ms = lenientParse(token, TIME_PATTERN);
      return ms === null ? null : new SchemaAndValue(TIME_SCHEMA, new Date(ms));
    }
    case 24: {
      const ms = lenientParse(token, TIMESTAMP_PATTERN);
      return ms === null ? null : new SchemaAndValue(TIMESTAMP_SCHEMA, new Date(ms));
    }
    case 10: {
      const ms = lenientParse(token, DATE_PATTERN);
      return ms === null ? null : new SchemaAndValue(DATE_SCHEMA, new Date(ms));
    }
    default:
      return null;
  }
}

type PatternPart =
  { field: 'y' | 'M' | 'd' | 'H' | 'm' | 's' | 'S'; width: number } | { literal: string };

const DATE_PATTERN: PatternPart[] = [
  { field: 'y', width: 4 },
  { literal: '-' },
  { field: 'M', width: 2 },
  { literal: '-' },
  { field: 'd', width: 2 },
];
const TIME_PATTERN: PatternPart[] = [
  { field: 'H', width: 2 },
  { literal: ':' },
  { field: 'm', width: 2 },
  { literal: ':' },
  { field: 's', width: 2 },
  { literal: '.' },
  { field: 'S', width: 3 },
  { literal: 'Z' },
];
const TIMESTAMP_PATTERN: PatternPart[] = [...DATE_PATTERN, { literal: 'T' }, ...TIME_PATTERN];

/**
 * A lenient SimpleDateFormat parse in UTC: each number takes all its digits (fields are never
 * adjacent in Kafka's patterns), out-of-range values roll over, and text after the pattern is
 * ignored. Returns epoch millis, or null when the pattern does not match.
 */
function lenientParse(s: string, pattern: PatternPart[]): number | null {
  const f = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0 };
  let i = 0;
  for (const part of pattern) {
    if ('literal' in part) {
      if (s[i] !== part.literal) return null;
      i++;
      continue;
    }
    let j = i;
    let negative = false;
    if (s[j] === '-') {
      negative = true;
      j++;
    }
    const start = j;
    while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    if (j === start) return null;
    const n = Number(s.slice(start, j));
    f[part.field] = negative ? -n : n;
    i = j;
  }
  const date = new Date(0);
  date.setUTCFullYear(f.y, f.M - 1, f.d);
  date.setUTCHours(f.H, f.m, f.s, f.S);
  return date.getTime();
}

/** Kafka's `SchemaMerger`: the common schema of parsed elements, widening numbers. */
class SchemaMerger {
  common: Schema | null = null;
  private compatible = true;

  merge(latest: SchemaAndValue | null): void {
    if (latest !== null && latest.schema !== null && this.compatible) {
      if (this.common === null) {
        this.common = latest.schema;
      } else {
        this.common = mergeSchemas(this.common, latest.schema);
        this.compatible = this.common !== null;
      }
    }
  }
}

const NUMERIC_ORDER: Partial<Record<Type, number>> = {
  [Type.INT8]: 0,
  [Type.INT16]: 1,
  [Type.INT32]: 2,
  [Type.INT64]: 3,
  [Type.FLOAT32]: 4,
  [Type.FLOAT64]: 5,
};

function mergeSchemas(previous: Schema, next: Schema): Schema | null {
  if (previous.type !== next.type) {
    const a = NUMERIC_ORDER[previous.type];
    const b = NUMERIC_ORDER[next.type];
    if (a === undefined || b === undefined) return null;
    return b > a ? next : previous;
  }
  if (previous.optional === next.optional) return previous.optional ? previous : next;
  return previous.equals(next) ? previous : null;
}

/** Kafka's `Values.convertTo(toSchema, null, value)` for the values the parser produces. */
function convertTo(toSchema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (toSchema.optional) return null;
    throw new DataException('Unable to convert a null value to a schema that requires a value');
  }
  switch (toSchema.type) {
    case Type.INT8:
      return Number(BigInt.asIntN(8, asLong(value)));
    case Type.INT16:
      return Number(BigInt.asIntN(16, asLong(value)));
    case Type.INT32:
      if (toSchema.name === DATE_LOGICAL_NAME || toSchema.name === TIME_LOGICAL_NAME) {
        if (value instanceof Date) return value;
      }
      return Number(BigInt.asIntN(32, asLong(value)));
    case Type.INT64:
      if (toSchema.name === TIMESTAMP_LOGICAL_NAME && value instanceof Date) return value;
      return asLong(value);
    case Type.FLOAT32:
      return Math.fround(asDouble(value));
    case Type.FLOAT64:
      return asDouble(value);
    case Type.STRING:
      return convertToString(null, value);
    case Type.BYTES:
      if (toSchema.name === Decimal.LOGICAL_NAME) {
        if (value instanceof BigDecimal) return value;
      }
      return value;
    default:
      return value;
  }
}

function asLong(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? BigInt(Math.trunc(value)) : 0n;
  if (value instanceof BigDecimal) {
    const s = value.scale;
    const whole = s <= 0 ? value.unscaled * 10n ** BigInt(-s) : value.unscaled / 10n ** BigInt(s);
    return BigInt.asIntN(64, whole);
  }
  if (typeof value === 'boolean') {
    throw new DataException(
      `Unable to convert ${String(value)} (class java.lang.Boolean) to a number`,
    );
  }
  throw new DataException(`Unable to convert ${String(value)} to a number`);
}

function asDouble(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof BigDecimal) return value.toNumber();
  return Number(asLong(value));
}
