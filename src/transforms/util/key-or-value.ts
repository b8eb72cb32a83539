import type { ConnectRecord } from '../../api/connect-record.js';
import type { Schema } from '../../api/schema.js';

/** Which half of a record a `$Key` / `$Value` transformation works on. */
export type Side = 'key' | 'value';

export function operatingSchema<R extends ConnectRecord<R>>(record: R, side: Side): Schema | null {
  return side === 'key' ? record.keySchema : record.valueSchema;
}

export function operatingValue<R extends ConnectRecord<R>>(record: R, side: Side): unknown {
  return side === 'key' ? record.key : record.value;
}

/** A copy of `record` with the key or the value (and its schema) replaced. */
export function withOperating<R extends ConnectRecord<R>>(
  record: R,
  side: Side,
  schema: Schema | null,
  value: unknown,
): R {
  return side === 'key'
    ? record.newRecord({ keySchema: schema, key: value })
    : record.newRecord({ valueSchema: schema, value });
}

/** Kafka's FQCNs of the nested `$Key` / `$Value` classes. */
export function variantName(base: string, side: Side): string {
  return `${base}$${side === 'key' ? 'Key' : 'Value'}`;
}
