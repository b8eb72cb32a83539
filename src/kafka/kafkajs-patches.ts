// Four modules of kafkajs 2.2.4, replaced with our own before kafkajs loads.
//
// Producer (profiling file → Kafka, bench W1/W12, found most of the time here):
// - `producer/groupMessagesPerPartition.js` copies a partition's array for every message it adds,
//   so grouping a batch of n messages costs n²/2 copies (2 million for one 2,000-record poll);
// - `protocol/requests/produce/v3/request.js` (the body of v3–v7) builds every record as
//   `{ ...message, offsetDelta, timestampDelta }` (a spread followed by more properties, which V8
//   in Node 20 runs on a slow path at several µs a record), then encodes it with its own
//   zero-filled Encoder and a Buffer per varint. Ours writes a partition's records into one
//   buffer (record-encoding.ts), with the headers in the record's order when the producer attached
//   the ordered list (ORDERED_HEADERS; kafkajs's object form groups repeated keys and moves
//   integer-like keys first) and a null header value as null (kafkajs's size computation throws).
// - `protocol/recordBatch/crc32C/index.js`, the record batch checksum, a byte at a time; ours
//   (crc32c.ts) goes eight bytes a step, twice as fast.
// Consumer:
// - `protocol/recordBatch/record/v0/decoder.js` folds a record's headers into an object, losing
//   their order across keys (`h, json, h` comes back as `h, h, json`); Connect hands headers to
//   sinks in record order. Ours builds the same object and also keeps the headers as read, in
//   order, under ORDERED_HEADERS (see consumer.ts).
// We put our versions into Node's CommonJS module cache under their paths, so kafkajs's own
// `require` finds them; they produce the same groups, request bytes and decoded records
// (test/kafka/kafkajs-patches.test.ts compares them with the originals). Only kafkajs 2.2.4 is
// patched: another version runs as it is.
//
// This module must be evaluated before kafkajs: every module that imports kafkajs values imports
// this one first.
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
import { crc32c } from './crc32c.js';
import { encodeRecords, headerList, type RecordToEncode } from './record-encoding.js';

const require = createRequire(import.meta.url);

/** The kafkajs version these replacements were written against and checked with. */
export const PATCHED_KAFKAJS_VERSION = '2.2.4';

/** A message as kafkajs's producer carries it internally. */
interface InternalMessage {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  partition?: number;
  timestamp?: string;
  headers?: Record<string, unknown>;
}

interface PartitionMetadata {
  partitionId: number;
}

type Partitioner = (args: {
  topic: string;
  partitionMetadata: PartitionMetadata[];
  message: InternalMessage;
}) => number;

/** Groups messages by the partition the partitioner picks, in order, in linear time. */
export function groupMessagesPerPartition({
  topic,
  partitionMetadata,
  messages,
  partitioner,
}: {
  topic: string;
  partitionMetadata: PartitionMetadata[];
  messages: InternalMessage[];
  partitioner: Partitioner;
}): Record<number, InternalMessage[]> {
  const result: Record<number, InternalMessage[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    const list = result[partition];
    if (list === undefined) result[partition] = [message];
    else list.push(message);
  }
  return result;
}

/** kafkajs internals the produce request is built from, loaded from kafkajs itself. */
interface EncoderLike {
  writeString(value: string | null): EncoderLike;
  writeInt16(value: number): EncoderLike;
  writeInt32(value: number): EncoderLike;
  writeArray(values: EncoderLike[]): EncoderLike;
  writeEncoder(value: EncoderLike): EncoderLike;
  size(): number;
}
type EncoderClass = new () => EncoderLike;
type RecordBatchEncoder = (batch: Record<string, unknown>) => Promise<EncoderLike>;

interface PartitionData {
  partition: number;
  firstSequence?: number;
  messages: InternalMessage[];
}
interface TopicData {
  topic: string;
  partitions: PartitionData[];
}

/**
 * Produce request v3 (also the body of v4–v7), as kafkajs builds it, with each record's
 * fields passed one by one instead of spread.
 */
