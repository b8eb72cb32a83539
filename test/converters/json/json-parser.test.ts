import { describe, expect, it } from 'vitest';
import { nativeSafe, parseJson, parseJsonExact } from '../../../src/converters/json/json-parser.js';
import { JsonDecimal } from '../../../src/converters/json/json-tree.js';
import { JsonConverter } from '../../../src/converters/json/json-converter.js';
import { describe as describeValue } from '../differential/kafka-harness.js';

describe('nativeSafe', () => {
  it('rejects text whose numbers or keys the native parser would change', () => {
    for (const text of [
      '1.0',
      '[1e3]',
      '{"a":1.50}',
      '{"a":12345678901234567}',
      '{"1":2}',
      '{"0" :2}',
      '-0.0',
      '[1E-2]',
    ])
      expect([text, nativeSafe(text)]).toEqual([text, false]);
  });

  it('accepts text the native parser reads exactly, including look-alikes inside strings', () => {
    for (const text of [
      '{"a":1,"b":-2.5,"c":"1.0 1e3 12345678901234567"}',
      '[0.05,100,"x"]',
      '{"01":1,"a1":2}',
      '"\\"1\\":"',
    ])
      expect([text, nativeSafe(text)]).toEqual([text, true]);
  });
});

describe('exact parser', () => {
  it('keeps number kinds, precision and scale', () => {
    const doc = parseJsonExact('[1, 1.0, 9007199254740993, 1.5600, 2.5, -0, 1e2]') as unknown[];
    expect(doc[0]).toBe(1);
    expect(doc[1]).toEqual(new JsonDecimal('1.0'));
    expect(doc[2]).toBe(9007199254740993n);
    expect(doc[3]).toEqual(new JsonDecimal('1.5600'));
    expect(doc[4]).toBe(2.5);
    expect(Object.is(doc[5], -0)).toBe(true);
    expect(doc[6]).toEqual(new JsonDecimal('1e2'));
  });

  it('keeps object key order, integer-like keys included', () => {
    const doc = parseJsonExact('{"b":1,"2":2,"a":3,"1":4}') as Map<string, unknown>;
    expect([...doc.keys()]).toEqual(['b', '2', 'a', '1']);
  });

  it('ignores content after the first value unless strict, as Jackson does', () => {
    expect(parseJsonExact('{"a":1} trailing')).toBeInstanceOf(Map);
    expect(() => parseJsonExact('{"a":1} trailing', true)).toThrow();
    expect(parseJsonExact('   ')).toBeUndefined();
  });
});

describe('native fast path and exact path give the same Connect data', () => {
  let seed = 7;
  const rand = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const numberToken = (): string => {
    const pick = Math.floor(rand() * 8);
    switch (pick) {
      case 0:
        return String(Math.floor(rand() * 1000) - 500);
      case 1:
        return (rand() * 1000 - 500).toFixed(Math.floor(rand() * 4));
      case 2:
        return `${Math.floor(rand() * 9) + 1}e${Math.floor(rand() * 10)}`;
      case 3:
        return '9223372036854775807';
      case 4:
        return String(rand());
      case 5:
        return '0.000001';
      case 6:
        return '-0';
      default:
        return `${Math.floor(rand() * 100)}.${Math.floor(rand() * 10)}0`;
    }
  };
  const value = (depth: number): string => {
    const r = rand();
    if (depth > 2 || r < 0.4) return numberToken();
    if (r < 0.5) return JSON.stringify(`s${Math.floor(rand() * 100)}`);
    if (r < 0.55) return rand() < 0.5 ? 'true' : 'null';
    if (r < 0.75)
      return `[${Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1)).join(',')}]`;
    const keys = ['a', 'b', '1', 'z', '10', 'key'];
    const n = Math.floor(rand() * 4);
    return `{${Array.from({ length: n }, (_x, k) => `"${keys[(k + Math.floor(rand() * 6)) % 6]}${k}":${value(depth + 1)}`).join(',')}}`;
  };

  it('on 2000 random documents', () => {
    const fast = new JsonConverter();
    fast.configure({ 'schemas.enable': 'false' }, false);
    const exact = new JsonConverter();
    exact.configure({ 'schemas.enable': 'false' }, false);
    exact.nativeFastPath = false;
    for (let k = 0; k < 2000; k++) {
      const text = value(0);
      const bytes = Buffer.from(text);
      const a = fast.toConnectData('t', null, bytes);
      const b = exact.toConnectData('t', null, bytes);
      const order = (v: unknown): unknown => (v instanceof Map ? [...v.keys()] : null);
      expect([text, describeValue(a.schema, a.value), order(a.value)]).toEqual([
        text,
        describeValue(b.schema, b.value),
        order(b.value),
      ]);
    }
    expect(parseJson('{"a":[1,2.5]}')).toEqual({ a: [1, 2.5] });
  });
});
