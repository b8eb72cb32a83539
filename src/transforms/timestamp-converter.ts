import type { ConnectRecord } from '../api/connect-record.js';
import { ConnectDate } from '../api/date.js';
import { ConfigException, ConnectException, DataException } from '../api/errors.js';
import { javaClassOf } from '../api/java-class.js';
import { Schema, Type } from '../api/schema.js';
import { SchemaBuilder } from '../api/schema-builder.js';
import { Struct } from '../api/struct.js';
import { Time } from '../api/time.js';
import { Timestamp } from '../api/timestamp.js';
import type { Transformation } from '../api/transformation.js';
import { ConfigDef, inValues } from '../config/config-def.js';
import { operatingSchema, operatingValue, type Side, withOperating } from './util/key-or-value.js';
import { REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_DOC } from './util/replace-null.js';
import { requireMap, requireStructOrNull } from './util/requirements.js';
import { copySchemaBasics } from './util/schema-util.js';
import { SimpleDateFormat } from './util/simple-date-format.js';

const PURPOSE = 'converting timestamp formats';
type TargetType = 'string' | 'unix' | 'Date' | 'Time' | 'Timestamp';
type Precision = 'seconds' | 'milliseconds' | 'microseconds' | 'nanoseconds';
const MILLIS_PER_DAY = 86_400_000;
const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

const CONFIG_DEF = new ConfigDef()
  .define({
    name: 'field',
    type: 'STRING',
    defaultValue: '',
    importance: 'HIGH',
    doc: 'The field containing the timestamp, or empty if the entire value is a timestamp',
  })
  .define({
    name: 'target.type',
    type: 'STRING',
    importance: 'HIGH',
    doc: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp',
    validator: inValues('string', 'unix', 'Date', 'Time', 'Timestamp'),
  })
  .define({
    name: 'format',
    type: 'STRING',
    defaultValue: '',
    importance: 'MEDIUM',
    doc: 'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.',
  })
  .define({
    name: 'unix.precision',
    type: 'STRING',
    defaultValue: 'milliseconds',
    importance: 'LOW',
    doc: 'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used to generate the output when type=unix or used to parse the input if the input is a Long.Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond components.',
    validator: inValues('nanoseconds', 'microseconds', 'milliseconds', 'seconds'),
  })
  .define({
    name: REPLACE_NULL_WITH_DEFAULT,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'MEDIUM',
    doc: REPLACE_NULL_WITH_DEFAULT_DOC,
  });

/** Java's `TimeUnit` conversion: multiply saturating at the long range, divide truncating. */
function scale(value: bigint, factor: bigint, multiply: boolean): bigint {
  if (!multiply) return value / factor;
  const r = value * factor;
  return r > LONG_MAX ? LONG_MAX : r < LONG_MIN ? LONG_MIN : r;
}

const FACTORS: Record<Precision, [bigint, boolean]> = {
  seconds: [1000n, true],
  milliseconds: [1n, true],
  microseconds: [1000n, false],
  nanoseconds: [1_000_000n, false],
};

function typeSchema(type: TargetType, optional: boolean): Schema {
  switch (type) {
    case 'string':
      return optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA;
    case 'unix':
      return optional ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA;
    case 'Date':
      return optional ? ConnectDate.builder().optional().build() : ConnectDate.SCHEMA;
    case 'Time':
      return optional ? Time.builder().optional().build() : Time.SCHEMA;
    case 'Timestamp':
      return optional ? Timestamp.builder().optional().build() : Timestamp.SCHEMA;
  }
}

function floorMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** Kafka's `TimestampConverter`: between unix longs, strings and Connect's Date/Time/Timestamp. */
export abstract class TimestampConverter<R extends ConnectRecord<R>> implements Transformation<R> {
  protected abstract readonly side: Side;
  private field = '';
  private type: TargetType = 'unix';
  private format: SimpleDateFormat | null = null;
  private precision: Precision = 'milliseconds';
  private replaceNullWithDefault = true;
  private readonly schemaCache = new Map<Schema, Schema>();

