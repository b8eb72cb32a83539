import { describe, expect, test } from 'vitest';
import {
  configuredAdminListeners,
  configuredListeners,
  DEFAULT_LISTENER,
  parseListener,
} from '../../src/rest/listeners.js';

describe('listeners', () => {
  test('unset binds loopback 8083 (Kafka binds every interface)', () => {
    expect(DEFAULT_LISTENER).toBe('http://127.0.0.1:8083');
    expect(configuredListeners({})).toEqual([
      { protocol: 'http', host: '127.0.0.1', port: 8083, url: 'http://127.0.0.1:8083' },
    ]);
  });

  test('an empty host binds every interface, as the user asked', () => {
    expect(configuredListeners({ listeners: 'http://:8083' })[0]).toMatchObject({
      host: undefined,
      port: 8083,
    });
  });

  test("Kafka's format: protocol, host or [IPv6], port; case-insensitive protocol", () => {
    expect(parseListener('HTTPS://[::1]:8443')).toMatchObject({
      protocol: 'https',
      host: '::1',
      port: 8443,
    });
    expect(configuredListeners({ listeners: 'http://a:1, https://b:2' }).map((l) => l.url)).toEqual(
      ['http://a:1', 'https://b:2'],
    );
    expect(() => parseListener('localhost:8083')).toThrow(
      "Listener doesn't have the right format (protocol://hostname:port).",
    );
    expect(() => parseListener('ftp://a:1')).toThrow(
      'Listener protocol must be either "http" or "https".',
    );
  });

  test('admin.listeners: unset = null (main listeners), empty = none', () => {
    expect(configuredAdminListeners({})).toBeNull();
    expect(configuredAdminListeners({ 'admin.listeners': '' })).toEqual([]);
    expect(configuredAdminListeners({ 'admin.listeners': 'http://127.0.0.1:0' })).toHaveLength(1);
  });
});
