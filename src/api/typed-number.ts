/**
 * A number that carries the Java class it stands for, for schemaless values.
 *
 * Without a schema, Kafka Connect decides how a value is written from its Java class: a `Long`
 * prints as `5`, a `Double` as `5.0`, a `Float` with `Float.toString` digits. In TypeScript the
 * rule is:
 *
 * - `bigint` is a `Long` (int64);
 * - a plain `number` is a `Double` (float64) — what schemaless JSON gives for `1.5` or `1.0`;
 * - a `TypedNumber` is a `Byte`, `Short`, `Integer` or `Float` (int8, int16, int32, float32), for
 *   the rare schemaless value of those classes (e.g. what `Cast` to `int32` produces without a
 *   schema). Build one with {@link TypedNumber.int32} and friends.
 *
 * Where a schema is present, the schema decides, and plain `number`s are the normal form for
 * INT8/INT16/INT32/FLOAT32/FLOAT64; a `TypedNumber` whose type equals the schema type is
 * accepted there too.
 */
export class TypedNumber {
  private constructor(
    readonly type: 'INT8' | 'INT16' | 'INT32' | 'FLOAT32',
    readonly value: number,
  ) {}

  /** A Java `Byte`: the value is narrowed as Java's `(byte)` cast does. */
  static int8(value: number): TypedNumber {
    return new TypedNumber('INT8', (value << 24) >> 24);
  }

  /** A Java `Short`: the value is narrowed as Java's `(short)` cast does. */
  static int16(value: number): TypedNumber {
    return new TypedNumber('INT16', (value << 16) >> 16);
  }

  /** A Java `Integer`: the value is narrowed as Java's `(int)` cast does. */
  static int32(value: number): TypedNumber {
    return new TypedNumber('INT32', value | 0);
  }

  /** A Java `Float`: the value is rounded to single precision. */
  static float32(value: number): TypedNumber {
    return new TypedNumber('FLOAT32', Math.fround(value));
  }

  equals(other: unknown): boolean {
    return (
      other instanceof TypedNumber && other.type === this.type && Object.is(other.value, this.value)
    );
  }

  valueOf(): number {
    return this.value;
  }
}
