import type { ConnectRecord } from '../api/connect-record.js';
import { ConfigException } from '../api/errors.js';
import { Schema } from '../api/schema.js';
import { SchemaBuilder } from '../api/schema-builder.js';
import { Struct } from '../api/struct.js';
import { Timestamp } from '../api/timestamp.js';
import type { Transformation } from '../api/transformation.js';
import { TypedNumber } from '../api/typed-number.js';
import { ConfigDef } from '../config/config-def.js';
import { operatingSchema, operatingValue, type Side, withOperating } from './util/key-or-value.js';
import { REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_DOC } from './util/replace-null.js';
import { requireMap, requireSinkRecord, requireStruct } from './util/requirements.js';
import { copySchemaBasics } from './util/schema-util.js';

const PURPOSE = 'field insertion';
const SUFFIX_DOC =
  'Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).';

const CONFIG_DEF = new ConfigDef()
  .define({
    name: 'topic.field',
    type: 'STRING',
    defaultValue: null,
    importance: 'MEDIUM',
    doc: `Field name for Kafka topic. ${SUFFIX_DOC}`,
  })
  .define({
    name: 'partition.field',
    type: 'STRING',
    defaultValue: null,
    importance: 'MEDIUM',
    doc: `Field name for Kafka partition. ${SUFFIX_DOC}`,
  })
  .define({
    name: 'offset.field',
    type: 'STRING',
    defaultValue: null,
    importance: 'MEDIUM',
    doc: `Field name for Kafka offset - only applicable to sink connectors.<br/>${SUFFIX_DOC}`,
  })
  .define({
    name: 'timestamp.field',
    type: 'STRING',
    defaultValue: null,
    importance: 'MEDIUM',
    doc: `Field name for record timestamp. ${SUFFIX_DOC}`,
  })
  .define({
    name: 'static.field',
    type: 'STRING',
    defaultValue: null,
    importance: 'MEDIUM',
    doc: `Field name for static data field. ${SUFFIX_DOC}`,
  })
  .define({
    name: 'static.value',
    type: 'STRING',
    defaultValue: null,
    importance: 'MEDIUM',
    doc: 'Static field value, if field name configured.',
  })
  .define({
    name: REPLACE_NULL_WITH_DEFAULT,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'MEDIUM',
    doc: REPLACE_NULL_WITH_DEFAULT_DOC,
  });

interface InsertionSpec {
  name: string;
  optional: boolean;
}

/** `name`, `name?` (optional, the default) or `name!` (required). */
function parseSpec(spec: string | null): InsertionSpec | null {
  if (spec === null) return null;
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true };
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false };
  return { name: spec, optional: true };
}

/** Kafka's `InsertField`: adds topic, partition, offset, timestamp and static fields. */
export abstract class InsertField<R extends ConnectRecord<R>> implements Transformation<R> {
  protected abstract readonly side: Side;
  private topicField: InsertionSpec | null = null;
  private partitionField: InsertionSpec | null = null;
  private offsetField: InsertionSpec | null = null;
  private timestampField: InsertionSpec | null = null;
  private staticField: InsertionSpec | null = null;
  private staticValue: string | null = null;
  private replaceNullWithDefault = true;
  private readonly schemaCache = new Map<Schema, Schema>();

  configure(configs: Record<string, string>): void {
    const config = CONFIG_DEF.parse(configs);
    this.topicField = parseSpec(config.getString('topic.field'));
    this.partitionField = parseSpec(config.getString('partition.field'));
    this.offsetField = parseSpec(config.getString('offset.field'));
    this.timestampField = parseSpec(config.getString('timestamp.field'));
    this.staticField = parseSpec(config.getString('static.field'));
    this.staticValue = config.getString('static.value');
    this.replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT);
    if (
      this.topicField === null &&
      this.partitionField === null &&
      this.offsetField === null &&
      this.timestampField === null &&
      this.staticField === null
    ) {
      throw new ConfigException('No field insertion configured');
    }
    if (this.staticField !== null && this.staticValue === null) {
      throw new ConfigException(
        `Invalid value null for configuration static.value: No value specified for static field: ${this.staticField.name}`,
        'static.value',
      );
    }
  }

  apply(record: R): R | null {
    const value = operatingValue(record, this.side);
    if (value === null || value === undefined) return record;
    const schema = operatingSchema(record, this.side);
    if (schema === null) return this.applySchemaless(record, value);
    return this.applyWithSchema(record, value);
  }

  private applySchemaless(record: R, raw: unknown): R {
    const value = requireMap(raw, PURPOSE);
    const updated = new Map(value);
    if (this.topicField !== null) updated.set(this.topicField.name, record.topic);
    if (this.partitionField !== null && record.kafkaPartition !== null)
      updated.set(this.partitionField.name, TypedNumber.int32(record.kafkaPartition));
    if (this.offsetField !== null)
      updated.set(this.offsetField.name, requireSinkRecord(record, PURPOSE).kafkaOffset);
    if (this.timestampField !== null && record.timestamp !== null)
      updated.set(this.timestampField.name, BigInt(record.timestamp));
    if (this.staticField !== null && this.staticValue !== null)
      updated.set(this.staticField.name, this.staticValue);
    return withOperating(record, this.side, null, updated);
  }

  private applyWithSchema(record: R, raw: unknown): R {
    const value = requireStruct(raw, PURPOSE);
    let updatedSchema = this.schemaCache.get(value.schema);
    if (updatedSchema === undefined) {
      updatedSchema = this.makeUpdatedSchema(value.schema);
      this.schemaCache.set(value.schema, updatedSchema);
    }
    const updated = new Struct(updatedSchema);
    for (const field of value.schema.fields()) {
      updated.put(
        field.name,
        this.replaceNullWithDefault ? value.get(field) : value.getWithoutDefault(field),
      );
    }
    if (this.topicField !== null) updated.put(this.topicField.name, record.topic);
    if (this.partitionField !== null && record.kafkaPartition !== null)
      updated.put(this.partitionField.name, record.kafkaPartition);
    if (this.offsetField !== null)
      updated.put(this.offsetField.name, requireSinkRecord(record, PURPOSE).kafkaOffset);
    if (this.timestampField !== null && record.timestamp !== null)
      updated.put(this.timestampField.name, new Date(record.timestamp));
    if (this.staticField !== null && this.staticValue !== null)
      updated.put(this.staticField.name, this.staticValue);
    return withOperating(record, this.side, updatedSchema, updated);
  }

  private makeUpdatedSchema(schema: Schema): Schema {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields()) builder.field(field.name, field.schema);
    const add = (spec: InsertionSpec | null, optional: Schema, required: Schema): void => {
      if (spec !== null) builder.field(spec.name, spec.optional ? optional : required);
    };
    add(this.topicField, Schema.OPTIONAL_STRING_SCHEMA, Schema.STRING_SCHEMA);
    add(this.partitionField, Schema.OPTIONAL_INT32_SCHEMA, Schema.INT32_SCHEMA);
    add(this.offsetField, Schema.OPTIONAL_INT64_SCHEMA, Schema.INT64_SCHEMA);
    add(this.timestampField, Timestamp.builder().optional().build(), Timestamp.SCHEMA);
    add(this.staticField, Schema.OPTIONAL_STRING_SCHEMA, Schema.STRING_SCHEMA);
    return builder.build();
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

export class InsertFieldKey<R extends ConnectRecord<R>> extends InsertField<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.InsertField$Key';
  protected readonly side = 'key';
}

export class InsertFieldValue<R extends ConnectRecord<R>> extends InsertField<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.InsertField$Value';
  protected readonly side = 'value';
}
