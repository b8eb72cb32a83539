import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/exit-codes.js';
import { runStatusCommand, statusRequest } from '../../src/cli/status-command.js';

// The client side of `ts-connect status`: how it asks and what it says when the answer is not a
// status. That it reads real workers (ours and Kafka Connect) is in
// test/integration/metrics-and-status.test.ts.

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A local HTTP endpoint answering every request with `status` and `body`; records headers. */
async function answering(
  status: number,
  body: string,
): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  server = createServer((req, res) => {
    seen.push(req.headers);
    // Only Kafka's endpoint: ts-connect's figures endpoint is missing, as on Kafka Connect.
    const known = req.url === '/connectors?expand=status';
    res.writeHead(known ? status : 404, { 'Content-Type': 'application/json' });
    res.end(known ? body : '{"error_code":404,"message":"HTTP 404 Not Found"}');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => text };
}

async function failure(p: Promise<unknown>): Promise<CliError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}

describe('ts-connect status, client side', () => {
  it('turns URL credentials into basic auth and never shows them', () => {
    const r = statusRequest('http://ops:s%40cret@127.0.0.1:8083', {});
    expect(r.url.href).toBe('http://127.0.0.1:8083/connectors?expand=status');
    expect(r.shown).toBe('http://127.0.0.1:8083');
    expect(r.headers['Authorization']).toBe(
      `Basic ${Buffer.from('ops:s@cret').toString('base64')}`,
    );
    const bearer = statusRequest('http://h:1/base/', { TS_CONNECT_REST_TOKEN: ' t0k ' });
    expect(bearer.url.href).toBe('http://h:1/base/connectors?expand=status');
    expect(bearer.headers['Authorization']).toBe('Bearer t0k');
    expect(statusRequest('http://h:1', {}).headers['Authorization']).toBeUndefined();
  });

  it('rejects a URL that is not http(s) as a usage error', () => {
    expect(() => statusRequest('localhost:8083', {})).toThrow(/--url must be an http/);
    expect(() => statusRequest('nope', {})).toThrow(CliError);
  });

  it('sends the credentials and reports a 401 in one line without them', async () => {
    const { url, seen } = await answering(401, '{"error_code":401,"message":"Unauthorized"}');
    const withAuth = url.replace('http://', 'http://ops:pw@');
    const err = await failure(
      runStatusCommand({
        url: withAuth,
        json: false,
        connectors: [],
        output: sink().stream,
        env: {},
      }),
    );
    expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from('ops:pw').toString('base64')}`);
    expect(err.exitCode).toBe(5);
    expect(err.message).toBe(
      `the Connect worker at ${url} answered 401: Unauthorized (credentials go in the URL, http://user:password@host:port, or a token in TS_CONNECT_REST_TOKEN)`,
    );
    expect(err.message).not.toContain('pw');
  });

  it('says when the answer is not a Connect status', async () => {
    const { url } = await answering(200, '["a","b"]');
    const err = await failure(
      runStatusCommand({ url, json: true, connectors: [], output: sink().stream, env: {} }),
    );
    expect(err.exitCode).toBe(5);
    expect(err.message).toContain('is not a Connect worker');
  });

  it('exits 4 when a task is FAILED, and prints the table', async () => {
    const status = {
      c: {
        status: {
          name: 'c',
          connector: { state: 'RUNNING', worker_id: 'w:1' },
          tasks: [{ id: 0, state: 'FAILED', worker_id: 'w:1', trace: 'E: boom\n\tat x' }],
          type: 'sink',
        },
      },
    };
    const { url } = await answering(200, JSON.stringify(status));
    const out = sink();
    const code = await runStatusCommand({
      url,
      json: false,
      connectors: [],
      output: out.stream,
      env: {},
    });
    expect(code).toBe(4);
    expect(out.text()).toContain('  task 0         FAILED          w:1     E: boom');
  });
});
