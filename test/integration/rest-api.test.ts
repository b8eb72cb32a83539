import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StandaloneRuntime } from '../../src/runtime/connect-standalone.js';
import { uniqueTopic } from '../helpers/kafka.js';
import {
  call,
  ReferenceConnect,
  rename,
  shapeDifferences,
  startTsConnect,
  type Answer,
} from './rest-workers.js';

// Every standalone endpoint, called the same way on Apache Kafka Connect 4.3 and on ts-connect
// (same broker, same connectors under different names): status codes, error messages and JSON
// shapes must agree. Where ts-connect answers differently on purpose, a test below says so.

const bootstrap = inject('kafkaBootstrap');
let dir: string;
let kafka: ReferenceConnect;
let ts: { runtime: StandaloneRuntime; base: string };

interface Side {
  base: string;
  prefix: string;
  source: string;
  sink: string;
  topic: string;
  input: string;
  output: string;
}
let sides: { kafka: Side; ts: Side };

function side(base: string, tag: string): Side {
  const prefix = uniqueTopic(`rest-${tag}`);
  return {
    base,
    prefix,
    source: `${prefix}-source`,
    sink: `${prefix}-sink`,
    topic: `${prefix}-topic`,
    input: join(dir, `${tag}-input.txt`),
    output: join(dir, `${tag}-output.txt`),
  };
}

/** Replaces a side's own names (and its paths) with neutral ones, so both sides read alike. */
function neutral(s: Side, value: unknown): unknown {
  return rename(value, [
    [s.input, 'INPUT'],
    [s.output, 'OUTPUT'],
    [s.source, 'SOURCE'],
    [s.sink, 'SINK'],
    [s.topic, 'TOPIC'],
    [s.prefix, 'PREFIX'],
  ]);
}

/** `path` and `body` may use SOURCE, SINK, TOPIC, INPUT, OUTPUT, PREFIX: replaced per side. */
function forSide<T>(s: Side, v: T): T {
  if (v === undefined) return v;
  const text = JSON.stringify(v)
    .split('SOURCE')
    .join(s.source)
    .split('SINK')
    .join(s.sink)
    .split('TOPIC')
    .join(s.topic)
    .split('INPUT')
    .join(s.input)
    .split('OUTPUT')
    .join(s.output)
    .split('PREFIX')
    .join(s.prefix);
  return JSON.parse(text) as T;
}

async function both(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<{ kafka: Answer; ts: Answer }> {
  const [a, b] = await Promise.all(
    [sides.kafka, sides.ts].map(async (s) => {
      const answer = await call(s.base, method, forSide(s, path), forSide(s, body), headers);
      return { ...answer, body: neutral(s, answer.body) };
    }),
  );
  return { kafka: a!, ts: b! };
}

/** Same status, same shape; for errors also the same message. */
async function agree(
  method: string,
  path: string,
  body?: unknown,
  options: { sameBody?: boolean } = {},
): Promise<{ kafka: Answer; ts: Answer }> {
  const r = await both(method, path, body);
  expect({ path, status: r.ts.status }).toEqual({ path, status: r.kafka.status });
  expect(shapeDifferences(r.kafka.body, r.ts.body)).toEqual([]);
  if (r.kafka.status >= 400 || options.sameBody) expect(r.ts.body).toEqual(r.kafka.body);
  return r;
}

async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function statesOf(s: Side, name: string): Promise<string[]> {
  const r = await call(s.base, 'GET', `/connectors/${name}/status`);
  if (r.status !== 200) return [];
  const st = r.body as { connector: { state: string }; tasks: { state: string }[] };
  return [st.connector.state, ...st.tasks.map((t) => t.state)];
}

/** Waits on both sides until the connector and its tasks are all in `state`. */
async function settled(name: 'SOURCE' | 'SINK', state: string, tasks = 1): Promise<void> {
  for (const s of [sides.kafka, sides.ts]) {
    const real = name === 'SOURCE' ? s.source : s.sink;
    await until(`${real} ${state}`, async () => {
      const states = await statesOf(s, real);
      return states.length === 1 + tasks && states.every((x) => x === state);
    });
  }
}

const sourceConfig = {
  'connector.class': 'FileStreamSource',
  'tasks.max': '1',
  file: 'INPUT',
  topic: 'TOPIC',
};
const sinkConfig = {
  'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
  'tasks.max': '1',
  file: 'OUTPUT',
  topics: 'TOPIC',
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ts-connect-rest-'));
  [kafka, ts] = await Promise.all([
    ReferenceConnect.start(dir, bootstrap),
    // Kafka leaves failed tasks FAILED; so must ts-connect here, to compare the same states.
    startTsConnect(dir, bootstrap, { 'auto.restart.enable': 'false' }),
  ]);
  sides = { kafka: side(kafka.base, 'kafka'), ts: side(ts.base, 'ts') };
  for (const s of [sides.kafka, sides.ts]) writeFileSync(s.input, 'one\ntwo\n');
});

