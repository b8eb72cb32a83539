/** The SMT cases both Kafka and ts-connect run (see transform-harness.ts). */
import type { InputRecord, TransformCase } from './transform-harness.js';

const JSON_CONV = 'org.apache.kafka.connect.json.JsonConverter';
const STRING_CONV = 'org.apache.kafka.connect.storage.StringConverter';
const T = 'org.apache.kafka.connect.transforms.';
const P = 'org.apache.kafka.connect.transforms.predicates.';

export const SCHEMALESS = {
  'key.converter': JSON_CONV,
  'key.converter.schemas.enable': 'false',
  'value.converter': JSON_CONV,
  'value.converter.schemas.enable': 'false',
};
export const WITH_SCHEMA = { 'key.converter': JSON_CONV, 'value.converter': JSON_CONV };
export const STRING_KEY = { ...SCHEMALESS, 'key.converter': STRING_CONV };

type Fields = [string, string | object, boolean?][];

/** A struct schema in JsonConverter's JSON form; a field type is a type name or a schema. */
export function struct(fields: Fields, extra: object = {}): object {
  return {
    type: 'struct',
    fields: fields.map(([name, t, optional]) => ({
      ...(typeof t === 'string' ? { type: t } : t),
      optional:
        optional ?? (typeof t === 'object' && (t as { optional?: boolean }).optional) ?? false,
      field: name,
    })),
    optional: false,
    ...extra,
  };
}

export function env(schema: object | null, payload: unknown): string {
  return JSON.stringify({ schema, payload });
}

const TS = { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1 };
const DATE = { type: 'int32', name: 'org.apache.kafka.connect.data.Date', version: 1 };
const TIME = { type: 'int32', name: 'org.apache.kafka.connect.data.Time', version: 1 };
const DEC2 = {
  type: 'bytes',
  name: 'org.apache.kafka.connect.data.Decimal',
  version: 1,
  parameters: { scale: '2' },
};

let n = 0;
const cases: TransformCase[] = [];

/** One case: `transforms` entries as [type, config, predicate?], on top of converter settings. */
function add(
  id: string,
  base: Record<string, string>,
  transforms: [string, Record<string, string>][],
  records: InputRecord[],
  extra: Record<string, string> = {},
): void {
  const config: Record<string, string> = { name: `c${n++}`, ...base };
  if (transforms.length > 0) config.transforms = transforms.map((_, i) => `t${i}`).join(',');
  transforms.forEach(([type, cfg], i) => {
    config[`transforms.t${i}.type`] = type.includes('.') ? type : T + type;
    for (const [k, v] of Object.entries(cfg)) config[`transforms.t${i}.${k}`] = v;
  });
  cases.push({
    id,
    config: { ...config, ...extra },
    records: records.map((r, i) => ({ offset: i, ...r })),
  });
}

const v = (value: string | null, more: InputRecord = {}): InputRecord => ({
  topic: 'orders',
  timestamp: 1483425001864,
  value,
  ...more,
});
const kv = (key: string | null, value: string | null, more: InputRecord = {}): InputRecord =>
  v(value, { key, ...more });

// ---- Cast ----
const person = struct([
  ['id', 'int64'],
  ['score', 'float64', true],
  ['flag', 'boolean'],
  ['name', 'string', true],
  ['n8', 'int8'],
]);
const personV = env(person, { id: 300, score: 42.75, flag: true, name: '12', n8: -5 });
for (const spec of [
  'id:int8',
  'id:int16,score:int32',
  'id:string,flag:int32',
  'score:boolean,flag:float64',
  'name:int64',
  'name:float32',
  'n8:string,score:string',
  'id:float32',
])
  add(`Cast$Value schema ${spec}`, WITH_SCHEMA, [['Cast$Value', { spec }]], [v(personV), v(null)]);
add(
  'Cast$Value schema name bad number',
  WITH_SCHEMA,
  [['Cast$Value', { spec: 'name:int8' }]],
  [v(env(person, { id: 1, flag: false, n8: 1, name: 'x1' }))],
);
add(
  'Cast$Value schema optional null field',
  WITH_SCHEMA,
  [['Cast$Value', { spec: 'score:string' }]],
  [v(env(person, { id: 1, flag: false, n8: 1 }))],
);
for (const spec of [
  'id:int32,score:int8,flag:string,missing:int64',
  'id:float64,name:boolean',
  'score:int64',
  'name:int32',
])
  add(
    `Cast$Value schemaless ${spec}`,
    SCHEMALESS,
    [['Cast$Value', { spec }]],
    [v('{"id":300,"score":-42.9,"flag":true,"name":"77"}'), v(null)],
  );
for (const spec of ['int8', 'string', 'float32', 'boolean', 'int64'])
  add(
    `Cast$Key whole ${spec}`,
    { ...SCHEMALESS },
    [['Cast$Key', { spec }]],
    [kv('12345', '{}'), kv('0.5', '{}'), kv('"77"', '{}'), kv('true', '{}')],
  );