  configure(configs: Record<string, string>): void {
    const config = CONFIG_DEF.parse(configs);
    this.field = config.getString('field');
    this.type = config.getString('target.type') as TargetType;
    const pattern = config.getString('format');
    this.precision = config.getString('unix.precision') as Precision;
    this.replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT);
    if (this.type === 'string' && pattern.trim() === '') {
      throw new ConfigException(
        'TimestampConverter requires format option to be specified when using string timestamps',
        'format',
      );
    }
    this.format = null;
    if (pattern.trim() !== '') {
      try {
        this.format = new SimpleDateFormat(pattern, 'format');
      } catch (e) {
        throw new ConfigException(
          `TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${pattern} (${(e as Error).message})`,
          'format',
          { cause: e },
        );
      }
    }
  }

  apply(record: R): R | null {
    const schema = operatingSchema(record, this.side);
    const raw = operatingValue(record, this.side);
    if (schema === null) {
      if (raw === null || raw === undefined || this.field === '')
        return withOperating(record, this.side, null, this.convert(raw ?? null, null, false));
      const value = requireMap(raw, PURPOSE);
      const updated = new Map(value);
      updated.set(this.field, this.convert(value.get(this.field) ?? null, null, false));
      return withOperating(record, this.side, null, updated);
    }
    if (this.field === '') {
      const updatedSchema = typeSchema(this.type, schema.optional);
      const source = sourceTypeFromSchema(schema);
      return withOperating(
        record,
        this.side,
        updatedSchema,
        this.convert(raw ?? null, source, true),
      );
    }
    const value = requireStructOrNull(raw, PURPOSE);
    let updatedSchema = this.schemaCache.get(schema);
    if (updatedSchema === undefined) {
      const builder = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const f of schema.fields()) {
        builder.field(
          f.name,
          f.name === this.field ? typeSchema(this.type, f.schema.optional) : f.schema,
        );
      }
      if (schema.optional) builder.optional();
      if (schema.defaultValue !== null)
        builder.defaultValue(this.applyToStruct(schema.defaultValue as Struct, builder.build()));
      updatedSchema = builder.build();
      this.schemaCache.set(schema, updatedSchema);
    }
    return withOperating(
      record,
      this.side,
      updatedSchema,
      this.applyToStruct(value, updatedSchema),
    );
  }

  private applyToStruct(value: Struct | null, updatedSchema: Schema): Struct | null {
    if (value === null) return null;
    const updated = new Struct(updatedSchema);
    for (const f of value.schema.fields()) {
      const v = this.replaceNullWithDefault ? value.get(f) : value.getWithoutDefault(f);
      updated.put(
        f.name,
        f.name === this.field ? this.convert(v, sourceTypeFromSchema(f.schema), true) : v,
      );
    }
    return updated;
  }

  /** Kafka's `convertTimestamp`: via a millisecond `Date` from the source to the target type. */
  private convert(value: unknown, source: TargetType | null, typed: boolean): unknown {
    if (value === null) return null;
    const from = source ?? inferType(value);
    const raw = this.toRaw(from, value);
    return this.toType(raw, typed);
  }

  private toRaw(from: TargetType, value: unknown): Date {
    switch (from) {
      case 'string': {
        if (typeof value !== 'string')
          throw new DataException(
            `Expected string timestamp to be a String, but found ${javaClassOf(value)}`,
          );
        if (this.format === null) throw new ConnectException('java.lang.NullPointerException');
        const d = this.format.parse(value);
        if (d === null) {
          throw new DataException(
            `Could not parse timestamp: value (${value}) does not match pattern (${this.format.pattern})`,
          );
        }
        return d;
      }
      case 'unix': {
        if (typeof value !== 'bigint')
          throw new DataException(
            `Expected Unix timestamp to be a Long, but found ${javaClassOf(value)}`,
          );
        const [factor, multiply] = FACTORS[this.precision];
        return new Date(Number(scale(value, factor, multiply)));
      }
      default:
        if (!(value instanceof Date)) {
          throw new DataException(
            `Expected ${from} to be a java.util.Date, but found ${javaClassOf(value)}`,
          );
        }
        return value;
    }
  }

  private toType(d: Date, _typed: boolean): unknown {
    const ms = d.getTime();
    switch (this.type) {
      case 'string':
        return this.format!.format(d);
      case 'unix': {
        const [factor, multiply] = FACTORS[this.precision];
        return scale(BigInt(ms), factor, !multiply);
      }
      case 'Date':
        return new Date(ms - floorMod(ms, MILLIS_PER_DAY));
      case 'Time':
        return new Date(floorMod(ms, MILLIS_PER_DAY));
      case 'Timestamp':
        return d;
    }
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

function sourceTypeFromSchema(schema: Schema): TargetType {
  if (schema.name === Timestamp.LOGICAL_NAME) return 'Timestamp';
  if (schema.name === ConnectDate.LOGICAL_NAME) return 'Date';
  if (schema.name === Time.LOGICAL_NAME) return 'Time';
  if (schema.type === Type.STRING) return 'string';
  if (schema.type === Type.INT64) return 'unix';
  throw new ConnectException(
    `Schema ${schema.toString()} does not correspond to a known timestamp type format`,
  );
}

function inferType(value: unknown): TargetType {
  if (value instanceof Date) return 'Timestamp';
  if (typeof value === 'bigint') return 'unix';
  if (typeof value === 'string') return 'string';
  throw new DataException(
    `TimestampConverter does not support ${javaClassOf(value)} objects as timestamps`,
  );
}

export class TimestampConverterKey<R extends ConnectRecord<R>> extends TimestampConverter<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.TimestampConverter$Key';
  protected readonly side = 'key';
}

export class TimestampConverterValue<R extends ConnectRecord<R>> extends TimestampConverter<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.TimestampConverter$Value';
  protected readonly side = 'value';
}
