/**
 * errors.retry.timeout in the real sink loop against the real broker: a transformation that
 * throws RetriableException is retried with Kafka's backoff (timings are checked with fake
 * timers in test/runtime/retry-operator-kafka.test.ts), then tolerance and the DLQ decide.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetriableException } from '../../src/api/errors.js';
import type { SinkRecord } from '../../src/api/sink-record.js';
import { producerSettings } from '../../src/kafka/client-settings.js';
import { ConnectProducer } from '../../src/kafka/producer.js';
import { configureLogging } from '../../src/util/logger.js';
import { createTopic, kafkaBootstrap, readAll, uniqueTopic, waitFor } from '../helpers/kafka.js';
import { startSink, stop } from '../kafka/sink-harness.js';

/** A transformation chain that throws RetriableException on `value` the first `times` times. */
function flakyChain(value: string, times: number) {
  const attempts: number[] = [];
  return {
    attempts,
    chain: {
      apply: (r: SinkRecord) => {
        if (r.value === value) {
          attempts.push(Date.now());
          if (attempts.length <= times) throw new RetriableException(`not yet: ${value}`);
        }
        return r;
      },
      close: () => undefined,
      toString: () => 'flaky',
    },
  };
}

describe('errors.retry.timeout in the sink loop (real broker)', () => {
  let producer: ConnectProducer;

  beforeAll(async () => {
    configureLogging({ write: () => undefined });
    producer = ConnectProducer.create(
      producerSettings({ 'bootstrap.servers': kafkaBootstrap() }, {}, 'retry-test', 0),
    );
    await producer.connect();
  });

  afterAll(async () => {
    await producer.close();
  });

  async function produce(topic: string, values: string[]): Promise<void> {
    await producer.send(
      values.map((v) => ({
        topic,
        partition: 0,
        key: null,
        value: Buffer.from(v),
        timestamp: null,
        headers: [],
      })),
    );
  }

  it('retries a RetriableException from a transformation until it passes, then delivers in order', async () => {
    const topic = uniqueTopic('retry');
    const name = uniqueTopic('retry-conn');
    await createTopic(topic, 1);
    await produce(topic, ['a', 'flaky', 'c']);
    const flaky = flakyChain('flaky', 2);
    const running = startSink(
      name,
      { topics: topic, 'errors.retry.timeout': '10000' },
      { chain: flaky.chain },
    );
    await waitFor(() => running.task.delivered.length >= 3, 60_000, 'three records');
    await stop(running);
    expect(running.task.delivered.map((d) => d.value)).toEqual(['a', 'flaky', 'c']);
    expect(flaky.attempts).toHaveLength(3);
    // Kafka's backoff: 300 ms, then 600 ms.
    expect(flaky.attempts[2]! - flaky.attempts[0]!).toBeGreaterThanOrEqual(900);
    expect(running.listener.events).toEqual(['startup', 'shutdown']);
  });

  it('once errors.retry.timeout is spent, tolerance all skips the record into the DLQ', async () => {
    const topic = uniqueTopic('retry-spent');
    const dlq = uniqueTopic('retry-spent-dlq');
    const name = uniqueTopic('retry-conn');
    await createTopic(topic, 1);
    await produce(topic, ['a', 'never', 'c']);
    const flaky = flakyChain('never', 1000);
    const running = startSink(
      name,
      {
        topics: topic,
        'errors.retry.timeout': '200',
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': dlq,
        'errors.deadletterqueue.topic.replication.factor': '1',
        'errors.deadletterqueue.context.headers.enable': 'true',
      },
      { chain: flaky.chain },
    );
    await waitFor(() => running.task.delivered.length >= 2, 60_000, 'two records');
    await stop(running);
    expect(running.task.delivered.map((d) => d.value)).toEqual(['a', 'c']);
    // Attempt 1 at 0 ms, a backoff capped at the 200 ms deadline, attempt 2, then no more.
    expect(flaky.attempts).toHaveLength(2);
    const dead = await readAll(dlq);
    expect(dead.map((r) => r.value?.toString())).toEqual(['never']);
    expect(Buffer.from(dead[0]!.headers['__connect.errors.stage'] as Buffer).toString()).toBe(
      'TRANSFORMATION',
    );
    expect(
      Buffer.from(dead[0]!.headers['__connect.errors.exception.class.name'] as Buffer).toString(),
    ).toBe('org.apache.kafka.connect.errors.RetriableException');
  });
});
