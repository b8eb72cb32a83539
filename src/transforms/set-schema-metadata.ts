import type { ConnectRecord } from '../api/connect-record.js';
import { ConfigException, DataException } from '../api/errors.js';
import { ConnectSchema, type Schema, Type } from '../api/schema.js';
import { Struct } from '../api/struct.js';
import type { Transformation } from '../api/transformation.js';
import { ConfigDef } from '../config/config-def.js';
import { operatingSchema, operatingValue, type Side, withOperating } from './util/key-or-value.js';
import { REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_DOC } from './util/replace-null.js';

const CONFIG_DEF = new ConfigDef()
  .define({
    name: 'schema.name',
    type: 'STRING',
    defaultValue: null,
    importance: 'HIGH',
    doc: 'Schema name to set.',
  })
  .define({
    name: 'schema.version',
    type: 'INT',
    defaultValue: null,
    importance: 'HIGH',
    doc: 'Schema version to set.',
  })
  .define({
    name: REPLACE_NULL_WITH_DEFAULT,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'MEDIUM',
    doc: REPLACE_NULL_WITH_DEFAULT_DOC,
  });

/** Kafka's `SetSchemaMetadata`: sets the name and/or version of the key or value schema. */
export abstract class SetSchemaMetadata<R extends ConnectRecord<R>> implements Transformation<R> {
  protected abstract readonly side: Side;
  private schemaName: string | null = null;
  private schemaVersion: number | null = null;
  private replaceNullWithDefault = true;

  configure(configs: Record<string, string>): void {
    const config = CONFIG_DEF.parse(configs);
    this.schemaName = config.getString('schema.name');
    this.schemaVersion = config.getInt('schema.version');
    this.replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT);
    if (this.schemaName === null && this.schemaVersion === null)
      throw new ConfigException('Neither schema name nor version configured');
  }

  apply(record: R): R | null {
    const schema = operatingSchema(record, this.side);
    const value = operatingValue(record, this.side);
    if (schema === null) {
      if (value === null || value === undefined) return record;
      throw new DataException('Schema required for [updating schema metadata]');
    }
    // Kafka 4.x lists the fields of every schema, so a non-struct schema fails here as it does there.
    const fields = schema.fields();
    const isArray = schema.type === Type.ARRAY;
    const isMap = schema.type === Type.MAP;
    const updatedSchema: Schema = new ConnectSchema(
      schema.type,
      schema.optional,
      schema.defaultValue,
      this.schemaName ?? schema.name,
      this.schemaVersion ?? schema.version,
      schema.doc,
      schema.parameters,
      fields,
      isMap ? schema.keySchema() : null,
      isMap || isArray ? schema.valueSchema() : null,
    );
    let updatedValue = value;
    if (value instanceof Struct) {
      const s = new Struct(updatedSchema);
      for (const f of updatedSchema.fields())
        s.put(f, this.replaceNullWithDefault ? value.get(f) : value.getWithoutDefault(f));
      updatedValue = s;
    }
    return withOperating(record, this.side, updatedSchema, updatedValue);
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

export class SetSchemaMetadataKey<R extends ConnectRecord<R>> extends SetSchemaMetadata<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.SetSchemaMetadata$Key';
  protected readonly side = 'key';
}

export class SetSchemaMetadataValue<R extends ConnectRecord<R>> extends SetSchemaMetadata<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.SetSchemaMetadata$Value';
  protected readonly side = 'value';
}
