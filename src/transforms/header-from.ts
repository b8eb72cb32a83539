import type { ConnectRecord } from '../api/connect-record.js';
import { ConfigException } from '../api/errors.js';
import type { Schema } from '../api/schema.js';
import { SchemaBuilder } from '../api/schema-builder.js';
import { Struct } from '../api/struct.js';
import type { Transformation } from '../api/transformation.js';
import { ConfigDef, inValues } from '../config/config-def.js';
import { operatingSchema, operatingValue, type Side } from './util/key-or-value.js';
import { REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_DOC } from './util/replace-null.js';
import { requireMap, requireStruct } from './util/requirements.js';
import { copySchemaBasics } from './util/schema-util.js';
import { nonEmptyListValidator } from './util/validators.js';

const CONFIG_DEF = new ConfigDef()
  .define({
    name: 'fields',
    type: 'LIST',
    importance: 'HIGH',
    doc: 'Field names in the record whose values are to be copied or moved to headers.',
    validator: nonEmptyListValidator(),
  })
  .define({
    name: 'headers',
    type: 'LIST',
    importance: 'HIGH',
    doc: 'Header names, in the same order as the field names listed in the fields configuration property.',
    validator: nonEmptyListValidator(),
  })
  .define({
    name: 'operation',
    type: 'STRING',
    importance: 'HIGH',
    doc: 'Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).',
    validator: inValues('move', 'copy'),
  })
  .define({
    name: REPLACE_NULL_WITH_DEFAULT,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'MEDIUM',
    doc: REPLACE_NULL_WITH_DEFAULT_DOC,
  });

/** Kafka's `HeaderFrom`: copies or moves fields of the key or value into headers. */
export abstract class HeaderFrom<R extends ConnectRecord<R>> implements Transformation<R> {
  protected abstract readonly side: Side;
  private fields: string[] = [];
  private headers: string[] = [];
  private move = false;
  private replaceNullWithDefault = true;
  private readonly moveSchemaCache = new Map<Schema, Schema>();

  configure(configs: Record<string, string>): void {
    const config = CONFIG_DEF.parse(configs);
    this.fields = config.getList('fields');
    this.headers = config.getList('headers');
    if (this.headers.length !== this.fields.length) {
      throw new ConfigException(
        "'fields' config must have the same number of elements as 'headers' config.",
        'headers',
      );
    }
    this.move = config.getString('operation') === 'move';
    this.replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT);
  }

  private get purpose(): string {
    return `header ${this.move ? 'move' : 'copy'}`;
  }

  apply(record: R): R | null {
    const schema = operatingSchema(record, this.side);
    const raw = operatingValue(record, this.side);
    const headers = record.headers.duplicate();
    if (schema === null) {
      const value = requireMap(raw, this.purpose);
      const updated = this.move ? new Map(value) : value;
      this.fields.forEach((field, i) => {
        headers.add(this.headers[i]!, value.get(field) ?? null, null);
        if (this.move) updated.delete(field);
      });
      return this.newRecord(record, null, updated, headers);
    }
    const value = requireStruct(raw, this.purpose);
    let updatedSchema = schema;
    let updatedValue: Struct = value;
    if (this.move) {
      let moved = this.moveSchemaCache.get(schema);
      if (moved === undefined) {
        const builder = copySchemaBasics(schema, SchemaBuilder.struct());
        for (const f of schema.fields())
          if (!this.fields.includes(f.name)) builder.field(f.name, f.schema);
        moved = builder.build();
        this.moveSchemaCache.set(schema, moved);
      }
      updatedSchema = moved;
      updatedValue = new Struct(moved);
      for (const f of moved.fields()) updatedValue.put(f, this.get(value, f.name));
    }
    this.fields.forEach((field, i) => {
      const fieldValue = this.get(value, field);
      const fieldSchema = schema.field(field)!.schema;
      headers.add(this.headers[i]!, fieldValue, fieldSchema);
    });
    return this.newRecord(record, updatedSchema, updatedValue, headers);
  }

  private get(value: Struct, name: string): unknown {
    return this.replaceNullWithDefault ? value.get(name) : value.getWithoutDefault(name);
  }

  private newRecord(record: R, schema: Schema | null, value: unknown, headers: R['headers']): R {
    return this.side === 'key'
      ? record.newRecord({ keySchema: schema, key: value, headers })
      : record.newRecord({ valueSchema: schema, value, headers });
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

export class HeaderFromKey<R extends ConnectRecord<R>> extends HeaderFrom<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.HeaderFrom$Key';
  protected readonly side = 'key';
}

export class HeaderFromValue<R extends ConnectRecord<R>> extends HeaderFrom<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.HeaderFrom$Value';
  protected readonly side = 'value';
}
