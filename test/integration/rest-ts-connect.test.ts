import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StandaloneRuntime } from '../../src/runtime/connect-standalone.js';
import { runCli } from '../cli/run-cli.js';
import { uniqueTopic } from '../helpers/kafka.js';
import { call, startTsConnect, workerProperties } from './rest-workers.js';

// What ts-connect's REST server does beyond (or on purpose unlike) Kafka Connect: 400 for bad
// bodies, 404 for unknown connectors where Kafka fails with 500, hidden secrets, optional
// authentication, CORS, HTTPS with PEM keys, separate admin listeners, and the start-up error
// when a listener's port is taken.

const bootstrap = inject('kafkaBootstrap');
let dir: string;
const running: StandaloneRuntime[] = [];

async function start(extra: Record<string, string>, name: string) {
  const w = await startTsConnect(dir, bootstrap, extra, name);
  running.push(w.runtime);
  return w;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ts-connect-rest-own-'));
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describe('plain worker', () => {
  let base: string;
  const name = uniqueTopic('rest-own');
  beforeAll(async () => {
    base = (await start({}, 'plain')).base;
  });

  test('malformed or mis-shaped bodies are 400s that name the problem', async () => {
    const bad = await call(base, 'POST', '/connectors', '{"name": "x", "config": {');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error_code: 400 });
    expect((bad.body as { message: string }).message).toMatch(/^Request body is not valid JSON: /);
    expect(await call(base, 'POST', '/connectors', '[1]')).toMatchObject({
      status: 400,
      body: {
        message:
          'Request body must be a connector: {"name", "config", "initial_state"}, not an array',
      },
    });
    expect(await call(base, 'POST', '/connectors', { name: 'x' })).toMatchObject({
      status: 400,
      body: { message: 'Request body is empty; expected the "config" object of the connector' },
    });
    expect(
      await call(base, 'POST', '/connectors', { name: 'x', config: {}, extra: 1 }),
    ).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining('Unrecognized field "extra"') },
    });
    expect(await call(base, 'PUT', '/connectors/x/config', { a: { b: 1 } })).toMatchObject({
      status: 400,
      body: { message: 'Config value of "a" must be a string, not {"b":1}' },
    });
    expect(await call(base, 'PUT', '/admin/loggers/root', 'nope')).toMatchObject({ status: 400 });
    // Kafka's resources take JSON only.
    const form = await call(base, 'POST', '/connectors', 'a=b', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    expect(form).toMatchObject({
      status: 415,
      body: { error_code: 415, message: 'HTTP 415 Unsupported Media Type' },
    });
  });

  test('unknown connector: 404 where Kafka answers 500', async () => {
    expect(await call(base, 'POST', `/connectors/${name}-none/restart`)).toMatchObject({
      status: 404,
      body: { error_code: 404, message: `Unknown connector: ${name}-none` },
    });
    expect(await call(base, 'POST', `/connectors/${name}-none/tasks/0/restart`)).toMatchObject({
      status: 404,
    });
    expect(await call(base, 'PUT', `/connectors/${name}-none/stop`)).toMatchObject({
      status: 404,
      body: { message: `Unknown connector ${name}-none` },
    });
  });

  test('secrets are hidden in every answer and error; provider references are shown', async () => {
    const config = {
      'connector.class': 'FileStreamSource',
      topic: `${name}-topic`,
      file: join(dir, 'in.txt'),
      'producer.override.sasl.jaas.config': 'org.x.PlainLoginModule required password="hunter2";',
      'producer.override.ssl.key.password': 'hunter3',
      'producer.override.ssl.keystore.password': '${file:/secrets.properties:pw}',
    };
    const created = await call(base, 'POST', '/connectors', {
      name,
      config,
      initial_state: 'STOPPED',
    });
    expect(created.status).toBe(201);
    for (const path of [
      `/connectors/${name}`,
      `/connectors/${name}/config`,
      '/connectors?expand=info',
    ]) {
      const r = await call(base, 'GET', path);
      const text = JSON.stringify(r.body);
      expect(text).not.toContain('hunter');
      expect(text).toContain('[hidden]');
      expect(text).toContain('${file:/secrets.properties:pw}');
    }
    await call(base, 'PUT', `/connectors/${name}/resume`);
    const tasks = await call(base, 'GET', `/connectors/${name}/tasks`);
    expect(JSON.stringify(tasks.body)).not.toContain('hunter');
    // Errors that echo a config do not echo its secrets.
    const { 'connector.class': _c, ...noClass } = config;
    const missing = await call(
      base,
      'PUT',
      '/connector-plugins/FileStreamSource/config/validate',
      noClass,
    );
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).not.toContain('hunter');
    const invalid = await call(base, 'POST', '/connectors', { name: `${name}-2`, config: noClass });
    expect(invalid.status).toBe(400);
    expect((invalid.body as { message: string }).message).toContain('contains no connector type');
    expect(JSON.stringify(invalid.body)).not.toContain('hunter');
    const validate = await call(
      base,
      'PUT',
      '/connector-plugins/FileStreamSource/config/validate',
      config,
    );
    expect(validate.status).toBe(200);
    expect(JSON.stringify(validate.body)).not.toContain('hunter');
  });
});