afterAll(async () => {
  await Promise.all([kafka?.stop(), ts?.runtime.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('REST API agrees with Kafka Connect', () => {
  test('root, health, empty connector list', async () => {
    const root = await agree('GET', '/');
    expect(Object.keys(root.ts.body as object).sort()).toEqual([
      'commit',
      'kafka_cluster_id',
      'version',
    ]);
    expect((root.ts.body as { kafka_cluster_id: string }).kafka_cluster_id).toBe(
      (root.kafka.body as { kafka_cluster_id: string }).kafka_cluster_id,
    );
    await agree('GET', '/health', undefined, { sameBody: true });
    await agree('GET', '/connectors', undefined, { sameBody: true });
    await agree('GET', '/connectors?expand=status', undefined, { sameBody: true });
  });

  test('unknown paths and methods', async () => {
    await agree('GET', '/nope');
    await agree('GET', '/connectors/x/nope');
    await agree('DELETE', '/connectors');
    await agree('POST', '/connectors/x/config', {});
    await agree('GET', '/connectors/x/tasks/notanumber/status');
    const head = await both('HEAD', '/connectors');
    expect([head.ts.status, head.ts.body]).toEqual([head.kafka.status, head.kafka.body]);
    const options = await both('OPTIONS', '/connectors');
    expect(options.ts.status).toBe(options.kafka.status);
    const methods = (a: Answer) => String(a.body).split(', ').sort();
    expect(methods(options.ts)).toEqual(methods(options.kafka));
  });

  test('create connectors: 201 with Location, then 409; bad names and configs 400', async () => {
    const created = await agree('POST', '/connectors', { name: 'SOURCE', config: sourceConfig });
    expect(created.ts.status).toBe(201);
    expect(created.ts.body).toEqual(created.kafka.body);
    expect(created.ts.headers.get('location')).toBe(`/connectors/${sides.ts.source}`);
    expect(created.kafka.headers.get('location')).toMatch(
      new RegExp(`/connectors/${sides.kafka.source}$`),
    );
    await agree('POST', '/connectors', { name: 'SOURCE', config: sourceConfig });
    await agree('POST', '/connectors', {
      name: 'PREFIX-x',
      config: { ...sourceConfig, name: 'other' },
    });
    // Kafka also runs a value that did not parse through its validator ("Invalid value null …
    // must be non-null"); ts-connect reports each mistake once, so its lines are a subset.
    const invalid = await both('POST', '/connectors', {
      name: 'PREFIX-bad',
      config: { 'connector.class': 'FileStreamSource', 'tasks.max': 'x' },
    });
    expect(invalid.ts.status).toBe(400);
    expect(invalid.kafka.status).toBe(400);
    const lines = (a: Answer) => (a.body as { message: string }).message.split('\n').slice(1);
    expect(lines(invalid.kafka)).toEqual(expect.arrayContaining(lines(invalid.ts)));
    await agree('POST', '/connectors', {
      name: 'PREFIX-bad2',
      config: { 'connector.class': 'FileStreamSink', topics: 'a', 'topics.regex': 'b' },
    });
    const sink = await agree('POST', '/connectors', {
      name: 'SINK',
      config: sinkConfig,
      initial_state: 'RUNNING',
    });
    expect(sink.ts.body).toEqual(sink.kafka.body);
    await settled('SOURCE', 'RUNNING');
    await settled('SINK', 'RUNNING');
  });

  test('read a connector: info, config, status, tasks, task status, expand', async () => {
    for (const p of [
      '/connectors/SOURCE',
      '/connectors/SOURCE/config',
      '/connectors/SINK/config',
      '/connectors/SOURCE/status',
      '/connectors/SINK/tasks',
      '/connectors/SOURCE/tasks',
      '/connectors/SOURCE/tasks/0/status',
    ])
      await agree('GET', p, undefined, { sameBody: !p.includes('status') });
    const names = await agree('GET', '/connectors');
    expect((names.ts.body as string[]).sort()).toEqual((names.kafka.body as string[]).sort());
    await agree('GET', '/connectors?expand=status&expand=info');
    await agree('GET', '/connectors?expand=info');
    await agree('GET', '/connectors?expand=bogus', undefined, { sameBody: true });
    // Removed in Kafka 4 (deprecated in 3.7): a 404 on both.
    await agree('GET', '/connectors/SOURCE/tasks-config');
  });

  test("unknown connector: Kafka's 404s", async () => {
    for (const [m, p] of [
      ['GET', '/connectors/PREFIX-none'],
      ['GET', '/connectors/PREFIX-none/config'],
      ['GET', '/connectors/PREFIX-none/status'],
      ['GET', '/connectors/PREFIX-none/tasks'],
      ['GET', '/connectors/PREFIX-none/tasks/0/status'],
      ['GET', '/connectors/SOURCE/tasks/7/status'],
      ['GET', '/connectors/PREFIX-none/offsets'],
      ['PUT', '/connectors/PREFIX-none/pause'],
      ['PUT', '/connectors/PREFIX-none/resume'],
      ['DELETE', '/connectors/PREFIX-none'],
      ['DELETE', '/connectors/PREFIX-none/offsets'],
      ['POST', '/connectors/PREFIX-none/restart?includeTasks=true'],
      ['GET', '/connectors/PREFIX-none/topics'],
      ['PUT', '/connectors/PREFIX-none/topics/reset'],
    ] as const)
      await agree(m, p);
    await agree('PATCH', '/connectors/PREFIX-none/config', { 'tasks.max': '2' });
  });

  test('update a config: PUT (200 existing, 201 new), PATCH', async () => {
    const put = await agree('PUT', '/connectors/SOURCE/config', {
      ...sourceConfig,
      'batch.size': '100',
    });
    expect(put.ts.status).toBe(200);
    expect(put.ts.body).toEqual(put.kafka.body);
    await agree('PUT', '/connectors/SOURCE/config', { ...sourceConfig, name: 'other' });
    await agree('PUT', '/connectors/SOURCE/config', { ...sourceConfig, 'tasks.max': '0' });
    const created = await agree('PUT', '/connectors/PREFIX-put/config', {
      ...sourceConfig,
      file: 'INPUT.put',
    });
    expect(created.ts.status).toBe(201);
    expect(created.ts.body).toEqual(created.kafka.body);
    await agree('DELETE', '/connectors/PREFIX-put');
    const patched = await agree('PATCH', '/connectors/SOURCE/config', {
      'batch.size': null,
      'errors.log.enable': 'true',
    });
    expect(patched.ts.body).toEqual(patched.kafka.body);
    await settled('SOURCE', 'RUNNING');
  });

  test('restart: 204 for the connector alone, 202 with a status otherwise', async () => {
    await agree('POST', '/connectors/SOURCE/restart');
    await settled('SOURCE', 'RUNNING');
    const all = await agree('POST', '/connectors/SOURCE/restart?includeTasks=true');
    expect(all.ts.status).toBe(202);
    expect(all.ts.body).toMatchObject({
      connector: { state: 'RESTARTING' },
      tasks: [{ state: 'RESTARTING' }],
    });
    await settled('SOURCE', 'RUNNING');
    const failed = await agree(
      'POST',
      '/connectors/SOURCE/restart?includeTasks=true&onlyFailed=true',
    );
    expect(failed.ts.body).toMatchObject({
      connector: { state: 'RUNNING' },
      tasks: [{ state: 'RUNNING' }],
    });
    await agree('POST', '/connectors/SOURCE/tasks/0/restart');
    await settled('SOURCE', 'RUNNING');
  });

  test('a failed task: trace in the status, onlyFailed restarts only it', async () => {
    const broken = { ...sinkConfig, file: join(dir, 'no-such-dir', 'out.txt') };
    await agree('POST', '/connectors', { name: 'PREFIX-broken', config: broken });
    for (const s of [sides.kafka, sides.ts])
      await until(`${s.prefix}-broken task FAILED`, async () => {
        const states = await statesOf(s, `${s.prefix}-broken`);
        return states[0] === 'RUNNING' && states[1] === 'FAILED';
      });
    const status = await agree('GET', '/connectors/PREFIX-broken/status');
    expect(status.ts.body).toMatchObject({
      tasks: [{ state: 'FAILED', trace: expect.any(String) }],
    });
    await agree('GET', '/connectors/PREFIX-broken/tasks/0/status');
    const restart = await agree(
      'POST',
      '/connectors/PREFIX-broken/restart?includeTasks=true&onlyFailed=true',
    );
    expect(restart.ts.body).toMatchObject({
      connector: { state: 'RUNNING' },
      tasks: [{ state: 'RESTARTING' }],
    });
    expect(restart.kafka.body).toMatchObject({
      connector: { state: 'RUNNING' },
      tasks: [{ state: 'RESTARTING' }],
    });
    await agree('DELETE', '/connectors/PREFIX-broken');
  });

  test('initial states PAUSED and STOPPED; resume from STOPPED', async () => {
    for (const state of ['PAUSED', 'STOPPED'] as const) {
      const created = await agree('POST', '/connectors', {
        name: `PREFIX-${state}`,
        config: { ...sourceConfig, file: `INPUT.${state}` },
        initial_state: state,
      });
      expect(created.ts.body).toEqual(created.kafka.body);
      for (const s of [sides.kafka, sides.ts])
        await until(`${s.prefix}-${state} ${state}`, async () => {
          const states = await statesOf(s, `${s.prefix}-${state}`);
          return states[0] === state && states.slice(1).every((t) => t === state);
        });
      await agree('GET', `/connectors/PREFIX-${state}/status`);
      await agree('GET', `/connectors/PREFIX-${state}/tasks`, undefined, { sameBody: true });
    }
    await agree('PUT', '/connectors/PREFIX-STOPPED/resume');
    for (const s of [sides.kafka, sides.ts])
      await until(`${s.prefix}-STOPPED resumed`, async () => {
        const states = await statesOf(s, `${s.prefix}-STOPPED`);
        return states.length === 2 && states.every((t) => t === 'RUNNING');
      });
    await agree('PUT', '/connectors/PREFIX-PAUSED/stop');
    await agree('POST', '/connectors/PREFIX-PAUSED/restart');
    await agree('DELETE', '/connectors/PREFIX-PAUSED');
    await agree('DELETE', '/connectors/PREFIX-STOPPED');
  });

  test('pause and resume: 202, states follow', async () => {
    await agree('PUT', '/connectors/SINK/pause');
    await settled('SINK', 'PAUSED');
    await agree('GET', '/connectors/SINK/status');
    await agree('PUT', '/connectors/SINK/pause');
    await agree('PUT', '/connectors/SINK/resume');
    await settled('SINK', 'RUNNING');
  });

  test('data flows; topics and offsets for source and sink', async () => {
    for (const s of [sides.kafka, sides.ts]) appendFileSync(s.input, 'three\n');
    for (const s of [sides.kafka, sides.ts])
      await until(`${s.output} filled`, async () => {
        try {
          return readFileSync(s.output, 'utf8').split('\n').length >= 4;
        } catch {
          return false;
        }
      });
    for (const s of [sides.kafka, sides.ts])
      await until(`${s.source} offsets flushed`, async () => {
        const r = await call(s.base, 'GET', `/connectors/${s.source}/offsets`);
        return (r.body as { offsets: unknown[] }).offsets.length > 0;
      });
    const topics = await agree('GET', '/connectors/SOURCE/topics', undefined, { sameBody: true });
    expect(topics.ts.body).toEqual({ SOURCE: { topics: ['TOPIC'] } });
    await agree('GET', '/connectors/SINK/topics', undefined, { sameBody: true });
    await agree('PUT', '/connectors/SINK/topics/reset');
    await agree('GET', '/connectors/SINK/topics', undefined, { sameBody: true });
    const source = await agree('GET', '/connectors/SOURCE/offsets');
    expect(source.ts.body).toMatchObject({ offsets: [{ partition: { filename: 'INPUT' } }] });
    for (const s of [sides.kafka, sides.ts])
      await until(`${s.sink} offsets committed`, async () => {
        // All three lines committed (offset of the next record: 3).
        const r = await call(s.base, 'GET', `/connectors/${s.sink}/offsets`);
        const offsets = (r.body as { offsets: { offset: { kafka_offset: number } }[] }).offsets;
        return offsets[0]?.offset.kafka_offset === 3;
      });
    await agree('GET', '/connectors/SINK/offsets', undefined, { sameBody: true });
  });

  test('offsets can change only when STOPPED; alter and reset', async () => {
    const sourceOffsets = {
      offsets: [{ partition: { filename: 'INPUT' }, offset: { position: 4 } }],
    };
    const sinkOffsets = {
      offsets: [
        { partition: { kafka_topic: 'TOPIC', kafka_partition: 0 }, offset: { kafka_offset: 1 } },
      ],
    };
    await agree('PATCH', '/connectors/SOURCE/offsets', sourceOffsets);
    await agree('DELETE', '/connectors/SINK/offsets');
    await agree('PATCH', '/connectors/SOURCE/offsets', { offsets: [] });
    await agree('PUT', '/connectors/SOURCE/stop');
    await agree('PUT', '/connectors/SINK/stop');
    await settled('SOURCE', 'STOPPED', 0);
    await settled('SINK', 'STOPPED', 0);
    await agree('GET', '/connectors/SOURCE/tasks', undefined, { sameBody: true });
    await agree('GET', '/connectors/SOURCE/status');
    // The connector's and the framework's checks of the offsets, with Kafka's codes and messages.
    const entry = (partition: unknown, offset: unknown) => ({ offsets: [{ partition, offset }] });
    for (const bad of [
      entry({ filename: 'INPUT' }, { position: 'abc' }),
      entry({ file: 'INPUT' }, { position: 1 }),
      entry({ filename: 'INPUT' }, { other: 1 }),
      entry(null, { position: 1 }),
    ])
      await agree('PATCH', '/connectors/SOURCE/offsets', bad);
    for (const bad of [
      entry({ kafka_topic: 'TOPIC' }, { kafka_offset: 1 }),
      entry({ kafka_topic: 'TOPIC', kafka_partition: 'x' }, { kafka_offset: 1 }),
      entry({ kafka_topic: 'TOPIC', kafka_partition: 0 }, { x: 1 }),
      entry(null, null),
    ])
      await agree('PATCH', '/connectors/SINK/offsets', bad);
    await agree('PATCH', '/connectors/SOURCE/offsets', sourceOffsets, { sameBody: true });
    await agree('GET', '/connectors/SOURCE/offsets', undefined, { sameBody: true });
    await agree('PATCH', '/connectors/SINK/offsets', sinkOffsets, { sameBody: true });
    await agree('GET', '/connectors/SINK/offsets', undefined, { sameBody: true });
    const nullSink = {
      offsets: [{ partition: { kafka_topic: 'TOPIC', kafka_partition: 0 }, offset: null }],
    };
    await agree('PATCH', '/connectors/SINK/offsets', nullSink, { sameBody: true });
    await agree('GET', '/connectors/SINK/offsets', undefined, { sameBody: true });
    await agree('PATCH', '/connectors/SINK/offsets', sinkOffsets, { sameBody: true });
    await agree('DELETE', '/connectors/SOURCE/offsets', undefined, { sameBody: true });
    await agree('GET', '/connectors/SOURCE/offsets', undefined, { sameBody: true });
    await agree('DELETE', '/connectors/SINK/offsets', undefined, { sameBody: true });
    await agree('GET', '/connectors/SINK/offsets', undefined, { sameBody: true });
    await agree('PUT', '/connectors/SOURCE/resume');
    await settled('SOURCE', 'RUNNING');
  });

  test('connector plugins: list, config definitions, validate', async () => {
    const list = await agree('GET', '/connector-plugins');
    const classes = (a: Answer) => (a.body as { class: string }[]).map((p) => p.class);
    expect(classes(list.ts)).toEqual(
      expect.arrayContaining([
        'org.apache.kafka.connect.file.FileStreamSinkConnector',
        'org.apache.kafka.connect.file.FileStreamSourceConnector',
      ]),
    );
    const all = await agree('GET', '/connector-plugins?connectorsOnly=false');
    const types = (a: Answer) => [...new Set((a.body as { type: string }[]).map((p) => p.type))];
    expect(types(all.ts)).toEqual(types(all.kafka));
    const ours = new Set(classes(all.ts));
    const missing = classes(all.kafka).filter((c) => !c.includes('.mirror.') && !ours.has(c));
    expect(missing).toEqual([]);
    const cfg = await agree('GET', '/connector-plugins/FileStreamSource/config');
    const names = (a: Answer) => (a.body as { name: string }[]).map((k) => k.name);
    expect(names(cfg.ts)).toEqual(names(cfg.kafka));
    await agree('GET', '/connector-plugins/JsonConverter/config');
    await agree('GET', '/connector-plugins/org.apache.kafka.connect.transforms.Cast$Value/config');
    await agree('GET', '/connector-plugins/PREFIX-Nope/config');
    const bad = {
      'connector.class': 'FileStreamSource',
      'tasks.max': 'x',
      transforms: 'a',
      'transforms.a.type': 'org.apache.kafka.connect.transforms.Cast$Value',
      'producer.override.acks': 'all',
    };
    const v = await agree('PUT', '/connector-plugins/FileStreamSource/config/validate', bad);
    const body = (a: Answer) =>
      a.body as {
        error_count: number;
        groups: string[];
        configs: { value: { name: string; errors: string[] } }[];
      };
    expect(body(v.ts).groups).toEqual(body(v.kafka).groups);
    const withErrors = (a: Answer) =>
      body(a)
        .configs.filter((c) => c.value.errors.length > 0)
        .map((c) => c.value.name)
        .sort();
    expect(withErrors(v.ts)).toEqual(withErrors(v.kafka));
    expect(
      body(v.ts)
        .configs.map((c) => c.value.name)
        .sort(),
    ).toEqual(
      body(v.kafka)
        .configs.map((c) => c.value.name)
        .sort(),
    );
    const good = await agree('PUT', '/connector-plugins/FileStreamSink/config/validate', {
      ...sinkConfig,
      name: 'x',
    });
    expect(body(good.ts).error_count).toBe(0);
    expect(body(good.kafka).error_count).toBe(0);
    await agree('PUT', '/connector-plugins/FileStreamSink/config/validate', sourceConfig);
  });

  test('admin loggers', async () => {
    const all = await both('GET', '/admin/loggers');
    expect(all.ts.status).toBe(all.kafka.status);
    const entries = (a: Answer) => Object.values(a.body as object);
    expect(shapeDifferences(entries(all.kafka), entries(all.ts))).toEqual([]);
    expect(Object.keys(all.ts.body as object)).toContain('root');
    await agree('GET', '/admin/loggers/root');
    await agree('GET', '/admin/loggers/PREFIX.nope');
    await agree('PUT', '/admin/loggers/root', {});
    await agree('PUT', '/admin/loggers/root', { level: 'LOUD' });
    const set = await agree('PUT', '/admin/loggers/root?scope=cluster', { level: 'INFO' });
    expect(set.ts.status).toBe(204);
    // Only the loggers whose level changed are listed: none here, both at INFO already.
    await agree('PUT', '/admin/loggers/root', { level: 'INFO' }, { sameBody: true });
  });

  test('delete: 204, then 404', async () => {
    await agree('DELETE', '/connectors/SINK');
    await agree('DELETE', '/connectors/SINK');
    await agree('GET', '/connectors/SINK/status');
  });
});
