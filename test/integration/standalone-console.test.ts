import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StandaloneProcess } from '../cli/standalone-process.js';
import { runCli } from '../cli/run-cli.js';

const bootstrap = inject('kafkaBootstrap');
let dir: string;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function worker(name: string, extra = ''): string {
  return file(
    name,
    [
      `bootstrap.servers=${bootstrap}`,
      'key.converter=org.apache.kafka.connect.storage.StringConverter',
      'value.converter=org.apache.kafka.connect.storage.StringConverter',
      `offset.storage.file.filename=${join(dir, name + '.offsets')}`,
      'offset.flush.interval.ms=1000',
      'listeners=http://127.0.0.1:0',
      extra,
    ].join('\n'),
  );
}

async function waitUntil(
  check: () => boolean,
  what: string,
  proc: StandaloneProcess,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (proc.child.exitCode !== null)
      throw new Error(`ts-connect exited (${proc.child.exitCode}) before ${what}:\n${proc.stderr}`);
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}:\n${proc.stderr.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ts-connect-console-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('console connectors in a shell pipe', () => {
  test('stdin → topic → stdout, with logs kept off stdout', async () => {
    const topic = `e2e-console-${Date.now()}`;
    const source = file(
      'console-source.properties',
      `name=console-source\nconnector.class=org.apache.kafka.connect.file.FileStreamSourceConnector\ntasks.max=1\ntopic=${topic}\n`,
    );
    const sink = file(
      'console-sink.properties',
      `name=console-sink\nconnector.class=org.apache.kafka.connect.file.FileStreamSinkConnector\ntasks.max=1\ntopics=${topic}\n`,
    );
    const lines = Array.from({ length: 500 }, (_, i) => `console line ${i} ✓`);

    const producer = new StandaloneProcess([worker('w-src.properties'), source], { stdin: 'pipe' });
    producer.child.stdin?.end(lines.join('\n') + '\n');
    const consumer = new StandaloneProcess([worker('w-sink.properties'), sink]);
    await waitUntil(
      () => consumer.stdout.split('\n').length > lines.length,
      'all lines on stdout',
      consumer,
    );

    expect(await producer.stop('SIGINT')).toBe(0);
    expect(await consumer.stop('SIGINT')).toBe(0);
    expect(consumer.stdout).toBe(lines.join('\n') + '\n');
    expect(consumer.stderr).toContain('INFO');
  });
});

describe('start-up failures', () => {
  test('Kafka unreachable: exit 2 naming the bootstrap address, after a bounded wait', async () => {
    const w = file(
      'unreachable.properties',
      [
        'bootstrap.servers=127.0.0.1:1',
        'key.converter=org.apache.kafka.connect.storage.StringConverter',
        'value.converter=org.apache.kafka.connect.storage.StringConverter',
        `offset.storage.file.filename=${join(dir, 'unreachable.offsets')}`,
        'default.api.timeout.ms=3000',
      ].join('\n'),
    );
    const started = Date.now();
    const run = await runCli(['standalone', w], { timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('127.0.0.1:1');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  test('an unknown connector class: exit 3 with the class named', async () => {
    const conn = file(
      'unknown-class.properties',
      'name=nope\nconnector.class=com.example.NoSuchConnector\n',
    );
    const run = await runCli(['standalone', worker('w-unknown.properties'), conn], {
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('com.example.NoSuchConnector');
  });

  test('tasks.max=0: exit 3 naming file, line and key', async () => {
    const conn = file(
      'zero-tasks.properties',
      `name=zero\nconnector.class=FileStreamSource\ntasks.max=0\ntopic=t\n`,
    );
    const run = await runCli(['standalone', worker('w-zero.properties'), conn], {
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'zero-tasks.properties:3: tasks.max: Invalid value 0 for configuration tasks.max: Value must be at least 1',
    );
  });
});
