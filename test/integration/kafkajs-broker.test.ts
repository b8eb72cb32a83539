/**
 * kafkajs 2.2.4 against the Kafka release scripts/kafka.sh provisions: every client feature
 * ts-connect relies on, checked once here so a broker upgrade that breaks kafkajs shows up as
 * one clear failure instead of as odd behaviour in connector tests. Also checks what tests
 * expect of scripts/kafka.sh itself: two ports are two clusters, and a restart keeps the data.
 */
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTopic,
  kafkaBootstrap,
  readAllValues,
  resetBroker,
  startBroker,
  stopBroker,
  uniqueTopic,
  waitFor,
  withAdmin,
} from '../helpers/kafka.js';

const PARTITIONS = 3;
const RECORDS_PER_PARTITION = 20;

describe('kafkajs against the provisioned broker', () => {
  const kafka = new Kafka({
    clientId: 'kafkajs-broker-test',
    brokers: [kafkaBootstrap()],
    logLevel: logLevel.NOTHING,
  });
  const topic = uniqueTopic('kafkajs-compat');
  const groupId = uniqueTopic('kafkajs-compat-group');
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('admin: creates a topic with partitions and sees it in list, metadata and offsets', async () => {
    // Not waitForLeaders: right after CreateTopics a KRaft broker may not know the topic yet,
    // and kafkajs only retries LEADER_NOT_AVAILABLE there, not UNKNOWN_TOPIC_OR_PARTITION.
    const created = await admin.createTopics({
      waitForLeaders: false,
      topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
    });
    expect(created).toBe(true);

    // ListOffsets can likewise fail with NOT_LEADER_OR_FOLLOWER for a moment, and kafkajs's
    // admin does not retry it: code that creates topics must wait for them itself.
    let offsets: Awaited<ReturnType<Admin['fetchTopicOffsets']>> = [];
    await waitFor(
      () =>
        admin.fetchTopicOffsets(topic).then(
          (o) => ((offsets = o), true),
          () => false,
        ),
      30_000,
      'the new topic to serve offsets',
    );
    expect(await admin.listTopics()).toContain(topic);
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(topics).toHaveLength(1);
    expect(topics[0]?.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    for (const p of topics[0]?.partitions ?? []) expect(p.leader).toBe(1);

    expect(offsets.map((o) => [o.partition, o.low, o.high]).sort()).toEqual([
      [0, '0', '0'],
      [1, '0', '0'],
      [2, '0', '0'],
    ]);

    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
  });

  it('producer: acks=-1 batch to every partition, idempotent, with headers and gzip', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const messages = [];
      for (let partition = 0; partition < PARTITIONS; partition++) {
        for (let i = 0; i < RECORDS_PER_PARTITION; i++) {
          messages.push({
            partition,
            key: `k${partition}-${i}`,
            value: `v${partition}-${i}`,
            headers: { source: 'kafkajs-broker-test' },
          });
        }
      }
      const acks = await producer.send({ topic, acks: -1, compression: 1, messages });
      expect(acks.map((a) => a.partition).sort()).toEqual([0, 1, 2]);
      for (const ack of acks) expect(ack.errorCode).toBe(0);
    } finally {
      await producer.disconnect();
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    for (const o of offsets) expect(o.high).toBe(String(RECORDS_PER_PARTITION));
  });

  it('consumer group: reads everything from the beginning and commits offsets admin can read', async () => {
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    const seen = new Map<number, string[]>();
    let headerSeen = '';
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch, resolveOffset }) => {
          for (const m of batch.messages) {
            const values = seen.get(batch.partition) ?? [];
            values.push(m.value?.toString() ?? '');
            seen.set(batch.partition, values);
            headerSeen = m.headers?.source?.toString() ?? '';
            resolveOffset(m.offset);
          }
          await consumer.commitOffsets([
            { topic, partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) },
          ]);
        },
      });
      await waitFor(
        () =>
          [...seen.values()].reduce((n, v) => n + v.length, 0) >=
          PARTITIONS * RECORDS_PER_PARTITION,
        60_000,
        'all produced records',
      );
    } finally {
      await consumer.disconnect();
    }

    expect(headerSeen).toBe('kafkajs-broker-test');
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const expected = Array.from(
        { length: RECORDS_PER_PARTITION },
        (_, i) => `v${partition}-${i}`,
      );
      expect(seen.get(partition)).toEqual(expected);
    }

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed).toHaveLength(1);
    expect(committed[0]?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual([
      [0, String(RECORDS_PER_PARTITION)],
      [1, String(RECORDS_PER_PARTITION)],
      [2, String(RECORDS_PER_PARTITION)],
    ]);

    const groups = await admin.describeGroups([groupId]);
    expect(groups.groups[0]?.state).toBe('Empty');
  });

  it('admin: describes topic configs and deletes the topic', async () => {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2 /* TOPIC */, name: topic, configNames: ['cleanup.policy'] }],
    });
    expect(described.resources[0]?.configEntries[0]?.configValue).toBe('delete');

    await admin.deleteGroups([groupId]);
    await admin.deleteTopics({ topics: [topic] });
    await waitFor(
      async () => !(await admin.listTopics()).includes(topic),
      30_000,
      'topic deletion',
    );
  });
});

describe('a second broker from scripts/kafka.sh', () => {
  // A port of its own: the shared test broker may be serving other test runs meanwhile.
  const port = Number(process.env.KAFKA_TEST_PORT_RESTART ?? 39193);

  afterAll(async () => {
    await resetBroker(port);
  });

  it('is a cluster of its own, and keeps its data across stop and start', async () => {
    const clusterId = (bootstrap: string) =>
      withAdmin(async (admin) => (await admin.describeCluster()).clusterId, bootstrap);
    const mainCluster = await clusterId(kafkaBootstrap());

    const bootstrap = await startBroker(port);
    expect(bootstrap).toBe(`127.0.0.1:${port}`);
    const second = await clusterId(bootstrap);
    expect(second).not.toBe(mainCluster);

    const topic = uniqueTopic('restart');
    await createTopic(topic, 2, {}, bootstrap);
    const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: ['a', 'b', 'c', 'd'].map((value, i) => ({ value, partition: i % 2 })),
    });
    await producer.disconnect();

    await stopBroker(port);
    expect(await startBroker(port)).toBe(bootstrap);
    expect(await clusterId(bootstrap)).toBe(second);
    expect(await readAllValues(topic, { bootstrap })).toEqual(['a', 'c', 'b', 'd']);
  });
});
