// Kafka's record format (magic 2, the records inside a record batch), written by hand for the
// produce path: all records of one partition go into one buffer. kafkajs builds each record with
// its own zero-filled 512-byte Encoder and allocates a Buffer for every varint, which made
// buffer allocation the largest cost of file → Kafka after the encoding itself.
//
// Record => Length:varint Attributes:int8 TimestampDelta:varlong OffsetDelta:varint
//           Key:varint-bytes Value:varint-bytes Headers:[HeaderKey:varint-string HeaderValue:varint-bytes]
// Varints are zigzag-encoded, 7 bits a byte, low bits first (Kafka's ByteUtils.writeVarint/Varlong).

/** A record's key, value or header value as kafkajs accepts them (strings are written as UTF-8). */
export type RecordBytes = Buffer | string | null | undefined;

/** One record to encode. */
export interface RecordToEncode {
  timestampDelta: number;
  offsetDelta: number;
  key: RecordBytes;
  value: RecordBytes;
  headers: readonly { key: string; value: RecordBytes }[];
}

/** An encoded record in the shape kafkajs's RecordBatch takes (an Encoder's `buf` and `buffer`). */
export interface EncodedRecord {
  buf: Buffer;
  buffer: Buffer;
}

/** Zigzag encoding on numbers, exact for every safe integer (timestamps deltas may exceed int32). */
function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function varintSize(n: number): number {
  let z = zigzag(n);
  let size = 1;
  while (z >= 128) {
    z = Math.floor(z / 128);
    size++;
  }
  return size;
}

function writeVarint(buf: Buffer, at: number, n: number): number {
  let z = zigzag(n);
  while (z >= 128) {
    buf[at++] = (z % 128) | 128;
    z = Math.floor(z / 128);
  }
  buf[at++] = z;
  return at;
}

function asBuffer(value: RecordBytes): Buffer | null {
  if (value === null || value === undefined) return null;
  return Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
}

function bytesSize(value: Buffer | null): number {
  return value === null ? varintSize(-1) : varintSize(value.length) + value.length;
}

function writeBytes(buf: Buffer, at: number, value: Buffer | null): number {
  if (value === null) return writeVarint(buf, at, -1);
  at = writeVarint(buf, at, value.length);
  value.copy(buf, at);
  return at + value.length;
}

/** Encodes records into one buffer; returns each record's bytes (length prefix included). */
export function encodeRecords(records: readonly RecordToEncode[]): EncodedRecord[] {
  const n = records.length;
  const keys = new Array<Buffer | null>(n);
  const values = new Array<Buffer | null>(n);
  const headerBytes = new Array<[Buffer, Buffer | null][]>(n);
  const bodySizes = new Array<number>(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const key = (keys[i] = asBuffer(r.key));
    const value = (values[i] = asBuffer(r.value));
    const headers: [Buffer, Buffer | null][] = [];
    let size =
      1 + // attributes
      varintSize(r.timestampDelta) +
      varintSize(r.offsetDelta) +
      bytesSize(key) +
      bytesSize(value) +
      varintSize(r.headers.length);
    for (const h of r.headers) {
      const hk = Buffer.from(h.key, 'utf8');
      const hv = asBuffer(h.value);
      headers.push([hk, hv]);
      size += bytesSize(hk) + bytesSize(hv);
    }
    headerBytes[i] = headers;
    bodySizes[i] = size;
    total += varintSize(size) + size;
  }
  const buf = Buffer.allocUnsafe(total);
  const out = new Array<EncodedRecord>(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const start = at;
    at = writeVarint(buf, at, bodySizes[i]!);
    buf[at++] = 0; // attributes: none used
    at = writeVarint(buf, at, r.timestampDelta);
    at = writeVarint(buf, at, r.offsetDelta);
    at = writeBytes(buf, at, keys[i]!);
    at = writeBytes(buf, at, values[i]!);
    const headers = headerBytes[i]!;
    at = writeVarint(buf, at, headers.length);
    for (const [hk, hv] of headers) {
      at = writeBytes(buf, at, hk);
      at = writeBytes(buf, at, hv);
    }
    const bytes = buf.subarray(start, at);
    out[i] = { buf: bytes, buffer: bytes };
  }
  return out;
}

/**
 * A kafkajs message's headers as a list: the ordered list when the producer attached one, else
 * kafkajs's own reading of its object form (keys in object order, array values in turn).
 */
export function headerList(
  headers: Record<string, unknown> | undefined,
  ordered: readonly { key: string; value: Buffer | null }[] | undefined,
): readonly { key: string; value: RecordBytes }[] {
  if (ordered !== undefined) return ordered;
  if (headers === undefined) return [];
  const list: { key: string; value: RecordBytes }[] = [];
  for (const key of Object.keys(headers)) {
    const v = headers[key];
    if (Array.isArray(v)) for (const one of v) list.push({ key, value: one as RecordBytes });
    else list.push({ key, value: v as RecordBytes });
  }
  return list;
}