add(
  'Cast$Key whole with schema',
  WITH_SCHEMA,
  [['Cast$Key', { spec: 'int16' }]],
  [kv(env({ type: 'int64', optional: false }, 70000), env(null, 1))],
);
add(
  'Cast$Value whole string from struct',
  WITH_SCHEMA,
  [['Cast$Value', { spec: 'string' }]],
  [v(personV)],
);
add(
  'Cast$Value decimal and bytes',
  WITH_SCHEMA,
  [['Cast$Value', { spec: 'd:float64,b:string,ts:int64,dt:string' }]],
  [
    v(
      env(
        struct([
          ['d', DEC2],
          ['b', 'bytes'],
          ['ts', TS],
          ['dt', DATE],
        ]),
        { d: 'AJw=', b: '/ty6mHZUMhA=', ts: 1483425001864, dt: 17000 },
      ),
    ),
  ],
);
add(
  'Cast$Value default value',
  WITH_SCHEMA,
  [['Cast$Value', { spec: 'a:string' }]],
  [v(env(struct([['a', { type: 'int32', default: 7 }, true]]), { a: null }))],
);
for (const spec of [
  '',
  'foo:faketype',
  'foo:array',
  'array',
  'foo:bytes',
  'foo:int8:extra',
  'foo:int8,int32',
])
  add(`Cast config ${spec}`, SCHEMALESS, [['Cast$Value', { spec }]], []);
add('Cast config missing spec', SCHEMALESS, [['Cast$Value', {}]], []);
add(
  'Cast$Value schemaless non-map',
  SCHEMALESS,
  [['Cast$Value', { spec: 'a:int8' }]],
  [v('[1,2]'), v('"x"')],
);

// ---- ExtractField ----
const nested = struct([
  ['id', 'int32'],
  [
    'address',
    struct(
      [
        ['city', 'string'],
        ['zip', 'string', true],
      ],
      { optional: true },
    ),
    true,
  ],
  ['a.b', 'string', true],
]);
for (const [field, ver] of [
  ['id', 'V1'],
  ['address', 'V1'],
  ['a.b', 'V1'],
  ['address.city', 'V2'],
  ['`a.b`', 'V2'],
  ['address.zip', 'v2'],
  ['missing', 'V1'],
  ['address.nope', 'V2'],
] as const) {
  add(
    `ExtractField$Value schema ${field} ${ver}`,
    WITH_SCHEMA,
    [['ExtractField$Value', { field, 'field.syntax.version': ver }]],
    [
      v(env(nested, { id: 1, address: { city: 'Paris', zip: null }, 'a.b': 'dotted' })),
      v(env(nested, { id: 2, address: null })),
      v(null),
    ],
  );
  add(
    `ExtractField$Value schemaless ${field} ${ver}`,
    SCHEMALESS,
    [['ExtractField$Value', { field, 'field.syntax.version': ver }]],
    [
      v('{"id":1,"address":{"city":"Paris","zip":null},"a.b":"dotted"}'),
      v('{"id":2,"address":null}'),
      v('{"id":3,"address":"flat"}'),
      v(null),
    ],
  );
}
add(
  'ExtractField$Key schemaless',
  SCHEMALESS,
  [['ExtractField$Key', { field: 'id' }]],
  [kv('{"id":5}', '1'), kv('7', '1')],
);
add(
  'ExtractField config bad version',
  SCHEMALESS,
  [['ExtractField$Key', { field: 'id', 'field.syntax.version': 'V3' }]],
  [],
);
add(
  'ExtractField config backtick',
  SCHEMALESS,
  [['ExtractField$Key', { field: '`a.b', 'field.syntax.version': 'V2' }]],
  [],
);
add(
  'ExtractField with default',
  WITH_SCHEMA,
  [['ExtractField$Value', { field: 'a' }]],
  [v(env(struct([['a', { type: 'string', default: 'dflt' }, true]]), { a: null }))],
);
add(
  'ExtractField with default, no replace',
  WITH_SCHEMA,
  [['ExtractField$Value', { field: 'a', 'replace.null.with.default': 'false' }]],
  [v(env(struct([['a', { type: 'string', default: 'dflt' }, true]]), { a: null }))],
);

