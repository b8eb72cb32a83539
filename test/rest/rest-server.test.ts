import { afterEach, describe, expect, test } from 'vitest';
import { lookup } from 'node:dns/promises';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { createConnectRestServer } from '../../src/rest/connect-rest-server.js';
import type { RestServer } from '../../src/rest/rest-server.js';

let server: RestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function get(base: string, path: string, method = 'GET') {
  const res = await fetch(base + path, { method });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('RestServer before the herder is attached', () => {
  test('health says starting (503), other routes 503, unknown paths 404, wrong methods 405', async () => {
    server = createConnectRestServer({ listeners: 'http://127.0.0.1:0' });
    await server.start();
    const port = server.listeners()[0]!.boundPort;
    const base = `http://127.0.0.1:${port}`;
    expect(await get(base, '/health')).toEqual({
      status: 503,
      body: { status: 'starting', message: 'Worker is still starting up.' },
    });
    expect((await get(base, '/connectors')).status).toBe(503);
    expect(await get(base, '/nope')).toEqual({
      status: 404,
      body: { error_code: 404, message: 'HTTP 404 Not Found' },
    });
    expect(await get(base, '/health', 'DELETE')).toEqual({
      status: 405,
      body: { error_code: 405, message: 'HTTP 405 Method Not Allowed' },
    });
    expect(server.workerId()).toBe(`127.0.0.1:${port}`);
  });

  test('advertised host, port and listener make the worker id and URL', async () => {
    server = createConnectRestServer({
      listeners: 'http://127.0.0.1:0',
      'rest.advertised.host.name': 'worker-1.example',
      'rest.advertised.port': '18083',
    });
    await server.start();
    expect(server.workerId()).toBe('worker-1.example:18083');
    expect(server.advertisedUrl().toString()).toBe('http://worker-1.example:18083/');
  });

  test("a listener on every interface advertises the machine's address", async () => {
    server = createConnectRestServer({ listeners: 'http://:0' });
    await server.start();
    const port = server.listeners()[0]!.boundPort;
    const { address } = await lookup(hostname());
    expect(server.workerId()).toBe(`${address}:${port}`);
  });

  test('a taken port names the listener', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const port = (holder.address() as { port: number }).port;
    try {
      server = createConnectRestServer({ listeners: `http://127.0.0.1:${port}` });
      await expect(server.start()).rejects.toThrow(
        `REST listener http://127.0.0.1:${port} could not be started: port ${port} is already in use by another process`,
      );
    } finally {
      holder.close();
    }
  });

  test('HTTPS without a key is a clear error naming the keys', async () => {
    server = createConnectRestServer({
      listeners: 'https://127.0.0.1:0',
      'ssl.keystore.type': 'PEM',
    });
    await expect(server.start()).rejects.toThrow(
      'REST listener https://127.0.0.1:0 could not be started: HTTPS needs ssl.keystore.key and ssl.keystore.certificate.chain (or a PEM file at ssl.keystore.location)',
    );
    server = createConnectRestServer({ listeners: 'https://127.0.0.1:0' });
    await expect(server.start()).rejects.toThrow(/ssl.keystore.type=JKS is not supported/);
  });
});

describe('rest.extension.classes', () => {
  test("Kafka's basic-auth extension without rest.auth.* stops start-up", () => {
    expect(() =>
      createConnectRestServer({
        'rest.extension.classes':
          'org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension',
      }),
    ).toThrow(
      'org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension is a JVM REST extension ts-connect cannot load; set rest.auth.type=basic with rest.auth.basic.username and rest.auth.basic.password instead',
    );
    expect(() =>
      createConnectRestServer({
        'rest.extension.classes': 'com.example.Other',
        'rest.auth.type': 'bearer',
        'rest.auth.bearer.token': 't',
      }),
    ).not.toThrow();
  });
});
