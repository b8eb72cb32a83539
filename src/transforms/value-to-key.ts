import type { ConnectRecord } from '../api/connect-record.js';
import { DataException } from '../api/errors.js';
import type { Schema } from '../api/schema.js';
import { SchemaBuilder } from '../api/schema-builder.js';
import { Struct } from '../api/struct.js';
import type { Transformation } from '../api/transformation.js';
import { ConfigDef, nonEmptyList } from '../config/config-def.js';
import { REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_DOC } from './util/replace-null.js';
import { requireMap, requireStruct } from './util/requirements.js';

const PURPOSE = 'copying fields from value to key';

const CONFIG_DEF = new ConfigDef()
  .define({
    name: 'fields',
    type: 'LIST',
    importance: 'HIGH',
    doc: 'Field names on the record value to extract as the record key.',
    validator: nonEmptyList(),
  })
  .define({
    name: REPLACE_NULL_WITH_DEFAULT,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'MEDIUM',
    doc: REPLACE_NULL_WITH_DEFAULT_DOC,
  });

/** Kafka's `ValueToKey`: the key becomes a struct or map of some value fields. */
export class ValueToKey<R extends ConnectRecord<R>> implements Transformation<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.ValueToKey';
  private fields: string[] = [];
  private replaceNullWithDefault = true;
  private readonly schemaCache = new Map<Schema, Schema>();

  configure(configs: Record<string, string>): void {
    const config = CONFIG_DEF.parse(configs);
    this.fields = config.getList('fields');
    this.replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT);
  }

  apply(record: R): R | null {
    if (record.valueSchema === null) {
      const value = requireMap(record.value, PURPOSE);
      const key = new Map<unknown, unknown>();
      for (const f of this.fields) key.set(f, value.get(f) ?? null);
      return record.newRecord({ keySchema: null, key });
    }
    const value = requireStruct(record.value, PURPOSE);
    let keySchema = this.schemaCache.get(value.schema);
    if (keySchema === undefined) {
      const builder = SchemaBuilder.struct();
      for (const f of this.fields) {
        const field = value.schema.field(f);
        if (field === null) throw new DataException(`Field does not exist: ${f}`);
        builder.field(f, field.schema);
      }
      keySchema = builder.build();
      this.schemaCache.set(value.schema, keySchema);
    }
    const key = new Struct(keySchema);
    for (const f of this.fields)
      key.put(f, this.replaceNullWithDefault ? value.get(f) : value.getWithoutDefault(f));
    return record.newRecord({ keySchema, key });
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}
