// STUB owned by the data-model work (issue 4): it will be replaced by the full Schema,
// keeping these exported names. Other modules may rely on `Type` and `Schema` only.

/** The schema types of Kafka Connect, spelled as Kafka's `Schema.Type` names. */
export enum Type {
  INT8 = 'INT8',
  INT16 = 'INT16',
  INT32 = 'INT32',
  INT64 = 'INT64',
  FLOAT32 = 'FLOAT32',
  FLOAT64 = 'FLOAT64',
  BOOLEAN = 'BOOLEAN',
  STRING = 'STRING',
  BYTES = 'BYTES',
  ARRAY = 'ARRAY',
  MAP = 'MAP',
  STRUCT = 'STRUCT',
}

/** A Connect schema. */
export interface Schema {
  readonly type: Type;
  readonly optional: boolean;
  readonly name: string | null;
}
