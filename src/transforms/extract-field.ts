import type { ConnectRecord } from '../api/connect-record.js';
import type { Transformation } from '../api/transformation.js';
import { ConfigDef } from '../config/config-def.js';
import { FIELD_SYNTAX_VERSION_CONFIG, SingleFieldPath } from './util/field-path.js';
import { IllegalArgumentError } from './util/java-regex.js';
import { operatingSchema, operatingValue, type Side, withOperating } from './util/key-or-value.js';
import { REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_DOC } from './util/replace-null.js';
import { requireMapOrNull, requireStructOrNull } from './util/requirements.js';

const PURPOSE = 'field extraction';

const CONFIG_DEF = new ConfigDef()
  .define({ name: 'field', type: 'STRING', importance: 'MEDIUM', doc: 'Field name to extract.' })
  .define(FIELD_SYNTAX_VERSION_CONFIG)
  .define({
    name: REPLACE_NULL_WITH_DEFAULT,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'MEDIUM',
    doc: REPLACE_NULL_WITH_DEFAULT_DOC,
  });

/** Kafka's `ExtractField`: replaces the key or value with one of its fields. */
export abstract class ExtractField<R extends ConnectRecord<R>> implements Transformation<R> {
  protected abstract readonly side: Side;
  private path = new SingleFieldPath('', 'V1');
  private replaceNullWithDefault = true;

  configure(configs: Record<string, string>): void {
    const config = CONFIG_DEF.parse(configs);
    const version = config.getString('field.syntax.version').toUpperCase() as 'V1' | 'V2';
    this.path = new SingleFieldPath(config.getString('field'), version);
    this.replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT);
  }

  apply(record: R): R | null {
    const schema = operatingSchema(record, this.side);
    const raw = operatingValue(record, this.side);
    if (schema === null) {
      const map = requireMapOrNull(raw, PURPOSE);
      return withOperating(
        record,
        this.side,
        null,
        map === null ? null : this.path.valueFromMap(map),
      );
    }
    const struct = requireStructOrNull(raw, PURPOSE);
    const field = this.path.fieldFrom(schema);
    if (field === null) throw new IllegalArgumentError(`Unknown field: ${this.path.path}`);
    return withOperating(
      record,
      this.side,
      field.schema,
      struct === null ? null : this.path.valueFromStruct(struct, this.replaceNullWithDefault),
    );
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

export class ExtractFieldKey<R extends ConnectRecord<R>> extends ExtractField<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.ExtractField$Key';
  protected readonly side = 'key';
}

export class ExtractFieldValue<R extends ConnectRecord<R>> extends ExtractField<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.ExtractField$Value';
  protected readonly side = 'value';
}
