import { mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectException } from '../../../src/api/errors.js';
import { Headers } from '../../../src/api/headers.js';
import { Schema } from '../../../src/api/schema.js';
import { SinkRecord } from '../../../src/api/sink-record.js';
import { FileStreamSinkConnector } from '../../../src/connectors/file/file-stream-sink-connector.js';
import {
  FileStreamSinkTask,
  type FileStreamSinkTaskOptions,
} from '../../../src/connectors/file/file-stream-sink-task.js';
import { JsonConverter } from '../../../src/converters/json/json-converter.js';
import { configureLogging } from '../../../src/util/logger.js';
import { runJava } from '../../helpers/java.js';

// java.util.Date prints in the JVM's time zone; both sides use UTC.
process.env.TZ = 'UTC';

let dir: string;
let logLines: string[];
const tasks: FileStreamSinkTask[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
  logLines = [];
  configureLogging({ write: (line) => logLines.push(line) });
});

afterEach(async () => {
  await Promise.all(tasks.splice(0).map((t) => t.stop()));
  configureLogging({ write: (line) => process.stderr.write(line + '\n') });
  await rm(dir, { recursive: true, force: true });
});

async function startTask(
  props: Record<string, string>,
  options: FileStreamSinkTaskOptions = {},
): Promise<FileStreamSinkTask> {
  const task = new FileStreamSinkTask(options);
  tasks.push(task);
  await task.start(props);
  return task;
}

let offset = 0n;
function record(value: unknown, valueSchema: Schema | null = null): SinkRecord {
  return new SinkRecord({
    topic: 't',
    kafkaPartition: 0,
    keySchema: null,
    key: null,
    valueSchema,
    value,
    timestamp: null,
    headers: new Headers(),
    kafkaOffset: offset++,
  });
}

describe('FileStreamSinkTask', () => {
  it('appends one line per record and makes them durable on flush', async () => {
    const file = join(dir, 'out.txt');
    await writeFile(file, 'existing\n');
    const task = await startTask({ file });
    await task.put([record('first', Schema.STRING_SCHEMA), record('ünï 😀'), record(null)]);
    await task.flush([]);
    await task.put([]);
    await task.put([record('second')]);
    await task.flush([]);
    expect(await readFile(file, 'utf8')).toBe('existing\nfirst\nünï 😀\nnull\nsecond\n');
  });

  it('creates a missing file', async () => {
    const file = join(dir, 'new.txt');
    const task = await startTask({ file });
    await task.put([record('x')]);
    await task.flush([]);
    expect(await readFile(file, 'utf8')).toBe('x\n');
  });

  it("fails start with Kafka's message when the file cannot be created", async () => {
    const file = join(dir, 'no-such-dir', 'out.txt');
    const error = await startTask({ file }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectException);
    expect((error as Error).message).toMatch(
      new RegExp(`^Couldn't find or create file '${file}' for FileStreamSinkTask: ENOENT`),
    );
  });

  it('fails start when the path is a directory', async () => {
    await expect(startTask({ file: dir })).rejects.toThrow(
      `Couldn't find or create file '${dir}' for FileStreamSinkTask: EISDIR`,
    );
  });

  it('reopens the file at its path when it is removed under the running task', async () => {
    const file = join(dir, 'out.txt');
    const task = await startTask({ file });
    await task.put([record('before')]);
    await task.flush([]);
    await unlink(file);
    await task.put([record('after')]);
    await task.flush([]);
    expect(await readFile(file, 'utf8')).toBe('after\n');
    expect(logLines.some((l) => l.includes('WARN') && l.includes('was removed'))).toBe(true);
  });

  it('keeps rotated lines in the rotated file and writes new ones to the new file', async () => {
    const file = join(dir, 'out.txt');
    const task = await startTask({ file });
    await task.put([record('one')]);
    await rename(file, `${file}.1`);
    await task.put([record('two')]);
    await task.flush([]);
    expect(await readFile(`${file}.1`, 'utf8')).toBe('one\n');
    expect(await readFile(file, 'utf8')).toBe('two\n');
  });

  it('writes to the console stream when file is unset or empty', async () => {
    for (const props of [{}, { file: '' }]) {
      const stdout = new PassThrough();
      const chunks: Buffer[] = [];
      stdout.on('data', (c: Buffer) => chunks.push(c));
      const task = await startTask(props, { stdout });
      await task.put([record('a'), record('b')]);
      await task.flush([]);
      expect(Buffer.concat(chunks).toString('utf8')).toBe('a\nb\n');
      // One write per put batch.
      expect(chunks).toHaveLength(1);
    }
  });
});

