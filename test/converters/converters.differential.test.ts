import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Case,
  groups,
  mismatches,
  type Result,
  runKafka,
  type SchemaSpec,
  type TypedValue,
} from './differential/kafka-harness.js';

const STRING = 'org.apache.kafka.connect.storage.StringConverter';
const BYTES = 'org.apache.kafka.connect.converters.ByteArrayConverter';
const BOOL = 'org.apache.kafka.connect.converters.BooleanConverter';
const SIMPLE = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';
const JSON_FQCN = 'org.apache.kafka.connect.json.JsonConverter';
const NUMBERS = ['Short', 'Integer', 'Long', 'Float', 'Double'].map(
  (n) => `org.apache.kafka.connect.converters.${n}Converter`,
);

const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64');
const cases: Case[] = [];
let nextId = 0;
function from(
  conv: string,
  schema: SchemaSpec | null,
  value: TypedValue,
  extra: Partial<Case> = {},
): void {
  cases.push({ id: nextId++, op: 'from', conv, schema, value, ...extra });
}
function to(conv: string, bytes: string | null, extra: Partial<Case> = {}): void {
  cases.push({ id: nextId++, op: 'to', conv, bytes, ...extra });
}

const s = (v: string): TypedValue => ({ t: 'string', v });
const i32 = (v: number): TypedValue => ({ t: 'int32', v });
const i64 = (v: string): TypedValue => ({ t: 'int64', v });
const f64 = (v: string): TypedValue => ({ t: 'float64', v });
const f32 = (v: string): TypedValue => ({ t: 'float32', v });
const VALUES: TypedValue[] = [
  s('héllo "x"'),
  i32(5),
  i64('-9223372036854775808'),
  { t: 'int16', v: 7 },
  { t: 'int8', v: -3 },
  f64('1.0'),
  f64('1e10'),
  f64('-0.0'),
  f64('NaN'),
  f32('1.5'),
  f32('0.1'),
  { t: 'boolean', v: true },
  { t: 'decimal', v: '1.50' },
  { t: 'array', v: [i64('1'), s('a'), null] },
  {
    t: 'map',
    v: [
      [s('b'), i64('1')],
      [s('a'), { t: 'array', v: [f64('2')] }],
    ],
  },
  { t: 'map', v: [[i32(1), s('x"y\\z')]] },
  { t: 'bytes', v: 'AQID' },
];

// StringConverter: toString of every class, encodings both ways.
for (const v of VALUES.filter((x) => x === null || x.t !== 'bytes')) from(STRING, null, v);
from(STRING, { type: 'INT32' }, s('schema ignored'));
from(
  STRING,
  {
    type: 'STRUCT',
    fields: [
      ['a', { type: 'INT32' }],
      ['b', { type: 'STRING', optional: true }],
      ['c', { type: 'FLOAT64' }],
    ],
  },
  {
    t: 'struct',
    v: [
      ['a', i32(1)],
      ['c', f64('2')],
    ],
  },
);
from(STRING, null, null);
for (const enc of ['UTF-16', 'ISO-8859-1', 'US-ASCII', 'UTF-16LE', 'utf8']) {
  from(STRING, null, s('aé€😀'), { config: { 'converter.encoding': enc } });
  to(STRING, b64(Buffer.from('aé', 'latin1')), { config: { 'converter.encoding': enc } });
}
to(STRING, b64('plain text'));
to(STRING, b64('\u00ff\u{1F600}'));
to(STRING, null);
to(STRING, b64(Uint8Array.of(0xfe, 0xff, 0, 0x41)), { config: { 'converter.encoding': 'UTF-16' } });

// ByteArrayConverter.
from(BYTES, { type: 'BYTES' }, { t: 'bytes', v: 'AQID' });
from(BYTES, null, { t: 'bytes', v: '' });
from(BYTES, { type: 'INT32' }, i32(1));
from(BYTES, null, s('x'));
from(BYTES, null, null);
to(BYTES, 'AQID');
to(BYTES, null);

