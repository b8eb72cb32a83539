import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Case,
  mismatches,
  type Result,
  runKafka,
  type SchemaSpec,
  type TypedValue,
} from '../converters/differential/kafka-harness.js';

// Schema building, Struct.put and ConnectSchema.validateValue, with Kafka's messages.
const cases: Case[] = [];
let id = 0;
function validate(schema: SchemaSpec, value: TypedValue): void {
  cases.push({ id: id++, op: 'validate', conv: '', schema, value });
}
const DECIMAL: SchemaSpec = {
  type: 'BYTES',
  name: 'org.apache.kafka.connect.data.Decimal',
  version: 1,
  params: [['scale', '2']],
};
const DATE: SchemaSpec = { type: 'INT32', name: 'org.apache.kafka.connect.data.Date', version: 1 };
validate({ type: 'INT64' }, { t: 'int32', v: 5 });
validate({ type: 'INT64' }, { t: 'int64', v: '5' });
validate({ type: 'STRING' }, { t: 'int64', v: '5' });
validate({ type: 'STRING' }, null);
validate({ type: 'STRING', optional: true }, null);
validate({ type: 'BOOLEAN', name: 'my.Flag' }, { t: 'string', v: 'true' });
validate(DECIMAL, { t: 'string', v: '1.5' });
validate(DECIMAL, { t: 'decimal', v: '1.50' });
validate(DATE, { t: 'int32', v: 3 });
validate(DATE, { t: 'date', v: 86400000 });
validate(
  { type: 'ARRAY', items: { type: 'INT32' } },
  {
    t: 'array',
    v: [
      { t: 'int32', v: 1 },
      { t: 'string', v: 'x' },
    ],
  },
);
validate({ type: 'ARRAY', items: { type: 'INT32' } }, { t: 'array', v: [null] });
validate(
  { type: 'MAP', keys: { type: 'STRING' }, values: { type: 'INT32' } },
  {
    t: 'map',
    v: [
      [
        { t: 'int32', v: 1 },
        { t: 'int32', v: 1 },
      ],
    ],
  },
);
validate(
  { type: 'MAP', keys: { type: 'STRING' }, values: { type: 'INT32' } },
  {
    t: 'map',
    v: [
      [
        { t: 'string', v: 'k' },
        { t: 'int64', v: '1' },
      ],
    ],
  },
);
validate({ type: 'BYTES' }, { t: 'bytes', v: 'AQ==' });
validate({ type: 'FLOAT64' }, { t: 'float64', v: '1.5' });
validate(
  { type: 'STRUCT', fields: [['a', { type: 'INT32' }]] },
  { t: 'struct', v: [['a', { t: 'string', v: 'x' }]] },
);
validate({ type: 'STRUCT', fields: [['a', { type: 'INT32' }]] }, { t: 'struct', v: [['a', null]] });
validate({ type: 'STRUCT', fields: [['a', { type: 'INT32' }]] }, { t: 'struct', v: [] });
validate(
  { type: 'STRUCT', fields: [['a', { type: 'INT32', default: { t: 'int32', v: 1 } }]] },
  { t: 'struct', v: [] },
);
validate(
  { type: 'STRUCT', fields: [['a', { type: 'ARRAY', items: { type: 'STRING' } }]] },
  { t: 'struct', v: [['a', { t: 'array', v: [{ t: 'int64', v: '1' }] }]] },
);
validate({ type: 'STRING', default: { t: 'int64', v: '1' } }, { t: 'string', v: 'x' });
validate({ type: 'INT8', default: { t: 'int8', v: 1 } }, null);

describe('the data model validates as Kafka does', () => {
  let kafka: Map<string, Result>;
  beforeAll(async () => {
    kafka = await runKafka(cases);
  }, 600_000);

  it('builds and validates schemas and values with Kafka messages', () => {
    expect(cases.length).toBeGreaterThan(20);
    expect(mismatches(cases, kafka)).toEqual([]);
  });
});
