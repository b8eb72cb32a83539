import type { ConnectRecord } from '../api/connect-record.js';
import type { Schema } from '../api/schema.js';
import { SchemaBuilder } from '../api/schema-builder.js';
import { Struct } from '../api/struct.js';
import type { Transformation } from '../api/transformation.js';
import { ConfigDef } from '../config/config-def.js';
import { operatingSchema, operatingValue, type Side, withOperating } from './util/key-or-value.js';

const CONFIG_DEF = new ConfigDef().define({
  name: 'field',
  type: 'STRING',
  importance: 'MEDIUM',
  doc: 'Field name for the single field that will be created in the resulting Struct or Map.',
});

/** Kafka's `HoistField`: wraps the key or value in a one-field struct or map. */
export abstract class HoistField<R extends ConnectRecord<R>> implements Transformation<R> {
  protected abstract readonly side: Side;
  private field = '';
  private readonly schemaCache = new Map<Schema, Schema>();

  configure(configs: Record<string, string>): void {
    this.field = CONFIG_DEF.parse(configs).getString('field');
  }

  apply(record: R): R | null {
    const schema = operatingSchema(record, this.side);
    const value = operatingValue(record, this.side);
    if (schema === null) {
      return withOperating(record, this.side, null, new Map([[this.field, value ?? null]]));
    }
    let updatedSchema = this.schemaCache.get(schema);
    if (updatedSchema === undefined) {
      updatedSchema = SchemaBuilder.struct().field(this.field, schema).build();
      this.schemaCache.set(schema, updatedSchema);
    }
    const updated = new Struct(updatedSchema).put(this.field, value ?? null);
    return withOperating(record, this.side, updatedSchema, updated);
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

export class HoistFieldKey<R extends ConnectRecord<R>> extends HoistField<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.HoistField$Key';
  protected readonly side = 'key';
}

export class HoistFieldValue<R extends ConnectRecord<R>> extends HoistField<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.HoistField$Value';
  protected readonly side = 'value';
}
