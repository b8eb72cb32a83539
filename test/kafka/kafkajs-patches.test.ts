import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  groupMessagesPerPartition,
  installKafkajsPatches,
  ORDERED_HEADERS,
  PATCHED_KAFKAJS_VERSION,
  type RecordHeader,
} from '../../src/kafka/kafkajs-patches.js';

const require = createRequire(import.meta.url);
const kafkajsSrc = join(dirname(require.resolve('kafkajs/package.json')), 'src');

/** kafkajs's own module at `path`, compiled afresh so the cached replacement is bypassed. */
function original<T>(path: string): T {
  const file = join(kafkajsSrc, path);
  const module = new Module(file) as Module & {
    _compile(source: string, filename: string): void;
  };
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(
    dirname(file),
  );
  module._compile(readFileSync(file, 'utf8'), file);
  return module.exports as T;
}

interface Encoded {
  buffer: Buffer;
}
type ProduceRequest = (args: Record<string, unknown>) => { encode(): Promise<Encoded> };

function message(i: number, withTimestamp: boolean): Record<string, unknown> {
  const m: Record<string, unknown> = {
    key: i % 3 === 0 ? null : i % 3 === 1 ? `key-${i}` : Buffer.from([i & 255, 0, 255]),
    value: i % 7 === 0 ? null : Buffer.from(`value ${i} é ${'x'.repeat(i % 50)}`),
  };
  if (withTimestamp) m.timestamp = String(1700000000000 + ((i * 7919) % 1000));
  if (i % 4 === 0) m.headers = { h: Buffer.from(`h${i}`), multi: ['a', 'b'] };
  return m;
}

