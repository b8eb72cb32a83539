/**
 * Catalogue of bad inputs met at run time (the config-file part is test/catalogue/): each case
 * is a connector fed something broken, in one worker against the real broker, with the task
 * state and trace it ends in — and proof that a steady connector in the same worker kept running
 * after each. Failed tasks are restarted once, 50 ms later (auto.restart.*), so every failing
 * case also shows that a restart does not get past bad input: it ends FAILED with its trace.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../src/plugins/builtins.js';
import { startStandalone, type StandaloneRuntime } from '../../src/runtime/connect-standalone.js';
import { buildWorkerSinkTask } from '../../src/runtime/worker-sink-task.js';
import type { TaskStateInfo } from '../../src/runtime/status.js';
import { configureLogging } from '../../src/util/logger.js';
import { kafkaBootstrap, readAllValues, uniqueTopic, waitFor } from '../helpers/kafka.js';

let dir: string;
let rt: StandaloneRuntime;
const steadyTopic = uniqueTopic('catalogue-steady');
let steadyLines = 0;
const logLines: string[] = [];

function source(name: string, file: string, topic: string, extra: Record<string, string> = {}) {
  return { name, 'connector.class': 'FileStreamSource', file, topic, ...extra };
}

/** A new line through the steady connector reaches its topic: the worker is still working. */
async function steadyStillRuns(): Promise<void> {
  const line = `steady-${steadyLines++}`;
  appendFileSync(join(dir, 'steady.txt'), line + '\n');
  await waitFor(
    async () => (await readAllValues(steadyTopic)).includes(line),
    30_000,
    `"${line}" from the steady connector`,
  );
  expect(rt.herder.connectorStatus('steady').tasks[0]?.state).toBe('RUNNING');
}

async function finalState(name: string): Promise<TaskStateInfo> {
  await waitFor(
    () => rt.herder.connectorStatus(name).tasks[0]?.state === 'FAILED',
    60_000,
    `${name} FAILED`,
  );
  return rt.herder.taskStatus(name, 0);
}

beforeAll(async () => {
  configureLogging({ write: (l) => logLines.push(l) });
  dir = mkdtempSync(join(tmpdir(), 'ts-connect-catalogue-'));
  const worker = join(dir, 'worker.properties');
  writeFileSync(
    worker,
    [
      `bootstrap.servers=${kafkaBootstrap()}`,
      'key.converter=org.apache.kafka.connect.storage.StringConverter',
      'value.converter=org.apache.kafka.connect.storage.StringConverter',
      `offset.storage.file.filename=${join(dir, 'offsets')}`,
      'offset.flush.interval.ms=500',
      'listeners=http://127.0.0.1:0',
      'auto.restart.initial.backoff.ms=50',
      'auto.restart.max.attempts=1',
    ].join('\n'),
  );
  rt = await startStandalone(worker, [], {
    registry: createBuiltinRegistry(),
    sinkTaskBuilder: buildWorkerSinkTask,
  });
  writeFileSync(join(dir, 'steady.txt'), '');
  await rt.herder.createConnector(source('steady', join(dir, 'steady.txt'), steadyTopic));
  await steadyStillRuns();
}, 120_000);

