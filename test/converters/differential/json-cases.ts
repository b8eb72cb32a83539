/**
 * The JsonConverter differential cases (shared by test/converters/json-converter.differential.test.ts
 * and the broker round trip in test/integration/json-round-trip.test.ts): writes of every schema
 * type and logical type with and without schemas, both decimal formats, defaults and
 * replace.null.with.default, errors on write; reads of envelopes and plain JSON, good and bad;
 * random doubles and floats. Kafka's own JsonConverter gives the expected results.
 */
import type { Case, SchemaSpec, TypedValue } from './kafka-harness.js';

export const JSON_FQCN = 'org.apache.kafka.connect.json.JsonConverter';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

const cases: Case[] = [];
let nextId = 0;
function from(
  schema: SchemaSpec | null,
  value: TypedValue,
  config: Record<string, string> = {},
  extra: Partial<Case> = {},
): void {
  cases.push({ id: nextId++, op: 'from', conv: JSON_FQCN, config, schema, value, ...extra });
}
function to(text: string | null, config: Record<string, string> = {}): void {
  cases.push({
    id: nextId++,
    op: 'to',
    conv: JSON_FQCN,
    config,
    bytes: text === null ? null : b64(text),
  });
}
const NO_SCHEMAS = { 'schemas.enable': 'false' };
const NO_REPLACE = { 'replace.null.with.default': 'false' };

const DOUBLES = [
  '1.0',
  '111.0',
  '1e7',
  '9999999.0',
  '1.0E-4',
  '0.001',
  '0.0001',
  '1e-3',
  '0.1',
  '-0.0',
  '0.0',
  'NaN',
  'Infinity',
  '-Infinity',
  '1.7976931348623157E308',
  '4.9E-324',
  '2.2250738585072014E-308',
  '123456789.123',
  '1e21',
  '1e22',
  '1e23',
  '12345678.9',
  '3.141592653589793',
  '2.0E-3',
  '100.0',
  '1234567.0',
  '0.3',
  '5e-324',
  '1.1',
  '-12.5e10',
];
const FLOATS = [
  '1.0',
  '12.34',
  '0.1',
  '1e7',
  '1.0E-4',
  '3.4028235E38',
  '1.4E-45',
  'NaN',
  '-0.0',
  '16777216.0',
  '0.001',
  '1.17549435E-38',
  '3.14159',
  '123456.79',
  '9999999.0',
  '1e10',
  '2.5e-5',
  '0.3',
];

const STRINGS = [
  '',
  'plain',
  'quote " and \\ backslash',
  'control \u0000\u0001\u0007\b\t\n\u000b\f\r\u001f end',
  'slash / and unicode é 日本 😀',
  '\u007f del',
  '\u2028 line sep',
];

const INT_SCHEMAS: [SchemaSpec['type'], 'int8' | 'int16' | 'int32', number[]][] = [
  ['INT8', 'int8', [0, -128, 127, 5]],
  ['INT16', 'int16', [-32768, 32767, 300]],
  ['INT32', 'int32', [-2147483648, 2147483647, 70000]],
];

