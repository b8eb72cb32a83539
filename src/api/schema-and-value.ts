import type { Schema } from './schema.js';
import { valueEquals } from './value-equals.js';

/** A value together with its schema (either may be null), as converters return them. */
export class SchemaAndValue {
  /** No schema and no value: what a null record key or value converts to. */
  static readonly NULL = new SchemaAndValue(null, null);

  constructor(
    readonly schema: Schema | null,
    readonly value: unknown,
  ) {}

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof SchemaAndValue)) return false;
    const schemasEqual =
      this.schema === other.schema ||
      (this.schema !== null && other.schema !== null && this.schema.equals(other.schema));
    return schemasEqual && valueEquals(this.value, other.value);
  }

  toString(): string {
    return `SchemaAndValue{schema=${String(this.schema)}, value=${String(this.value)}}`;
  }
}
