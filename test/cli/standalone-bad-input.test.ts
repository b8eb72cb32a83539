import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';

// Bad input that is caught before any broker is contacted: each gives one clear line per
// problem, naming file, line and key, and Kafka's exit code. Port 1 has no broker: reaching
// it would mean the config was wrongly accepted.

let dir: string;
const GOOD_WORKER = [
  'bootstrap.servers=127.0.0.1:1',
  'key.converter=org.apache.kafka.connect.storage.StringConverter',
  'value.converter=org.apache.kafka.connect.storage.StringConverter',
  'offset.storage.file.filename=/tmp/never-written.offsets',
].join('\n');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ts-connect-bad-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('worker config mistakes exit 2', () => {
  test('a missing worker file names the file', async () => {
    const run = await runCli(['standalone', join(dir, 'nope.properties')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nope.properties');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('an unreadable worker file (a directory) names the file', async () => {
    const run = await runCli(['standalone', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(dir);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('every missing required key is reported at once', async () => {
    const path = file('empty-worker.properties', '# nothing here\nbootstrap.servers=127.0.0.1:1\n');
    const run = await runCli(['standalone', path]);
    expect(run.code).toBe(2);
    for (const key of ['key.converter', 'value.converter', 'offset.storage.file.filename']) {
      expect(run.stderr).toContain(
        `empty-worker.properties: ${key}: Missing required configuration "${key}" which has no default value.`,
      );
    }
  });

  test("a bad value names file, line and key with Kafka's message", async () => {
    const path = file('bad-value.properties', GOOD_WORKER + '\noffset.flush.interval.ms=abc\n');
    const run = await runCli(['standalone', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'bad-value.properties:5: offset.flush.interval.ms: Invalid value abc for configuration offset.flush.interval.ms: Not a number of type LONG',
    );
    expect(run.stderr.split('\n').filter((l) => l.startsWith('ts-connect:'))).toHaveLength(1);
  });

  test('a config provider whose class is unknown is named', async () => {
    const path = file(
      'provider.properties',
      GOOD_WORKER +
        '\nconfig.providers=vault\nconfig.providers.vault.class=com.example.VaultConfigProvider\n',
    );
    const run = await runCli(['standalone', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('provider.properties:6: config.providers.vault.class');
    expect(run.stderr).toContain('com.example.VaultConfigProvider');
  });
});

describe('connector file mistakes exit 3', () => {
  test('a connector file without name', async () => {
    const worker = file('w1.properties', GOOD_WORKER);
    const conn = file('noname.properties', 'connector.class=FileStreamSource\ntopic=t\n');
    const run = await runCli(['standalone', worker, conn]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `Connector configuration at '${conn}' is missing the mandatory 'name' configuration`,
    );
  });

  test("a JSON file that is neither of Kafka's forms", async () => {
    const worker = file('w2.properties', GOOD_WORKER);
    const conn = file('weird.json', '["name", "x"]');
    const run = await runCli(['standalone', worker, conn]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('weird.json');
  });

  test('a missing connector file', async () => {
    const worker = file('w3.properties', GOOD_WORKER);
    const run = await runCli(['standalone', worker, join(dir, 'missing.properties')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('missing.properties');
  });

  test('two connector files with the same name', async () => {
    const worker = file('w4.properties', GOOD_WORKER);
    const a = file('dup-a.properties', 'name=dup\nconnector.class=FileStreamSource\ntopic=t\n');
    const b = file('dup-b.json', '{"name":"dup","connector.class":"FileStreamSink","topics":"t"}');
    const run = await runCli(['standalone', worker, a, b]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('dup-b.json');
    expect(run.stderr).toMatch(/Connector dup already exists/);
  });
});