describe('kafkajs patches', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('apply to the kafkajs version installed', () => {
    const { version } = require('kafkajs/package.json') as { version: string };
    expect(version).toBe(PATCHED_KAFKAJS_VERSION);
    const cached = require(join(kafkajsSrc, 'producer/groupMessagesPerPartition.js')) as unknown;
    expect(cached).toBe(groupMessagesPerPartition);
    // Installing again changes nothing: the modules are in the cache already.
    expect(installKafkajsPatches()).toEqual([]);
  });

  it('group messages per partition as kafkajs does', () => {
    const kafkajsGroup = original<typeof groupMessagesPerPartition>(
      'producer/groupMessagesPerPartition.js',
    );
    const partitionMetadata = [0, 1, 2, 3].map((partitionId) => ({ partitionId }));
    const messages = Array.from({ length: 500 }, (_, i) => ({ value: `m${i}`, partition: i }));
    const partitioner = ({ message }: { message: { partition?: number } }): number =>
      ((message.partition ?? 0) * 31) % 4;
    const args = { topic: 't', partitionMetadata, messages, partitioner };
    expect(groupMessagesPerPartition(args)).toEqual(kafkajsGroup(args));
    expect(groupMessagesPerPartition({ ...args, partitionMetadata: [] })).toEqual(
      kafkajsGroup({ ...args, partitionMetadata: [] }),
    );
  });

  it.each([
    ['with timestamps, uncompressed', true, 0],
    ['without timestamps, uncompressed', false, 0],
    ['with timestamps, gzip', true, 1],
  ])('encode produce requests byte for byte as kafkajs does (%s)', async (_, stamped, codec) => {
    vi.spyOn(Date, 'now').mockReturnValue(1700000000500);
    const ours = require(
      join(kafkajsSrc, 'protocol/requests/produce/v3/request.js'),
    ) as ProduceRequest;
    const theirs = original<ProduceRequest>('protocol/requests/produce/v3/request.js');
    expect(ours).not.toBe(theirs);
    const topicData = [
      {
        topic: 'first',
        partitions: [
          {
            partition: 0,
            firstSequence: 0,
            messages: [0, 1, 2, 3, 4].map((i) => message(i, stamped)),
          },
          {
            partition: 2,
            messages: Array.from({ length: 300 }, (_, i) => message(i + 5, stamped)),
          },
        ],
      },
      { topic: 'second', partitions: [{ partition: 1, messages: [message(8, stamped)] }] },
    ];
    const args = { acks: -1, timeout: 30000, compression: codec, topicData };
    const a = await ours(args).encode();
    const b = await theirs(args).encode();
    expect(a.buffer.length).toBeGreaterThan(1000);
    expect(a.buffer.equals(b.buffer)).toBe(true);
    expect(ours(args)).toMatchObject({ apiKey: 0, apiVersion: 3, apiName: 'Produce' });
    expect(ours({ ...args, acks: 0 }).expectResponse()).toBe(
      theirs({ ...args, acks: 0 }).expectResponse(),
    );
  });

  it('decode records as kafkajs does, keeping the headers in record order', () => {
    interface Enc {
      writeInt8(n: number): Enc;
      writeVarLong(n: number): Enc;
      writeVarInt(n: number): Enc;
      writeVarIntBytes(b: Buffer | string | null): Enc;
      writeVarIntArray(a: Enc[]): Enc;
      buffer: Buffer;
    }
    const Encoder = require(join(kafkajsSrc, 'protocol/encoder.js')) as new () => Enc;
    const Decoder = require(join(kafkajsSrc, 'protocol/decoder.js')) as new (b: Buffer) => unknown;
    const encodeHeader = require(join(kafkajsSrc, 'protocol/recordBatch/header/v0/index.js')) as (
      h: RecordHeader,
    ) => Enc;
    const ours = require(join(kafkajsSrc, 'protocol/recordBatch/record/v0/decoder.js')) as (
      d: unknown,
      ctx: unknown,
    ) => { headers: Record<string | symbol, unknown> };
    const theirs = original<typeof ours>('protocol/recordBatch/record/v0/decoder.js');
    expect(ours).not.toBe(theirs);

    const encode = (headers: RecordHeader[]): Buffer =>
      new Encoder()
        .writeInt8(0)
        .writeVarLong(5)
        .writeVarInt(3)
        .writeVarIntBytes('key')
        .writeVarIntBytes(null)
        .writeVarIntArray(headers.map(encodeHeader)).buffer;
    const ctx = {
      firstOffset: '100',
      firstTimestamp: '1700000000000',
      magicByte: 2,
      timestampType: 0,
    };
    const headers: RecordHeader[] = [
      { key: 'h', value: Buffer.from('1') },
      { key: 'json', value: Buffer.from('{}') },
      { key: '2', value: Buffer.from('int-like') },
      { key: 'h', value: null },
      { key: 'h', value: Buffer.from('3') },
    ];
    const a = ours(new Decoder(encode(headers)), ctx);
    const b = theirs(new Decoder(encode(headers)), ctx);
    expect(a).toEqual(b);
    expect(Object.keys(a.headers)).toEqual(Object.keys(b.headers));
    expect(a.headers[ORDERED_HEADERS]).toEqual(headers);
    expect(Object.keys(a.headers)).not.toContain(ORDERED_HEADERS);

    // Timestamps and offsets: numbers where exact, kafkajs's Long arithmetic beyond that.
    for (const [firstOffset, firstTimestamp, timestampDelta, offsetDelta] of [
      ['0', '-1', 0, 0],
      ['9007199254740990', '1700000000000', -5, 7],
      ['9223372036854775000', '1700000000000', 2 ** 40, 2 ** 31 - 1],
      ['12', '9223372036854775000', -(2 ** 52), 1],
      ['12', '1700000000000', 2 ** 60, 1],
      ['12', '-1700000000000', -(2 ** 62), 1],
    ] as const) {
      const record = new Encoder()
        .writeInt8(0)
        .writeVarLong(timestampDelta)
        .writeVarInt(offsetDelta)
        .writeVarIntBytes(null)
        .writeVarIntBytes('v')
        .writeVarIntArray([]).buffer;
      const batch = { ...ctx, firstOffset, firstTimestamp };
      const mine = ours(new Decoder(record), batch);
      expect(mine).toEqual(theirs(new Decoder(record), batch));
      expect(Object.keys(mine.headers)).toEqual([]);
    }
    const appendTime = { ...ctx, timestampType: 1, maxTimestamp: '1700000000999' };
    expect(ours(new Decoder(encode(headers)), appendTime)).toEqual(
      theirs(new Decoder(encode(headers)), appendTime),
    );

    // kafkajs reads a header named __proto__ as [Object.prototype, value]; ours keeps the value.
    const proto = [{ key: '__proto__', value: Buffer.from('p') }];
    const c = ours(new Decoder(encode(proto)), ctx);
    expect(Object.getPrototypeOf(c.headers)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(c.headers, '__proto__')?.value).toEqual(
      Buffer.from('p'),
    );
    expect(c.headers[ORDERED_HEADERS]).toEqual(proto);
  });

  it('encode a record from its ordered headers as kafkajs encodes the same headers', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(1700000000500);
    const ours = require(
      join(kafkajsSrc, 'protocol/requests/produce/v3/request.js'),
    ) as ProduceRequest;
    const theirs = original<ProduceRequest>('protocol/requests/produce/v3/request.js');
    // Headers in an order kafkajs's object keeps (no interleaved keys, no integer-like keys), so
    // both encoders must write the same bytes; only ours reads the ordered list.
    const list = [
      { key: 'h', value: Buffer.from('1') },
      { key: 'h', value: Buffer.from('2') },
      { key: 'json', value: Buffer.from('{}') },
    ];
    const object = { h: [list[0]!.value, list[1]!.value], json: list[2]!.value };
    const withList = { ...object };
    Object.defineProperty(withList, ORDERED_HEADERS, { value: list, enumerable: false });
    const args = (headers: object) => ({
      acks: -1,
      timeout: 30000,
      topicData: [
        {
          topic: 't',
          partitions: [
            { partition: 0, messages: [{ key: 'k', value: 'v', timestamp: '1', headers }] },
          ],
        },
      ],
    });
    const a = await ours(args(withList)).encode();
    const b = await theirs(args(object)).encode();
    expect(a.buffer.equals(b.buffer)).toBe(true);
  });

  it('checksum record batches as kafkajs does (CRC-32C)', () => {
    const ours = require(join(kafkajsSrc, 'protocol/recordBatch/crc32C/index.js')) as (
      b: Buffer,
    ) => number;
    const theirs = original<typeof ours>('protocol/recordBatch/crc32C/index.js');
    expect(ours).not.toBe(theirs);
    // The standard check value of CRC-32C.
    expect(ours(Buffer.from('123456789'))).toBe(0xe3069283);
    for (const length of [0, 1, 7, 8, 9, 15, 16, 17, 100, 1000, 4099]) {
      const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 7919 + length) & 0xff));
      expect(ours(bytes), `length ${length}`).toBe(theirs(bytes));
    }
  });
});
