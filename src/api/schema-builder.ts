import { DataException } from './errors.js';
import { ConnectSchema, Field, type Schema, Type } from './schema.js';
import { validateValue } from './validate-value.js';

/** Thrown by {@link SchemaBuilder} for an invalid call, as Kafka's `SchemaBuilderException`. */
export class SchemaBuilderException extends DataException {}

/** A schema, or a builder that stands for the schema it would build (as in Kafka). */
export type SchemaLike = Schema | SchemaBuilder;

function toSchema(s: SchemaLike): Schema {
  return s instanceof SchemaBuilder ? s.build() : s;
}

/**
 * Kafka's fluent schema builder:
 * `SchemaBuilder.struct().name('com.example.Person').field('name', Schema.STRING_SCHEMA).build()`.
 * Each attribute may be set once; a second call throws a SchemaBuilderException with Kafka's
 * message (`Invalid SchemaBuilder call: name has already been set.`), and a default value is
 * validated against the schema being built.
 */
export class SchemaBuilder {
  readonly type: Type;
  private optionalValue: boolean | null = null;
  private defaultValueValue: unknown = null;
  private nameValue: string | null = null;
  private versionValue: number | null = null;
  private docValue: string | null = null;
  private parametersValue: Map<string, string> | null = null;
  private fieldList: Field[] | null = null;
  private keySchemaValue: Schema | null = null;
  private valueSchemaValue: Schema | null = null;

  constructor(type: Type) {
    this.type = type;
  }

  static type(type: Type): SchemaBuilder {
    return new SchemaBuilder(type);
  }
  static int8(): SchemaBuilder {
    return new SchemaBuilder(Type.INT8);
  }
  static int16(): SchemaBuilder {
    return new SchemaBuilder(Type.INT16);
  }
  static int32(): SchemaBuilder {
    return new SchemaBuilder(Type.INT32);
  }
  static int64(): SchemaBuilder {
    return new SchemaBuilder(Type.INT64);
  }
  static float32(): SchemaBuilder {
    return new SchemaBuilder(Type.FLOAT32);
  }
  static float64(): SchemaBuilder {
    return new SchemaBuilder(Type.FLOAT64);
  }
  static bool(): SchemaBuilder {
    return new SchemaBuilder(Type.BOOLEAN);
  }
  static string(): SchemaBuilder {
    return new SchemaBuilder(Type.STRING);
  }
  static bytes(): SchemaBuilder {
    return new SchemaBuilder(Type.BYTES);
  }
  static struct(): SchemaBuilder {
    return new SchemaBuilder(Type.STRUCT);
  }
  static array(valueSchema: SchemaLike): SchemaBuilder {
    const b = new SchemaBuilder(Type.ARRAY);
    b.valueSchemaValue = toSchema(valueSchema);
    return b;
  }
  static map(keySchema: SchemaLike, valueSchema: SchemaLike): SchemaBuilder {
    const b = new SchemaBuilder(Type.MAP);
    b.keySchemaValue = toSchema(keySchema);
    b.valueSchemaValue = toSchema(valueSchema);
    return b;
  }

  get isOptional(): boolean {
    return this.optionalValue ?? false;
  }

  optional(): this {
    checkUnset('optional', this.optionalValue);
    this.optionalValue = true;
    return this;
  }

  required(): this {
    checkUnset('optional', this.optionalValue);
    this.optionalValue = false;
    return this;
  }

  /** Sets the default; throws a SchemaBuilderException (`Invalid default value`) if it does not fit. */
  defaultValue(value: unknown): this {
    checkUnset('default', this.defaultValueValue);
    try {
      // Kafka validates against the builder itself, which no Struct's schema equals: a struct
      // default can never be set through a builder.
      if (this.type === Type.STRUCT && value !== null && value !== undefined) {
        throw new DataException('Struct schemas do not match.');
      }
      validateValue(this.build(), value);
    } catch (e) {
      if (e instanceof DataException)
        throw new SchemaBuilderException('Invalid default value', { cause: e });
      throw e;
    }
    this.defaultValueValue = value;
    return this;
  }

  name(name: string | null): this {
    checkUnset('name', this.nameValue);
    this.nameValue = name;
    return this;
  }

  version(version: number | null): this {
    checkUnset('version', this.versionValue);
    this.versionValue = version;
    return this;
  }

  doc(doc: string | null): this {
    checkUnset('doc', this.docValue);
    this.docValue = doc;
    return this;
  }

  parameter(name: string, value: string): this {
    if (this.parametersValue === null) this.parametersValue = new Map();
    this.parametersValue.set(name, value);
    return this;
  }

  /** Adds parameters (additive, in the given order); an empty set changes nothing. */
  parameters(props: ReadonlyMap<string, string> | Readonly<Record<string, string>>): this {
    const entries = props instanceof Map ? [...props] : Object.entries(props);
    if (entries.length === 0) return this;
    if (this.parametersValue === null) this.parametersValue = new Map();
    for (const [k, v] of entries) this.parametersValue.set(k, v);
    return this;
  }

  /** Adds a struct field; throws a SchemaBuilderException on a non-struct builder or a duplicate name. */
  field(name: string, schema: SchemaLike): this {
    if (this.type !== Type.STRUCT)
      throw new SchemaBuilderException(`Cannot create fields on type ${this.type}`);
    if (name === null || name === undefined || name === '') {
      throw new SchemaBuilderException('fieldName cannot be null.');
    }
    if (schema === null || schema === undefined)
      throw new SchemaBuilderException('fieldSchema for field ' + name + ' cannot be null.');
    if (this.fieldList === null) this.fieldList = [];
    if (this.fieldList.some((f) => f.name === name)) {
      throw new SchemaBuilderException(
        `Cannot create field because of field name duplication ${name}`,
      );
    }
    this.fieldList.push(new Field(name, this.fieldList.length, toSchema(schema)));
    return this;
  }

  /** The fields added so far (DataException on a non-struct builder, as Kafka). */
  fields(): readonly Field[] {
    if (this.type !== Type.STRUCT) throw new DataException('Cannot list fields on non-struct type');
    return this.fieldList ?? [];
  }

  /** The immutable schema for the current settings. */
  build(): Schema {
    return new ConnectSchema(
      this.type,
      this.isOptional,
      this.defaultValueValue,
      this.nameValue,
      this.versionValue,
      this.docValue,
      this.parametersValue === null ? null : new Map(this.parametersValue),
      this.fieldList === null ? null : [...this.fieldList],
      this.keySchemaValue,
      this.valueSchemaValue,
    );
  }

  /** Same as {@link build}, as Kafka's `SchemaBuilder.schema()`. */
  schema(): Schema {
    return this.build();
  }
}

function checkUnset(field: string, value: unknown): void {
  if (value !== null)
    throw new SchemaBuilderException(`Invalid SchemaBuilder call: ${field} has already been set.`);
}
