/**
 * The sink loop (src/runtime/worker-sink-task.ts) against the real broker, with a real sink task
 * plugin that collects what it is given: delivery, commits of offset+1 after flush, restart
 * without redelivery, redelivery after a RetriableException, failure on other errors, pause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectException, RetriableException } from '../../src/api/errors.js';
import { ConnectAdmin } from '../../src/kafka/admin.js';
import { adminSettings, producerSettings } from '../../src/kafka/client-settings.js';
import { ConnectProducer } from '../../src/kafka/producer.js';
import { configureLogging } from '../../src/util/logger.js';
import { createTopic, kafkaBootstrap, uniqueTopic, waitFor } from '../helpers/kafka.js';
import {
  CollectingSinkTask,
  committedOffsets,
  numberedRecords,
  startSink,
  stop,
} from '../kafka/sink-harness.js';

describe('WorkerSinkTask against the broker', () => {
  let producer: ConnectProducer;
  let admin: ConnectAdmin;

  beforeAll(async () => {
    configureLogging({ write: () => undefined });
    const worker = { 'bootstrap.servers': kafkaBootstrap() };
    producer = ConnectProducer.create(producerSettings(worker, {}, 'sink-test', 0));
    await producer.connect();
    admin = ConnectAdmin.create(adminSettings(worker, {}, 'sink-test', 0));
  });

  afterAll(async () => {
    await producer.close();
    await admin.close();
  });

  async function produce(topic: string, values: string[], partitions = 1, from = 0): Promise<void> {
    await producer.send(numberedRecords(topic, values, partitions, from));
  }

  const committed = (name: string): Promise<Record<string, bigint>> =>
    committedOffsets(admin, name);

  it('delivers every record through the converters, commits offset+1 at stop, and resumes without redelivery', async () => {
    const topic = uniqueTopic('sink');
    const name = uniqueTopic('sink-conn');
    await createTopic(topic, 3);
    const values = Array.from({ length: 90 }, (_, i) => `v${i}`);
    await produce(topic, values, 3);

    const first = startSink(name, { topics: topic });
    await waitFor(() => first.task.delivered.length >= 90, 60_000, '90 records delivered');
    await stop(first);

    expect(first.listener.events).toEqual(['startup', 'shutdown']);
    expect(first.task.delivered).toHaveLength(90);
    const got = first.task.delivered;
    expect(new Set(got.map((d) => d.value))).toEqual(new Set(values));
    for (const p of [0, 1, 2]) {
      const offsets = got.filter((d) => d.partition === p).map((d) => d.offset);
      expect(offsets).toEqual(Array.from({ length: 30 }, (_, i) => BigInt(i)));
    }
    const sample = got.find((d) => d.value === 'v4')!;
    expect(sample).toMatchObject({
      topic,
      partition: 1,
      offset: 1n,
      key: 'k4',
      headers: ['seq=4'],
      timestamp: 1_700_000_000_004,
    });
    expect(first.task.opened[0]?.map((tp) => tp.partition).sort()).toEqual([0, 1, 2]);
    expect(first.task.closed.at(-1)?.length).toBe(3);
    expect(first.task.flushes).toBeGreaterThanOrEqual(1);
    expect(first.task.stopped).toBe(true);
    expect(await committed(name)).toEqual({
      [`${topic}-0`]: 30n,
      [`${topic}-1`]: 30n,
      [`${topic}-2`]: 30n,
    });

    await produce(topic, ['n0', 'n1', 'n2'], 3, 90);
    const second = startSink(name, { topics: topic });
    await waitFor(() => second.task.delivered.length >= 3, 60_000, '3 new records delivered');
    // Give a wrongly redelivered batch time to show up.
    await new Promise((r) => setTimeout(r, 1500));
    await stop(second);
    expect(second.task.delivered.map((d) => d.value).sort()).toEqual(['n0', 'n1', 'n2']);
    expect(await committed(name)).toEqual({
      [`${topic}-0`]: 31n,
      [`${topic}-1`]: 31n,
      [`${topic}-2`]: 31n,
    });
  });

  it('commits on the flush interval while running, and follows topics.regex', async () => {
    const prefix = uniqueTopic('sink-regex');
    const topic = `${prefix}.a`;
    const name = uniqueTopic('sink-conn');
    await createTopic(topic, 1);
    await produce(topic, ['x', 'y', 'z']);
    const running = startSink(
      name,
      { 'topics.regex': `${prefix.replace(/[-]/g, '\\-')}\\..*` },
      { flushIntervalMs: 500 },
    );
    await waitFor(
      async () => (await committed(name))[`${topic}-0`] === 3n,
      60_000,
      'the periodic commit',
    );
    expect(running.task.delivered.map((d) => d.value)).toEqual(['x', 'y', 'z']);
    await stop(running);
  });

  it('redelivers the same batch after a RetriableException, after context.timeout', async () => {
    const topic = uniqueTopic('sink-retry');
    const name = uniqueTopic('sink-conn');
    await createTopic(topic, 1);
    await produce(topic, ['a', 'b', 'c', 'd']);
    const seen: string[][] = [];
    let failures = 0;
    let firstFailureAt = 0;
    let retryAt = 0;
    CollectingSinkTask.hooks.set(name, (records, task) => {
      if (records.length === 0) return;
      seen.push(records.map((r) => String(r.value)));
      if (failures < 2) {
        failures++;
        if (failures === 1) firstFailureAt = Date.now();
        task.retryAfter(300);
        throw new RetriableException('downstream busy');
      }
      retryAt = Date.now();
    });
    const running = startSink(name, { topics: topic });
    await waitFor(() => running.task.delivered.length >= 4, 60_000, 'records after retries');
    await stop(running);
    expect(seen[0]).toEqual(['a', 'b', 'c', 'd']);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    expect(retryAt - firstFailureAt).toBeGreaterThanOrEqual(550);
    expect(running.task.delivered.map((d) => d.value)).toEqual(['a', 'b', 'c', 'd']);
    expect(running.listener.events).toEqual(['startup', 'shutdown']);
    expect(await committed(name)).toEqual({ [`${topic}-0`]: 4n });
  });

  it('fails the task on any other exception from put, committing nothing of that batch', async () => {
    const topic = uniqueTopic('sink-fail');
    const name = uniqueTopic('sink-conn');
    await createTopic(topic, 1);
    await produce(topic, ['ok1', 'ok2']);
    CollectingSinkTask.hooks.set(name, (records) => {
      if (records.some((r) => r.value === 'boom')) throw new Error('cannot write boom');
    });
    const running = startSink(name, { topics: topic });
    await waitFor(() => running.task.delivered.length >= 2, 60_000, 'first records');
    await produce(topic, ['boom', 'after'], 1, 2);
    await running.done;
    expect(running.listener.events).toEqual(['startup', 'failure']);
    expect(running.listener.failure).toBeInstanceOf(ConnectException);
    expect(String((running.listener.failure as Error).message)).toBe(
      'Exiting WorkerSinkTask due to unrecoverable exception.',
    );
    expect(((running.listener.failure as Error).cause as Error).message).toBe('cannot write boom');
    expect(running.task.delivered.map((d) => d.value)).toEqual(['ok1', 'ok2']);
    expect(running.task.stopped).toBe(true);
    expect(await committed(name)).toEqual({ [`${topic}-0`]: 2n });
  });

  it('pause stops delivery until resume, reporting PAUSED and RUNNING', async () => {
    const topic = uniqueTopic('sink-pause');
    const name = uniqueTopic('sink-conn');
    await createTopic(topic, 1);
    await produce(topic, ['p0']);
    const running = startSink(name, { topics: topic });
    await waitFor(() => running.task.delivered.length >= 1, 60_000, 'first record');
    running.worker.transitionTo('PAUSED');
    await waitFor(() => running.listener.events.includes('pause'), 10_000, 'PAUSED');
    await produce(topic, ['p1', 'p2'], 1, 1);
    await new Promise((r) => setTimeout(r, 2000));
    expect(running.task.delivered.map((d) => d.value)).toEqual(['p0']);
    running.worker.transitionTo('STARTED');
    await waitFor(() => running.task.delivered.length >= 3, 30_000, 'records after resume');
    await stop(running);
    expect(running.listener.events).toEqual(['startup', 'pause', 'resume', 'shutdown']);
    expect(running.task.delivered.map((d) => d.value)).toEqual(['p0', 'p1', 'p2']);
  });

  it('context.offset() in open() rewinds: delivery starts there and the commit follows', async () => {
    const topic = uniqueTopic('sink-rewind');
    const name = uniqueTopic('sink-conn');
    await createTopic(topic, 1);
    await produce(topic, ['r0', 'r1', 'r2', 'r3', 'r4']);
    CollectingSinkTask.openHooks.set(name, (partitions, task) =>
      task.rewindTo(partitions.map((tp) => ({ ...tp, offset: 3n }))),
    );
    const running = startSink(name, { topics: topic });
    await waitFor(() => running.task.delivered.length >= 2, 60_000, 'records after the rewind');
    await new Promise((r) => setTimeout(r, 1000));
    await stop(running);
    expect(running.task.delivered.map((d) => d.value)).toEqual(['r3', 'r4']);
    expect(await committed(name)).toEqual({ [`${topic}-0`]: 5n });
  });

  it('two tasks of one connector share the partitions; every record is delivered and committed', async () => {
    const topic = uniqueTopic('sink-group');
    const name = uniqueTopic('sink-conn');
    await createTopic(topic, 4);
    const values = Array.from({ length: 40 }, (_, i) => `g${i}`);
    await produce(topic, values, 4);
    const a = startSink(name, { topics: topic }, { taskId: 0 });
    const b = startSink(name, { topics: topic }, { taskId: 1 });
    const all = (): string[] =>
      [...a.task.delivered, ...b.task.delivered].map((d) => String(d.value));
    await waitFor(() => new Set(all()).size >= 40, 90_000, 'all records across both tasks');
    await stop(a);
    // b may take over a's partitions now; give that rebalance time to happen before b stops.
    await new Promise((r) => setTimeout(r, 1500));
    await stop(b);
    expect(new Set(all())).toEqual(new Set(values));
    expect(a.listener.events).toEqual(['startup', 'shutdown']);
    expect(b.listener.events).toEqual(['startup', 'shutdown']);
    // Every open is matched by a close of the same partitions (Kafka's eager rebalance).
    const key = (ps: readonly { partition: number }[]): string =>
      ps
        .map((p) => p.partition)
        .sort()
        .join(',');
    for (const t of [a.task, b.task]) expect(t.closed.map(key)).toEqual(t.opened.map(key));
    expect(await committed(name)).toEqual({
      [`${topic}-0`]: 10n,
      [`${topic}-1`]: 10n,
      [`${topic}-2`]: 10n,
      [`${topic}-3`]: 10n,
    });
  });

  it('an idle task still gets an empty put about once per commit interval, as in Kafka', async () => {
    const topic = uniqueTopic('sink-idle');
    const name = uniqueTopic('sink-conn');
    await createTopic(topic, 1);
    const running = startSink(name, { topics: topic }, { flushIntervalMs: 300 });
    await waitFor(() => running.task.puts >= 3, 30_000, 'empty puts');
    await stop(running);
    expect(running.task.delivered).toEqual([]);
    expect(running.listener.events).toEqual(['startup', 'shutdown']);
  });
});
