import { describe, expect, it } from 'vitest';
import {
  JsonSyntaxError,
  type LocatedJson,
  parseLocatedJson,
} from '../../src/config/located-json.js';

/** Back to a plain JS value, numbers through Number(), to compare with JSON.parse. */
function plain(v: LocatedJson): unknown {
  switch (v.kind) {
    case 'object':
      return Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]));
    case 'array':
      return v.items.map(plain);
    case 'number':
      return Number(v.text);
    case 'null':
      return null;
    default:
      return v.value;
  }
}

describe('located JSON reader', () => {
  it('reads what JSON.parse reads', () => {
    const docs = [
      '{}',
      '[]',
      '{"a": [1, -2.5e3, 0, true, false, null, "x\\u00e9\\n\\"\\\\\\/"], "b": {"c": {}}}',
      ' \n\t{"name" : "n" , "config":{"k":"v"}}\r\n',
      '"str"',
      '-0',
      '\uFEFF{"bom": 1}',
    ];
    for (const d of docs)
      expect(plain(parseLocatedJson(d))).toEqual(JSON.parse(d.replace(/^\uFEFF/, '')));
  });

  it('rejects what JSON.parse rejects, with a line', () => {
    const bad = [
      '{',
      '{"a":1,}',
      '[1,]',
      "{'a':1}",
      '{"a":01}',
      '{"a":1} x',
      'tru',
      '{"a":"\t"}',
      '{"a":.5}',
      '-',
      '',
    ];
    for (const d of bad) {
      expect(() => JSON.parse(d)).toThrow();
      expect(() => parseLocatedJson(d)).toThrow(JsonSyntaxError);
    }
  });

  it('keeps number text and key lines', () => {
    const doc = parseLocatedJson('{\n"a": 1.50,\n\n  "b": 1E+3}');
    expect(doc).toEqual({
      kind: 'object',
      line: 1,
      entries: [
        { key: 'a', line: 2, value: { kind: 'number', line: 2, text: '1.50' } },
        { key: 'b', line: 4, value: { kind: 'number', line: 4, text: '1E+3' } },
      ],
    });
  });
});