// Number converters: right and wrong classes, right and wrong lengths.
const NUMBER_VALUES: TypedValue[] = [
  { t: 'int16', v: -2 },
  { t: 'int16', v: 32767 },
  i32(-2147483648),
  i32(123456),
  i64('-1'),
  i64('9223372036854775807'),
  f32('0.1'),
  f32('-0.0'),
  f32('NaN'),
  f64('0.1'),
  f64('-1e300'),
  f64('Infinity'),
  s('5'),
];
for (const conv of NUMBERS) {
  for (const v of NUMBER_VALUES) from(conv, null, v);
  from(conv, { type: 'STRING' }, null);
  for (const len of [0, 1, 2, 3, 4, 5, 8, 9])
    to(conv, b64(Uint8Array.from({ length: len }, (_x, k) => (k * 37 + 0x81) & 0xff)));
  to(conv, null);
  to(conv, b64(Uint8Array.of(0x7f, 0xc0, 0, 0, 0, 0, 0, 1)));
}

// BooleanConverter.
from(BOOL, null, { t: 'boolean', v: true });
from(BOOL, { type: 'BOOLEAN', optional: true }, { t: 'boolean', v: false });
from(BOOL, { type: 'INT8' }, { t: 'boolean', v: true });
from(BOOL, null, i32(1));
from(BOOL, null, null);
for (const b of [[0], [1], [2], [0, 1], [], [0x34, 0x32]]) to(BOOL, b64(Uint8Array.from(b)));
to(BOOL, null);

// SimpleHeaderConverter: write every class, read text with Kafka's Values rules.
for (const v of VALUES)
  cases.push({ id: nextId++, op: 'from', conv: SIMPLE, header: 'h', schema: null, value: v });
