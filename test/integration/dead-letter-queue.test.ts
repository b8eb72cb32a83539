import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { StandaloneProcess } from '../cli/standalone-process.js';
import { kafkaClasspath } from '../helpers/java.js';
import {
  createTopic,
  readAll,
  uniqueTopic,
  waitFor,
  withAdmin,
  type ConsumedRecord,
} from '../helpers/kafka.js';

// The "Done when" of issue 6 for the dead letter queue: a stream with 1% malformed records into a
// sink with errors.tolerance=all and a DLQ with context headers. ts-connect and Apache Kafka
// Connect 4.3.1 run on the same input; the sink files, the DLQ records (key, value, timestamp,
// headers) and the context headers must agree (stack traces compared by their first line).

const bootstrap = inject('kafkaBootstrap');
const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;

const TOTAL = 3000;
/** Generous: a JVM start on a loaded two-core machine can take a minute. */
const SIDE_TIMEOUT_MS = 150_000;
const TEST_TIMEOUT_MS = 2 * SIDE_TIMEOUT_MS + 120_000;
/** Every 100th record is malformed JSON of one of these kinds (1%). */
const MALFORMED = [
  '{"id": 17, "name": ', // truncated
  'not json at all',
  '{"id": 1, "name": "x",}', // trailing comma
  "{'id': 1}", // single quotes
  '\u00ff\u00fe binary',
  '[1, 2',
];

/** With `nonObjects`, another 1% is valid JSON that is no object, which ExtractField rejects. */
const NON_OBJECTS = ['"just text"', '123', '[1, 2]', 'true'];

function isBad(i: number, nonObjects: boolean): boolean {
  return i % 100 === 42 || (nonObjects && i % 100 === 77);
}

function valueOf(i: number, nonObjects = false): Buffer {
  if (i % 100 === 42) return Buffer.from(MALFORMED[((i / 100) % MALFORMED.length) | 0]!, 'latin1');
  if (nonObjects && i % 100 === 77) return Buffer.from(NON_OBJECTS[((i / 100) % 4) | 0]!);
  // Keys whose Java HashMap order is their insertion order: Kafka's schemaless JSON maps are
  // HashMaps printed in hash order, ts-connect keeps input order on purpose (README, "beyond Kafka").
  return Buffer.from(JSON.stringify({ a: i, b: `n${i}`, c: i % 2 === 0 }));
}

function headersOf(i: number): IHeaders {
  return {
    trace: `t-${i}`,
    bin: Buffer.from([0, 1, 0xfe, i % 256]),
    ...(i % 3 === 0 ? { dup: ['a', 'b'] } : {}),
  };
}

