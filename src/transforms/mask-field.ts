import { BigDecimal } from '../api/big-decimal.js';
import type { ConnectRecord } from '../api/connect-record.js';
import { DataException } from '../api/errors.js';
import { javaClassOf } from '../api/java-class.js';
import { type Schema, Type } from '../api/schema.js';
import { Struct } from '../api/struct.js';
import type { Transformation } from '../api/transformation.js';
import { TypedNumber } from '../api/typed-number.js';
import { ConfigDef, nonEmptyList, nonEmptyString } from '../config/config-def.js';
import {
  byteValue,
  doubleValue,
  floatValue,
  intValue,
  longValue,
  shortValue,
} from './util/java-numbers.js';
import { operatingSchema, operatingValue, type Side, withOperating } from './util/key-or-value.js';
import { REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_DOC } from './util/replace-null.js';
import { requireMap, requireStruct } from './util/requirements.js';

const PURPOSE = 'mask fields';

const CONFIG_DEF = new ConfigDef()
  .define({
    name: 'fields',
    type: 'LIST',
    importance: 'HIGH',
    doc: 'Names of fields to mask.',
    validator: nonEmptyList(),
  })
  .define({
    name: 'replacement',
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    doc: "Custom value replacement, that will be applied to all 'fields' values (numeric or non-empty string values only).",
    validator: nonEmptyString(),
  })
  .define({
    name: REPLACE_NULL_WITH_DEFAULT,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'MEDIUM',
    doc: REPLACE_NULL_WITH_DEFAULT_DOC,
  });

/** The Java class a value has: a plain number takes its class from the schema (Double without). */
type JavaKind =
  | 'Boolean'
  | 'Byte'
  | 'Short'
  | 'Integer'
  | 'Long'
  | 'Float'
  | 'Double'
  | 'BigDecimal'
  | 'Date'
  | 'String'
  | 'List'
  | 'Map'
  | 'other';

function kindOf(schema: Schema | null, value: unknown): JavaKind {
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'bigint') return 'Long';
  if (typeof value === 'number') {
    switch (schema?.type) {
      case Type.INT8:
        return 'Byte';
      case Type.INT16:
        return 'Short';
      case Type.INT32:
        return 'Integer';
      case Type.FLOAT32:
        return 'Float';
      default:
        return 'Double';
    }
  }
  if (value instanceof TypedNumber)
    return ({ INT8: 'Byte', INT16: 'Short', INT32: 'Integer', FLOAT32: 'Float' } as const)[
      value.type
    ];
  if (value instanceof BigDecimal) return 'BigDecimal';
  if (value instanceof Date) return 'Date';
  if (Array.isArray(value)) return 'List';
  if (value instanceof Map) return 'Map';
  return 'other';
}

/** A number of the given Java class in the representation the value had (schema or schemaless). */
function numberOf(kind: JavaKind, n: number, typed: boolean): unknown {
  if (typed) return n;
  switch (kind) {
    case 'Byte':
      return TypedNumber.int8(n);
    case 'Short':
      return TypedNumber.int16(n);
    case 'Integer':
      return TypedNumber.int32(n);
    case 'Float':
      return TypedNumber.float32(n);
    default:
      return n;
  }
}

function maskWithNull(kind: JavaKind, value: unknown, typed: boolean): unknown {
  switch (kind) {
    case 'Boolean':
      return false;
    case 'Byte':
    case 'Short':
    case 'Integer':
    case 'Float':
    case 'Double':
      return numberOf(kind, 0, typed);
    case 'Long':
      return 0n;
    case 'BigDecimal':
      return new BigDecimal(0n, 0);
    case 'Date':
      return new Date(0);
    case 'String':
      return '';
    case 'List':
      return [];
    case 'Map':
      return new Map();
    default:
      throw new DataException(`Cannot mask value of type: ${javaClassOf(value)}`);
  }
}

function maskWithReplacement(
  kind: JavaKind,
  value: unknown,
  replacement: string,
  typed: boolean,
): unknown {
  if (kind === 'String') return replacement;
  const numeric = ['Byte', 'Short', 'Integer', 'Long', 'Float', 'Double', 'BigDecimal'];
  if (!numeric.includes(kind)) {
    throw new DataException(
      `Cannot mask value of type ${javaClassOf(value)} with custom replacement.`,
    );
  }
  let d: BigDecimal;
  try {
    d = BigDecimal.parse(replacement);
  } catch {
    throw new DataException(`Unable to convert ${replacement} (class java.lang.String) to number`);
  }
  switch (kind) {
    case 'Byte':
      return numberOf(kind, byteValue(d), typed);
    case 'Short':
      return numberOf(kind, shortValue(d), typed);
    case 'Integer':
      return numberOf(kind, intValue(d), typed);
    case 'Long':
      return longValue(d);
    case 'Float':
      return numberOf(kind, floatValue(d), typed);
    case 'Double':
      return doubleValue(d);
    default:
      return d;
  }
}

/** Kafka's `MaskField`: replaces fields with an empty value of their type or a replacement. */
export abstract class MaskField<R extends ConnectRecord<R>> implements Transformation<R> {
  protected abstract readonly side: Side;
  private fields = new Set<string>();
  private replacement: string | null = null;
  private replaceNullWithDefault = true;

  configure(configs: Record<string, string>): void {
    const config = CONFIG_DEF.parse(configs);
    this.fields = new Set(config.getList('fields'));
    this.replacement = config.getString('replacement');
    this.replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT);
  }

  private masked(schema: Schema | null, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    const kind = kindOf(schema, value);
    const typed = schema !== null;
    return this.replacement === null
      ? maskWithNull(kind, value, typed)
      : maskWithReplacement(kind, value, this.replacement, typed);
  }

  apply(record: R): R | null {
    const schema = operatingSchema(record, this.side);
    const raw = operatingValue(record, this.side);
    if (schema === null) {
      const value = requireMap(raw, PURPOSE);
      const updated = new Map(value);
      for (const f of this.fields) updated.set(f, this.masked(null, value.get(f) ?? null));
      return withOperating(record, this.side, null, updated);
    }
    const value = requireStruct(raw, PURPOSE);
    const updated = new Struct(value.schema);
    for (const field of value.schema.fields()) {
      const orig = this.replaceNullWithDefault ? value.get(field) : value.getWithoutDefault(field);
      updated.put(field, this.fields.has(field.name) ? this.masked(field.schema, orig) : orig);
    }
    return withOperating(record, this.side, value.schema, updated);
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

export class MaskFieldKey<R extends ConnectRecord<R>> extends MaskField<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.MaskField$Key';
  protected readonly side = 'key';
}

export class MaskFieldValue<R extends ConnectRecord<R>> extends MaskField<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.MaskField$Value';
  protected readonly side = 'value';
}