afterAll(async () => {
  await rt?.stop();
  configureLogging({ write: (l) => process.stderr.write(l + '\n') });
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('catalogue: bad input at run time', () => {
  it('binary garbage in a source file: every line becomes a record, malformed bytes U+FFFD; RUNNING', async () => {
    const topic = uniqueTopic('catalogue-garbage');
    // Deterministic bytes without line breaks (and without 0xED, where Node's and Java's
    // replacement of malformed UTF-8 differ: see java-charset.ts), ten lines of them.
    const chunks = Array.from({ length: 10 }, (_x, line) =>
      Buffer.from(
        Array.from({ length: 200 }, (_y, k) => (line * 7919 + k * 104729) % 256).filter(
          (b) => b !== 0x0a && b !== 0x0d && b !== 0xed,
        ),
      ),
    );
    const file = join(dir, 'garbage.txt');
    writeFileSync(file, Buffer.concat(chunks.flatMap((c) => [c, Buffer.from('\n')])));
    await rt.herder.createConnector(source('garbage', file, topic));
    await waitFor(async () => (await readAllValues(topic)).length === 10, 30_000, '10 records');
    expect(await readAllValues(topic)).toEqual(chunks.map((c) => c.toString('utf8')));
    expect(rt.herder.taskStatus('garbage', 0).state).toBe('RUNNING');
    await steadyStillRuns();
  });

  it('a 10 MB line: the broker refuses the record; FAILED with the reason', async () => {
    const topic = uniqueTopic('catalogue-huge');
    const file = join(dir, 'huge.txt');
    writeFileSync(file, 'before\n' + 'x'.repeat(10 * 1024 * 1024) + '\nafter\n');
    await rt.herder.createConnector(source('huge', file, topic));
    const state = await finalState('huge');
    expect(state.trace).toContain('stage KAFKA_PRODUCE');
    expect(state.trace).toContain(
      'The request included a message larger than the max message size the server will accept (MESSAGE_TOO_LARGE)',
    );
    // The batch is refused whole (Kafka's producer refuses only the large record, client-side):
    // nothing of it is in the topic, and no offset was stored past it.
    expect(await readAllValues(topic)).toEqual([]);
    expect(logLines.some((l) => l.includes('Restarting task huge-0 in'))).toBe(true);
    await steadyStillRuns();
  });

  it('a source file replaced by a directory: FAILED, naming the path', async () => {
    const topic = uniqueTopic('catalogue-dir');
    const file = join(dir, 'becomes-dir.txt');
    writeFileSync(file, 'one\ntwo\n');
    await rt.herder.createConnector(source('dir', file, topic));
    await waitFor(async () => (await readAllValues(topic)).length === 2, 30_000, '2 records');
    rmSync(file);
    mkdirSync(file);
    const state = await finalState('dir');
    expect(state.trace).toContain(
      `ConnectException: Error while trying to open file ${file}: it is a directory`,
    );
    expect(await readAllValues(topic)).toEqual(['one', 'two']);
    await steadyStillRuns();
  });

  it('records a sink cannot convert (text where JSON is expected): FAILED at VALUE_CONVERTER', async () => {
    const topic = uniqueTopic('catalogue-notjson');
    const file = join(dir, 'notjson.txt');
    writeFileSync(file, '{"ok":1}\nthis is not JSON\n');
    await rt.herder.createConnector(source('text-writer', file, topic));
    await waitFor(async () => (await readAllValues(topic)).length === 2, 30_000, '2 records');
    await rt.herder.createConnector({
      name: 'json-reader',
      'connector.class': 'FileStreamSink',
      file: join(dir, 'json-out.txt'),
      topics: topic,
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
    });
    const state = await finalState('json-reader');
    expect(state.trace).toContain('stage VALUE_CONVERTER');
    expect(state.trace).toContain(
      'Converting byte[] to Kafka Connect data failed due to serialization error',
    );
    await steadyStillRuns();
  });

  it('a record the transform rejects: FAILED at TRANSFORMATION with Kafka’s message', async () => {
    const topic = uniqueTopic('catalogue-smt');
    const file = join(dir, 'smt.txt');
    writeFileSync(file, 'plain text\n');
    await rt.herder.createConnector(
      source('smt', file, topic, {
        transforms: 'x',
        'transforms.x.type': 'org.apache.kafka.connect.transforms.ExtractField$Value',
        'transforms.x.field': 'id',
      }),
    );
    const state = await finalState('smt');
    expect(state.trace).toContain('stage TRANSFORMATION');
    expect(state.trace).toContain(
      // The file source gives its values a STRING schema, so Kafka asks for a Struct.
      'DataException: Only Struct objects supported for [field extraction], found: java.lang.String',
    );
    await steadyStillRuns();
  });

  it('automatic restart: a file turned directory and back recovers by itself (per-connector backoff)', async () => {
    const topic = uniqueTopic('catalogue-recover');
    const file = join(dir, 'recovers.txt');
    writeFileSync(file, 'a\nb\n');
    await rt.herder.createConnector(
      source('recover', file, topic, {
        'auto.restart.initial.backoff.ms': '3000',
        'auto.restart.max.attempts': '3',
      }),
    );
    await waitFor(async () => (await readAllValues(topic)).length === 2, 30_000, '2 records');
    rmSync(file);
    mkdirSync(file);
    await waitFor(
      () => rt.herder.connectorStatus('recover').tasks[0]?.state === 'RESTARTING',
      30_000,
      'recover RESTARTING',
    );
    expect(rt.herder.taskStatus('recover', 0).trace).toContain('it is a directory');
    expect(
      logLines.some((l) =>
        /WARN Restarting task recover-0 in \d+ ms \(automatic restart 1 of 3\) after: .*it is a directory/.test(
          l,
        ),
      ),
    ).toBe(true);
    // Within the backoff (at least 1.5 s), the file comes back, shorter: read from its start.
    rmSync(file, { recursive: true });
    writeFileSync(file, 'c\n');
    await waitFor(
      async () => (await readAllValues(topic)).includes('c'),
      30_000,
      'the record after recovery',
    );
    expect(rt.herder.taskStatus('recover', 0)).toMatchObject({ state: 'RUNNING' });
    expect(await readAllValues(topic)).toEqual(['a', 'b', 'c']);
    await steadyStillRuns();
  });

  // Connector configs that parse but fail validation against the plugin: the create is refused
  // with every problem at once (the CLI prints this and exits 3; REST answers 400).
  it.each([
    ['an unknown connector class', { 'connector.class': 'com.example.Nope' }, ['com.example.Nope']],
    ['no connector class', { file: '/tmp/x' }, ['contains no connector type']],
    [
      'tasks.max=0 and a bad batch.size',
      { 'connector.class': 'FileStreamSource', topic: 't', 'tasks.max': '0', 'batch.size': 'many' },
      [
        'Invalid value 0 for configuration tasks.max: Value must be at least 1',
        'Invalid value many for configuration batch.size: Not a number of type INT',
      ],
    ],
    [
      'a transform without a type',
      { 'connector.class': 'FileStreamSource', topic: 't', transforms: 'a' },
      ['transforms.a.type'],
    ],
    [
      'an unknown converter',
      {
        'connector.class': 'FileStreamSource',
        topic: 't',
        'value.converter': 'com.example.NopeConverter',
      },
      [
        'Invalid value com.example.NopeConverter for configuration value.converter: Class com.example.NopeConverter could not be found.',
      ],
    ],
    [
      'a bad auto.restart override',
      { 'connector.class': 'FileStreamSource', topic: 't', 'auto.restart.max.attempts': 'lots' },
      ['Invalid value lots for configuration auto.restart.max.attempts: Not a number of type INT'],
    ],
  ])('a connector config with %s is refused, naming each problem', async (_what, config, parts) => {
    const error = await rt.herder
      .createConnector({ name: 'refused', ...config })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    for (const part of parts) expect((error as Error).message).toContain(part);
    expect(rt.herder.connectorNames()).not.toContain('refused');
    await steadyStillRuns();
  });
});
