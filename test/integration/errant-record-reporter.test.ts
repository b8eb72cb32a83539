/**
 * The errant record reporter a sink task gets (KIP-610) and the dead letter queue behind it,
 * in the real sink loop against the real broker: what lands in the DLQ, when offsets commit,
 * and how errors.tolerance=none fails the task, as Kafka's WorkerErrantRecordReporter does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectException, DataException } from '../../src/api/errors.js';
import { ConnectAdmin } from '../../src/kafka/admin.js';
import { adminSettings, producerSettings } from '../../src/kafka/client-settings.js';
import { ConnectProducer } from '../../src/kafka/producer.js';
import { configureLogging } from '../../src/util/logger.js';
import { createTopic, kafkaBootstrap, readAll, uniqueTopic, waitFor } from '../helpers/kafka.js';
import {
  CollectingSinkTask,
  committedOffsets,
  numberedRecords,
  startSink,
  stop,
} from '../kafka/sink-harness.js';

describe('errant record reporter and dead letter queue (sink loop, real broker)', () => {
  let producer: ConnectProducer;
  let admin: ConnectAdmin;
  const logged: string[] = [];

  beforeAll(async () => {
    configureLogging({ write: (line: string) => void logged.push(line) });
    const worker = { 'bootstrap.servers': kafkaBootstrap() };
    producer = ConnectProducer.create(producerSettings(worker, {}, 'errant-test', 0));
    await producer.connect();
    admin = ConnectAdmin.create(adminSettings(worker, {}, 'errant-test', 0));
  });

  afterAll(async () => {
    await producer.close();
    await admin.close();
  });

  async function produce(topic: string, values: string[], from = 0): Promise<void> {
    await producer.send(numberedRecords(topic, values, 1, from));
  }

  const committed = (name: string): Promise<Record<string, bigint>> =>
    committedOffsets(admin, name);

  const text = (v: unknown): string => Buffer.from(v as Buffer).toString('utf8');

  it('with a DLQ and tolerance all: reported records go to the DLQ raw, with TASK_PUT context headers', async () => {
    const topic = uniqueTopic('errant');
    const dlq = uniqueTopic('errant-dlq');
    const name = uniqueTopic('errant-conn');
    await createTopic(topic, 1);
    await produce(topic, ['ok0', 'bad1', 'ok2', 'bad3', 'ok4']);
    const writes: Promise<void>[] = [];
    CollectingSinkTask.hooks.set(name, (records, task) => {
      const reporter = task.errantRecordReporter();
      for (const r of records) {
        if (String(r.value).startsWith('bad')) {
          writes.push(reporter!.report(r, new DataException(`cannot write ${String(r.value)}`)));
        }
      }
    });
    const running = startSink(name, {
      topics: topic,
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': dlq,
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await waitFor(() => running.task.delivered.length >= 5, 60_000, 'five records put');
    expect(writes).toHaveLength(2);
    await Promise.all(writes); // settles once the DLQ acknowledged
    await stop(running);

    expect(running.listener.events).toEqual(['startup', 'shutdown']);
    expect(
      logged.some((l) => l.includes(`Topic ${dlq} doesn't exist. Will attempt to create topic.`)),
    ).toBe(true);
    const dead = await readAll(dlq);
    expect(dead.map((r) => [r.key?.toString(), r.value?.toString(), r.timestamp])).toEqual([
      ['k1', 'bad1', '1700000000001'],
      ['k3', 'bad3', '1700000000003'],
    ]);
    const h = dead[0]!.headers;
    expect(Object.keys(h)).toEqual([
      'seq',
      '__connect.errors.topic',
      '__connect.errors.partition',
      '__connect.errors.offset',
      '__connect.errors.connector.name',
      '__connect.errors.task.id',
      '__connect.errors.stage',
      '__connect.errors.class.name',
      '__connect.errors.exception.class.name',
      '__connect.errors.exception.message',
      '__connect.errors.exception.stacktrace',
    ]);
    expect(text(h['seq'])).toBe('1');
    expect(text(h['__connect.errors.topic'])).toBe(topic);
    expect(text(h['__connect.errors.partition'])).toBe('0');
    expect(text(h['__connect.errors.offset'])).toBe('1');
    expect(text(h['__connect.errors.connector.name'])).toBe(name);
    expect(text(h['__connect.errors.task.id'])).toBe('0');
    expect(text(h['__connect.errors.stage'])).toBe('TASK_PUT');
    expect(text(h['__connect.errors.class.name'])).toBe('org.apache.kafka.connect.sink.SinkTask');
    expect(text(h['__connect.errors.exception.class.name'])).toBe(
      'org.apache.kafka.connect.errors.DataException',
    );
    expect(text(h['__connect.errors.exception.message'])).toBe('cannot write bad1');
    expect(text(h['__connect.errors.exception.stacktrace'])).toMatch(
      /^org\.apache\.kafka\.connect\.errors\.DataException: cannot write bad1\n\tat /,
    );
    // The task accepted the batch: every offset commits, the reported ones included.
    expect(await committed(name)).toEqual({ [`${topic}-0`]: 5n });
  });

  it('with tolerance none: report throws "Tolerance exceeded in error handler", and a task that swallows it still fails', async () => {
    const topic = uniqueTopic('errant-none');
    const name = uniqueTopic('errant-conn');
    await createTopic(topic, 1);
    await produce(topic, ['ok0', 'ok1']);
    const thrown: unknown[] = [];
    CollectingSinkTask.hooks.set(name, (records, task) => {
      for (const r of records) {
        if (r.value !== 'bad2') continue;
        try {
          void task.errantRecordReporter()!.report(r, new DataException('no'));
        } catch (error) {
          thrown.push(error);
        }
      }
    });
    const running = startSink(name, { topics: topic, 'errors.log.enable': 'true' });
    await waitFor(() => running.task.delivered.length >= 2, 60_000, 'first records');
    await produce(topic, ['bad2', 'ok3'], 2);
    await running.done;

    expect(thrown).toHaveLength(1);
    expect(thrown[0]).toBeInstanceOf(ConnectException);
    expect((thrown[0] as Error).message).toBe('Tolerance exceeded in error handler');
    expect(running.listener.events).toEqual(['startup', 'failure']);
    const failure = running.listener.failure as Error;
    expect(failure.message).toBe('Exiting WorkerSinkTask due to unrecoverable exception.');
    expect((failure.cause as Error).message).toBe('Tolerance exceeded in error handler');
    expect(
      logged.some((l) =>
        l.includes(
          `Error encountered in task ${name}-0. Executing stage 'TASK_PUT' with class 'org.apache.kafka.connect.sink.SinkTask'.`,
        ),
      ),
    ).toBe(true);
    // Nothing of the failed batch is committed.
    expect(await committed(name)).toEqual({ [`${topic}-0`]: 2n });
  });

  it('a DLQ write the broker refuses fails the task, and the offsets never move past that record', async () => {
    const topic = uniqueTopic('errant-refused');
    const dlq = uniqueTopic('errant-refused-dlq');
    const name = uniqueTopic('errant-conn');
    await createTopic(topic, 1);
    // Too small for any record with the context headers: the broker answers MESSAGE_TOO_LARGE.
    await createTopic(dlq, 1, { 'max.message.bytes': '100' });
    await produce(topic, ['ok0', 'ok1', 'bad2', 'ok3']);
    CollectingSinkTask.hooks.set(name, (records, task) => {
      for (const r of records) {
        if (r.value === 'bad2') {
          void task
            .errantRecordReporter()!
            .report(r, new DataException('no'))
            .catch(() => undefined);
        }
      }
    });
    const running = startSink(
      name,
      {
        topics: topic,
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': dlq,
        'errors.deadletterqueue.context.headers.enable': 'true',
      },
      { flushIntervalMs: 500 },
    );
    await running.done;
    expect(running.listener.events).toEqual(['startup', 'failure']);
    expect((running.listener.failure as Error).message).toMatch(
      new RegExp(`^Could not produce message to dead letter queue\\. topic=${dlq}: `),
    );
    expect(running.task.delivered.map((d) => d.value)).toEqual(['ok0', 'ok1', 'bad2', 'ok3']);
    // The batch held the refused record: nothing of it is committed, it is all delivered again.
    expect(await committed(name)).toEqual({});
    expect(await readAll(dlq)).toEqual([]);
  });

  it('a record the task made itself is converted back with the task converters, as Kafka does', async () => {
    const topic = uniqueTopic('errant-own');
    const dlq = uniqueTopic('errant-own-dlq');
    const name = uniqueTopic('errant-conn');
    await createTopic(topic, 1);
    await produce(topic, ['a', 'b']);
    const writes: Promise<void>[] = [];
    CollectingSinkTask.hooks.set(name, (records, task) => {
      for (const r of records) {
        if (r.value !== 'b') continue;
        const own = r.newRecord({ value: 'rewritten', key: 'own-key' });
        writes.push(task.errantRecordReporter()!.report(own, new DataException('mine')));
      }
    });
    const running = startSink(name, {
      topics: topic,
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': dlq,
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    await waitFor(() => running.task.delivered.length >= 2, 60_000, 'two records put');
    await Promise.all(writes);
    await stop(running);
    const dead = await readAll(dlq);
    expect(
      dead.map((r) => [r.key?.toString(), r.value?.toString(), text(r.headers['seq'])]),
    ).toEqual([['own-key', 'rewritten', '1']]);
    expect(text(dead[0]!.headers['__connect.errors.offset'])).toBe('1');
    expect(text(dead[0]!.headers['__connect.errors.stage'])).toBe('TASK_PUT');
  });

  it('no DLQ and no error log: the task gets no reporter, as in Kafka', async () => {
    const topic = uniqueTopic('errant-null');
    const name = uniqueTopic('errant-conn');
    await createTopic(topic, 1);
    await produce(topic, ['x']);
    let reporter: unknown = 'unset';
    CollectingSinkTask.hooks.set(name, (_records, task) => {
      reporter = task.errantRecordReporter();
    });
    const running = startSink(name, { topics: topic, 'errors.tolerance': 'all' });
    await waitFor(() => running.task.delivered.length >= 1, 60_000, 'one record');
    await stop(running);
    expect(reporter).toBeNull();
  });

  it('a DLQ topic that cannot be created (replication factor 3 on one broker) fails the task at start', async () => {
    const topic = uniqueTopic('errant-rf');
    const dlq = uniqueTopic('errant-rf-dlq');
    const name = uniqueTopic('errant-conn');
    await createTopic(topic, 1);
    const running = startSink(name, {
      topics: topic,
      'errors.deadletterqueue.topic.name': dlq,
    });
    await running.done;
    expect(running.listener.events).toEqual(['failure']);
    const failure = running.listener.failure as Error;
    expect(failure.message).toBe(
      `Could not initialize dead letter queue with topic=${dlq}: Replication-factor is invalid (INVALID_REPLICATION_FACTOR)`,
    );
  });
});
