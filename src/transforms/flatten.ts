import type { ConnectRecord } from '../api/connect-record.js';
import { DataException } from '../api/errors.js';
import { javaClassOf } from '../api/java-class.js';
import { type Schema, Type } from '../api/schema.js';
import { SchemaBuilder } from '../api/schema-builder.js';
import { Struct } from '../api/struct.js';
import type { Transformation } from '../api/transformation.js';
import { TypedNumber } from '../api/typed-number.js';
import { ConfigDef } from '../config/config-def.js';
import { operatingSchema, operatingValue, type Side, withOperating } from './util/key-or-value.js';
import { requireMap, requireStructOrNull } from './util/requirements.js';
import { copySchemaBasics } from './util/schema-util.js';

const PURPOSE = 'flattening';

const CONFIG_DEF = new ConfigDef().define({
  name: 'delimiter',
  type: 'STRING',
  defaultValue: '.',
  importance: 'MEDIUM',
  doc: 'Delimiter to insert between field names from the input record when generating field names for the output record',
});

const COPIED = new Set<Type>([
  Type.INT8,
  Type.INT16,
  Type.INT32,
  Type.INT64,
  Type.FLOAT32,
  Type.FLOAT64,
  Type.BOOLEAN,
  Type.STRING,
  Type.BYTES,
  Type.ARRAY,
]);

function schemalessType(value: unknown): Type | null {
  switch (typeof value) {
    case 'bigint':
      return Type.INT64;
    case 'number':
      return Type.FLOAT64;
    case 'boolean':
      return Type.BOOLEAN;
    case 'string':
      return Type.STRING;
    default:
      break;
  }
  if (value instanceof TypedNumber) return value.type as Type;
  if (value instanceof Uint8Array) return Type.BYTES;
  if (Array.isArray(value)) return Type.ARRAY;
  if (value instanceof Map) return Type.MAP;
  if (value instanceof Struct) return Type.STRUCT;
  return null;
}

/** Kafka's `Flatten`: nested structs or maps become top-level fields joined by a delimiter. */
export abstract class Flatten<R extends ConnectRecord<R>> implements Transformation<R> {
  protected abstract readonly side: Side;
  private delimiter = '.';
  private readonly schemaCache = new Map<Schema, Schema>();

  configure(configs: Record<string, string>): void {
    this.delimiter = CONFIG_DEF.parse(configs).getString('delimiter');
  }

  private fieldName(prefix: string, name: string): string {
    return prefix === '' ? name : prefix + this.delimiter + name;
  }

  apply(record: R): R | null {
    const value = operatingValue(record, this.side);
    if (value === null || value === undefined) return record;
    const schema = operatingSchema(record, this.side);
    if (schema === null) {
      const out = new Map<unknown, unknown>();
      this.flattenMap(requireMap(value, PURPOSE), '', out);
      return withOperating(record, this.side, null, out);
    }
    const struct = requireStructOrNull(value, PURPOSE);
    let updatedSchema = this.schemaCache.get(schema);
    if (updatedSchema === undefined) {
      const builder = copySchemaBasics(schema, SchemaBuilder.struct());
      this.buildSchema(schema, '', builder, schema.optional, schema.defaultValue as Struct | null);
      updatedSchema = builder.build();
      this.schemaCache.set(schema, updatedSchema);
    }
    if (struct === null) return withOperating(record, this.side, updatedSchema, null);
    const updated = new Struct(updatedSchema);
    this.flattenStruct(struct, '', updated);
    return withOperating(record, this.side, updatedSchema, updated);
  }

  private flattenMap(map: Map<unknown, unknown>, prefix: string, out: Map<unknown, unknown>): void {
    for (const [k, v] of map) {
      const name = this.fieldName(prefix, k as string);
      if (v === null || v === undefined) {
        out.set(name, null);
        continue;
      }
      const type = schemalessType(v);
      if (type === null) {
        throw new DataException(
          `Flatten transformation was passed a value of type ${javaClassOf(v)} which is not supported by Connect's data API`,
        );
      }
      if (COPIED.has(type)) out.set(name, v);
      else if (type === Type.MAP) this.flattenMap(v as Map<unknown, unknown>, name, out);
      else
        throw new DataException(
          `Flatten transformation does not support ${type} for record without schemas (for field ${name}).`,
        );
    }
  }

  private buildSchema(
    schema: Schema,
    prefix: string,
    builder: SchemaBuilder,
    optional: boolean,
    parentDefault: Struct | null,
  ): void {
    for (const field of schema.fields()) {
      const name = this.fieldName(prefix, field.name);
      const fieldOptional = optional || field.schema.optional;
      let fieldDefault: unknown = null;
      if (field.schema.defaultValue !== null) fieldDefault = field.schema.defaultValue;
      else if (parentDefault !== null) fieldDefault = parentDefault.get(field);
      if (COPIED.has(field.schema.type)) {
        const fb = copySchemaBasics(field.schema);
        if (fieldOptional) fb.optional();
        if (fieldDefault !== null) fb.defaultValue(fieldDefault);
        builder.field(name, fb.build());
      } else if (field.schema.type === Type.STRUCT) {
        this.buildSchema(field.schema, name, builder, fieldOptional, fieldDefault as Struct | null);
      } else {
        throw new DataException(
          `Flatten transformation does not support ${field.schema.type} for record with schemas (for field ${name}).`,
        );
      }
    }
  }

  private flattenStruct(struct: Struct | null, prefix: string, out: Struct): void {
    if (struct === null) return;
    for (const field of struct.schema.fields()) {
      const name = this.fieldName(prefix, field.name);
      if (COPIED.has(field.schema.type)) out.put(name, struct.getWithoutDefault(field.name));
      else if (field.schema.type === Type.STRUCT)
        this.flattenStruct(struct.getWithoutDefault(field.name) as Struct | null, name, out);
      else
        throw new DataException(
          `Flatten transformation does not support ${field.schema.type} for record with schemas (for field ${name}).`,
        );
    }
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

export class FlattenKey<R extends ConnectRecord<R>> extends Flatten<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.Flatten$Key';
  protected readonly side = 'key';
}

export class FlattenValue<R extends ConnectRecord<R>> extends Flatten<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.Flatten$Value';
  protected readonly side = 'value';
}
