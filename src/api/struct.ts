import type { BigDecimal } from './big-decimal.js';
import { DataException } from './errors.js';
import { javaToString } from './java-to-string.js';
import { type Field, type Schema, Type } from './schema.js';
import { validateValue } from './validate-value.js';
import { valueEquals } from './value-equals.js';

/**
 * Sets a field without validating the value: for converters that build values from the schema
 * itself (so they fit by construction). Not part of the plugin API.
 */
export const PUT_UNCHECKED = Symbol('Struct.putUnchecked');

/**
 * A structured value with a fixed STRUCT schema, as Kafka's `Struct`: only the schema's fields
 * can be set, and each `put` validates the value against the field's schema (a DataException
 * with Kafka's message otherwise). `get` returns the field's default when no value is set;
 * `getWithoutDefault` does not.
 */
export class Struct {
  readonly schema: Schema;
  private readonly values: unknown[];

  constructor(schema: Schema) {
    if (schema.type !== Type.STRUCT)
      throw new DataException(`Not a struct schema: ${schema.toString()}`);
    this.schema = schema;
    this.values = new Array<unknown>(schema.fields().length).fill(null);
  }

  /** The value of a field, or the field's default when the value is null. */
  get(field: string | Field): unknown {
    const f = typeof field === 'string' ? this.lookupField(field) : field;
    const v = this.values[f.index];
    if ((v === null || v === undefined) && f.schema.defaultValue !== null)
      return f.schema.defaultValue;
    return v ?? null;
  }

  /** The raw value of a field, ignoring defaults. */
  getWithoutDefault(field: string | Field): unknown {
    const f = typeof field === 'string' ? this.lookupField(field) : field;
    return this.values[f.index] ?? null;
  }

  getInt8(name: string): number | null {
    return this.getCheckType(name, Type.INT8) as number | null;
  }
  getInt16(name: string): number | null {
    return this.getCheckType(name, Type.INT16) as number | null;
  }
  getInt32(name: string): number | null {
    return this.getCheckType(name, Type.INT32) as number | null;
  }
  getInt64(name: string): bigint | null {
    return this.getCheckType(name, Type.INT64) as bigint | null;
  }
  getFloat32(name: string): number | null {
    return this.getCheckType(name, Type.FLOAT32) as number | null;
  }
  getFloat64(name: string): number | null {
    return this.getCheckType(name, Type.FLOAT64) as number | null;
  }
  getBoolean(name: string): boolean | null {
    return this.getCheckType(name, Type.BOOLEAN) as boolean | null;
  }
  getString(name: string): string | null {
    return this.getCheckType(name, Type.STRING) as string | null;
  }
  getBytes(name: string): Uint8Array | BigDecimal | null {
    return this.getCheckType(name, Type.BYTES) as Uint8Array | BigDecimal | null;
  }
  getArray(name: string): unknown[] | null {
    return this.getCheckType(name, Type.ARRAY) as unknown[] | null;
  }
  getMap(name: string): Map<unknown, unknown> | null {
    return this.getCheckType(name, Type.MAP) as Map<unknown, unknown> | null;
  }
  getStruct(name: string): Struct | null {
    return this.getCheckType(name, Type.STRUCT) as Struct | null;
  }

  /** Sets a field after validating the value against its schema; returns this struct for chaining. */
  put(field: string | Field, value: unknown): this {
    if (field === null || field === undefined) throw new DataException('field cannot be null.');
    const f = typeof field === 'string' ? this.lookupField(field) : field;
    validateValue(f.schema, value, f.name);
    this.values[f.index] = value === undefined ? null : value;
    return this;
  }

  [PUT_UNCHECKED](field: Field, value: unknown): void {
    this.values[field.index] = value;
  }

  /** Checks that every required field without a default is set, and every value fits its schema. */
  validate(): void {
    for (const f of this.schema.fields()) {
      const v = this.values[f.index];
      if ((v === null || v === undefined) && (f.schema.optional || f.schema.defaultValue !== null))
        continue;
      validateValue(f.schema, v, f.name);
    }
  }

  /** Kafka's `Struct.equals`: equal schemas and deeply equal values. */
  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof Struct)) return false;
    if (!this.schema.equals(other.schema)) return false;
    if (this.values.length !== other.values.length) return false;
    for (let i = 0; i < this.values.length; i++) {
      if (!valueEquals(this.values[i] ?? null, other.values[i] ?? null)) return false;
    }
    return true;
  }

  /** Kafka's `Struct.toString`: `Struct{a=1,b=x}`, null fields left out. */
  toString(): string {
    const parts: string[] = [];
    const fields = this.schema.fields();
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i];
      if (v !== null && v !== undefined)
        parts.push(`${fields[i]!.name}=${javaToString(v, fields[i]!.schema)}`);
    }
    return `Struct{${parts.join(',')}}`;
  }

  private lookupField(name: string): Field {
    const f = this.schema.field(name);
    if (f === null) throw new DataException(`${name} is not a valid field name`);
    return f;
  }

  private getCheckType(name: string, type: Type): unknown {
    const f = this.lookupField(name);
    if (f.schema.type !== type) throw new DataException(`Field '${name}' is not of type ${type}`);
    return this.values[f.index] ?? null;
  }
}