function produceRequestV3Module(kafkajsSrc: string): unknown {
  const load = (path: string): unknown => require(join(kafkajsSrc, path));
  const Long = load('utils/long.js') as { fromInt(n: number): unknown };
  const Encoder = load('protocol/encoder.js') as EncoderClass;
  const { Produce: apiKey } = load('protocol/requests/apiKeys.js') as { Produce: number };
  const { Types } = load('protocol/message/compression/index.js') as {
    Types: { None: number };
  };
  const { RecordBatch } = load('protocol/recordBatch/v0/index.js') as {
    RecordBatch: RecordBatchEncoder;
  };

  async function encodePartition(
    compression: number,
    data: PartitionData,
    transactionalId: string | null,
    producerId: unknown,
    producerEpoch: number,
  ): Promise<EncoderLike> {
    const { messages } = data;
    const dateNow = Date.now();
    // kafkajs sorts the timestamps as it has them (strings) and takes the first and last.
    const timestamps = messages
      .map((m) => m.timestamp)
      .filter((t) => t != null)
      .sort();
    const firstTimestamp = timestamps.length === 0 ? dateNow : timestamps[0]!;
    const maxTimestamp = timestamps.length === 0 ? dateNow : timestamps[timestamps.length - 1]!;
    const toEncode = new Array<RecordToEncode>(messages.length);
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i]!;
      const ordered = (m.headers as { [ORDERED_HEADERS]?: RecordHeader[] } | undefined)?.[
        ORDERED_HEADERS
      ];
      toEncode[i] = {
        offsetDelta: i,
        timestampDelta: Number(m.timestamp || dateNow) - Number(firstTimestamp),
        key: m.key,
        value: m.value,
        headers: headerList(m.headers, ordered),
      };
    }
    const records = encodeRecords(toEncode);
    const recordBatch = await RecordBatch({
      compression,
      records,
      firstTimestamp,
      maxTimestamp,
      producerId,
      producerEpoch,
      firstSequence: data.firstSequence,
      transactional: !!transactionalId,
      lastOffsetDelta: records.length - 1,
    });
    return new Encoder()
      .writeInt32(data.partition)
      .writeInt32(recordBatch.size())
      .writeEncoder(recordBatch);
  }

  const request = ({
    acks,
    timeout,
    transactionalId = null,
    producerId = Long.fromInt(-1),
    producerEpoch = 0,
    compression = Types.None,
    topicData,
  }: {
    acks: number;
    timeout: number;
    transactionalId?: string | null;
    producerId?: unknown;
    producerEpoch?: number;
    compression?: number;
    topicData: TopicData[];
  }) => ({
    apiKey,
    apiVersion: 3,
    apiName: 'Produce',
    expectResponse: () => acks !== 0,
    encode: async () => {
      const topics: EncoderLike[] = [];
      for (const { topic, partitions } of topicData) {
        const encoded: EncoderLike[] = [];
        for (const data of partitions) {
          encoded.push(
            await encodePartition(compression, data, transactionalId, producerId, producerEpoch),
          );
        }
        topics.push(new Encoder().writeString(topic).writeArray(encoded));
      }
      return new Encoder()
        .writeString(transactionalId)
        .writeInt16(acks)
        .writeInt32(timeout)
        .writeArray(topics);
    },
  });
  return request;
}

/**
 * Where a decoded record's headers object keeps the headers in record order: a non-enumerable
 * property, invisible to everything that treats the object as kafkajs's `IHeaders`.
 */
export const ORDERED_HEADERS: unique symbol = Symbol.for('ts-connect.kafkajs.orderedHeaders');

/** A header as the record carried it. */
export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

interface DecoderLike {
  readInt8(): number;
  readVarLong(): unknown;
  readVarInt(): number;
  readVarIntBytes(): Buffer | null;
  readVarIntArray<T>(decode: (decoder: DecoderLike) => T): T[];
}
interface LongLike {
  add(other: unknown): LongLike;
  toString(): string;
}

/** A kafkajs Decoder's read position, which our varlong reader advances itself. */
interface DecoderState {
  buffer: Buffer;
  offset: number;
}

const TWO_POW_53 = 2 ** 53;

/**
 * A zigzag varlong as a number, or as kafkajs's Long when it does not fit a safe integer (kafkajs
 * builds a Long per byte, the largest cost of decoding a record).
 */
function readVarLongNumber(decoder: DecoderLike): number | unknown {
  const d = decoder as unknown as DecoderState;
  const start = d.offset;
  let result = 0;
  let scale = 1;
  let byte: number;
  do {
    byte = d.buffer[d.offset++]!;
    result += (byte & 0x7f) * scale;
    scale *= 128;
  } while (byte >= 0x80 && scale <= TWO_POW_53);
  if (byte >= 0x80 || result >= TWO_POW_53 || byte === undefined) {
    d.offset = start;
    return decoder.readVarLong();
  }
  return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
}

/** `base + delta` as kafkajs prints it (a decimal int64 string), in numbers when they are exact. */
function addToInt64String(
  base: unknown,
  delta: number | unknown,
  Long: { fromValue(v: unknown): LongLike },
): string {
  if (typeof delta === 'number') {
    const b = Number(base);
    const sum = b + delta;
    if (Number.isSafeInteger(b) && Number.isSafeInteger(sum)) return String(sum);
  }
  return Long.fromValue(base).add(delta).toString();
}