describe('secured worker: HTTPS (PEM), bearer token from a config provider, CORS, admin listener', () => {
  let base: string;
  let adminBase: string;
  let cert: string;
  const token = 'tok-' + Math.random().toString(36).slice(2);

  /** An HTTPS request trusting our self-signed certificate. */
  function httpsCall(
    path: string,
    options: { method?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = request(
        base + path,
        { method: options.method ?? 'GET', headers: options.headers ?? {}, ca: cert },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  beforeAll(async () => {
    const key = join(dir, 'key.pem');
    const crt = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        crt,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(crt, 'utf8');
    writeFileSync(join(dir, 'keystore.pem'), readFileSync(key, 'utf8') + cert);
    writeFileSync(join(dir, 'secrets.properties'), `token=${token}\n`);
    const w = await start(
      {
        listeners: 'https://127.0.0.1:0',
        'listeners.https.ssl.keystore.type': 'PEM',
        'listeners.https.ssl.keystore.location': join(dir, 'keystore.pem'),
        'admin.listeners': 'http://127.0.0.1:0',
        'config.providers': 'file',
        'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
        'rest.auth.type': 'bearer',
        'rest.auth.bearer.token': `\${file:${join(dir, 'secrets.properties')}:token}`,
        'access.control.allow.origin': 'http://ui.example',
        'access.control.allow.methods': 'GET,PUT',
        'rest.advertised.host.name': 'connect.example',
        'rest.advertised.port': '9999',
      },
      'secure',
    );
    base = w.base;
    const admin = w.runtime.rest!.listeners().find((l) => l.admin)!;
    adminBase = `http://127.0.0.1:${admin.boundPort}`;
  });

  test('HTTPS answers; no token or a wrong one is 401 with a challenge', async () => {
    const none = await httpsCall('/connectors');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(JSON.parse(none.body)).toEqual({
      error_code: 401,
      message: 'Unauthorized: valid credentials are required',
    });
    expect(
      (await httpsCall('/connectors', { headers: { Authorization: 'Bearer nope' } })).status,
    ).toBe(401);
    const ok = await httpsCall('/connectors', { headers: { Authorization: `Bearer ${token}` } });
    expect(ok).toMatchObject({ status: 200, body: '[]' });
    // Liveness probes need no credentials.
    expect((await httpsCall('/health')).status).toBe(200);
  });

  test('worker_id is the advertised host and port', async () => {
    const name = uniqueTopic('rest-adv');
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const body = JSON.stringify({
      name,
      config: { 'connector.class': 'FileStreamSource', topic: name, file: join(dir, 'adv.txt') },
      initial_state: 'PAUSED',
    });
    const created = await new Promise<number>((resolve, reject) => {
      const req = request(
        base + '/connectors',
        { method: 'POST', headers: auth, ca: cert },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(created).toBe(201);
    const status = await httpsCall(`/connectors/${name}/status`, { headers: auth });
    expect(JSON.parse(status.body)).toMatchObject({
      connector: { worker_id: 'connect.example:9999' },
    });
  });

  test('CORS: an allowed origin gets the headers, a preflight gets the methods', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const allowed = await httpsCall('/', { headers: { ...auth, Origin: 'http://ui.example' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://ui.example');
    const other = await httpsCall('/', { headers: { ...auth, Origin: 'http://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await httpsCall('/connectors', {
      method: 'OPTIONS',
      headers: { Origin: 'http://ui.example', 'Access-Control-Request-Method': 'PUT' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET,PUT');
  });

  test('admin.listeners: /admin on its own listener only', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    expect((await httpsCall('/admin/loggers', { headers: auth })).status).toBe(404);
    const loggers = await call(adminBase, 'GET', '/admin/loggers', undefined, auth);
    expect(loggers.status).toBe(200);
    expect(loggers.body).toHaveProperty('root');
    expect((await call(adminBase, 'GET', '/connectors', undefined, auth)).status).toBe(404);
  });
});

describe('basic authentication', () => {
  test('user and password, 401 otherwise', async () => {
    const { base } = await start(
      {
        'rest.auth.type': 'basic',
        'rest.auth.basic.username': 'ops',
        'rest.auth.basic.password': 's3cret',
      },
      'basic',
    );
    const basic = (u: string, p: string) => ({
      Authorization: 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64'),
    });
    const none = await call(base, 'GET', '/connectors');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="ts-connect"');
    expect((await call(base, 'GET', '/connectors', undefined, basic('ops', 'wrong'))).status).toBe(
      401,
    );
    expect((await call(base, 'GET', '/connectors', undefined, basic('ops', 's3cret'))).status).toBe(
      200,
    );
  });
});

describe('start-up', () => {
  test('a bad REST setting: exit 2, one line naming file, line and key', async () => {
    const worker = workerProperties(dir, 'bad-listener', bootstrap, 'localhost:8083');
    const run = await runCli(['standalone', worker], { timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    const line =
      readFileSync(worker, 'utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('listeners=')) + 1;
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      `ts-connect: ${worker}:${line}: listeners: Listener doesn't have the right format (protocol://hostname:port).`,
    );
    const auth = workerProperties(dir, 'bad-auth', bootstrap, 'http://127.0.0.1:0', {
      'rest.auth.type': 'bearer',
    });
    const noToken = await runCli(['standalone', auth], { timeoutMs: 60_000 });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr.trim().split('\n').at(-1)).toMatch(
      /^ts-connect: .*bad-auth\.properties(:\d+)?: rest\.auth\.bearer\.token: rest\.auth\.type=bearer needs rest\.auth\.bearer\.token$/,
    );
  });

  test('a REST port in use by another process: exit 2, one line naming the listener', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const port = (holder.address() as { port: number }).port;
    try {
      const worker = workerProperties(dir, 'taken', bootstrap, `http://127.0.0.1:${port}`);
      const run = await runCli(['standalone', worker], { timeoutMs: 60_000 });
      expect(run.code).toBe(2);
      const last = run.stderr.trim().split('\n').at(-1);
      expect(last).toBe(
        `ts-connect: REST listener http://127.0.0.1:${port} could not be started: port ${port} is already in use by another process`,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      holder.close();
    }
  });
});

describe('HTTPS with a PKCS12 keystore and client certificates; response headers', () => {
  test('a client without a certificate is refused; one with it is served', async () => {
    const key = join(dir, 'p12-key.pem');
    const crt = join(dir, 'p12-cert.pem');
    const p12 = join(dir, 'keystore.p12');
    const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      crt,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    );
    openssl(
      'pkcs12',
      '-export',
      '-inkey',
      key,
      '-in',
      crt,
      '-out',
      p12,
      '-passout',
      'pass:storepw',
    );
    const cert = readFileSync(crt, 'utf8');
    const pem = readFileSync(key, 'utf8');
    const { base } = await start(
      {
        listeners: 'https://127.0.0.1:0',
        'ssl.keystore.type': 'PKCS12',
        'ssl.keystore.location': p12,
        'ssl.keystore.password': 'storepw',
        'ssl.client.auth': 'required',
        'ssl.truststore.type': 'PEM',
        'ssl.truststore.location': crt,
        'response.http.headers.config': 'set X-Frame-Options: DENY',
      },
      'pkcs12',
    );
    const get = (withCert: boolean) =>
      new Promise<{ status: number; frame: unknown }>((resolve, reject) => {
        const req = request(
          base + '/',
          { ca: cert, ...(withCert ? { cert, key: pem } : {}) },
          (res) => {
            res.resume();
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, frame: res.headers['x-frame-options'] }),
            );
          },
        );
        req.on('error', reject);
        req.end();
      });
    await expect(get(false)).rejects.toThrow();
    expect(await get(true)).toEqual({ status: 200, frame: 'DENY' });
  });
});