for (const enable of ['true', 'false']) {
  const cfg = { 'schemas.enable': enable };
  for (const [type, t, values] of INT_SCHEMAS)
    for (const v of values) from({ type }, { t, v }, cfg);
  for (const v of ['0', '9007199254740993', '-9223372036854775808', '9223372036854775807', '-1'])
    from({ type: 'INT64' }, { t: 'int64', v }, cfg);
  for (const v of DOUBLES) from({ type: 'FLOAT64' }, { t: 'float64', v }, cfg);
  for (const v of FLOATS) from({ type: 'FLOAT32' }, { t: 'float32', v }, cfg);
  for (const v of STRINGS) from({ type: 'STRING' }, { t: 'string', v }, cfg);
  from({ type: 'BOOLEAN' }, { t: 'boolean', v: true }, cfg);
  from({ type: 'BOOLEAN', optional: true }, null, cfg);
  for (const v of ['', 'AA==', 'AQID', b64('hello bytes!')])
    from({ type: 'BYTES' }, { t: 'bytes', v }, cfg);
  // Schemaless values of every Java class.
  from(null, { t: 'int64', v: '12' }, cfg);
  from(null, { t: 'int32', v: 5 }, cfg);
  from(null, { t: 'int16', v: 5 }, cfg);
  from(null, { t: 'int8', v: 5 }, cfg);
  from(null, { t: 'float32', v: '0.1' }, cfg);
  from(null, { t: 'float64', v: '5' }, cfg);
  from(null, { t: 'string', v: 'x' }, cfg);
  from(null, { t: 'bytes', v: 'AQID' }, cfg);
  from(null, { t: 'array', v: [{ t: 'int64', v: '1' }, { t: 'string', v: '2' }, null] }, cfg);
  from(
    null,
    {
      t: 'map',
      v: [
        [
          { t: 'string', v: 'b' },
          { t: 'int64', v: '1' },
        ],
        [
          { t: 'string', v: 'a' },
          { t: 'float64', v: '2' },
        ],
      ],
    },
    cfg,
    { unorderedKeys: true },
  );
  from(
    null,
    {
      t: 'map',
      v: [
        [
          { t: 'int64', v: '1' },
          { t: 'string', v: 'one' },
        ],
        [
          { t: 'int64', v: '2' },
          { t: 'string', v: 'two' },
        ],
      ],
    },
    cfg,
  );
  from(null, { t: 'decimal', v: '1.5' }, cfg);
  from(null, { t: 'date', v: 0 }, cfg);
  from({ type: 'STRING', optional: true }, null, cfg);
  from({ type: 'STRING' }, null, cfg);
  from({ type: 'STRING', default: { t: 'string', v: 'dflt' } }, null, cfg);
  from({ type: 'STRING', optional: true, default: { t: 'string', v: 'dflt' } }, null, {
    ...cfg,
    ...NO_REPLACE,
  });
  from(null, null, cfg);
}

// Logical types, both decimal formats.
for (const fmt of ['BASE64', 'NUMERIC']) {
  const cfg = { 'decimal.format': fmt };
  for (const [v, scale] of [
    ['1.56', 2],
    ['-1.56', 2],
    ['0.00', 2],
    ['1.5600', 4],
    ['12345678901234567890.123', 3],
    ['-128', 0],
    ['127', 0],
    ['0.0000001', 7],
    ['1E+3', -3],
    ['255', 0],
    ['-129', 0],
  ] as const) {
    from(
      {
        type: 'BYTES',
        name: 'org.apache.kafka.connect.data.Decimal',
        version: 1,
        params: [['scale', String(scale)]],
      },
      { t: 'decimal', v },
      cfg,
    );
  }
  from(
    {
      type: 'BYTES',
      name: 'org.apache.kafka.connect.data.Decimal',
      version: 1,
      params: [['scale', '3']],
    },
    { t: 'decimal', v: '1.5' },
    cfg,
  );
  from(
    {
      type: 'BYTES',
      name: 'org.apache.kafka.connect.data.Decimal',
      version: 1,
      params: [['scale', '2']],
      default: { t: 'decimal', v: '9.99' },
    },
    null,
    cfg,
  );
  from(
    {
      type: 'STRUCT',
      fields: [
        [
          'd',
          {
            type: 'BYTES',
            name: 'org.apache.kafka.connect.data.Decimal',
            version: 1,
            params: [['scale', '2']],
            optional: true,
          },
        ],
      ],
    },
    { t: 'struct', v: [['d', { t: 'decimal', v: '3.14' }]] },
    { ...cfg, 'schemas.enable': 'false' },
  );
}
const DATE = { type: 'INT32', name: 'org.apache.kafka.connect.data.Date', version: 1 } as const;
const TIME = { type: 'INT32', name: 'org.apache.kafka.connect.data.Time', version: 1 } as const;
const TIMESTAMP = {
  type: 'INT64',
  name: 'org.apache.kafka.connect.data.Timestamp',
  version: 1,
} as const;
from(DATE, { t: 'date', v: 10000 * 86400000 });
from(DATE, { t: 'date', v: -86400000 });
from(DATE, { t: 'date', v: 1 });
from(TIME, { t: 'date', v: 14400000 });
from(TIME, { t: 'date', v: 86400001 });
from(TIMESTAMP, { t: 'date', v: 4000000000 });
from(TIMESTAMP, { t: 'date', v: -1 });
from({ ...TIMESTAMP, default: { t: 'date', v: 42 } }, null);
from({ ...DATE, optional: true }, null);
from({ type: 'INT64', name: 'org.apache.kafka.connect.data.Timestamp' }, { t: 'date', v: 7 });

