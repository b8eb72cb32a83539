import type { Schema, Type } from '../../api/schema.js';
import { SchemaBuilder } from '../../api/schema-builder.js';

/** Kafka's `SchemaUtil.copySchemaBasics`: name, version, doc and parameters onto `builder`. */
export function copySchemaBasics(source: Schema, builder?: SchemaBuilder): SchemaBuilder {
  const b =
    builder ??
    (source.type === 'ARRAY'
      ? SchemaBuilder.array(source.valueSchema())
      : new SchemaBuilder(source.type as Type));
  b.name(source.name);
  b.version(source.version);
  b.doc(source.doc);
  if (source.parameters !== null && source.parameters.size > 0) b.parameters(source.parameters);
  return b;
}

/** The value of a struct field, honouring `replace.null.with.default` (KIP-1040). */
export function fieldValue(
  struct: { get(f: string): unknown; getWithoutDefault(f: string): unknown },
  name: string,
  replaceNullWithDefault: boolean,
): unknown {
  return replaceNullWithDefault ? struct.get(name) : struct.getWithoutDefault(name);
}