// ---- InsertField ----
const insertAll = {
  'topic.field': 'topic',
  'partition.field': 'part!',
  'offset.field': 'off?',
  'timestamp.field': 'ts',
  'static.field': 'src',
  'static.value': 'ts-connect',
};
add(
  'InsertField$Value schemaless all',
  SCHEMALESS,
  [['InsertField$Value', insertAll]],
  [v('{"id":1}', { partition: 3, offset: 99 }), v(null), v('{"id":2}', { timestamp: null })],
);
add(
  'InsertField$Value schema all',
  WITH_SCHEMA,
  [['InsertField$Value', insertAll]],
  [
    v(env(struct([['id', 'int32']], { name: 'com.x.V', version: 2 }), { id: 1 }), { partition: 3 }),
    v(env(struct([['id', 'int32']]), null)),
  ],
);
add(
  'InsertField$Value schema null timestamp required',
  WITH_SCHEMA,
  [['InsertField$Value', { 'timestamp.field': 'ts!' }]],
  [v(env(struct([['id', 'int32']]), { id: 1 }), { timestamp: null })],
);
add(
  'InsertField$Key schemaless',
  SCHEMALESS,
  [['InsertField$Key', { 'topic.field': 'tp' }]],
  [kv('{"k":1}', '1'), kv('5', '1')],
);
add(
  'InsertField$Value schema non-struct',
  WITH_SCHEMA,
  [['InsertField$Value', { 'topic.field': 'tp' }]],
  [v(env({ type: 'int32', optional: false }, 5))],
);
add('InsertField config none', SCHEMALESS, [['InsertField$Value', {}]], []);
add(
  'InsertField$Value schema duplicate field',
  WITH_SCHEMA,
  [['InsertField$Value', { 'topic.field': 'id' }]],
  [v(env(struct([['id', 'int32']]), { id: 1 }))],
);

// ---- ReplaceField ----
for (const cfg of [
  { exclude: 'b' },
  { include: 'a,c' },
  { renames: 'a:x,c:y' },
  { exclude: 'a', include: 'a,b', renames: 'b:bee' },
  { exclude: 'zz' },
]) {
  const name = JSON.stringify(cfg);
  add(
    `ReplaceField$Value schemaless ${name}`,
    SCHEMALESS,
    [['ReplaceField$Value', cfg]],
    [v('{"a":1,"b":"two","c":[3]}'), v(null)],
  );
  add(
    `ReplaceField$Value schema ${name}`,
    WITH_SCHEMA,
    [['ReplaceField$Value', cfg]],
    [
      v(
        env(
          struct(
            [
              ['a', 'int32'],
              ['b', 'string', true],
              ['c', { type: 'array', items: { type: 'int32', optional: false } }],
            ],
            { name: 'r' },
          ),
          { a: 1, b: 'two', c: [3] },
        ),
      ),
    ],
  );
}
add(
  'ReplaceField config bad rename',
  SCHEMALESS,
  [['ReplaceField$Value', { renames: 'a:b:c' }]],
  [],
);
add('ReplaceField config bad rename 2', SCHEMALESS, [['ReplaceField$Value', { renames: 'a' }]], []);
add(
  'ReplaceField$Key schemaless',
  SCHEMALESS,
  [['ReplaceField$Key', { renames: 'id:key_id' }]],
  [kv('{"id":1}', '{}'), kv('1', '{}')],
);

// ---- MaskField ----
const maskSchema = struct([
  ['i', 'int32'],
  ['l', 'int64'],
  ['f', 'float32'],
  ['d', 'float64'],
  ['b', 'boolean'],
  ['s', 'string'],
  ['dec', DEC2],
  ['ts', TS],
  ['arr', { type: 'array', items: { type: 'string', optional: false } }],
  [
    'm',
    {
      type: 'map',
      keys: { type: 'string', optional: false },
      values: { type: 'int32', optional: false },
    },
  ],
  ['i8', 'int8'],
  ['opt', 'string', true],
]);
const maskVal = env(maskSchema, {
  i: 5,
  l: 6,
  f: 1.5,
  d: 2.5,
  b: true,
  s: 'secret',
  dec: 'AJw=',
  ts: 1000,
  arr: ['x'],
  m: { k: 1 },
  i8: 3,
  opt: null,
});
add(
  'MaskField$Value schema all default',
  WITH_SCHEMA,
  [['MaskField$Value', { fields: 'i,l,f,d,b,s,ts,arr,m,i8,opt' }]],
  [v(maskVal)],
);
add(
  'MaskField$Value schema decimal',
  WITH_SCHEMA,
  [['MaskField$Value', { fields: 'dec' }]],
  [v(maskVal)],
);
for (const [fields, replacement] of [
  ['i,l,f,d,i8', '123.7'],
  ['s', '***'],
  ['i', 'abc'],
  ['b', 'x'],
  ['i8', '300'],
])
  add(
    `MaskField$Value schema ${fields} replacement ${replacement}`,
    WITH_SCHEMA,
    [['MaskField$Value', { fields, replacement }]],
    [v(maskVal)],
  );
