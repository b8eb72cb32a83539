/**
 * The Kafka client layer (src/kafka) against the real broker: producer batches with keys and
 * headers read back by an independent client, per-record offsets, topic creation, cluster id
 * and consumer-group offsets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectException } from '../../src/api/errors.js';
import { ConnectAdmin, describeKafkaCluster } from '../../src/kafka/admin.js';
import { adminSettings, producerSettings } from '../../src/kafka/client-settings.js';
import { ConnectProducer, type ProducerRecordBytes } from '../../src/kafka/producer.js';
import { configureLogging } from '../../src/util/logger.js';
import { createTopic, kafkaBootstrap, readAll, uniqueTopic, withAdmin } from '../helpers/kafka.js';

describe('Kafka client layer against the broker', () => {
  const worker = (): Record<string, string> => ({ 'bootstrap.servers': kafkaBootstrap() });
  const connector = { name: 'clients-test' };
  let producer: ConnectProducer;
  let admin: ConnectAdmin;

  beforeAll(async () => {
    configureLogging({ write: () => undefined });
    producer = ConnectProducer.create(producerSettings(worker(), connector, 'clients-test', 0));
    await producer.connect();
    admin = ConnectAdmin.create(adminSettings(worker(), connector, 'clients-test', 0));
  });

  afterAll(async () => {
    await producer.close();
    await admin.close();
  });

  it('sends one batch with keys, headers and timestamps; metadata offsets match what is read back', async () => {
    const topic = uniqueTopic('producer');
    await createTopic(topic, 3);
    const records: ProducerRecordBytes[] = [];
    for (let i = 0; i < 60; i++) {
      records.push({
        topic,
        partition: i % 10 === 0 ? 2 : null,
        key: i % 3 === 0 ? null : Buffer.from(`key-${i % 7}`),
        value: i === 5 ? null : Buffer.from(`value-${i}`),
        timestamp: 1_700_000_000_000 + i,
        headers:
          i % 2 === 0
            ? [
                { key: 'h', value: Buffer.from(`a${i}`) },
                { key: 'h', value: Buffer.from(`b${i}`) },
                { key: 'n', value: null },
              ]
            : [],
      });
    }
    const metadata = await producer.send(records);
    expect(metadata).toHaveLength(records.length);

    const read = await readAll(topic);
    expect(read).toHaveLength(records.length);
    const byPosition = new Map(read.map((r) => [`${r.partition}@${r.offset}`, r]));
    metadata.forEach((m, i) => {
      const sent = records[i]!;
      expect(m.topic).toBe(topic);
      if (sent.partition !== null) expect(m.partition).toBe(sent.partition);
      expect(m.offset).not.toBeNull();
      const got = byPosition.get(`${m.partition}@${m.offset}`);
      expect(got, `record ${i} at ${m.partition}@${m.offset}`).toBeDefined();
      expect(got!.value?.toString() ?? null).toBe(sent.value?.toString() ?? null);
      expect(got!.key?.toString() ?? null).toBe(sent.key?.toString() ?? null);
      expect(got!.timestamp).toBe(String(sent.timestamp));
      if (sent.headers.length > 0) {
        const h = got!.headers['h'] as Buffer[];
        expect(h.map((b) => b.toString())).toEqual([`a${i}`, `b${i}`]);
        // A null header value goes out as null (our produce encoder; kafkajs's throws on it).
        expect(got!.headers['n']).toBeNull();
      }
    });
    // Keyed records of one key share a partition (murmur2, as Java's partitioner).
    const partitionsOfKey = new Map<string, Set<number>>();
    metadata.forEach((m, i) => {
      const k = records[i]!.key?.toString();
      if (k === undefined || records[i]!.partition !== null) return;
      const set = partitionsOfKey.get(k) ?? new Set<number>();
      set.add(m.partition);
      partitionsOfKey.set(k, set);
    });
    for (const set of partitionsOfKey.values()) expect(set.size).toBe(1);
  });

  it('offsets keep counting across sends into the same partition', async () => {
    const topic = uniqueTopic('producer-offsets');
    await createTopic(topic, 1);
    const batch = (n: number, from: number): ProducerRecordBytes[] =>
      Array.from({ length: n }, (_, i) => ({
        topic,
        partition: null,
        key: null,
        value: Buffer.from(`v${from + i}`),
        timestamp: null,
        headers: [],
      }));
    const first = await producer.send(batch(5, 0));
    const second = await producer.send(batch(3, 5));
    expect([...first, ...second].map((m) => m.offset)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n]);
    expect((await readAll(topic)).map((r) => r.value?.toString())).toEqual(
      Array.from({ length: 8 }, (_, i) => `v${i}`),
    );
  });

  it('a record larger than the topic allows is rejected with a clear ConnectException', async () => {
    const topic = uniqueTopic('producer-too-large');
    await createTopic(topic, 1, { 'max.message.bytes': '1024' });
    const send = producer.send([
      {
        topic,
        partition: null,
        key: null,
        value: Buffer.alloc(64 * 1024, 1),
        timestamp: null,
        headers: [],
      },
    ]);
    await expect(send).rejects.toBeInstanceOf(ConnectException);
    await expect(send).rejects.toThrow(/MESSAGE_TOO_LARGE|too large/i);
  });

  it('a send to an unreachable broker waits and retries until aborted', async () => {
    const down = ConnectProducer.create(
      producerSettings({ 'bootstrap.servers': '127.0.0.1:1' }, connector, 'clients-test', 1),
    );
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 2500);
    await expect(
      down.send(
        [
          {
            topic: 'x',
            partition: null,
            key: null,
            value: Buffer.from('v'),
            timestamp: null,
            headers: [],
          },
        ],
        abort.signal,
      ),
    ).rejects.toThrow(/aborted/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2400);
    await down.close();
  });

  it('admin: cluster id, creates missing topics only, with partitions and configs', async () => {
    const id = await describeKafkaCluster(worker(), 10_000);
    expect(id).toMatch(/^[\w-]{10,}$/);
    const a = uniqueTopic('admin-a');
    const b = uniqueTopic('admin-b');
    await createTopic(b, 1);
    const created = await admin.createTopicsIfMissing([
      { name: a, partitions: 4, replicationFactor: -1, configs: { 'cleanup.policy': 'compact' } },
      { name: b, partitions: 2, replicationFactor: 1, configs: {} },
    ]);
    expect(created).toEqual([a]);
    expect(await admin.topicExists(a)).toBe(true);
    await withAdmin(async (kafka) => {
      const meta = await kafka.fetchTopicMetadata({ topics: [a, b] });
      const count = (t: string): number =>
        meta.topics.find((m) => m.name === t)?.partitions.length ?? -1;
      expect(count(a)).toBe(4);
      expect(count(b)).toBe(1);
      const configs = await kafka.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: a, configNames: ['cleanup.policy'] }],
      });
      expect(configs.resources[0]?.configEntries[0]?.configValue).toBe('compact');
    });
    expect(
      await admin.createTopicsIfMissing([
        { name: a, partitions: 4, replicationFactor: 1, configs: {} },
      ]),
    ).toEqual([]);
  });

  it('admin: an unreachable cluster fails start-up within the bound, naming the address', async () => {
    const started = Date.now();
    await expect(
      describeKafkaCluster({ 'bootstrap.servers': '127.0.0.1:1' }, 3000),
    ).rejects.toThrow(
      "Failed to connect to and describe Kafka cluster at 127.0.0.1:1. Check worker's broker connection and security properties.",
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('admin: group offsets are listed, altered and deleted', async () => {
    const topic = uniqueTopic('group-offsets');
    const group = uniqueTopic('connect-group');
    await createTopic(topic, 2);
    await producer.send(
      Array.from({ length: 10 }, (_, i) => ({
        topic,
        partition: i % 2,
        key: null,
        value: Buffer.from(String(i)),
        timestamp: null,
        headers: [],
      })),
    );
    await admin.alterGroupOffsets(group, [
      { topic, partition: 0, offset: 3n },
      { topic, partition: 1, offset: 5n },
    ]);
    expect(await admin.listGroupOffsets(group)).toEqual([
      { topic, partition: 0, offset: 3n },
      { topic, partition: 1, offset: 5n },
    ]);
    await admin.deleteGroup(group);
    expect(await admin.listGroupOffsets(group)).toEqual([]);
    await admin.deleteGroup(group);
  });
});
