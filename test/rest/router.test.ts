import { describe, expect, test } from 'vitest';
import { Router } from '../../src/rest/router.js';
import { json, type Route } from '../../src/rest/route.js';

const route = (method: Route['method'], path: string): Route => ({
  method,
  path,
  handle: () => json(200, path),
});

const router = new Router([
  route('GET', '/connectors'),
  route('POST', '/connectors'),
  route('GET', '/connectors/{name}'),
  route('DELETE', '/connectors/{name}'),
  route('GET', '/connectors/{name}/tasks/{task}/status'),
  route('PUT', '/connectors/{name}/topics/reset'),
  route('GET', '/admin/loggers/{logger}'),
]);

describe('Router', () => {
  test('matches templates and decodes parameters', () => {
    const m = router.match('GET', '/connectors/my%20conn/tasks/3/status');
    expect(m).toMatchObject({ kind: 'found', params: { name: 'my conn', task: '3' } });
    expect(router.match('GET', '/connectors/a%2Fb')).toMatchObject({ params: { name: 'a/b' } });
    expect(router.match('GET', '/connectors/')).toMatchObject({
      kind: 'found',
      route: { path: '/connectors' },
    });
  });

  test('a known path with another method is a 405; an unknown path a 404', () => {
    expect(router.match('PUT', '/connectors')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['GET', 'POST'],
    });
    expect(router.match('GET', '/nope')).toEqual({ kind: 'not-found' });
    expect(router.match('GET', '/connectors/a/b/c')).toEqual({ kind: 'not-found' });
  });

  test('a literal segment wins over a parameter', () => {
    expect(router.match('GET', '/connectors/x/topics/reset')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['PUT'],
    });
  });

  test('a malformed escape is a 400', () => {
    expect(() => router.match('GET', '/admin/loggers/%E0%A4%A')).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});