add(
  'MaskField$Value schemaless default',
  SCHEMALESS,
  [['MaskField$Value', { fields: 'a,b,c,d,e,f,missing' }]],
  [v('{"a":1,"b":1.5,"c":"s","d":true,"e":[1],"f":{"x":1},"g":1}'), v(null), v('[1]')],
);
add(
  'MaskField$Value schemaless replacement',
  SCHEMALESS,
  [['MaskField$Value', { fields: 'a,b,c', replacement: '42' }]],
  [v('{"a":1,"b":1.5,"c":"s"}'), v('{"a":1,"d":true}')],
);
add(
  'MaskField$Value schemaless replacement bool',
  SCHEMALESS,
  [['MaskField$Value', { fields: 'd', replacement: '42' }]],
  [v('{"d":true}')],
);
add(
  'MaskField$Key schema',
  WITH_SCHEMA,
  [['MaskField$Key', { fields: 'id' }]],
  [kv(env(struct([['id', 'string']]), { id: 'x' }), env(null, 1)), kv(null, env(null, 1))],
);
add('MaskField config empty fields', SCHEMALESS, [['MaskField$Value', { fields: '' }]], []);
add(
  'MaskField config empty replacement',
  SCHEMALESS,
  [['MaskField$Value', { fields: 'a', replacement: '' }]],
  [],
);

// ---- ValueToKey ----
add(
  'ValueToKey schemaless',
  SCHEMALESS,
  [['ValueToKey', { fields: 'b,a,missing' }]],
  [v('{"a":1,"b":"x","c":2}'), v(null), v('5')],
);
add(
  'ValueToKey schema',
  WITH_SCHEMA,
  [['ValueToKey', { fields: 'b,a' }]],
  [
    v(
      env(
        struct([
          ['a', 'int32'],
          ['b', 'string', true],
        ]),
        { a: 1, b: null },
      ),
    ),
    v(env(struct([['a', 'int32']]), null)),
  ],
);
add(
  'ValueToKey schema missing',
  WITH_SCHEMA,
  [['ValueToKey', { fields: 'z' }]],
  [v(env(struct([['a', 'int32']]), { a: 1 }))],
);
add('ValueToKey config empty', SCHEMALESS, [['ValueToKey', { fields: '' }]], []);

// ---- HoistField ----
add(
  'HoistField$Value schemaless',
  SCHEMALESS,
  [['HoistField$Value', { field: 'wrapped' }]],
  [v('{"a":1}'), v('42'), v(null)],
);
add(
  'HoistField$Key schema',
  WITH_SCHEMA,
  [['HoistField$Key', { field: 'k' }]],
  [
    kv(env({ type: 'string', optional: true }, 'x'), env(null, 1)),
    kv(env({ type: 'int64', optional: false }, 3), env(null, 1)),
  ],
);
add(
  'HoistField$Value schema required null',
  WITH_SCHEMA,
  [['HoistField$Value', { field: 'k' }]],
  [v(env({ type: 'string', optional: false, default: 'd' }, null))],
);
add('HoistField config missing', SCHEMALESS, [['HoistField$Value', {}]], []);

// ---- Flatten ----
add(
  'Flatten$Value schemaless',
  SCHEMALESS,
  [['Flatten$Value', {}]],
  [v('{"a":{"b":{"c":1},"d":[{"x":{"y":1}}],"e":{}},"f":null,"g":"s"}'), v(null), v('1')],
);
add(
  'Flatten$Value schemaless delimiter',
  SCHEMALESS,
  [['Flatten$Value', { delimiter: '_' }]],
  [v('{"a":{"b":1}}')],
);
const flatSchema = struct(
  [
    [
      'a',
      struct(
        [
          ['b', 'int32'],
          ['c', struct([['d', 'string', true]], { optional: true }), true],
        ],
        { name: 'A', doc: 'doc' },
      ),
    ],
    ['arr', { type: 'array', items: { type: 'int32', optional: false } }],
    ['top', { type: 'string', default: 'x' }, true],
  ],
  { name: 'Top', version: 3 },
);
add(
  'Flatten$Value schema',
  WITH_SCHEMA,
  [['Flatten$Value', {}]],
  [
    v(env(flatSchema, { a: { b: 1, c: { d: 'deep' } }, arr: [1, 2], top: null })),
    v(env(flatSchema, { a: { b: 2, c: null }, arr: [] })),
  ],
);
add(
  'Flatten$Value schema map',
  WITH_SCHEMA,
  [['Flatten$Value', {}]],
  [
    v(
      env(
        struct([
          [
            'm',
            {
              type: 'map',
              keys: { type: 'string', optional: false },
              values: { type: 'int32', optional: false },
            },
          ],
        ]),
        { m: { a: 1 } },
      ),
    ),
  ],
);
add(
  'Flatten$Key schema optional parent',
  WITH_SCHEMA,
  [['Flatten$Key', { delimiter: '-' }]],
  [
    kv(
      env(struct([['p', struct([['q', 'int32']], { optional: true }), true]]), { p: null }),
      env(null, 1),
    ),
  ],
);
add(
  'Flatten$Value schema null value',
  WITH_SCHEMA,
  [['Flatten$Value', {}]],
  [v(env({ ...struct([['a', 'int32']]), optional: true }, null))],
);

