/**
 * Catalogue of malformed config files: worker and connector, `.properties` and JSON. Each case
 * is a file as a user might write (or break) it, with the one line ts-connect prints for it and
 * Kafka's exit code (2 for the worker file, 3 for a connector file). All of these are caught
 * before any broker is contacted (the worker points at port 1, where none listens). Cases the
 * CLI tests already cover (missing files, a directory as worker file, missing keys, a bad number,
 * an unknown config provider, no name, duplicate names) are in test/cli/standalone-bad-input.test.ts;
 * mistakes found only when the connector is validated against its plugin are in
 * test/integration/catalogue-runtime.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const GOOD_WORKER = [
  'bootstrap.servers=127.0.0.1:1',
  'key.converter=org.apache.kafka.connect.storage.StringConverter',
  'value.converter=org.apache.kafka.connect.storage.StringConverter',
  'offset.storage.file.filename=/tmp/never-written.offsets',
  'listeners=http://127.0.0.1:0',
].join('\n');
/** The line a key appended to {@link GOOD_WORKER} is on. */
const NEXT = GOOD_WORKER.split('\n').length + 1;

/** Bytes that are neither text nor any config format: a fixed pseudo-random stream. */
function garbage(n: number): Buffer {
  const out = Buffer.alloc(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

interface Case {
  what: string;
  file: string;
  content: string | Buffer;
  /** Every `ts-connect:` line of stderr, `{file}` standing for the file's path. */
  lines: string[];
}

const MISSING = [
  'bootstrap.servers',
  'key.converter',
  'value.converter',
  'offset.storage.file.filename',
].map((k) => `{file}: ${k}: Missing required configuration "${k}" which has no default value.`);

const WORKER_CASES: Case[] = [
  { what: 'binary garbage', file: 'garbage.properties', content: garbage(3000), lines: MISSING },
  {
    what: 'JSON instead of .properties',
    file: 'json-worker.properties',
    content: '{"bootstrap.servers": "127.0.0.1:1"}\n',
    lines: MISSING,
  },
  {
    what: 'a malformed \\u escape',
    file: 'unicode.properties',
    content: GOOD_WORKER + '\nlisteners=http://127.0.0.1:8083\\u12\n',
    lines: [`{file}:${NEXT}: Malformed \\uxxxx encoding.`],
  },
  {
    what: 'an unknown converter class',
    file: 'converter.properties',
    content: GOOD_WORKER + '\nkey.converter=com.example.Nope\n',
    lines: [
      `{file}:${NEXT}: key.converter: Invalid value com.example.Nope for configuration key.converter: Class com.example.Nope could not be found.`,
    ],
  },
  {
    what: 'a boolean that is not one',
    file: 'boolean.properties',
    content: GOOD_WORKER + '\ntopic.creation.enable=maybe\n',
    lines: [
      `{file}:${NEXT}: topic.creation.enable: Invalid value maybe for configuration topic.creation.enable: Expected value to be either true or false`,
    ],
  },
  {
    what: 'an out-of-range ts-connect key',
    file: 'restart.properties',
    content: GOOD_WORKER + '\nauto.restart.max.attempts=-1\n',
    lines: [
      `{file}:${NEXT}: auto.restart.max.attempts: Invalid value -1 for configuration auto.restart.max.attempts: Value must be at least 0`,
    ],
  },
];

const CONNECTOR_CASES: Case[] = [
  {
    what: '.properties: binary garbage',
    file: 'garbage.bin',
    content: garbage(3000),
    lines: [
      "{file}: name: Connector configuration at '{file}' is missing the mandatory 'name' configuration",
    ],
  },
  {
    what: '.properties: empty',
    file: 'empty.properties',
    content: '',
    lines: [
      "{file}: name: Connector configuration at '{file}' is missing the mandatory 'name' configuration",
    ],
  },
  {
    what: '.properties: a malformed \\u escape',
    file: 'unicode.properties',
    content: 'name=x\nconnector.class=FileStreamSource\ntopic=t\nfile=/tmp/a\\u00\n',
    lines: ['{file}:4: Malformed \\uxxxx encoding.'],
  },
  {
    what: 'JSON: a trailing comma',
    file: 'trailing.json',
    content: '{"name": "x", "connector.class": "FileStreamSource",}\n',
    lines: ["{file}:1: invalid JSON: expected a quoted key, found '}'"],
  },
  {
    what: 'JSON: empty',
    file: 'empty.json',
    content: '',
    lines: ['{file}:1: invalid JSON: unexpected end of file'],
  },
  {
    what: 'JSON: binary garbage',
    file: 'garbage.json',
    content: garbage(3000),
    lines: [expect.stringMatching(/^\{file\}:\d+: invalid JSON: /) as unknown as string],
  },
  {
    what: 'JSON: a value that is an object',
    file: 'object.json',
    content: '{"name": "x", "connector.class": "FileStreamSource", "tasks.max": {"n": 1}}\n',
    lines: [
      '{file}:1: a JSON connector file must be either a flat object of string values including "name", or {"name": ..., "config": {...}, "initial_state": ...}',
    ],
  },
  {
    what: 'JSON: an unknown initial_state',
    file: 'state.json',
    content:
      '{"name": "x", "config": {"connector.class": "FileStreamSource"}, "initial_state": "SLEEPING"}\n',
    lines: [
      '{file}:1: initial_state: Invalid initial state SLEEPING: must be one of RUNNING, PAUSED, STOPPED (case-insensitive)',
    ],
  },
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ts-connect-catalogue-'));
  writeFileSync(join(dir, 'worker.properties'), GOOD_WORKER);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The `ts-connect:` lines of a run, with the file's path written as `{file}`. */
function reported(stderr: string, path: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('ts-connect: '))
    .map((l) => l.slice('ts-connect: '.length).split(path).join('{file}'));
}

describe('catalogue: malformed worker files exit 2 with one line per problem', () => {
  test.each(WORKER_CASES.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    const path = join(dir, c.file);
    writeFileSync(path, c.content);
    const run = await runCli(['standalone', path]);
    expect(run.code).toBe(2);
    expect(reported(run.stderr, path)).toEqual(c.lines);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('catalogue: malformed connector files exit 3 with one line per problem', () => {
  test.each(CONNECTOR_CASES.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    const path = join(dir, c.file);
    writeFileSync(path, c.content);
    const run = await runCli(['standalone', join(dir, 'worker.properties'), path]);
    expect(run.code).toBe(3);
    expect(reported(run.stderr, path)).toEqual(c.lines);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
