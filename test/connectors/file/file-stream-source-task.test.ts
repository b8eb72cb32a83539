import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OffsetStorageReader } from '../../../src/api/offset-storage-reader.js';
import { Schema } from '../../../src/api/schema.js';
import type { SourceOffsetMap, SourceRecord } from '../../../src/api/source-record.js';
import { FileStreamSourceConnector } from '../../../src/connectors/file/file-stream-source-connector.js';
import {
  FileStreamSourceTask,
  type FileStreamSourceTaskOptions,
} from '../../../src/connectors/file/file-stream-source-task.js';
import { ConnectorOffsetReader } from '../../../src/storage/connector-offset-reader.js';
import { FileOffsetBackingStore } from '../../../src/storage/file-offset-backing-store.js';
import { configureLogging } from '../../../src/util/logger.js';

let dir: string;
let file: string;
let logLines: string[];
const tasks: FileStreamSourceTask[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-source-'));
  file = join(dir, 'input.txt');
  logLines = [];
  configureLogging({ write: (line) => logLines.push(line) });
});

afterEach(async () => {
  await Promise.all(tasks.splice(0).map((t) => t.stop()));
  configureLogging({ write: (line) => process.stderr.write(line + '\n') });
  await rm(dir, { recursive: true, force: true });
});

/** A stored-offsets reader holding these offsets per canonical filename. */
function readerWith(offsets: Record<string, SourceOffsetMap> = {}): OffsetStorageReader {
  return {
    offset: async (p) => offsets[String(p.filename)] ?? null,
    offsets: async (ps) => {
      const out = new Map<SourceOffsetMap, SourceOffsetMap>();
      for (const p of ps) if (offsets[String(p.filename)]) out.set(p, offsets[String(p.filename)]!);
      return out;
    },
  };
}

function startTask(
  props: Record<string, string>,
  options: FileStreamSourceTaskOptions = {},
  offsets: Record<string, SourceOffsetMap> = {},
): FileStreamSourceTask {
  const task = new FileStreamSourceTask({ pollIntervalMs: 200, ...options });
  task.initialize({ configs: () => props, offsetStorageReader: () => readerWith(offsets) });
  task.start(props);
  tasks.push(task);
  return task;
}

/** Polls until `count` records arrived (or fails after `timeoutMs`). */
async function pollRecords(
  task: FileStreamSourceTask,
  count: number,
  timeoutMs = 10_000,
): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < count) {
    if (Date.now() > deadline) {
      throw new Error(`only ${out.length} of ${count} records after ${timeoutMs} ms`);
    }
    const batch = await task.poll();
    if (batch) out.push(...batch);
  }
  return out;
}

const values = (records: SourceRecord[]): unknown[] => records.map((r) => r.value);
const positions = (records: SourceRecord[]): unknown[] =>
  records.map((r) => r.sourceOffset?.position);

