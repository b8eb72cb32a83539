import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectException, DataException } from '../../src/api/errors.js';
import { ConnectorOffsetReader } from '../../src/storage/connector-offset-reader.js';
import {
  FileOffsetBackingStore,
  offsetsTempPrefix,
} from '../../src/storage/file-offset-backing-store.js';
import {
  canonicalPartitionKey,
  CorruptOffsetsError,
} from '../../src/storage/offset-backing-store.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offsets-'));
  file = join(dir, 'connect.offsets');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function started(path = file): Promise<FileOffsetBackingStore> {
  const store = new FileOffsetBackingStore(path);
  await store.start();
  return store;
}

describe('canonicalPartitionKey', () => {
  it('sorts keys so that key order does not change the identity', () => {
    expect(canonicalPartitionKey({ b: 2, a: 'x' })).toBe('{"a":"x","b":2}');
    expect(canonicalPartitionKey({ a: 'x', b: 2 })).toBe(canonicalPartitionKey({ b: 2, a: 'x' }));
    expect(canonicalPartitionKey({ filename: null })).toBe('{"filename":null}');
  });
});

describe('FileOffsetBackingStore', () => {
  it('starts fresh when the file does not exist, and does not create it before a set', async () => {
    const store = await started();
    expect(store.list('c')).toEqual([]);
    expect(store.get('c', [{ filename: 'a' }]).size).toBe(0);
    await store.stop();
    expect(await readdir(dir)).toEqual([]);
  });

  it('round-trips offsets of several connectors through the file', async () => {
    const store = await started();
    await store.set('file-source', [
      { partition: { filename: '/data/a.txt' }, offset: { position: 1234 } },
      { partition: { filename: '/data/b.txt' }, offset: { position: 0 } },
    ]);
    await store.set('other', [
      {
        partition: { table: 't', shard: 3 },
        offset: { id: 'x', done: false, ratio: 0.5, n: null },
      },
    ]);
    await store.stop();

    const reopened = await started();
    expect(reopened.get('file-source', [{ filename: '/data/a.txt' }])).toEqual(
      new Map([['{"filename":"/data/a.txt"}', { position: 1234 }]]),
    );
    // Partition identity ignores key order.
    expect(
      reopened.get('other', [{ shard: 3, table: 't' }]).get('{"shard":3,"table":"t"}'),
    ).toEqual({
      id: 'x',
      done: false,
      ratio: 0.5,
      n: null,
    });
    expect(reopened.list('file-source')).toHaveLength(2);
    expect(reopened.list('nobody')).toEqual([]);
  });

  it('writes a readable, versioned file with one entry per line', async () => {
    const store = await started();
    await store.set('b-conn', [{ partition: { filename: 'x' }, offset: { position: 7 } }]);
    await store.set('a-conn', [{ partition: { filename: 'y' }, offset: { position: 8 } }]);
    const text = await readFile(file, 'utf8');
    expect(text).toBe(
      '{\n  "version": 1,\n  "offsets": [\n' +
        '    {"connector":"a-conn","partition":{"filename":"y"},"offset":{"position":8}},\n' +
        '    {"connector":"b-conn","partition":{"filename":"x"},"offset":{"position":7}}\n' +
        '  ]\n}\n',
    );
    expect(JSON.parse(text).version).toBe(1);
  });

  it('removes a partition only on a null offset, and keeps offsets otherwise (connector deletion)', async () => {
    const store = await started();
    await store.set('c', [
      { partition: { f: 'a' }, offset: { p: 1 } },
      { partition: { f: 'b' }, offset: { p: 2 } },
    ]);
    await store.set('c', [{ partition: { f: 'a' }, offset: null }]);
    expect(store.list('c')).toEqual([{ partition: { f: 'b' }, offset: { p: 2 } }]);
    await store.set('c', [{ partition: { f: 'b' }, offset: null }]);
    expect(store.list('c')).toEqual([]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, offsets: [] });
  });

  it('rejects offsets that are not maps of primitives, as Kafka does', async () => {
    const store = await started();
    const nested = { position: { deep: 1 } } as unknown as { position: number };
    await expect(store.set('c', [{ partition: { f: 'a' }, offset: nested }])).rejects.toThrow(
      DataException,
    );
    await expect(
      store.set('c', [{ partition: { f: 'a' }, offset: { p: Number.NaN } }]),
    ).rejects.toThrow(
      'Offsets may only contain primitive types as values, but field p contains NaN',
    );
    expect(store.list('c')).toEqual([]);
  });

  it('serialises concurrent sets: one write at a time, all durable and the last value wins', async () => {
    const store = await started();
    const sets = [];
    for (let i = 1; i <= 200; i++) {
      sets.push(
        store.set(`c${i % 5}`, [{ partition: { f: `p${i % 7}` }, offset: { position: i } }]),
      );
    }
    await Promise.all(sets);
    const expected = new Map<string, number>();
    for (let i = 1; i <= 200; i++) expected.set(`c${i % 5}|p${i % 7}`, i);
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as {
      offsets: { connector: string; partition: { f: string }; offset: { position: number } }[];
    };
    expect(onDisk.offsets).toHaveLength(expected.size);
    for (const e of onDisk.offsets) {
      expect(e.offset.position).toBe(expected.get(`${e.connector}|${e.partition.f}`));
    }
    // No temporary file is left behind.
    expect(await readdir(dir)).toEqual(['connect.offsets']);
  });

  it('a set resolves only after the file on disk holds its offsets', async () => {
    const store = await started();
    for (let i = 0; i < 20; i++) {
      await store.set('c', [{ partition: { f: 'a' }, offset: { position: i } }]);
      const onDisk = JSON.parse(await readFile(file, 'utf8'));
      expect(onDisk.offsets[0].offset.position).toBe(i);
    }
  });

  it('a crash between temp write and rename leaves the old file valid, and the leftover is removed', async () => {
    const store = await started();
    await store.set('c', [{ partition: { f: 'a' }, offset: { position: 10 } }]);
    await store.stop();
    // What a crash after writing (part of) the temp file but before the rename leaves behind.
    const stray = `${offsetsTempPrefix(file)}99999-1`;
    await writeFile(stray, '{"version":1,"offsets":[{"connector":"c","partit');

    const reopened = await started();
    expect(reopened.get('c', [{ f: 'a' }]).get('{"f":"a"}')).toEqual({ position: 10 });
    expect(await readdir(dir)).toEqual(['connect.offsets']);
  });

  it.each([
    ['empty', '', 'the file is empty'],
    [
      'truncated',
      '{"version":1,"offsets":[{"connector":"c","partition":{"f":"a"},"off',
      'not valid JSON',
    ],
    ['not JSON', '\xac\xed\x00\x05sr\x00\x11java.util.HashMap', 'not valid JSON'],
    [
      'an unknown version',
      '{"version":2,"offsets":[]}',
      'version 2, written by a newer ts-connect',
    ],
    ['no version', '{"offsets":[]}', '"version" is missing'],
    [
      'a bad entry',
      '{"version":1,"offsets":[{"connector":"c","partition":{"f":"a"},"offset":[1]}]}',
      'entry 0 of "offsets": the offset must be an object',
    ],
    [
      'a duplicate partition',
      '{"version":1,"offsets":[{"connector":"c","partition":{"a":1,"b":2},"offset":{}},{"connector":"c","partition":{"b":2,"a":1},"offset":{}}]}',
      'repeats partition {"a":1,"b":2}',
    ],
  ])('refuses to start on a file that is %s, naming the file', async (_what, content, reason) => {
    await writeFile(file, content, 'latin1');
    const store = new FileOffsetBackingStore(file);
    const error = await store.start().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CorruptOffsetsError);
    expect((error as Error).message).toContain(`Offsets file ${file} is corrupt`);
    expect((error as Error).message).toContain(reason);
    // Never a silent reset: the file is untouched.
    expect(await readFile(file, 'latin1')).toBe(content);
  });

  it('rejects a set with a clear error when the directory cannot be written', async () => {
    const sub = join(dir, 'sub');
    await mkdir(sub);
    const path = join(sub, 'connect.offsets');
    const store = await started(path);
    // A regular file where the directory was: no user, root included, can write below it.
    await rm(sub, { recursive: true });
    await writeFile(sub, '');
    const error = await store.set('c', [{ partition: { f: 'a' }, offset: { position: 1 } }]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectException);
    expect((error as Error).message).toMatch(
      new RegExp(`^Failed to write offsets file ${path} \\((ENOTDIR|EEXIST)\\)`),
    );
    // Reads still see the last durable state.
    expect(store.list('c')).toEqual([]);
  });

  it('fails to start with a clear error when the file cannot be read', async () => {
    const blocker = join(dir, 'not-a-dir');
    await writeFile(blocker, '');
    const path = join(blocker, 'connect.offsets');
    await expect(new FileOffsetBackingStore(path).start()).rejects.toThrow(
      `Cannot read offsets file ${path}: ENOTDIR`,
    );
  });

  it('keeps the previous file and state when a write fails, and a later write succeeds', async () => {
    const store = await started();
    await store.set('c', [{ partition: { f: 'a' }, offset: { position: 1 } }]);
    const before = await readFile(file, 'utf8');
    // The next temporary file cannot be created (a directory is in its place).
    const blocked = `${offsetsTempPrefix(file)}${process.pid}-2`;
    await mkdir(blocked);
    await expect(
      store.set('c', [{ partition: { f: 'a' }, offset: { position: 2 } }]),
    ).rejects.toThrow(
      /Failed to write offsets file .*EISDIR.* The previous offsets file is unchanged/,
    );
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(store.get('c', [{ f: 'a' }]).get('{"f":"a"}')).toEqual({ position: 1 });

    await store.set('c', [{ partition: { f: 'a' }, offset: { position: 3 } }]);
    expect(JSON.parse(await readFile(file, 'utf8')).offsets[0].offset).toEqual({ position: 3 });
  });

  it('refuses sets after stop, once pending writes finished', async () => {
    const store = await started();
    const pending = store.set('c', [{ partition: { f: 'a' }, offset: { position: 5 } }]);
    await store.stop();
    await pending;
    expect(JSON.parse(await readFile(file, 'utf8')).offsets).toHaveLength(1);
    await expect(
      store.set('c', [{ partition: { f: 'a' }, offset: { position: 6 } }]),
    ).rejects.toThrow('is not running');
  });
});

describe('ConnectorOffsetReader', () => {
  it("reads only its own connector's durable offsets", async () => {
    const store = await started();
    await store.set('mine', [{ partition: { filename: 'a' }, offset: { position: 3 } }]);
    await store.set('theirs', [{ partition: { filename: 'b' }, offset: { position: 4 } }]);
    const reader = new ConnectorOffsetReader(store, 'mine');
    expect(await reader.offset({ filename: 'a' })).toEqual({ position: 3 });
    expect(await reader.offset({ filename: 'b' })).toBeNull();
    const pa = { filename: 'a' };
    const pb = { filename: 'b' };
    const found = await reader.offsets([pa, pb]);
    expect([...found]).toEqual([[pa, { position: 3 }]]);
  });
});
