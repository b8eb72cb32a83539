import { describe, expect, it } from 'vitest';
import { ConfigException } from '../../src/api/errors.js';
import {
  ConfigDef,
  type ConfigType,
  type Validator,
  Password,
  atLeast,
  between,
  inValues,
  inValuesCaseInsensitive,
  nonEmptyString,
  nonEmptyStringWithoutControlChars,
  nonNullString,
  parseType,
} from '../../src/config/config-def.js';
import { configDefDump, escapeForDump } from './kafka-java.js';

/** Our parse result in the dump's shape. */
function ours(type: ConfigType, raw: string): { value: string } | { error: string } {
  try {
    const v = parseType('k', raw, type);
    if (v instanceof Password) return { value: v.value() };
    if (Array.isArray(v)) return { value: `${v.join('\u0001')}|${v.length}` };
    if (typeof v === 'number' && type === 'DOUBLE') {
      return { value: Number.isInteger(v) && Math.abs(v) < 1e7 ? `${v}.0` : javaLike(v) };
    }
    return { value: String(v) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function javaLike(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e7) return String(v);
  const [m = '', e = ''] = v.toExponential().split('e');
  return `${m.includes('.') ? m : `${m}.0`}E${e.replace('+', '')}`;
}

const PARSE_CASES: [ConfigType, string][] = [
  ['BOOLEAN', 'true'],
  ['BOOLEAN', ' TRUE '],
  ['BOOLEAN', 'False'],
  ['BOOLEAN', 'yes'],
  ['BOOLEAN', ''],
  ['BOOLEAN', '\ttrue\u000b'],
  ['STRING', '  padded  '],
  ['STRING', '\u00a0nbsp\u00a0'],
  ['STRING', '\u0001ctl\u001f'],
  ['STRING', ''],
  ['PASSWORD', ' secret '],
  ['INT', '42'],
  ['INT', ' -7 '],
  ['INT', '+7'],
  ['INT', '2147483647'],
  ['INT', '2147483648'],
  ['INT', '1.0'],
  ['INT', 'abc'],
  ['INT', ''],
  ['INT', '0x10'],
  ['SHORT', '32767'],
  ['SHORT', '32768'],
  ['SHORT', '-32768'],
  ['LONG', '9007199254740991'],
  ['LONG', '-9007199254740991'],
  ['LONG', '9223372036854775808'],
  ['LONG', 'abc'],
  ['LONG', '60000 '],
  ['LONG', '1_000'],
  ['DOUBLE', '0.5'],
  ['DOUBLE', '1'],
  ['DOUBLE', '1e3'],
  ['DOUBLE', '.5'],
  ['DOUBLE', '5.'],
  ['DOUBLE', '1f'],
  ['DOUBLE', '2D'],
  ['DOUBLE', 'NaN'],
  ['DOUBLE', '-Infinity'],
  ['DOUBLE', 'inf'],
  ['DOUBLE', '0x1p4'],
  ['DOUBLE', '1e400'],
  ['DOUBLE', ''],
  ['DOUBLE', 'abc'],
  ['LIST', 'a,b,c'],
  ['LIST', ' a , b ,c '],
  ['LIST', ''],
  ['LIST', '   '],
  ['LIST', 'a,,b'],
  ['LIST', 'a,b,'],
  ['LIST', ',a'],
  ['LIST', 'a\t,\tb'],
  ['LIST', 'one'],
];

describe('parseType against Kafka’s ConfigDef.parseType', () => {
  const kafka = configDefDump<{ value: string } | { error: string }>(
    ['parse'],
    PARSE_CASES.map(([t, v]) => `${t}\t${escapeForDump(v)}`).join('\n') + '\n',
  );
  it.each(PARSE_CASES.map((c, i) => [...c, i] as const))('%s %j', (type, raw, i) => {
    expect(ours(type, raw)).toEqual(kafka[i]);
  });
});

const VALIDATOR_CASES: [string, Validator, ConfigType, string | null][] = [
  ['atLeast1', atLeast(1), 'INT', '0'],
  ['atLeast1', atLeast(1), 'INT', '1'],
  ['atLeast1', atLeast(1), 'INT', 'x'],
  ['between0and10', between(0, 10), 'INT', '11'],
  ['between0and10', between(0, 10), 'INT', '-1'],
  ['between0and10', between(0, 10), 'INT', '10'],
  ['inNoneAll', inValues('none', 'all'), 'STRING', 'some'],
  ['inNoneAll', inValues('none', 'all'), 'STRING', 'ALL'],
  ['inNoneAll', inValues('none', 'all'), 'STRING', ' all '],
  ['inCaseInsensitive', inValuesCaseInsensitive('INFO', 'DEBUG'), 'STRING', 'debug'],
  ['inCaseInsensitive', inValuesCaseInsensitive('INFO', 'DEBUG'), 'STRING', 'TRACE'],
  ['nonEmptyString', nonEmptyString(), 'STRING', ''],
  ['nonEmptyString', nonEmptyString(), 'STRING', '  '],
  ['nonEmptyString', nonEmptyString(), 'STRING', 'x'],
  ['nonEmptyNoControl', nonEmptyStringWithoutControlChars(), 'STRING', ''],
  ['nonEmptyNoControl', nonEmptyStringWithoutControlChars(), 'STRING', 'a\u0001b\u007fc'],
  ['nonEmptyNoControl', nonEmptyStringWithoutControlChars(), 'STRING', 'a\u0085b'],
  ['nonEmptyNoControl', nonEmptyStringWithoutControlChars(), 'STRING', 'good name'],
  ['nonNull', nonNullString(), 'STRING', 'x'],
];

describe('validators against Kafka’s (through ConfigDef.validateAll)', () => {
  const kafka = configDefDump<{ errors: string[] }>(
    ['validators'],
    VALIDATOR_CASES.map(([n, , , v]) => `${n}\t${v === null ? '<absent>' : escapeForDump(v)}`).join(
      '\n',
    ) + '\n',
  );
  it.each(VALIDATOR_CASES.map((c, i) => [c[0], c[3], c[1], c[2], i] as const))(
    '%s %j',
    (_name, raw, validator, type, i) => {
      const def = new ConfigDef().define({
        name: 'k',
        type,
        importance: 'HIGH',
        doc: '',
        validator,
      });
      const errors = def.validate(raw === null ? {} : { k: raw }).map((p) => p.message);
      const expected = kafka[i]!.errors;
      // Kafka also runs the validator on the null left by a failed parse; we report the parse error only.
      expect(errors).toEqual(expected.slice(0, 1));
    },
  );
});

describe('ConfigDef', () => {
  const def = new ConfigDef()
    .define({ name: 'req', type: 'STRING', importance: 'HIGH', doc: 'required' })
    .define({ name: 'n', type: 'LONG', defaultValue: 60000, importance: 'LOW', doc: '' })
    .define({
      name: 't',
      type: 'INT',
      defaultValue: 1,
      importance: 'HIGH',
      doc: '',
      validator: atLeast(1),
    })
    .define({ name: 'l', type: 'LIST', defaultValue: 'a, b', importance: 'LOW', doc: '' })
    .define({ name: 'pw', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', doc: '' })
    .define({ name: 'c', type: 'CLASS', defaultValue: null, importance: 'LOW', doc: '' })
    .define({ name: 'd', type: 'DOUBLE', defaultValue: 0.5, importance: 'LOW', doc: '' })
    .define({ name: 'b', type: 'BOOLEAN', defaultValue: true, importance: 'LOW', doc: '' });

  it('validate() returns every problem, in definition order, with Kafka’s messages', () => {
    expect(def.validate({ n: 'abc', t: '0', b: 'maybe' })).toEqual([
      { key: 'req', message: 'Missing required configuration "req" which has no default value.' },
      { key: 'n', message: 'Invalid value abc for configuration n: Not a number of type LONG' },
      { key: 't', message: 'Invalid value 0 for configuration t: Value must be at least 1' },
      {
        key: 'b',
        message:
          'Invalid value maybe for configuration b: Expected value to be either true or false',
      },
    ]);
  });

  it('parse() throws a ConfigException naming the key for the first problem', () => {
    expect(() => def.parse({ req: 'x', t: '0' })).toThrow(
      new ConfigException('Invalid value 0 for configuration t: Value must be at least 1', 't'),
    );
    try {
      def.parse({});
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigException);
      expect((e as ConfigException).key).toBe('req');
    }
  });

  it('gives typed values, defaults, originals and prefixes', () => {
    const cfg = def.parse({
      req: ' x ',
      pw: ' s3cret ',
      c: ' org.A ',
      'producer.acks': 'all',
      'producer.': 'empty-suffix',
      other: 'kept',
    });
    expect(cfg.getString('req')).toBe('x');
    expect(cfg.getLong('n')).toBe(60000);
    expect(cfg.getInt('t')).toBe(1);
    expect(cfg.getList('l')).toEqual(['a', 'b']);
    expect(cfg.getPassword('pw').value()).toBe('s3cret');
    expect(String(cfg.getPassword('pw'))).toBe('[hidden]');
    expect(JSON.stringify({ p: cfg.getPassword('pw') })).toBe('{"p":"[hidden]"}');
    expect(cfg.getClass('c')).toBe('org.A');
    expect(cfg.getDouble('d')).toBe(0.5);
    expect(cfg.getBoolean('b')).toBe(true);
    expect(cfg.originals()['other']).toBe('kept');
    expect(cfg.originalsWithPrefix('producer.')).toEqual({ acks: 'all' });
    expect(cfg.originalsWithPrefix('producer.', false)).toEqual({ 'producer.acks': 'all' });
    expect(() => cfg.get('unknown')).toThrow(ConfigException);
    expect(() => cfg.getInt('req')).toThrow(ConfigException);
  });

  it('keeps a CLASS value as its trimmed name (Kafka loads the class; our registry resolves it)', () => {
    expect(parseType('k', ' org.example.Foo ', 'CLASS')).toBe('org.example.Foo');
  });

  it('renders for logs like AbstractConfig.logAll: defined keys sorted, secrets hidden', () => {
    const cfg = def.parse({ req: 'x', pw: 'p4ss', c: 'org.A', undefinedKey: 'u' });
    expect(cfg.render('TestConfig')).toBe(
      [
        'TestConfig values: ',
        '\tb = true',
        '\tc = class org.A',
        '\td = 0.5',
        '\tl = [a, b]',
        '\tn = 60000',
        '\tpw = [hidden]',
        '\treq = x',
        '\tt = 1',
        '',
      ].join('\n'),
    );
    expect(cfg.render('T')).not.toContain('p4ss');
  });

  it('lists its definitions for REST, required ones without a default', () => {
    const keys = def.configKeys();
    expect(keys.map((k) => k.name)).toEqual(['req', 'n', 't', 'l', 'pw', 'c', 'd', 'b']);
    expect(keys[0]).toMatchObject({ name: 'req', hasDefault: false, defaultValue: undefined });
    expect(keys[3]).toMatchObject({ name: 'l', hasDefault: true, defaultValue: ['a', 'b'] });
  });

  it('rejects a key defined twice and a default its validator refuses', () => {
    expect(() =>
      new ConfigDef()
        .define({ name: 'a', type: 'INT', defaultValue: 1, importance: 'LOW', doc: '' })
        .define({ name: 'a', type: 'INT', defaultValue: 1, importance: 'LOW', doc: '' }),
    ).toThrow('Configuration a is defined twice.');
    expect(() =>
      new ConfigDef().define({
        name: 'a',
        type: 'INT',
        defaultValue: 0,
        importance: 'LOW',
        doc: '',
        validator: atLeast(1),
      }),
    ).toThrow('Invalid value 0 for configuration a: Value must be at least 1');
  });

  it('embeds a child definition under a prefix', () => {
    const child = new ConfigDef().define({
      name: 'type',
      type: 'CLASS',
      importance: 'HIGH',
      doc: '',
    });
    const parent = new ConfigDef(def).embed('transforms.a.', 'Transforms: a', 0, child);
    expect(parent.validate({ req: 'x' })).toEqual([
      {
        key: 'transforms.a.type',
        message: 'Missing required configuration "transforms.a.type" which has no default value.',
      },
    ]);
    expect(def.has('transforms.a.type')).toBe(false);
  });

  it('keeps raw values of keys named like Object.prototype members', () => {
    const raw = Object.create(null) as Record<string, string>;
    raw['__proto__'] = 'x';
    raw['req'] = 'v';
    expect(def.parse(raw).originals()['__proto__']).toBe('x');
    expect(def.validate({ toString: 'x' } as Record<string, string>)).toHaveLength(1);
  });
});