describe('FileStreamSourceTask reading a file', () => {
  it('reads 100,000 lines with mixed endings and multi-byte UTF-8 exactly, with byte positions', async () => {
    const samples = [
      'plain ascii',
      'héllo wörld',
      '日本語のテキスト',
      'emoji 😀🎉',
      '',
      'tab\there',
      'ﬁn €',
    ];
    const endings = ['\n', '\r\n', '\r'];
    const lines: string[] = [];
    const ends: number[] = [];
    const parts: string[] = [];
    let previousEnding = '';
    for (let i = 0; i < 100_000; i++) {
      let line = `${i} ${samples[i % samples.length]}`;
      if (i % 13 === 0 && previousEnding !== '\r') line = ''; // empty lines, never after a lone \r
      const ending = endings[(i * 7) % 3]!;
      lines.push(line);
      parts.push(line + ending);
      previousEnding = ending;
    }
    const content = Buffer.from(parts.join(''), 'utf8');
    let at = 0;
    for (const p of parts) ends.push((at += Buffer.byteLength(p, 'utf8')));
    await writeFile(file, content);

    // An odd chunk size puts chunk boundaries inside characters and inside \r\n.
    const task = startTask({ file, topic: 'lines' }, { chunkSize: 4093 });
    const records: SourceRecord[] = [];
    while (records.length < lines.length) {
      const batch = await task.poll();
      expect(batch).not.toBeNull();
      expect(batch!.length).toBeLessThanOrEqual(2000);
      records.push(...batch!);
    }
    expect(records).toHaveLength(100_000);
    expect(values(records)).toEqual(lines);
    expect(positions(records)).toEqual(ends);
    expect(ends.at(-1)).toBe(content.length);
    const first = records[0]!;
    expect(first.topic).toBe('lines');
    expect(first.sourcePartition).toEqual({ filename: file });
    expect(first.key).toBeNull();
    expect(first.keySchema).toBeNull();
    expect(first.kafkaPartition).toBeNull();
    expect(first.valueSchema).toBe(Schema.STRING_SCHEMA);
    expect(first.headers.size).toBe(0);
    expect(typeof first.timestamp).toBe('number');
    // Nothing more: the next poll waits and returns null.
    expect(await task.poll()).toBeNull();
  });

  it('returns at most batch.size records per poll', async () => {
    await writeFile(file, Array.from({ length: 25 }, (_, i) => `l${i}\n`).join(''));
    const task = startTask({ file, topic: 't', 'batch.size': '10' });
    expect((await task.poll())!.length).toBe(10);
    expect((await task.poll())!.length).toBe(10);
    expect((await task.poll())!.length).toBe(5);
  });

  it('resumes at the stored byte offset in the middle of a multi-byte UTF-8 file', async () => {
    const text = 'ünïcödé one\n日本 two\r\nthree 😀\nfour\n';
    await writeFile(file, text);
    const afterTwo = Buffer.byteLength('ünïcödé one\n日本 two\r\n', 'utf8');
    const task = startTask({ file, topic: 't' }, {}, { [file]: { position: afterTwo } });
    const records = await pollRecords(task, 2);
    expect(values(records)).toEqual(['three 😀', 'four']);
    expect(positions(records)).toEqual([
      afterTwo + Buffer.byteLength('three 😀\n'),
      Buffer.byteLength(text),
    ]);
  });

  it('resumes after a restart from offsets committed to the offsets file', async () => {
    await writeFile(file, 'é1\r\né2\né3\r');
    const store = new FileOffsetBackingStore(join(dir, 'connect.offsets'));
    await store.start();
    const props = { file, topic: 't' };
    const first = new FileStreamSourceTask({ pollIntervalMs: 100 });
    tasks.push(first);
    first.initialize({
      configs: () => props,
      offsetStorageReader: () => new ConnectorOffsetReader(store, 'src'),
    });
    first.start(props);
    const read = await pollRecords(first, 2);
    expect(values(read)).toEqual(['é1', 'é2']);
    // What the runtime does once Kafka acknowledged the records.
    const last = read.at(-1)!;
    await store.set('src', [{ partition: last.sourcePartition!, offset: last.sourceOffset! }]);
    await first.stop();
    await store.stop();

    await appendFile(file, '\né4\n');
    const reopened = new FileOffsetBackingStore(join(dir, 'connect.offsets'));
    await reopened.start();
    const second = new FileStreamSourceTask({ pollIntervalMs: 100 });
    tasks.push(second);
    second.initialize({
      configs: () => props,
      offsetStorageReader: () => new ConnectorOffsetReader(reopened, 'src'),
    });
    second.start(props);
    const resumed = await pollRecords(second, 2);
    expect(values(resumed)).toEqual(['é3', 'é4']);
    expect(positions(resumed)).toEqual([
      Buffer.byteLength('é1\r\né2\né3\r\n'),
      Buffer.byteLength('é1\r\né2\né3\r\né4\n'),
    ]);
    await reopened.stop();
  });

  it("fails with Kafka's message when the stored position is not a number", async () => {
    await writeFile(file, 'x\n');
    const task = startTask({ file, topic: 't' }, {}, { [file]: { position: 'abc' } });
    await expect(task.poll()).rejects.toThrow('Offset position is the incorrect type');
  });

  it('reads from the start, with a warning, when the stored position is beyond the end', async () => {
    await writeFile(file, 'short\n');
    const task = startTask({ file, topic: 't' }, {}, { [file]: { position: 1000 } });
    expect(values(await pollRecords(task, 1))).toEqual(['short']);
    expect(logLines.some((l) => l.includes('WARN') && l.includes('stored position 1000'))).toBe(
      true,
    );
  });

  it('holds a partial last line until its terminator is written', async () => {
    await writeFile(file, 'first\nsec');
    const task = startTask({ file, topic: 't' });
    expect(values(await pollRecords(task, 1))).toEqual(['first']);
    expect(await task.poll()).toBeNull();
    await appendFile(file, 'ond\r');
    expect(await task.poll()).toBeNull(); // a \r may still be followed by \n
    await appendFile(file, '\nthird\n');
    const records = await pollRecords(task, 2);
    expect(values(records)).toEqual(['second', 'third']);
    expect(positions(records)).toEqual([14, 20]);
  });

  it('wakes up on an append without waiting for the poll interval', async () => {
    await writeFile(file, '');
    const task = startTask({ file, topic: 't' }, { pollIntervalMs: 20_000 });
    const pending = task.poll();
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    await appendFile(file, 'news\n');
    // The first wait may end at once on the earlier creation event; poll again if so.
    let batch = await pending;
    if (!batch) batch = await task.poll();
    expect(values(batch!)).toEqual(['news']);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('waits for a missing file, warning once, and reads it once it is created', async () => {
    const task = startTask({ file, topic: 't' }, { pollIntervalMs: 100 });
    expect(await task.poll()).toBeNull();
    expect(await task.poll()).toBeNull();
    const warnings = logLines.filter((l) =>
      l.includes(
        `WARN Couldn't find file ${file} for FileStreamSourceTask, sleeping to wait for it to be created`,
      ),
    );
    expect(warnings).toHaveLength(1);
    await writeFile(file, 'created\n');
    expect(values(await pollRecords(task, 1))).toEqual(['created']);
  });

  it('detects truncation and reads the file again from the start', async () => {
    await writeFile(file, 'one\ntwo\nthree\n');
    const task = startTask({ file, topic: 't' });
    expect(values(await pollRecords(task, 3))).toEqual(['one', 'two', 'three']);
    await truncate(file, 0);
    await appendFile(file, 'new\n');
    const records = await pollRecords(task, 1);
    expect(values(records)).toEqual(['new']);
    expect(positions(records)).toEqual([4]);
    expect(logLines.some((l) => l.includes('WARN') && l.includes('was truncated'))).toBe(true);
  });

  it('on rotation finishes the old file, then follows the new one from the start', async () => {
    await writeFile(file, 'old1\nold2\n');
    const task = startTask({ file, topic: 't' });
    expect(values(await pollRecords(task, 2))).toEqual(['old1', 'old2']);
    await rename(file, `${file}.1`);
    // The writer still appends to the rotated file before switching, and leaves a last line unterminated.
    await appendFile(`${file}.1`, 'old3\nold4');
    await writeFile(file, 'new1\nnew2\n');
    const records = await pollRecords(task, 4);
    expect(values(records)).toEqual(['old3', 'old4', 'new1', 'new2']);
    expect(positions(records)).toEqual([15, 19, 5, 10]);
    expect(logLines.some((l) => l.includes('was rotated'))).toBe(true);
    await appendFile(file, 'new3\n');
    expect(values(await pollRecords(task, 1))).toEqual(['new3']);
  });

  it('reads a 10 MB line', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    await writeFile(file, `${big}\nafter\n`);
    const task = startTask({ file, topic: 't' });
    const records = await pollRecords(task, 2, 30_000);
    expect((records[0]!.value as string).length).toBe(big.length);
    expect(records[1]!.value).toBe('after');
    expect(positions(records)).toEqual([big.length + 1, big.length + 7]);
  });

  it('stop() makes a pending poll resolve null promptly', async () => {
    await writeFile(file, '');
    const task = startTask({ file, topic: 't' }, { pollIntervalMs: 60_000 });
    const pending = task.poll();
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await task.stop();
    expect(await pending).toBeNull();
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(await task.poll()).toBeNull();
  });

  it('stop() while waiting for a missing file resolves the poll promptly', async () => {
    const task = startTask({ file, topic: 't' }, { pollIntervalMs: 60_000 });
    const pending = task.poll();
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await task.stop();
    expect(await pending).toBeNull();
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('fails the task with a clear error when the path is a directory', async () => {
    const task = startTask({ file: dir, topic: 't' });
    await expect(task.poll()).rejects.toThrow(`Error while trying to open file ${dir}`);
  });
});

describe('FileStreamSourceTask reading stdin', () => {
  it('reads lines from the input stream, without offsets, and ends the last line at end of input', async () => {
    const stdin = new PassThrough();
    const task = startTask({ topic: 't', file: '' }, { stdin });
    stdin.write('alpha\r\nbé');
    stdin.write(Buffer.from([0xcc])); // half of a two-byte character
    stdin.write(Buffer.from([0x81]));
    stdin.write('ta\rgamma\n');
    const records = await pollRecords(task, 3);
    expect(values(records)).toEqual(['alpha', 'b\u00e9\u0301ta', 'gamma']);
    expect(records.every((r) => r.sourcePartition === null && r.sourceOffset === null)).toBe(true);
    stdin.end('no newline at end');
    expect(values(await pollRecords(task, 1))).toEqual(['no newline at end']);
    expect(await task.poll()).toBeNull();
  });

  it('stop() makes a poll waiting on stdin resolve null promptly', async () => {
    const stdin = new PassThrough();
    const task = startTask({ topic: 't' }, { stdin, pollIntervalMs: 60_000 });
    const pending = task.poll();
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await task.stop();
    expect(await pending).toBeNull();
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});

describe('FileStreamSourceConnector', () => {
  it('gives exactly one task config whatever tasks.max is', () => {
    const connector = new FileStreamSourceConnector();
    const props = { file: '/x', topic: 't', 'tasks.max': '5' };
    connector.start(props);
    expect(connector.taskConfigs(5)).toEqual([props]);
    expect(connector.taskClass()).toBe(FileStreamSourceTask);
    expect(FileStreamSourceConnector.FQCN).toBe(
      'org.apache.kafka.connect.file.FileStreamSourceConnector',
    );
  });

  it("validates its config with Kafka's keys and messages", () => {
    const def = new FileStreamSourceConnector().config();
    expect(def.validate({ file: '/x' })).toEqual([
      {
        key: 'topic',
        message: 'Missing required configuration "topic" which has no default value.',
      },
    ]);
    expect(def.validate({ topic: 't', 'batch.size': 'many' })).toEqual([
      {
        key: 'batch.size',
        message: 'Invalid value many for configuration batch.size: Not a number of type INT',
      },
    ]);
    const parsed = def.parse({ topic: 't' });
    expect(parsed.getInt('batch.size')).toBe(2000);
    expect(parsed.get('file')).toBeNull();
  });

  // Messages as in the constant pool of Kafka 4.3.1's FileStreamSourceConnector.class.
  it("checks altered offsets with Kafka's rules and messages", () => {
    const connector = new FileStreamSourceConnector();
    const config = { file: '/x', topic: 't' };
    const alter = (partition: SourceOffsetMap | null, offset: SourceOffsetMap | null) => () =>
      connector.alterOffsets(config, [{ partition, offset }]);
    expect(alter({ filename: '/x' }, { position: 10 })()).toBe(true);
    expect(alter(null, null)()).toBe(true);
    expect(alter({ filename: '/x' }, { pos: 1 })).toThrow(
      "Offset objects should either be null or contain the key 'position'",
    );
    expect(alter({ filename: '/x' }, { position: '1' })).toThrow(
      "The value for the 'position' key in the offset is expected to be a Long value",
    );
    expect(alter({ filename: '/x' }, { position: 1.5 })).toThrow('expected to be a Long value');
    expect(alter({ filename: '/x' }, { position: -1 })).toThrow(
      "The value for the 'position' key in the offset should be a non-negative value",
    );
    expect(alter(null, { position: 1 })).toThrow('Partition objects cannot be null');
    expect(alter({ file: '/x' }, { position: 1 })).toThrow(
      "Partition objects should contain the key 'filename'",
    );
    expect(() => connector.alterOffsets({ topic: 't' }, [])).toThrow(
      "Offsets cannot be modified if the 'file' configuration is unspecified. This is because stdin is used for input and offsets are not tracked.",
    );
  });
});