// ---- RegexRouter ----
for (const [regex, replacement, topics] of [
  ['(.*)-(\\d+)', '$2-$1', ['orders-12', 'orders', 'a-b-3']],
  ['orders', 'x', ['orders', 'my-orders', 'orders2']],
  ['(?i)ORD(?<rest>.*)', 'o-${rest}', ['orders', 'ORDERS', 'Ord']],
  ['(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)', '$11-$10-$1$2', ['abcdefghijk']],
  ['(a)(b)', '$12', ['ab']],
  ['a(b)?', 'x$1y', ['a', 'ab']],
  ['([a-z]+)\\.([a-z]+)', '\\$$1\\\\$2', ['db.table']],
  ['[^.]+\\.(\\w+)', '$0:$1', ['server1.inventory']],
  ['\\Qa.b\\E', 'lit', ['a.b', 'axb']],
  ['(a|b)+c?', 'r', ['abab', 'ababc', 'abcd']],
  ['x', '$', ['x']],
  ['x', '$3', ['x']],
  ['(?<n>x)', '${m}', ['x']],
  ['\\d{2,3}[A-F]', 'hex', ['12A', '1A', '1234B']],
  ['.*', 'all', ['any', '']],
  ['[\\w-]+', 'w', ['a-b_c', 'a b']],
  ['a\\sb', 's', ['a b', 'a\u00a0b']],
] as const) {
  add(
    `RegexRouter ${regex} -> ${replacement}`,
    STRING_KEY,
    [['RegexRouter', { regex, replacement }]],
    topics.map((topic) => kv('k', '1', { topic })),
  );
}
for (const regex of ['(unclosed', '[a-', '*x', 'a{2'])
  add(
    `RegexRouter config ${regex}`,
    STRING_KEY,
    [['RegexRouter', { regex, replacement: 'x' }]],
    [],
  );
add('RegexRouter config missing', STRING_KEY, [['RegexRouter', { regex: 'x' }]], []);

// ---- TimestampRouter ----
add(
  'TimestampRouter default',
  STRING_KEY,
  [['TimestampRouter', {}]],
  [kv('k', '1'), kv('k', '1', { timestamp: 0 }), kv('k', '1', { timestamp: -86400001 })],
);
for (const fmt of [
  'yyyy-MM-dd HH:mm:ss.SSS',
  "yyyy.MM.dd'T'HH'h'",
  'yy-M-d-H-h-a-EEE-EEEE-MMM-MMMM',
  'D-u-k-K',
  "''yyyy''",
  'z Z X XX XXX zzzz',
  'S-SS-SSSS',
])
  add(
    `TimestampRouter ${fmt}`,
    STRING_KEY,
    [
      [
        'TimestampRouter',
        { 'timestamp.format': fmt, 'topic.format': 'p_${topic}_${timestamp}_${topic}' },
      ],
    ],
    [kv('k', '1'), kv('k', '1', { timestamp: 1700000000005 })],
  );
add(
  'TimestampRouter null timestamp',
  STRING_KEY,
  [['TimestampRouter', {}]],
  [kv('k', '1', { timestamp: null })],
);

// ---- TimestampConverter ----
const tcRecs = [
  v(
    env(
      struct([
        ['ts', 'int64'],
        ['s', 'string'],
        ['t', TS, true],
      ]),
      { ts: 1700000000123, s: '2017-01-03 06:30:01', t: 1483425001864 },
    ),
  ),
  v(
    env(
      struct([
        ['ts', 'int64'],
        ['s', 'string'],
        ['t', TS, true],
      ]),
      { ts: -1, s: '2017-01-03 06:30:01', t: null },
    ),
  ),
];
for (const target of ['string', 'unix', 'Date', 'Time', 'Timestamp'])
  for (const field of ['ts', 't', 's'])
    add(
      `TimestampConverter$Value schema ${field} -> ${target}`,
      WITH_SCHEMA,
      [
        [
          'TimestampConverter$Value',
          { field, 'target.type': target, format: 'yyyy-MM-dd HH:mm:ss' },
        ],
      ],
      tcRecs,
    );
for (const precision of ['seconds', 'microseconds', 'nanoseconds'])
  add(
    `TimestampConverter unix ${precision}`,
    WITH_SCHEMA,
    [
      [
        'TimestampConverter$Value',
        { field: 'ts', 'target.type': 'Timestamp', 'unix.precision': precision },
      ],
      [
        'TimestampConverter$Value',
        { field: 'ts', 'target.type': 'unix', 'unix.precision': 'milliseconds' },
      ],
    ],
    tcRecs,
  );
