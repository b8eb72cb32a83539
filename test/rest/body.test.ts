import { describe, expect, test } from 'vitest';
import { booleanParam, configMap, intParam } from '../../src/rest/body.js';
import { parseJsonBody } from '../../src/rest/rest-server.js';
import { responseHeaderRules } from '../../src/rest/response-headers.js';

describe('request bodies', () => {
  test('malformed JSON is a 400 naming the parser problem', () => {
    expect(parseJsonBody(Buffer.from(''))).toBeUndefined();
    expect(() => parseJsonBody(Buffer.from('{"a":'))).toThrow(
      expect.objectContaining({
        status: 400,
        message: expect.stringMatching(/^Request body is not valid JSON: /),
      }),
    );
  });

  test('config maps: scalars become text as Jackson coerces them; null only where allowed', () => {
    expect(configMap({ a: 'x', b: 1, c: true, d: 1.5 }, 'config')).toEqual({
      a: 'x',
      b: '1',
      c: 'true',
      d: '1.5',
    });
    expect(configMap({ a: null }, 'patch', true)).toEqual({ a: null });
    expect(() => configMap({ a: null }, 'config')).toThrow(/Null value can not be supplied/);
    expect(() => configMap({ a: [1] }, 'config')).toThrow(
      'Config value of "a" must be a string, not [1]',
    );
    expect(() => configMap('x', 'config')).toThrow('Request body must be config, not "x"');
  });

  test('query and path parameters', () => {
    expect(booleanParam(new URLSearchParams('a=TRUE'), 'a', false)).toBe(true);
    expect(booleanParam(new URLSearchParams('a=yes'), 'a', true)).toBe(false);
    expect(booleanParam(new URLSearchParams(''), 'a', true)).toBe(true);
    expect(intParam('12')).toBe(12);
    expect(() => intParam('x')).toThrow(expect.objectContaining({ status: 404 }));
  });

  test('response.http.headers.config rules', () => {
    const apply = responseHeaderRules('set X-Frame-Options: DENY, add Cache-Control: no-store')!;
    const headers: Record<string, string> = { 'Cache-Control': 'private' };
    apply(headers);
    expect(headers).toEqual({ 'Cache-Control': 'private, no-store', 'X-Frame-Options': 'DENY' });
    expect(responseHeaderRules('')).toBeUndefined();
  });
});