async function produceInput(topic: string, nonObjects: boolean): Promise<void> {
  const kafka = new Kafka({
    clientId: 'dlq-test',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let from = 0; from < TOTAL; from += 500) {
      const messages = [];
      for (let i = from; i < Math.min(TOTAL, from + 500); i++) {
        messages.push({
          key: i % 7 === 0 ? null : `key-${i}`,
          value: valueOf(i, nonObjects),
          headers: headersOf(i),
          timestamp: String(1_700_000_000_000 + i),
        });
      }
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function properties(map: Record<string, string>): string {
  return Object.entries(map)
    .map(([k, v]) => `${k}=${v.replace(/\\/g, '\\\\')}`)
    .join('\n');
}

interface Side {
  name: string;
  dlq: string;
  output: string;
  worker: string;
  connector: string;
  port: number;
}

function writeSide(tag: string, input: string, port: number, extra: Record<string, string>): Side {
  const name = `dlq-${tag}-${Date.now().toString(36)}`;
  const side: Side = {
    name,
    dlq: `${name}-dlq`,
    output: join(dir, `${tag}.sink.txt`),
    worker: join(dir, `${tag}-worker.properties`),
    connector: join(dir, `${tag}-sink.properties`),
    port,
  };
  writeFileSync(
    side.worker,
    properties({
      'bootstrap.servers': bootstrap,
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
      'offset.storage.file.filename': join(dir, `${tag}.offsets`),
      'offset.flush.interval.ms': '1000',
      listeners: `http://127.0.0.1:${port}`,
      'plugin.discovery': 'service_load',
    }),
  );
  writeFileSync(
    side.connector,
    properties({
      name,
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      'tasks.max': '1',
      file: side.output,
      topics: input,
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': side.dlq,
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
      ...extra,
    }),
  );
  return side;
}

function sinkLines(path: string): string[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.pop();
  return lines;
}

async function dlqCount(topic: string): Promise<number> {
  try {
    const offsets = await withAdmin((admin) => admin.fetchTopicOffsets(topic), bootstrap);
    return offsets.reduce((n, o) => n + Number(o.high), 0);
  } catch {
    return 0;
  }
}

/** Runs one side until the sink file and the DLQ hold everything, then stops it. */
async function runUntilDone(
  side: Side,
  good: number,
  bad: number,
  start: () => { stop(): Promise<unknown>; exited(): boolean; output(): string },
): Promise<void> {
  const started = Date.now();
  const proc = start();
  try {
    await waitFor(
      async () => {
        if (proc.exited()) throw new Error(`${side.name} exited early:\n${proc.output()}`);
        return sinkLines(side.output).length >= good && (await dlqCount(side.dlq)) >= bad;
      },
      SIDE_TIMEOUT_MS,
      `${good} sink lines and ${bad} dead letters for ${side.name}`,
      250,
    );
  } catch (error) {
    const progress = `${sinkLines(side.output).length} sink lines, ${await dlqCount(side.dlq)} dead letters`;
    throw new Error(`${String(error)} (${progress})\n${proc.output().slice(-4000)}`);
  } finally {
    const done = Date.now();
    await proc.stop();
    console.log(`${side.name}: done in ${done - started} ms, stopped in ${Date.now() - done} ms`);
  }
}

/** The task's state from the worker's REST API (GET /connectors/{name}/status), '' if not up yet. */
async function taskState(side: Side): Promise<string> {
  try {
    const res = await fetch(`http://127.0.0.1:${side.port}/connectors/${side.name}/status`);
    if (!res.ok) return '';
    const body = (await res.json()) as { tasks?: { state: string }[] };
    return body.tasks?.[0]?.state ?? '';
  } catch {
    return '';
  }
}

function startTs(side: Side) {
  const p = new StandaloneProcess([side.worker, side.connector]);
  return {
    stop: () => p.stop(),
    exited: () => p.child.exitCode !== null,
    output: () => p.stdout + p.stderr,
  };
}

function startKafkaConnect(side: Side) {
  let output = '';
  const child = spawn(
    'java',
    [
      '-Xmx512m',
      `-Dlog4j2.configurationFile=${join(ROOT, 'scripts/kafka/connect-log4j2.properties')}`,
      '-cp',
      kafkaClasspath(),
      'org.apache.kafka.connect.cli.ConnectStandalone',
      side.worker,
      side.connector,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
    exited: () => child.exitCode !== null || child.signalCode !== null,
    output: () => output,
  };
}

/** A DLQ record with the side-specific parts normalised: connector name, stack trace frames. */
function normalised(record: ConsumedRecord, connector: string) {
  const headers: Record<string, string[]> = {};
  for (const [key, raw] of Object.entries(record.headers)) {
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) =>
      v === undefined ? '<undefined>' : Buffer.from(v).toString('base64'),
    );
    headers[key] = values;
  }
  const text = (key: string): string =>
    Buffer.from(headers[key]?.[0] ?? '', 'base64').toString('utf8');
  const connectorHeader = '__connect.errors.connector.name';
  const traceHeader = '__connect.errors.exception.stacktrace';
  expect(text(connectorHeader)).toBe(connector);
  headers[connectorHeader] = ['<connector>'];
  headers[traceHeader] = [text(traceHeader).split('\n')[0]!];
  return {
    key: record.key?.toString('base64') ?? null,
    value: record.value?.toString('base64') ?? null,
    timestamp: record.timestamp,
    headerNames: Object.keys(record.headers),
    headers,
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ts-connect-dlq-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Sends the input, runs ts-connect then Kafka Connect on it with the same files, and compares
 * the sink files, the DLQ records and their headers.
 */
async function compareWithKafkaConnect(
  tag: string,
  nonObjects: boolean,
  extra: Record<string, string>,
): Promise<void> {
  const input = uniqueTopic(`dlq-input-${tag}`);
  await createTopic(input, 1, {}, bootstrap);
  await produceInput(input, nonObjects);
  const badIndexes = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => isBad(i, nonObjects));
  const bad = badIndexes.length;
  const good = TOTAL - bad;

  const ts = writeSide(`ts-${tag}`, input, await freePort(), extra);
  await runUntilDone(ts, good, bad, () => startTs(ts));
  const kc = writeSide(`kc-${tag}`, input, await freePort(), extra);
  await runUntilDone(kc, good, bad, () => startKafkaConnect(kc));

  const tsLines = sinkLines(ts.output);
  const kcLines = sinkLines(kc.output);
  const tsDlq = await readAll(ts.dlq, { bootstrap });
  const kcDlq = await readAll(kc.dlq, { bootstrap });
  const stages = (records: ConsumedRecord[]) =>
    records.map((r) => Buffer.from(r.headers['__connect.errors.stage'] as Buffer).toString());
  const figures = {
    sent: TOTAL,
    bad,
    tsSink: tsLines.length,
    kcSink: kcLines.length,
    tsDeadLettered: tsDlq.length,
    kcDeadLettered: kcDlq.length,
    stages: [...new Set(stages(tsDlq))],
  };
  console.log(`dead letter queue figures (${tag}): ${JSON.stringify(figures)}`);

  // Every good record once, in order, written as Kafka Connect writes it.
  expect(tsLines).toHaveLength(good);
  expect(tsLines).toEqual(kcLines);
  // Every bad record once, raw, with the same context headers.
  expect(tsDlq).toHaveLength(bad);
  expect(kcDlq).toHaveLength(bad);
  const tsNorm = tsDlq.map((r) => normalised(r, ts.name));
  const kcNorm = kcDlq.map((r) => normalised(r, kc.name));
  expect(tsNorm).toEqual(kcNorm);
  // And the bytes are those that were sent.
  expect(tsDlq.map((r) => r.value?.toString('latin1'))).toEqual(
    badIndexes.map((i) => valueOf(i, nonObjects).toString('latin1')),
  );
  expect(tsDlq.map((r) => Buffer.from(r.headers['bin'] as Buffer).toString('hex'))).toEqual(
    badIndexes.map((i) => Buffer.from(headersOf(i)['bin'] as Buffer).toString('hex')),
  );
}

describe('dead letter queue against Apache Kafka Connect', () => {
  test(
    '1% malformed JSON: good records in the sink, bad ones in the DLQ as consumed, as Kafka Connect does',
    async () => {
      await compareWithKafkaConnect('json', false, {});
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'and 1% valid JSON that a transform rejects: TRANSFORMATION-stage dead letters as in Kafka Connect',
    async () => {
      await compareWithKafkaConnect('smt', true, {
        transforms: 'pick',
        'transforms.pick.type': 'org.apache.kafka.connect.transforms.ExtractField$Value',
        'transforms.pick.field': 'b',
      });
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'tolerance none: the first bad record goes to the DLQ and the task fails, as in Kafka Connect',
    async () => {
      const input = uniqueTopic('dlq-input-none');
      await createTopic(input, 1, {}, bootstrap);
      await produceInput(input, false);
      const extra = { 'errors.tolerance': 'none' };
      // Kafka Connect leaves a failed task failed; ts-connect would restart it (and dead-letter the
      // record once per restart, as each run consumes it again).
      const noRestart = { ...extra, 'auto.restart.enable': 'false' };
      const sides = [
        { side: writeSide('ts-none', input, await freePort(), noRestart), start: startTs },
        { side: writeSide('kc-none', input, await freePort(), extra), start: startKafkaConnect },
      ];
      const states: string[] = [];
      const outputs: string[] = [];
      for (const { side, start } of sides) {
        const proc = start(side);
        try {
          let state = '';
          await waitFor(
            async () => {
              if (proc.exited()) throw new Error(`${side.name} exited early:\n${proc.output()}`);
              state = await taskState(side);
              return state === 'FAILED' && (await dlqCount(side.dlq)) >= 1;
            },
            SIDE_TIMEOUT_MS,
            `FAILED task and a dead letter for ${side.name}`,
            250,
          ).catch((error: unknown) => {
            throw new Error(`${String(error)} (state ${state})\n${proc.output().slice(-4000)}`);
          });
          states.push(state);
        } finally {
          await proc.stop();
          outputs.push(proc.output());
        }
      }
      const [ts, kc] = sides.map((s) => s.side) as [Side, Side];
      const tsDlq = await readAll(ts.dlq, { bootstrap });
      const kcDlq = await readAll(kc.dlq, { bootstrap });
      console.log(
        `dead letter queue figures (none): ${JSON.stringify({ states, tsDeadLettered: tsDlq.length, kcDeadLettered: kcDlq.length })}`,
      );
      expect(states).toEqual(['FAILED', 'FAILED']);
      expect(kcDlq).toHaveLength(1);
      if (tsDlq.length > 1) {
        // Was 3 in 9 runs under load while closing cut off the DLQ write in flight (kafkajs then
        // re-sent it); closing now waits for it, as Kafka's producer.close() does.
        console.log(
          `duplicate dead letter; ts-connect said:\n${outputs[0]!
            .split('\n')
            .filter((l) => /ERROR|WARN|retry|Retry|restart|Subscribed|assign/.test(l))
            .join('\n')}`,
        );
      }
      const expected = normalised(kcDlq[0]!, kc.name);
      // The one record that failed the task, never another one.
      expect(tsDlq.map((r) => normalised(r, ts.name))).toEqual([expected]);
      // Nothing at or after the failed record reached either sink file.
      for (const side of [ts, kc]) {
        expect(sinkLines(side.output).length).toBeLessThanOrEqual(42);
      }
    },
    TEST_TIMEOUT_MS,
  );
});