/** The v0 record decoder (record batches of magic 2), as kafkajs's, with ordered headers. */
function recordDecoderV0Module(kafkajsSrc: string): unknown {
  const load = (path: string): unknown => require(join(kafkajsSrc, path));
  const Long = load('utils/long.js') as { fromValue(v: unknown): LongLike };
  const decodeHeader = load('protocol/recordBatch/header/v0/decoder.js') as (
    d: DecoderLike,
  ) => RecordHeader;
  const TimestampTypes = load('protocol/timestampTypes.js') as { LOG_APPEND_TIME: number };

  return (
    decoder: DecoderLike,
    batchContext: {
      firstOffset?: unknown;
      firstTimestamp?: unknown;
      magicByte?: number;
      isControlBatch?: boolean;
      timestampType?: number;
      maxTimestamp?: string;
    } = {},
  ) => {
    const { firstOffset, firstTimestamp, magicByte, timestampType, maxTimestamp } = batchContext;
    const isControlBatch = batchContext.isControlBatch ?? false;
    const attributes = decoder.readInt8();
    const timestampDelta = readVarLongNumber(decoder);
    const timestamp =
      timestampType === TimestampTypes.LOG_APPEND_TIME && maxTimestamp
        ? maxTimestamp
        : addToInt64String(firstTimestamp, timestampDelta, Long);
    const offsetDelta = decoder.readVarInt();
    const offset = addToInt64String(firstOffset, offsetDelta, Long);
    const key = decoder.readVarIntBytes();
    const value = decoder.readVarIntBytes();
    const list = decoder.readVarIntArray(decodeHeader);
    // kafkajs's shape: one value per key, an array when the key repeats.
    const headers: Record<string, Buffer | null | (Buffer | null)[]> = {};
    if (list.length > 0) {
      for (const h of list) {
        const seen = Object.hasOwn(headers, h.key) ? headers[h.key] : undefined;
        const next =
          seen === undefined ? h.value : Array.isArray(seen) ? [...seen, h.value] : [seen, h.value];
        // A header named `__proto__` is a key like any other: defineProperty, not assignment.
        if (h.key === '__proto__') {
          Object.defineProperty(headers, h.key, {
            value: next,
            writable: true,
            enumerable: true,
            configurable: true,
          });
        } else {
          headers[h.key] = next;
        }
      }
      Object.defineProperty(headers, ORDERED_HEADERS, { value: list, enumerable: false });
    }
    return {
      magicByte,
      attributes,
      timestamp,
      offset,
      key,
      value,
      headers,
      isControlRecord: isControlBatch,
      batchContext,
    };
  };
}

let ourProduceRequest: unknown;

/** Puts `exports` into the CommonJS cache as the module at `path`, unless it is loaded already. */
function provide(path: string, exports: unknown): boolean {
  if (require.cache[path] !== undefined) return false;
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = exports;
  require.cache[path] = module;
  return true;
}

/** The kafkajs `src` folder when kafkajs is the version patched here, else null. */
function patchableKafkajsSrc(): string | null {
  const packageJson = require.resolve('kafkajs/package.json');
  const { version } = require(packageJson) as { version: string };
  return version === PATCHED_KAFKAJS_VERSION ? join(dirname(packageJson), 'src') : null;
}

/** Installs the replacements; returns which modules were replaced (none when already loaded). */
export function installKafkajsPatches(): string[] {
  const src = patchableKafkajsSrc();
  if (src === null) return [];
  const replaced: string[] = [];
  const group = join(src, 'producer/groupMessagesPerPartition.js');
  if (provide(group, groupMessagesPerPartition)) replaced.push(group);
  const produce = join(src, 'protocol/requests/produce/v3/request.js');
  ourProduceRequest ??= produceRequestV3Module(src);
  if (provide(produce, ourProduceRequest)) replaced.push(produce);
  const crc = join(src, 'protocol/recordBatch/crc32C/index.js');
  if (provide(crc, crc32c)) replaced.push(crc);
  const record = join(src, 'protocol/recordBatch/record/v0/decoder.js');
  if (provide(record, recordDecoderV0Module(src))) replaced.push(record);
  return replaced;
}

installKafkajsPatches();

/**
 * True when kafkajs runs with our produce request (ordered headers, null header values): the
 * version matched and kafkajs had not loaded its own before this module.
 */
export const KAFKAJS_PATCHED = ((): boolean => {
  const src = patchableKafkajsSrc();
  if (src === null) return false;
  const cached = require.cache[join(src, 'protocol/requests/produce/v3/request.js')];
  return cached !== undefined && cached.exports === ourProduceRequest;
})();