// Schema metadata, nested containers, structs.
from(
  {
    type: 'STRING',
    name: 'com.example.Name',
    version: 3,
    doc: 'a "doc"',
    params: [
      ['b', '2'],
      ['a', '1'],
    ],
    optional: true,
  },
  { t: 'string', v: 'v' },
);
from(
  { type: 'BOOLEAN', optional: true, default: { t: 'boolean', v: false } },
  { t: 'boolean', v: true },
);
const ARR = { type: 'ARRAY', items: { type: 'INT32', optional: true } } as const;
from(ARR, { t: 'array', v: [{ t: 'int32', v: 1 }, null, { t: 'int32', v: 3 }] });
from(
  { type: 'ARRAY', items: { type: 'ARRAY', items: { type: 'FLOAT64' } } },
  {
    t: 'array',
    v: [
      { t: 'array', v: [{ t: 'float64', v: '1' }] },
      { t: 'array', v: [] },
    ],
  },
);
/** Kafka reads maps into a HashMap; we keep the input order, so our round trip gives back Kafka's original bytes. */
const MAP_ORDER: Partial<Case> = { keepsMapOrder: true };
const STR_MAP = { type: 'MAP', keys: { type: 'STRING' }, values: { type: 'INT64' } } as const;
from(
  STR_MAP,
  {
    t: 'map',
    v: [
      [
        { t: 'string', v: 'z' },
        { t: 'int64', v: '1' },
      ],
      [
        { t: 'string', v: 'a' },
        { t: 'int64', v: '2' },
      ],
    ],
  },
  {},
  MAP_ORDER,
);
const INT_MAP = {
  type: 'MAP',
  keys: { type: 'INT32' },
  values: { type: 'STRING', optional: true },
} as const;
from(
  INT_MAP,
  {
    t: 'map',
    v: [
      [
        { t: 'int32', v: 2 },
        { t: 'string', v: 'two' },
      ],
      [{ t: 'int32', v: 1 }, null],
    ],
  },
  {},
  MAP_ORDER,
);
from(
  { type: 'MAP', keys: { type: 'BOOLEAN' }, values: { type: 'BOOLEAN' } },
  {
    t: 'map',
    v: [
      [
        { t: 'boolean', v: true },
        { t: 'boolean', v: false },
      ],
    ],
  },
);
const INNER: SchemaSpec = {
  type: 'STRUCT',
  name: 'Inner',
  optional: true,
  fields: [
    ['x', { type: 'FLOAT32' }],
    ['y', { type: 'STRING', optional: true }],
  ],
};
const OUTER: SchemaSpec = {
  type: 'STRUCT',
  name: 'com.example.Outer',
  version: 2,
  doc: 'outer',
  fields: [
    ['id', { type: 'INT64' }],
    ['name', { type: 'STRING', optional: true, default: { t: 'string', v: 'anon' } }],
    ['score', { type: 'FLOAT64' }],
    ['tags', { type: 'ARRAY', items: { type: 'STRING' }, optional: true }],
    ['attrs', { type: 'MAP', keys: { type: 'STRING' }, values: { type: 'INT32' }, optional: true }],
    ['inner', INNER],
    ['flag', { type: 'BOOLEAN', default: { t: 'boolean', v: true } }],
    ['raw', { type: 'BYTES', optional: true }],
  ],
};
const OUTER_VALUE: TypedValue = {
  t: 'struct',
  v: [
    ['id', { t: 'int64', v: '9007199254740993' }],
    ['score', { t: 'float64', v: '1e7' }],
    [
      'tags',
      {
        t: 'array',
        v: [
          { t: 'string', v: 'a' },
          { t: 'string', v: 'b\n' },
        ],
      },
    ],
    [
      'attrs',
      {
        t: 'map',
        v: [
          [
            { t: 'string', v: 'k' },
            { t: 'int32', v: 7 },
          ],
        ],
      },
    ],
    ['inner', { t: 'struct', v: [['x', { t: 'float32', v: '0.1' }]] }],
    ['raw', { t: 'bytes', v: 'AQID' }],
  ],
};
for (const c of [{}, NO_SCHEMAS, NO_REPLACE, { ...NO_SCHEMAS, ...NO_REPLACE }])
  from(OUTER, OUTER_VALUE, c);
