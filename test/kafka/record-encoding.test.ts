import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { encodeRecords, headerList, type RecordToEncode } from '../../src/kafka/record-encoding.js';

const require = createRequire(import.meta.url);
/** kafkajs's own record encoder, the reference for the bytes. */
const kafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (r: {
  offsetDelta: number;
  timestampDelta: number;
  key: unknown;
  value: unknown;
  headers: Record<string, unknown>;
}) => { buffer: Buffer };

describe('record encoding', () => {
  it.each([
    ['small deltas, buffers', 0, 0, Buffer.from('k'), Buffer.from('v')],
    ['null key and value', 5, 63, null, null],
    ['empty values', 1, 64, Buffer.alloc(0), Buffer.alloc(0)],
    ['strings with multi-byte text', 300, 8191, 'clé', 'valeur é ☃'],
    ['negative timestamp delta', -1, 8192, null, Buffer.alloc(200, 1)],
    ['int32 edges', -(2 ** 31), 2 ** 31 - 1, null, 'x'],
    ['a timestamp delta beyond int32', 2 ** 40 + 3, 1, null, 'x'],
    ['a large negative timestamp delta', -(2 ** 45), 1, 'k', null],
  ])('writes what kafkajs writes: %s', (_, timestampDelta, offsetDelta, key, value) => {
    const headers = { a: Buffer.from('1'), b: [Buffer.from('2'), 'three'], é: 'x' };
    const ours = encodeRecords([
      { timestampDelta, offsetDelta, key, value, headers: headerList(headers, undefined) },
    ]);
    const theirs = kafkajsRecord({ timestampDelta, offsetDelta, key, value, headers });
    expect(ours).toHaveLength(1);
    expect(ours[0]!.buffer.equals(theirs.buffer)).toBe(true);
  });

  it('writes many records back to back, each its own slice', () => {
    const records: RecordToEncode[] = Array.from({ length: 1000 }, (_, i) => ({
      timestampDelta: i * 3,
      offsetDelta: i,
      key: i % 2 === 0 ? null : Buffer.from(`key${i}`),
      value: Buffer.from('v'.repeat(i % 300)),
      headers: [],
    }));
    const ours = encodeRecords(records);
    ours.forEach((r, i) => {
      const theirs = kafkajsRecord({ ...records[i]!, headers: {} });
      expect(r.buffer.equals(theirs.buffer), `record ${i}`).toBe(true);
      expect(r.buf).toBe(r.buffer);
    });
  });

  it('keeps an ordered header list as given, null values as null (length -1)', () => {
    const [r] = encodeRecords([
      {
        timestampDelta: 0,
        offsetDelta: 0,
        key: null,
        value: null,
        headers: [
          { key: 'h', value: Buffer.from('1') },
          { key: '7', value: null },
          { key: 'h', value: Buffer.from('2') },
        ],
      },
    ]);
    // attributes, timestamp delta, offset delta, key -1, value -1, 3 headers (zigzag varints)
    const body = [0, 0, 0, 1, 1, 6];
    const h1 = [2, 0x68, 2, 0x31];
    const seven = [2, 0x37, 1];
    const h2 = [2, 0x68, 2, 0x32];
    const bytes = [...body, ...h1, ...seven, ...h2];
    expect([...r!.buffer]).toEqual([bytes.length * 2, ...bytes]); // zigzag length
  });
});