add(
  'TimestampConverter$Value schemaless',
  SCHEMALESS,
  [
    [
      'TimestampConverter$Value',
      { field: 'when', 'target.type': 'string', format: "yyyy-MM-dd'T'HH:mm:ss.SSSX" },
    ],
  ],
  [v('{"when":1700000000123,"x":1}'), v('{"x":1}'), v('{"when":"1"}'), v('{"when":1.5}'), v(null)],
);
add(
  'TimestampConverter$Value schemaless string to unix',
  SCHEMALESS,
  [
    [
      'TimestampConverter$Value',
      {
        field: 'when',
        'target.type': 'unix',
        format: 'dd/MM/yyyy HH:mm',
        'unix.precision': 'seconds',
      },
    ],
  ],
  [
    v('{"when":"03/01/2017 06:30"}'),
    v('{"when":"3/1/17 6:30 extra"}'),
    v('{"when":"32/13/2017 25:61"}'),
    v('{"when":"nope"}'),
  ],
);
add(
  'TimestampConverter$Key whole',
  SCHEMALESS,
  [['TimestampConverter$Key', { 'target.type': 'string', format: 'yyyyMMdd' }]],
  [kv('1483425001864', '1'), kv(null, '1')],
);
add(
  'TimestampConverter$Key whole schema',
  WITH_SCHEMA,
  [['TimestampConverter$Key', { 'target.type': 'Date' }]],
  [
    kv(env({ type: 'int64', optional: true }, 1483425001864), env(null, 1)),
    kv(env({ type: 'int64', optional: true }, null), env(null, 1)),
    kv(env({ type: 'int32', optional: true }, 5), env(null, 1)),
  ],
);
add(
  'TimestampConverter parse yy',
  SCHEMALESS,
  [['TimestampConverter$Value', { 'target.type': 'unix', format: 'yy-MM-dd hh:mm a' }]],
  [v('"99-12-31 11:59 PM"'), v('"05-01-02 12:00 AM"')],
);
add(
  'TimestampConverter parse names',
  SCHEMALESS,
  [['TimestampConverter$Value', { 'target.type': 'unix', format: 'EEE, d MMM yyyy HH:mm:ss Z' }]],
  [v('"Tue, 3 Jan 2017 06:30:01 +0100"'), v('"Tuesday, 03 January 2017 06:30:01 -0530"')],
);
add(
  'TimestampConverter config string no format',
  SCHEMALESS,
  [['TimestampConverter$Value', { 'target.type': 'string' }]],
  [],
);
add(
  'TimestampConverter config bad type',
  SCHEMALESS,
  [['TimestampConverter$Value', { 'target.type': 'date' }]],
  [],
);
add(
  'TimestampConverter config bad precision',
  SCHEMALESS,
  [['TimestampConverter$Value', { 'target.type': 'unix', 'unix.precision': 'minutes' }]],
  [],
);

// ---- SetSchemaMetadata ----
add(
  'SetSchemaMetadata$Value name+version',
  WITH_SCHEMA,
  [['SetSchemaMetadata$Value', { 'schema.name': 'com.example.Order', 'schema.version': '7' }]],
  [
    v(
      env(
        struct(
          [
            ['a', 'int32'],
            ['b', { type: 'string', default: 'q' }, true],
          ],
          { doc: 'd' },
        ),
        { a: 1, b: null },
      ),
    ),
    v(env({ type: 'string', optional: true }, null)),
  ],
);
add(
  'SetSchemaMetadata$Key name',
  WITH_SCHEMA,
  [['SetSchemaMetadata$Key', { 'schema.name': 'k' }]],
  [
    kv(
      env({ type: 'array', items: { type: 'int32', optional: false }, optional: false }, [1]),
      env(null, 1),
    ),
    kv(null, env(null, 1)),
  ],
);
add(
  'SetSchemaMetadata schemaless',
  SCHEMALESS,
  [['SetSchemaMetadata$Value', { 'schema.version': '1' }]],
  [v('{"a":1}'), v(null)],
);
add('SetSchemaMetadata config none', SCHEMALESS, [['SetSchemaMetadata$Value', {}]], []);
add(
  'SetSchemaMetadata config bad version',
  SCHEMALESS,
  [['SetSchemaMetadata$Value', { 'schema.version': 'x' }]],
  [],
);

// ---- Filter and predicates ----
const hdr = (key: string, value: string | null) => ({ key, value });
const predRecs = [
  kv('k', '1', { topic: 'my-prefix-a', headers: [hdr('trace', 'x')] }),
  kv('k', null, { topic: 'x-my-prefix-a' }),
  kv('k', '2', { topic: 'other', headers: [hdr('Trace', 'y')] }),
];
for (const [pred, cfg] of [
  ['TopicNameMatches', { pattern: 'my-prefix-.*' }],
  ['HasHeaderKey', { name: 'trace' }],
  ['RecordIsTombstone', {}],
] as const) {
  for (const negate of [undefined, 'true', 'false']) {
    const extra: Record<string, string> = {
      predicates: 'p',
      'predicates.p.type': P + pred,
      'transforms.t0.predicate': 'p',
    };
    for (const [k, val] of Object.entries(cfg)) extra[`predicates.p.${k}`] = val;
    if (negate !== undefined) extra['transforms.t0.negate'] = negate;
    add(`Filter with ${pred} negate=${negate}`, STRING_KEY, [['Filter', {}]], predRecs, extra);
  }
}
add(
  'Filter alone',
  STRING_KEY,
  [
    ['Filter', {}],
    ['InsertHeader', { header: 'h', 'value.literal': 'x' }],
  ],
  predRecs,
);
add('TopicNameMatches config empty', STRING_KEY, [['Filter', {}]], [], {
  predicates: 'p',
  'predicates.p.type': P + 'TopicNameMatches',
  'predicates.p.pattern': '',
  'transforms.t0.predicate': 'p',
});
add('TopicNameMatches config bad regex', STRING_KEY, [['Filter', {}]], [], {
  predicates: 'p',
  'predicates.p.type': P + 'TopicNameMatches',
  'predicates.p.pattern': '(x',
  'transforms.t0.predicate': 'p',
});
add('HasHeaderKey config missing', STRING_KEY, [['Filter', {}]], [], {
  predicates: 'p',
  'predicates.p.type': P + 'HasHeaderKey',
  'transforms.t0.predicate': 'p',
});