from({ type: 'STRUCT', fields: [['a', { type: 'STRING' }]] }, { t: 'struct', v: [] });
from(
  {
    type: 'STRUCT',
    fields: [
      [
        's',
        {
          type: 'STRUCT',
          fields: [['n', { type: 'INT8', optional: true }]],
          default: { t: 'struct', v: [['n', { t: 'int8', v: 4 }]] },
        },
      ],
    ],
  },
  { t: 'struct', v: [] },
);
// Errors on write.
from({ type: 'INT32' }, { t: 'string', v: 'x' });
from({ type: 'INT64' }, { t: 'int32', v: 5 });
from({ type: 'STRING' }, { t: 'int64', v: '5' });
from({ type: 'BYTES' }, { t: 'string', v: 'x' });
from(
  { type: 'BYTES', name: 'org.apache.kafka.connect.data.Decimal', params: [['scale', '2']] },
  { t: 'string', v: 'x' },
);
from({ ...DATE }, { t: 'int32', v: 5 });

// ---- reading
const READS: string[] = [
  '{"schema":{"type":"boolean","optional":false},"payload":true}',
  '{"schema":{"type":"int8"},"payload":300}',
  '{"schema":{"type":"int16"},"payload":-3}',
  '{"schema":{"type":"int32"},"payload":1.9}',
  '{"schema":{"type":"int32"},"payload":"12"}',
  '{"schema":{"type":"int64"},"payload":9223372036854775807}',
  '{"schema":{"type":"int64"},"payload":18446744073709551617}',
  '{"schema":{"type":"int64"},"payload":9007199254740993}',
  '{"schema":{"type":"float"},"payload":0.1}',
  '{"schema":{"type":"float"},"payload":3.4028235677973366E38}',
  '{"schema":{"type":"double"},"payload":1.0E7}',
  '{"schema":{"type":"double"},"payload":-0.0}',
  '{"schema":{"type":"double"},"payload":12}',
  '{"schema":{"type":"double"},"payload":"NaN"}',
  '{"schema":{"type":"double"},"payload":0.1000000000000000055511151231257827}',
  '{"schema":{"type":"string"},"payload":"h\\u00e9\\n\\"x\\" \\ud83d\\ude00"}',
  '{"schema":{"type":"string"},"payload":5}',
  '{"schema":{"type":"bytes"},"payload":"AQID"}',
  '{"schema":{"type":"boolean"},"payload":1}',
  '{"schema":{"type":"string","optional":true},"payload":null}',
  '{"schema":{"type":"string","optional":false},"payload":null}',
  '{"schema":{"type":"string","default":"d"},"payload":null}',
  '{"schema":{"type":"int32","optional":"true"},"payload":null}',
  '{"schema":{"type":"int32","name":5,"version":"2","doc":3},"payload":1}',
  '{"schema":{"type":"int32","version":2,"name":"n","doc":"d","parameters":{"z":"1","a":"2"}},"payload":1}',
  '{"schema":{"type":"int32","parameters":{"a":1}},"payload":1}',
  '{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"AJw="}',
  '{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":1.5600}',
  '{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":156}',
  '{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":1e3}',
  '{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":true}',
  '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date","version":1},"payload":10000}',
  '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date","version":1},"payload":3000000000}',
  '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date","version":1},"payload":1.0}',
  '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Time","version":1},"payload":14400000}',
  '{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Time","version":1},"payload":86400001}',
  '{"schema":{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":4000000000}',
  '{"schema":{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":"x"}',
  '{"schema":{"type":"array","items":{"type":"int32"}},"payload":[1,2,3]}',
  '{"schema":{"type":"array","items":{"type":"int32"}},"payload":{"a":1}}',
  '{"schema":{"type":"array","items":{"type":"int32"}},"payload":5}',
  '{"schema":{"type":"array"},"payload":[]}',
  '{"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"int32"}},"payload":{"b":1,"a":2}}',
  '{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"string"}},"payload":[[1,"a"],[2,"b"]]}',
  '{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"string"}},"payload":{"1":"a"}}',
  '{"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"string"}},"payload":[]}',
  '{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"string"}},"payload":[1]}',
  '{"schema":{"type":"map","keys":{"type":"int32"},"values":{"type":"string"}},"payload":[[1]]}',
  '{"schema":{"type":"map","keys":{"type":"int32"}},"payload":[]}',
  '{"schema":{"type":"struct","fields":[{"type":"int32","field":"a"},{"type":"string","optional":true,"field":"b"}]},"payload":{"a":1,"c":3}}',
  '{"schema":{"type":"struct","fields":[{"type":"int32","field":"a"}]},"payload":{"b":1}}',
  '{"schema":{"type":"struct","fields":[{"type":"int32","field":"a"}]},"payload":[1]}',
  '{"schema":{"type":"struct","fields":[{"type":"int32"}]},"payload":{}}',
  '{"schema":{"type":"struct","fields":{}},"payload":{}}',
  '{"schema":{"type":"struct","fields":[{"type":"int32","optional":true,"default":5,"field":"a"}]},"payload":{"a":null}}',
  '{"schema":{"type":"struct","name":"S","fields":[{"type":"struct","fields":[{"type":"double","field":"x"}],"optional":false,"field":"in"}],"optional":false},"payload":{"in":{"x":1}}}',
  '{"schema":{"type":"nope"},"payload":1}',
  '{"schema":{"optional":true},"payload":1}',
  '{"schema":{"type":"int32","default":null},"payload":1}',
  '{"schema":null,"payload":{"b":1,"a":[1,2.5,"x",null,true,{"n":1e3}]}}',
  '{"schema":null,"payload":null}',
  '{"payload":1,"schema":{"type":"int32"}}',
  ' {"schema" : {"type":"int32"} , "payload" : 7 } ',
  '{"schema":{"type":"int32"},"payload":1,"extra":2}',
  '{"schema":{"type":"int32"}}',
  '[1,2]',
  '42',
  '',
  '   ',
  '{"schema":{"type":"int32"},"payload":0012}',
  '{"schema":{"type":"int32"},"payload":1}trailing',
  '{"schema":{"type":"int32"},"payload":01.50}',
  '{bad json',
  '{"schema":{"type":"int32"},"payload":NaN}',
  '{"schema":{"type":"string"},"payload":"unterminated}',
  '{"schema":{"type":"string"},"payload":"tab\tinside"}',
];
for (const text of READS) to(text);
to(null);
for (const text of [
  '{"b":1,"a":2}',
  '{"i":9007199254740993,"f":1.0,"e":1e3,"n":-0.0,"z":0012,"big":123456789012345678901234567890}',
  '[1,"2",3.5,null,true,[],{}]',
  '"str"',
  '1.0',
  '12',
  '-0',
  'true',
  'null',
  '',
  '{"schema":{"type":"int32"},"payload":1}',
  '{"1":"a","b":"c","0":"d"}',
  '1 2',
  '{} x',
  '[1] 2',
  '1,2',
  'truex',
  '{"a":1,"a":2}',
  '\ufeff{"a":1}',
  '3.4e400',
  '{"k":"v\\u00e9"}',
  '-',
  '1.',
  '.5',
  '+1',
  '1e',
  '[1,]',
  '{"a":1,}',
  '{"a" 1}',
  '"\\x"',
  '{"a":01}',
])
  to(text, NO_SCHEMAS);

// Random doubles and floats (deterministic), to pin Java's Double/Float.toString digits.
let seed = 42;
const rand = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
for (let k = 0; k < 400; k++) {
  const bits = new DataView(new ArrayBuffer(8));
  bits.setUint32(0, Math.floor(rand() * 2 ** 32));
  bits.setUint32(4, Math.floor(rand() * 2 ** 32));
  const d = k % 2 === 0 ? bits.getFloat64(0) : (rand() - 0.5) * 10 ** Math.floor(rand() * 20 - 8);
  if (Number.isFinite(d)) from({ type: 'FLOAT64' }, { t: 'float64', v: String(d) }, NO_SCHEMAS);
  const f =
    k % 2 === 0
      ? bits.getFloat32(0)
      : Math.fround((rand() - 0.5) * 10 ** Math.floor(rand() * 14 - 6));
  if (Number.isFinite(f)) from({ type: 'FLOAT32' }, { t: 'float32', v: String(f) }, NO_SCHEMAS);
}

/** Every case, in id order (ids are numbers from 0). */
export const JSON_CASES: readonly Case[] = cases;
