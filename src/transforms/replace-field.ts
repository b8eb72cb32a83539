import type { ConnectRecord } from '../api/connect-record.js';
import type { Schema } from '../api/schema.js';
import { SchemaBuilder } from '../api/schema-builder.js';
import { Struct } from '../api/struct.js';
import type { Transformation } from '../api/transformation.js';
import {
  anyNonDuplicateValues,
  ConfigDef,
  invalidValue,
  lambdaValidator,
} from '../config/config-def.js';
import { operatingSchema, operatingValue, type Side, withOperating } from './util/key-or-value.js';
import { REPLACE_NULL_WITH_DEFAULT, REPLACE_NULL_WITH_DEFAULT_DOC } from './util/replace-null.js';
import { requireMap, requireStruct } from './util/requirements.js';
import { copySchemaBasics } from './util/schema-util.js';

const PURPOSE = 'field replacement';

function parseRenames(mappings: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const mapping of mappings) {
    const parts = mapping.split(':');
    if (parts.length !== 2)
      throw invalidValue('renames', mappings, `Invalid rename mapping: ${mapping}`);
    out.set(parts[0]!, parts[1]!);
  }
  return out;
}

const CONFIG_DEF = new ConfigDef()
  .define({
    name: 'exclude',
    type: 'LIST',
    defaultValue: '',
    importance: 'MEDIUM',
    doc: 'Fields to exclude. This takes precedence over the fields to include.',
    validator: anyNonDuplicateValues(true, false),
  })
  .define({
    name: 'include',
    type: 'LIST',
    defaultValue: '',
    importance: 'MEDIUM',
    doc: 'Fields to include. If specified, only these fields will be used.',
    validator: anyNonDuplicateValues(true, false),
  })
  .define({
    name: 'renames',
    type: 'LIST',
    defaultValue: '',
    importance: 'MEDIUM',
    doc: 'Field rename mappings.',
    validator: lambdaValidator((_name, value) => {
      parseRenames((value as string[] | null) ?? []);
    }, 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>'),
  })
  .define({
    name: REPLACE_NULL_WITH_DEFAULT,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'MEDIUM',
    doc: REPLACE_NULL_WITH_DEFAULT_DOC,
  });

/** Kafka's `ConfigUtils.translateDeprecatedConfigs` for `blacklist`/`whitelist`. */
function translateDeprecated(configs: Record<string, string>): Record<string, string> {
  const out = { ...configs };
  for (const [current, old] of [
    ['exclude', 'blacklist'],
    ['include', 'whitelist'],
  ] as const) {
    if (Object.prototype.hasOwnProperty.call(out, old)) {
      if (!Object.prototype.hasOwnProperty.call(out, current)) out[current] = out[old]!;
      delete out[old];
    }
  }
  return out;
}

/** Kafka's `ReplaceField`: keeps, drops and renames top-level fields. */
export abstract class ReplaceField<R extends ConnectRecord<R>> implements Transformation<R> {
  protected abstract readonly side: Side;
  private exclude = new Set<string>();
  private include = new Set<string>();
  private renames = new Map<string, string>();
  private reverseRenames = new Map<string, string>();
  private replaceNullWithDefault = true;
  private readonly schemaCache = new Map<Schema, Schema>();

  configure(configs: Record<string, string>): void {
    const config = CONFIG_DEF.parse(translateDeprecated(configs));
    this.exclude = new Set(config.getList('exclude'));
    this.include = new Set(config.getList('include'));
    this.renames = parseRenames(config.getList('renames'));
    this.reverseRenames = new Map([...this.renames].map(([a, b]) => [b, a]));
    this.replaceNullWithDefault = config.getBoolean(REPLACE_NULL_WITH_DEFAULT);
  }

  private filter(name: string): boolean {
    return !this.exclude.has(name) && (this.include.size === 0 || this.include.has(name));
  }

  private renamed(name: string): string {
    return this.renames.get(name) ?? name;
  }

  apply(record: R): R | null {
    const value = operatingValue(record, this.side);
    if (value === null || value === undefined) return record;
    const schema = operatingSchema(record, this.side);
    if (schema === null) {
      const map = requireMap(value, PURPOSE);
      const updated = new Map<unknown, unknown>();
      for (const [k, v] of map) {
        if (this.filter(k as string)) updated.set(this.renamed(k as string), v);
      }
      return withOperating(record, this.side, null, updated);
    }
    const struct = requireStruct(value, PURPOSE);
    let updatedSchema = this.schemaCache.get(struct.schema);
    if (updatedSchema === undefined) {
      const builder = copySchemaBasics(struct.schema, SchemaBuilder.struct());
      for (const field of struct.schema.fields()) {
        if (this.filter(field.name)) builder.field(this.renamed(field.name), field.schema);
      }
      updatedSchema = builder.build();
      this.schemaCache.set(struct.schema, updatedSchema);
    }
    const updated = new Struct(updatedSchema);
    for (const field of updatedSchema.fields()) {
      const original = this.reverseRenames.get(field.name) ?? field.name;
      updated.put(
        field.name,
        this.replaceNullWithDefault ? struct.get(original) : struct.getWithoutDefault(original),
      );
    }
    return withOperating(record, this.side, updatedSchema, updated);
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}

export class ReplaceFieldKey<R extends ConnectRecord<R>> extends ReplaceField<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.ReplaceField$Key';
  protected readonly side = 'key';
}

export class ReplaceFieldValue<R extends ConnectRecord<R>> extends ReplaceField<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.ReplaceField$Value';
  protected readonly side = 'value';
}
