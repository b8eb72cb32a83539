/**
 * Two workers side by side for REST differential tests: Apache Kafka Connect (from the Kafka
 * classpath, as `connect-standalone`) and ts-connect (in process), each on its own free port,
 * against the same broker.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createBuiltinRegistry } from '../../src/plugins/builtins.js';
import { startStandalone, type StandaloneRuntime } from '../../src/runtime/connect-standalone.js';
import { buildWorkerSinkTask } from '../../src/runtime/worker-sink-task.js';
import { kafkaClasspath } from '../helpers/java.js';

const ROOT = join(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export function workerProperties(
  dir: string,
  name: string,
  bootstrap: string,
  listeners: string,
  extra: Record<string, string> = {},
): string {
  const file = join(dir, `${name}.properties`);
  const props: Record<string, string> = {
    'bootstrap.servers': bootstrap,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'offset.storage.file.filename': join(dir, `${name}.offsets`),
    'offset.flush.interval.ms': '500',
    'plugin.discovery': 'service_load',
    listeners,
    ...extra,
  };
  writeFileSync(
    file,
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  return file;
}

/** A JSON answer: status, parsed body (null when empty), headers. */
export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed: unknown = null;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

async function waitFor(base: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child !== undefined && child.exitCode !== null)
      throw new Error(`Kafka Connect exited with ${child.exitCode}`);
    try {
      const res = await fetch(base + '/connectors');
      if (res.status === 200) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${base} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Apache Kafka Connect standalone, run from the Kafka classpath. */
export class ReferenceConnect {
  private constructor(
    readonly base: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(dir: string, bootstrap: string): Promise<ReferenceConnect> {
    const port = await freePort();
    const worker = workerProperties(dir, 'kafka-connect', bootstrap, `http://127.0.0.1:${port}`);
    const log = createWriteStream(join(dir, 'kafka-connect.log'));
    const child = spawn(
      'java',
      [
        '-Xmx512m',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${join(ROOT, 'scripts', 'kafka', 'connect-log4j2.properties')}`,
        '-cp',
        kafkaClasspath(),
        'org.apache.kafka.connect.cli.ConnectStandalone',
        worker,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor(base, 120_000, child);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return new ReferenceConnect(base, child);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('close', r));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}

/** ts-connect standalone, in process, on a free port. */
export async function startTsConnect(
  dir: string,
  bootstrap: string,
  extra: Record<string, string> = {},
  name = 'ts-connect',
): Promise<{ runtime: StandaloneRuntime; base: string }> {
  const worker = workerProperties(dir, name, bootstrap, 'http://127.0.0.1:0', extra);
  const runtime = await startStandalone(worker, [], {
    registry: createBuiltinRegistry(),
    sinkTaskBuilder: buildWorkerSinkTask,
  });
  const bound = runtime.rest!.listeners()[0]!;
  const scheme = bound.protocol;
  return { runtime, base: `${scheme}://127.0.0.1:${bound.boundPort}` };
}

/**
 * The JSON shape of a value: every path with its type (`.tasks[].state: string`), array items
 * merged. Values themselves (versions, ids, docs) do not count.
 */
export function shape(value: unknown): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  const walk = (v: unknown, path: string): void => {
    const type = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
    let set = out.get(path);
    if (set === undefined) out.set(path, (set = new Set()));
    set.add(type);
    if (Array.isArray(v)) v.forEach((item) => walk(item, `${path}[]`));
    else if (v !== null && typeof v === 'object')
      for (const [k, child] of Object.entries(v)) walk(child, `${path}.${k}`);
  };
  walk(value, '');
  // A path seen as null on one side and a value on the other is the same field: nulls only
  // count where nothing else was seen.
  const result: Record<string, string[]> = {};
  for (const [path, types] of [...out.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const nonNull = [...types].filter((t) => t !== 'null').sort();
    result[path] = nonNull.length > 0 ? nonNull : ['null'];
  }
  return result;
}

/** Replaces each `from` with `to` everywhere in a JSON value (connector names, topics). */
export function rename(value: unknown, pairs: readonly [string, string][]): unknown {
  let text = JSON.stringify(value) ?? 'null';
  for (const [from, to] of pairs) text = text.split(from).join(to);
  return JSON.parse(text);
}

/** Both shapes have the same paths and, where both know it, the same types. */
export function shapeDifferences(kafka: unknown, ours: unknown): string[] {
  const a = shape(kafka);
  const b = shape(ours);
  const problems: string[] = [];
  for (const path of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const ta = a[path];
    const tb = b[path];
    if (ta === undefined) problems.push(`only ts-connect has ${path || '(root)'}`);
    else if (tb === undefined) problems.push(`only Kafka has ${path || '(root)'}`);
    else if (!ta.includes('null') && !tb.includes('null') && ta.join() !== tb.join())
      problems.push(`${path || '(root)'}: Kafka ${ta.join('|')}, ts-connect ${tb.join('|')}`);
  }
  return problems;
}