const STRUCT_SPEC: SchemaSpec = {
  type: 'STRUCT',
  fields: [
    ['a', { type: 'INT32' }],
    ['b', { type: 'STRING', optional: true, default: { t: 'string', v: 'dflt' } }],
    ['c', { type: 'FLOAT32', optional: true }],
  ],
};
for (const [schema, v] of [
  [{ type: 'INT32' }, i32(42)],
  [{ type: 'INT8' }, { t: 'int8', v: 1 }],
  [{ type: 'FLOAT32' }, f32('1.1')],
  [{ type: 'FLOAT64' }, f64('1e-5')],
  [{ type: 'INT64' }, i64('5')],
  [
    { type: 'ARRAY', items: { type: 'FLOAT32' } },
    { t: 'array', v: [f32('1'), f32('2.5')] },
  ],
  [
    { type: 'MAP', keys: { type: 'STRING' }, values: { type: 'INT16' } },
    { t: 'map', v: [[s('k'), { t: 'int16', v: 300 }]] },
  ],
  [
    STRUCT_SPEC,
    {
      t: 'struct',
      v: [
        ['a', i32(1)],
        ['c', f32('0.5')],
      ],
    },
  ],
  [
    { type: 'INT32', name: 'org.apache.kafka.connect.data.Date', version: 1 },
    { t: 'date', v: 19000 * 86400000 },
  ],
  [
    { type: 'INT32', name: 'org.apache.kafka.connect.data.Time', version: 1 },
    { t: 'date', v: 45296789 },
  ],
  [
    { type: 'INT64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1 },
    { t: 'date', v: 1700000000123 },
  ],
  [
    {
      type: 'BYTES',
      name: 'org.apache.kafka.connect.data.Decimal',
      version: 1,
      params: [['scale', '2']],
    },
    { t: 'decimal', v: '-3.14' },
  ],
] as [SchemaSpec, TypedValue][])
  cases.push({ id: nextId++, op: 'from', conv: SIMPLE, header: 'h', schema, value: v });
const HEADER_TEXTS = [
  '',
  ' ',
  'plain',
  'true',
  ' false ',
  'null',
  'true}',
  'false]',
  'null=',
  'TRUE',
  '42',
  '-7',
  '+12',
  '300',
  '70000',
  '5000000000',
  '99999999999999999999',
  '1e19',
  '1e20',
  '1.0',
  '1.5',
  '-0.5',
  '0.1',
  '3.14159265358979',
  '1e3',
  '1E-3',
  '1.',
  '12abc',
  '1:2',
  '12:30',
  '1,2',
  '12:30:45.123Z',
  '2024-01-15',
  '2024-01-15T12:30:45.123Z',
  '2024-13-45',
  '25:61:61.999Z',
  '2024-01-1x',
  '[1,2,3]',
  '[1, 2.5]',
  '[1,"a"]',
  '["a","b"]',
  '[1, null]',
  '[null]',
  '[]',
  '[foo]',
  '[1,2,3,,,]',
  '[1 2]',
  '{"foo":"123","bar":"baz"}',
  '{"foo":12345,"bar":0,"baz":-4321}',
  '{"foo":1234567890,"bar":0,"baz":-987654321}',
  '{foo: 3}',
  '{6:9 4:20}',
  '{}',
  '{"a":null}',
  '{null:1}',
  '{"a":1,"a":2}',
  '{1:"x",2.5:"y"}',
  '{"k":[1,2],"j":{"x":true}}',
  '"quoted"',
  'a "quote" and \\ backslash',
  '["a\\"b","c\\\\d"]',
  '{"t":"2024-01-15"}',
  '["12:30:45.123Z"]',
  '[true,false]',
  '[1.5,2]',
  '[" "]',
  'Ünïcödé',
  '0012',
  '-',
  '+',
  '1e',
  '[[1,2],[3]]',
  '{"a":{"b":{"c":1}}}',
];
for (const text of HEADER_TEXTS)
  cases.push({ id: nextId++, op: 'to', conv: SIMPLE, header: 'h', bytes: b64(text) });
cases.push({ id: nextId++, op: 'to', conv: SIMPLE, header: 'h', bytes: null });

// JsonConverter as a header converter.
cases.push({
  id: nextId++,
  op: 'from',
  conv: JSON_FQCN,
  header: 'h',
  schema: { type: 'INT32' },
  value: i32(5),
});
cases.push({
  id: nextId++,
  op: 'to',
  conv: JSON_FQCN,
  header: 'h',
  bytes: b64('{"schema":{"type":"string"},"payload":"x"}'),
});
cases.push({
  id: nextId++,
  op: 'to',
  conv: JSON_FQCN,
  header: 'h',
  config: { 'schemas.enable': 'false' },
  bytes: b64('[1,2]'),
});

// Binary garbage and invalid UTF-8 for every converter (the bad-input catalogue,
// test/catalogue/): what each makes of it, or the error it raises, as Kafka does.
const GARBAGE: Uint8Array[] = [
  Uint8Array.of(0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28, 0xe2, 0x82, 0xf0, 0x9f, 0x98, 0xed, 0xa0, 0x80),
  Uint8Array.from({ length: 64 }, (_x, k) => (k * 151 + 7) & 0xff),
  // Encoded surrogates (CESU-8), whole, cut short, and at the very end.
  Uint8Array.of(0x61, 0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80, 0x62, 0xed, 0xa0, 0x41, 0xed, 0xbf),
  Uint8Array.of(0xe2, 0x82, 0xed, 0x9f, 0xbf, 0xed, 0x80, 0xc0, 0xaf, 0xf4, 0x90, 0x80, 0x80),
];
for (const g of GARBAGE) {
  for (const conv of [STRING, BYTES, BOOL, ...NUMBERS]) to(conv, b64(g));
  for (const enable of ['true', 'false'])
    cases.push({
      id: nextId++,
      op: 'to',
      conv: JSON_FQCN,
      config: { 'schemas.enable': enable },
      bytes: b64(g),
    });
  cases.push({ id: nextId++, op: 'to', conv: SIMPLE, header: 'h', bytes: b64(g) });
}

describe('String, ByteArray, number, Boolean and SimpleHeader converters match Kafka', () => {
  let kafka: Map<string, Result>;
  beforeAll(async () => {
    kafka = await runKafka(cases);
  }, 600_000);

  it.each(groups(cases))('%s', (_group, list) => {
    expect(list.length).toBeGreaterThan(0);
    expect(mismatches(list, kafka)).toEqual([]);
  });
});