// ---- headers ----
add(
  'InsertHeader literals',
  STRING_KEY,
  [
    ['InsertHeader', { header: 'a', 'value.literal': '1' }],
    ['InsertHeader', { header: 'a', 'value.literal': 'inserted-value' }],
    ['InsertHeader', { header: 'b', 'value.literal': 'true' }],
    ['InsertHeader', { header: 'c', 'value.literal': '[1,2]' }],
    ['InsertHeader', { header: 'd', 'value.literal': '1.5' }],
    ['InsertHeader', { header: 'e', 'value.literal': '2017-01-03' }],
  ],
  [kv('k', '1', { headers: [hdr('a', 'old')] })],
);
add('InsertHeader config missing', STRING_KEY, [['InsertHeader', { header: 'a' }]], []);
add(
  'DropHeaders',
  STRING_KEY,
  [['DropHeaders', { headers: 'a,c' }]],
  [
    kv('k', '1', {
      headers: [hdr('a', '1'), hdr('b', '2'), hdr('a', '3'), hdr('A', '4'), hdr('c', null)],
    }),
  ],
);
add('DropHeaders config empty', STRING_KEY, [['DropHeaders', { headers: '' }]], []);
for (const operation of ['copy', 'move']) {
  add(
    `HeaderFrom$Value schemaless ${operation}`,
    SCHEMALESS,
    [['HeaderFrom$Value', { fields: 'a,b,a,missing', headers: 'h1,h2,h3,h4', operation }]],
    [v('{"a":1,"b":"x","c":[1]}', { headers: [hdr('h1', 'old')] }), v(null)],
  );
  add(
    `HeaderFrom$Value schema ${operation}`,
    WITH_SCHEMA,
    [['HeaderFrom$Value', { fields: 'a,b', headers: 'h1,h1', operation }]],
    [
      v(
        env(
          struct(
            [
              ['a', 'int32'],
              ['b', 'string', true],
              ['c', 'boolean'],
            ],
            { name: 'S' },
          ),
          { a: 1, b: null, c: true },
        ),
      ),
    ],
  );
  add(
    `HeaderFrom$Key schema ${operation}`,
    WITH_SCHEMA,
    [['HeaderFrom$Key', { fields: 'id', headers: 'key_id', operation }]],
    [kv(env(struct([['id', 'int64']]), { id: 5 }), env(null, 1))],
  );
}
add(
  'HeaderFrom config size mismatch',
  SCHEMALESS,
  [['HeaderFrom$Value', { fields: 'a,b', headers: 'h', operation: 'copy' }]],
  [],
);
add(
  'HeaderFrom config bad operation',
  SCHEMALESS,
  [['HeaderFrom$Value', { fields: 'a', headers: 'h', operation: 'Move' }]],
  [],
);

// ---- chain config ----
add(
  'chain three SMTs',
  SCHEMALESS,
  [
    ['InsertField$Value', { 'topic.field': 'src' }],
    ['RegexRouter', { regex: 'orders', replacement: 'orders-v2' }],
    ['Cast$Value', { spec: 'id:string' }],
  ],
  [v('{"id":42,"x":1.5}'), v(null)],
);
add(
  'chain drop stops chain',
  STRING_KEY,
  [
    ['Filter', {}],
    ['InsertHeader', { header: 'never', 'value.literal': 'x' }],
  ],
  [kv('k', '1')],
);
add(
  'chain does not mutate headers',
  STRING_KEY,
  [
    ['InsertHeader', { header: 'x', 'value.literal': '1' }],
    ['DropHeaders', { headers: 'x' }],
    ['InsertHeader', { header: 'y', 'value.literal': '2' }],
  ],
  [kv('k', '1', { headers: [hdr('x', '0')] })],
);