describe('FileStreamSinkTask prints values as Kafka does', () => {
  // JsonConverter envelopes: the same bytes go through Kafka's JsonConverter + FileStreamSinkTask
  // and through ours, and the two files must be identical.
  const envelopes = [
    '{"schema":{"type":"string","optional":false},"payload":"hello"}',
    '{"schema":{"type":"string","optional":true},"payload":"ünïcödé 😀 日本"}',
    '{"schema":{"type":"string","optional":false},"payload":""}',
    'NULL-BYTES',
    '{"schema":{"type":"string","optional":true},"payload":null}',
    '{"schema":{"type":"int8","optional":false},"payload":-8}',
    '{"schema":{"type":"int16","optional":false},"payload":300}',
    '{"schema":{"type":"int32","optional":false},"payload":123456}',
    '{"schema":{"type":"int64","optional":false},"payload":9007199254740993}',
    '{"schema":{"type":"float","optional":false},"payload":0.1}',
    '{"schema":{"type":"float","optional":false},"payload":1.5}',
    '{"schema":{"type":"double","optional":false},"payload":1.0}',
    '{"schema":{"type":"double","optional":false},"payload":1e7}',
    '{"schema":{"type":"double","optional":false},"payload":0.0001}',
    '{"schema":{"type":"boolean","optional":false},"payload":true}',
    '{"schema":{"type":"array","items":{"type":"int32","optional":false},"optional":false},"payload":[1,2,3]}',
    '{"schema":{"type":"array","items":{"type":"double","optional":true},"optional":false},"payload":[1.0,null,2.5]}',
    '{"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false},"payload":{"a":1,"b":2}}',
    '{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"string","optional":false},"optional":false},"payload":[[1,"x"],[2,"y"]]}',
    '{"schema":{"type":"struct","fields":[{"field":"name","type":"string","optional":false},{"field":"age","type":"int32","optional":true},{"field":"score","type":"float","optional":false},{"field":"tags","type":"array","items":{"type":"string","optional":false},"optional":false},{"field":"inner","type":"struct","fields":[{"field":"b","type":"boolean","optional":false}],"optional":true}],"optional":false,"name":"Person"},"payload":{"name":"Ann","age":null,"score":2.0,"tags":["x","y"],"inner":{"b":false}}}',
    '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"BNI="}',
    '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":19000}',
    '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":1700000000123}',
    '{"schema":null,"payload":{"a":1,"b":[1,2.5,"x",null,true]}}',
    '{"schema":null,"payload":12}',
    '{"schema":null,"payload":"schemaless text"}',
  ];

  it('matches the file written by Kafka 4.x FileStreamSinkTask for the same JSON input', async () => {
    const kafkaFile = join(dir, 'kafka.txt');
    const result = await runJava(
      join(import.meta.dirname, 'java', 'FileSinkHarness.java'),
      [kafkaFile],
      { stdin: envelopes.join('\n') + '\n', env: { ...process.env, TZ: 'UTC' } },
    );
    expect(result.stderr).not.toMatch(/Exception/);
    expect(result.code).toBe(0);

    const converter = new JsonConverter();
    converter.configure({ 'schemas.enable': 'true' }, false);
    const oursFile = join(dir, 'ours.txt');
    const task = await startTask({ file: oursFile });
    await task.put(
      envelopes.map((e) => {
        const bytes = e === 'NULL-BYTES' ? null : Buffer.from(e, 'utf8');
        const sv = converter.toConnectData('t', null, bytes);
        return record(sv.value, sv.schema);
      }),
    );
    await task.flush([]);
    const kafka = await readFile(kafkaFile, 'utf8');
    expect(kafka.split('\n')).toHaveLength(envelopes.length + 1);
    expect(await readFile(oursFile, 'utf8')).toBe(kafka);
  }, 120_000);
});

describe('FileStreamSinkConnector', () => {
  it('gives tasks.max identical task configs, as Kafka does', () => {
    const connector = new FileStreamSinkConnector();
    const props = { file: '/x', topics: 't' };
    connector.start(props);
    expect(connector.taskConfigs(3)).toEqual([props, props, props]);
    expect(connector.taskClass()).toBe(FileStreamSinkTask);
    expect(FileStreamSinkConnector.FQCN).toBe(
      'org.apache.kafka.connect.file.FileStreamSinkConnector',
    );
    expect(connector.config().parse({}).get('file')).toBeNull();
  });
});
