/**
 * Kafka Connect → topic → ts-connect → topic → Kafka Connect changes nothing (issue 4), through
 * the real broker. Apache Kafka's JsonConverter writes every JsonConverter differential case
 * (every schema type and logical type, with and without schemas, both decimal formats) as keys,
 * values and headers; Kafka's own producer puts those bytes on topic A. ts-connect's consumer
 * reads A, its JsonConverter reads each key, value and header into Connect data and writes it
 * back, and its producer (with the kafkajs patches) sends the result to topic B. Kafka's own
 * consumer reads B: each key, value and header is what Kafka Connect's own read-and-write of A
 * gives (A itself for nearly all; Kafka turns -0.0 and "NaN" payloads into 0.0, say), and Kafka's
 * JsonConverter reads B into the same Connect data as A. Neither end of the check goes through
 * kafkajs.
 *
 * Header order is checked: ts-connect's kafkajs record decoder and produce encoder keep the
 * record's order (src/kafka/kafkajs-patches.ts), which kafkajs's own object form loses.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerSettings, producerSettings } from '../../src/kafka/client-settings.js';
import {
  type BatchControl,
  ConnectConsumer,
  type ConsumedBatch,
} from '../../src/kafka/consumer.js';
import { ConnectProducer, type ProducerRecordBytes } from '../../src/kafka/producer.js';
import { JsonConverter } from '../../src/converters/json/json-converter.js';
import { configureLogging } from '../../src/util/logger.js';
import { JSON_CASES, JSON_FQCN } from '../converters/differential/json-cases.js';
import {
  canonicalJson,
  type Case,
  type Result,
  runKafka,
} from '../converters/differential/kafka-harness.js';
import { runJava } from '../helpers/java.js';
import { createTopic, kafkaBootstrap, uniqueTopic, waitFor } from '../helpers/kafka.js';

const TOPIC_BYTES = path.join(import.meta.dirname, '..', 'java', 'TopicBytes.java');

/** A record as test/java/TopicBytes.java writes and reads it (bytes in Base64). */
interface WireRecord {
  offset?: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: [string, string | null][];
}

/** Bytes Kafka's JsonConverter wrote, and the case it wrote them for. */
interface Written {
  bytes: string | null;
  from: Case;
}

/** A record of topic A: its wire form and the converter config its bytes were written with. */
interface Planned {
  config: Record<string, string>;
  record: WireRecord;
  /** The case behind each of {@link fields} of the record. */
  sources: Case[];
}