// ---- tombstones with a schema, and $Key variants ----
const optStruct = {
  ...struct([
    ['a', 'int32', true],
    ['b', struct([['c', 'string', true]], { optional: true }), true],
  ]),
  optional: true,
};
const tomb = v(env(optStruct, null));
for (const [type, cfg] of [
  ['Cast$Value', { spec: 'a:string' }],
  ['Flatten$Value', {}],
  ['ReplaceField$Value', { exclude: 'a' }],
  ['InsertField$Value', { 'topic.field': 't' }],
  ['MaskField$Value', { fields: 'a' }],
  ['ValueToKey', { fields: 'a' }],
  ['HeaderFrom$Value', { fields: 'a', headers: 'h', operation: 'copy' }],
  ['HoistField$Value', { field: 'w' }],
  ['ExtractField$Value', { field: 'b.c', 'field.syntax.version': 'V2' }],
  ['TimestampConverter$Value', { field: 'a', 'target.type': 'unix' }],
  ['SetSchemaMetadata$Value', { 'schema.name': 'n' }],
  ['Cast$Value', { spec: 'string' }],
] as [string, Record<string, string>][]) {
  add(
    `tombstone with schema ${type} ${JSON.stringify(cfg)}`,
    WITH_SCHEMA,
    [[type, cfg]],
    [tomb, v(null)],
  );
}
const keyStruct = env(
  struct(
    [
      ['id', 'int32'],
      ['inner', struct([['x', 'string']])],
      ['when', 'int64'],
    ],
    { name: 'K' },
  ),
  { id: 7, inner: { x: 'y' }, when: 1483425001864 },
);
for (const [type, cfg] of [
  ['ReplaceField$Key', { renames: 'id:key_id', exclude: 'when' }],
  ['MaskField$Key', { fields: 'id' }],
  ['Flatten$Key', {}],
  ['SetSchemaMetadata$Key', { 'schema.name': 'K2', 'schema.version': '2' }],
  ['HoistField$Key', { field: 'k' }],
  ['TimestampConverter$Key', { field: 'when', 'target.type': 'string', format: 'yyyy' }],
  ['InsertField$Key', { 'offset.field': 'o', 'partition.field': 'p' }],
  ['ExtractField$Key', { field: 'inner.x', 'field.syntax.version': 'V2' }],
  ['Cast$Key', { spec: 'id:int64,when:string' }],
  ['HeaderFrom$Key', { fields: 'inner', headers: 'hi', operation: 'move' }],
] as [string, Record<string, string>][]) {
  add(
    `key schema ${type} ${JSON.stringify(cfg)}`,
    WITH_SCHEMA,
    [[type, cfg]],
    [kv(keyStruct, env(null, 'v')), kv(null, env(null, 'v'))],
  );
  add(
    `key schemaless ${type} ${JSON.stringify(cfg)}`,
    SCHEMALESS,
    [[type, cfg]],
    [kv('{"id":7,"inner":{"x":"y"},"when":1483425001864}', '"v"'), kv(null, '"v"')],
  );
}

// ---- more Java regex dialect ----
for (const [regex, replacement, topics] of [
  ['a(?i:b)c', 'm', ['abc', 'aBc', 'ABC']],
  ['(?i)a(?-i)b', 'm', ['Ab', 'AB']],
  ['[^a-c]+', 'n', ['xyz', 'xaz']],
  ['(?i)[a-c]+', 'ci', ['AbC', 'abd']],
  ['\\p{Lower}+\\p{Digit}', 'p', ['abc1', 'aBc1']],
  ['(?s).+', 's', ['a\nb']],
  ['.+', 'dot', ['a\nb']],
  ['x*?y', 'lazy', ['xxy']],
  ['foo(?=bar).*', 'la', ['foobar', 'foobaz']],
  ['(a)\\1', 'br', ['aa', 'ab']],
  ['(?<first>\\w+)-(?<second>\\w+)', '${second}_${first}', ['left-right']],
  ['\\x41\\u0042\\t?C', 'esc', ['ABC']],
  ['[\\-.]+', 'cls', ['-.-', 'a']],
  ['a$', 'end', ['a']],
  ['^topic$', 'anch', ['topic']],
] as const) {
  add(
    `RegexRouter dialect ${regex} -> ${replacement}`,
    STRING_KEY,
    [['RegexRouter', { regex, replacement }]],
    topics.map((topic) => kv('k', '1', { topic })),
  );
}

// ---- logical types through Cast and TimestampConverter ----
const logical = struct([
  ['d', DATE],
  ['t', TIME],
  ['ts', TS],
]);
const logicalV = env(logical, { d: 17000, t: 3723004, ts: 1483425001864 });
add(
  'Cast logical to int',
  WITH_SCHEMA,
  [['Cast$Value', { spec: 'd:int32,t:int64,ts:int64' }]],
  [v(logicalV)],
);
add(
  'Cast logical to string',
  WITH_SCHEMA,
  [['Cast$Value', { spec: 'd:string,t:string,ts:string' }]],
  [v(logicalV)],
);
for (const field of ['d', 't'])
  for (const target of ['string', 'unix', 'Timestamp'])
    add(
      `TimestampConverter from ${field} to ${target}`,
      WITH_SCHEMA,
      [
        [
          'TimestampConverter$Value',
          { field, 'target.type': target, format: "yyyy-MM-dd'T'HH:mm:ss.SSS" },
        ],
      ],
      [v(logicalV)],
    );

export const CASES: readonly TransformCase[] = cases;
