import type { ConnectRecord } from '../api/connect-record.js';
import { DataException } from '../api/errors.js';
import { ConnectSchema, type Schema } from '../api/schema.js';
import type { Transformation } from '../api/transformation.js';
import { ConfigDef, inValuesCaseInsensitive } from '../config/config-def.js';
import { operatingSchema, type Side, withOperating } from './util/key-or-value.js';

type Behavior = 'nullify' | 'retain' | 'validate' | 'force_optional';

const CONFIG_DEF = new ConfigDef().define({
  name: 'schema.behavior',
  type: 'STRING',
  defaultValue: 'nullify',
  importance: 'MEDIUM',
  doc: 'How to handle non-null schemas: nullify sets the schema to null, retain keeps it, validate keeps it if it is optional and fails otherwise, force_optional makes it optional.',
  validator: inValuesCaseInsensitive('nullify', 'retain', 'validate', 'force_optional'),
});

/** An optional copy of `schema` (every other attribute kept). */
function optionalOf(schema: Schema): Schema {
  if (schema.optional) return schema;
  const isStruct = schema.type === 'STRUCT';
  const isMap = schema.type === 'MAP';
  const isArray = schema.type === 'ARRAY';
  return new ConnectSchema(
    schema.type,
    true,
    schema.defaultValue,
    schema.name,
    schema.version,
    schema.doc,
    schema.parameters,
    isStruct ? schema.fields() : null,
    isMap ? schema.keySchema() : null,
    isMap || isArray ? schema.valueSchema() : null,
  );
}

/**
 * Confluent's `Drop` SMT (closed source; behaviour from Confluent's documentation): sets the
 * key or the value to null, with `schema.behavior` deciding what happens to its schema.
 */
export abstract class Drop<R extends ConnectRecord<R>> implements Transformation<R> {
  protected abstract readonly side: Side;
  private behavior: Behavior = 'nullify';

  configure(configs: Record<string, string>): void {
    this.behavior = CONFIG_DEF.parse(configs)
      .getString('schema.behavior')
      .toLowerCase() as Behavior;
  }

  apply(record: R): R | null {
    const schema = operatingSchema(record, this.side);
    let next: Schema | null = null;
    if (schema !== null) {
      switch (this.behavior) {
        case 'nullify':
          next = null;
          break;
        case 'retain':
          next = schema;
          break;
        case 'validate':
          if (!schema.optional) {
            throw new DataException(
              `Cannot drop the ${this.side} of a record whose ${this.side} schema is not optional (schema.behavior=validate): ${schema.toString()}`,
            );
          }
          next = schema;
          break;
        case 'force_optional':
          next = optionalOf(schema);
          break;
      }
    }
    return withOperating(record, this.side, next, null);
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

export class DropKey<R extends ConnectRecord<R>> extends Drop<R> {
  static readonly FQCN = 'io.confluent.connect.transforms.Drop$Key';
  protected readonly side = 'key';
}

export class DropValue<R extends ConnectRecord<R>> extends Drop<R> {
  static readonly FQCN = 'io.confluent.connect.transforms.Drop$Value';
  protected readonly side = 'value';
}