async function topicBytes(mode: 'write' | 'read', topic: string, stdin = ''): Promise<string> {
  const r = await runJava(TOPIC_BYTES, [mode, kafkaBootstrap(), topic], {
    stdin,
    // A short-lived client: the C1 compiler alone halves the JVM's CPU time on a busy machine.
    env: { ...process.env, JDK_JAVA_OPTIONS: '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC' },
  });
  if (r.code !== 0) throw new Error(`TopicBytes ${mode} exited with ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const text = (s: string | null): string | null =>
  s === null ? null : Buffer.from(s, 'base64').toString('utf8');

/** A record's key, value and header values, named. */
function fields(r: WireRecord): [string, string | null][] {
  return [
    ['key', r.key],
    ['value', r.value],
    ...r.headers.map(([k, v], i): [string, string | null] => [`header ${i} (${k})`, v]),
  ];
}

/**
 * Topic A's records: the bytes Kafka's JsonConverter wrote for each successful `from` case, as a
 * value; as key the bytes of the next case with the same config and as headers those of the four
 * after it (keys `h`, `json`, `h`, `7`: a repeated key around another, and an integer-like key,
 * which must keep their record order). Header values that are null, or JSON `null` (which
 * Kafka Connect reads and writes back as a null value), are left out here; a null header value's
 * trip through the broker is checked in kafka-clients.test.ts.
 */
function plan(cases: readonly Case[], written: Map<string, Result>): Planned[] {
  const byConfig = new Map<string, { config: Record<string, string>; written: Written[] }>();
  for (const c of cases) {
    const r = written.get(String(c.id));
    if (r === undefined || !('bytes' in r)) continue;
    const key = JSON.stringify(c.config ?? {});
    let group = byConfig.get(key);
    if (group === undefined) byConfig.set(key, (group = { config: c.config ?? {}, written: [] }));
    group.written.push({ bytes: r.bytes, from: c });
  }
  const out: Planned[] = [];
  for (const { config, written: list } of byConfig.values()) {
    const at = (i: number): Written => list[i % list.length]!;
    list.forEach((value, i) => {
      const headers: [string, Written][] = [];
      for (const [k, w] of [
        ['h', at(i + 2)],
        ['json', at(i + 4)],
        ['h', at(i + 3)],
        ['7', at(i + 5)],
      ] as const)
        if (w.bytes !== null && text(w.bytes) !== 'null') headers.push([k, w]);
      const key = at(i + 1);
      out.push({
        config,
        record: {
          timestamp: 1_700_000_000_000 + out.length,
          key: key.bytes,
          value: value.bytes,
          headers: headers.map(([k, w]) => [k, w.bytes]),
        },
        sources: [key.from, value.from, ...headers.map(([, w]) => w.from)],
      });
    });
  }
  return out;
}

/** Kafka's reading of a record's key, value and headers, as harness `to` cases. */
function readCases(prefix: string, config: Record<string, string>, r: WireRecord): Case[] {
  const base = { op: 'to', conv: JSON_FQCN, config } as const;
  return [
    { ...base, id: `${prefix}-key`, isKey: true, bytes: r.key },
    { ...base, id: `${prefix}-value`, bytes: r.value },
    ...r.headers.map(([k, v], i): Case => ({
      ...base,
      id: `${prefix}-h${i}`,
      config: { ...config, 'converter.type': 'header' },
      header: k,
      bytes: v,
    })),
  ];
}

/** ts-connect's JsonConverters (key, value, header) for one converter config. */
class Converters {
  readonly key = new JsonConverter();
  readonly value = new JsonConverter();
  readonly header = new JsonConverter();
  constructor(config: Record<string, string>) {
    this.key.configure(config, true);
    this.value.configure(config, false);
    // As the worker configures a header converter (Plugins.newHeaderConverter).
    this.header.configure({ ...config, 'converter.type': 'header' });
  }
}

describe('JsonConverter round trip through the broker: Kafka → ts-connect → Kafka', () => {
  const topicA = uniqueTopic('json-rt-a');
  const topicB = uniqueTopic('json-rt-b');
  const name = uniqueTopic('json-rt');
  let planned: Planned[];
  let consumer: ConnectConsumer;
  let producer: ConnectProducer;

  beforeAll(async () => {
    configureLogging({ write: () => undefined });
    const fromCases = JSON_CASES.filter((c) => c.op === 'from');
    const [written] = await Promise.all([
      runKafka(fromCases),
      createTopic(topicA),
      createTopic(topicB),
    ]);
    planned = plan(fromCases, written);
    await topicBytes('write', topicA, planned.map((p) => JSON.stringify(p.record)).join('\n'));
    const worker = { 'bootstrap.servers': kafkaBootstrap() };
    consumer = ConnectConsumer.create(consumerSettings(worker, {}, name, 0));
    producer = ConnectProducer.create(producerSettings(worker, {}, name, 0));
  }, 300_000);

  afterAll(async () => {
    await consumer?.close();
    await producer?.close();
  });

  it('topic B holds what Kafka Connect would write, and Kafka reads it into the same Connect data as A', async () => {
    expect(planned.length).toBeGreaterThan(500);
    // Kafka Connect's own answers for A, while ts-connect works: each key, value and header read
    // into Connect data, and read and written again (what Kafka Connect would put on B).
    const readsOfA = planned.flatMap((p, i) => readCases(`${i}`, p.config, p.record));
    // (JsonConverter's header methods are its record methods, so a header's round trip is run
    // as a value's; a null key or value needs no round trip: it stays null.)
    const roundTrips = readsOfA
      .filter((c) => c.bytes !== null)
      .map((c): Case => ({
        id: `${c.id}-rt`,
        op: 'rt',
        conv: JSON_FQCN,
        config: c.config ?? {},
        isKey: c.isKey ?? false,
        bytes: c.bytes ?? null,
      }));
    const kafkaOnA = runKafka([...readsOfA, ...roundTrips]);

    await forwardWithTsConnect();

    const b: WireRecord[] = (await topicBytes('read', topicB))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as WireRecord);
    expect(b).toHaveLength(planned.length);
    const readsOfB = b.flatMap((r, i) => readCases(`${i}`, planned[i]!.config, r));
    const [onA, onB] = await Promise.all([kafkaOnA, runKafka(readsOfB)]);

    const byteDiffs: unknown[] = [];
    const dataDiffs: unknown[] = [];
    let identical = 0;
    planned.forEach(({ config, record: a, sources }, i) => {
      const got = b[i]!;
      expect(got.timestamp).toBe(a.timestamp);
      expect(got.headers.map((h) => h[0])).toEqual(a.headers.map((h) => h[0]));
      const fieldsOfB = fields(got);
      fields(a).forEach(([field, bytesA], j) => {
        const id = readCases(`${i}`, config, a)[j]!.id;
        const bytesB = fieldsOfB[j]![1];
        if (bytesB === bytesA) identical++;
        // What Kafka Connect writes back: its own round trip, except that ts-connect keeps a
        // map's entry order where Kafka's HashMap reorders (DESIGN.md §1), so there the input.
        // Schemaless objects are compared as JSON values.
        const source = sources[j]!;
        const rt = bytesA === null ? { bytes: null } : onA.get(`${id}-rt`);
        const expected = source.keepsMapOrder
          ? bytesA
          : rt !== undefined && 'bytes' in rt
            ? rt.bytes
            : rt;
        const unordered = (source.unorderedKeys ?? false) || config['schemas.enable'] === 'false';
        const norm = (x: string | null): string | null =>
          x !== null && unordered ? canonicalJson(text(x)!) : text(x);
        if (typeof expected !== 'string' && expected !== null)
          byteDiffs.push({ offset: i, field, a: text(bytesA), kafka: expected });
        else if (norm(bytesB) !== norm(expected))
          byteDiffs.push({
            offset: i,
            field,
            a: text(bytesA),
            b: text(bytesB),
            kafka: text(expected),
          });
        const dataA = onA.get(String(id));
        const dataB = onB.get(String(id));
        if (
          dataA === undefined ||
          'error' in dataA ||
          JSON.stringify(dataA) !== JSON.stringify(dataB)
        )
          dataDiffs.push({ offset: i, field, a: dataA, b: dataB });
      });
    });
    expect(byteDiffs).toEqual([]);
    expect(dataDiffs).toEqual([]);
    // Nearly everything comes back as it went: only what Kafka's own round trip changes differs.
    expect(identical).toBeGreaterThan(readsOfA.length * 0.95);
  });

  /** ts-connect: consume A, read and write each key, value and header, produce to B. */
  async function forwardWithTsConnect(): Promise<void> {
    const converters = new Map<string, Converters>();
    const convertersFor = (config: Record<string, string>): Converters => {
      const k = JSON.stringify(config);
      let c = converters.get(k);
      if (c === undefined) converters.set(k, (c = new Converters(config)));
      return c;
    };
    const bytes = (b: Uint8Array | null): Buffer | null => (b === null ? null : Buffer.from(b));
    let forwarded = 0;
    const failures: unknown[] = [];
    const forward = async (batch: ConsumedBatch, control: BatchControl): Promise<void> => {
      const out: ProducerRecordBytes[] = batch.messages.map((m) => {
        const conv = convertersFor(planned[Number(m.offset)]!.config);
        const key = conv.key.toConnectData(topicA, null, m.key);
        const value = conv.value.toConnectData(topicA, null, m.value);
        return {
          topic: topicB,
          partition: 0,
          key: bytes(conv.key.fromConnectData(topicB, null, key.schema, key.value)),
          value: bytes(conv.value.fromConnectData(topicB, null, value.schema, value.value)),
          timestamp: m.timestamp,
          headers: m.headers.map((h) => {
            const sv = conv.header.toConnectHeader(topicA, h.key, h.value);
            return {
              key: h.key,
              value: bytes(conv.header.fromConnectHeader(topicB, h.key, sv.schema, sv.value)),
            };
          }),
        };
      });
      await producer.send(out);
      control.resolve(batch.messages.at(-1)!.offset);
      forwarded += out.length;
    };
    await consumer.connect();
    await producer.connect();
    await consumer.subscribe([topicA]);
    await consumer.run({
      onAssignment: () => undefined,
      onRebalancing: () => undefined,
      onCrash: (error) => failures.push(error),
      onBatch: (batch, control) =>
        forward(batch, control).catch((e: unknown) => void failures.push(e)),
    });
    await waitFor(() => forwarded >= planned.length || failures.length > 0, 60_000, 'topic B');
    expect(failures).toEqual([]);
    expect(forwarded).toBe(planned.length);
  }
});
