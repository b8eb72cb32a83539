/**
 * Kafka lost while running: on a broker of its own (so other tests keep theirs), the producer's
 * send waits while the broker is down and completes once it is back, with offsets that carry on;
 * a sink task keeps running through the outage and goes on consuming and committing afterwards.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { producerSettings } from '../../src/kafka/client-settings.js';
import { ConnectProducer, type ProducerRecordBytes } from '../../src/kafka/producer.js';
import { configureLogging } from '../../src/util/logger.js';
import { ConnectAdmin } from '../../src/kafka/admin.js';
import { adminSettings } from '../../src/kafka/client-settings.js';
import { createTopic, readAll, uniqueTopic, waitFor } from '../helpers/kafka.js';
import { startSink, stop } from '../kafka/sink-harness.js';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'kafka.sh');
const PORT = process.env.KAFKA_OUTAGE_TEST_PORT ?? '39392';

async function kafkaSh(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [SCRIPT, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim().split('\n').at(-1) ?? '';
}

describe('clients across a broker outage', () => {
  let bootstrap = '';

  beforeAll(async () => {
    configureLogging({ write: () => undefined });
    bootstrap = await kafkaSh('start', '--port', PORT);
  }, 300_000);

  afterAll(async () => {
    await kafkaSh('reset', '--port', PORT);
  }, 120_000);

  it('a send issued while the broker is down completes after it returns', async () => {
    const topic = uniqueTopic('outage');
    await createTopic(topic, 1, {}, bootstrap);
    const producer = ConnectProducer.create(
      producerSettings({ 'bootstrap.servers': bootstrap }, {}, 'outage', 0),
    );
    const batch = (from: number): ProducerRecordBytes[] =>
      Array.from({ length: 5 }, (_, i) => ({
        topic,
        partition: null,
        key: null,
        value: Buffer.from(`v${from + i}`),
        timestamp: null,
        headers: [],
      }));
    try {
      await producer.connect();
      expect((await producer.send(batch(0))).map((m) => m.offset)).toEqual([0n, 1n, 2n, 3n, 4n]);

      await kafkaSh('stop', '--port', PORT);
      let settled = false;
      const pending = producer.send(batch(5)).finally(() => {
        settled = true;
      });
      await new Promise((r) => setTimeout(r, 5000));
      expect(settled).toBe(false);

      await kafkaSh('start', '--port', PORT);
      const metadata = await pending;
      expect(metadata.map((m) => m.partition)).toEqual([0, 0, 0, 0, 0]);
      // At-least-once: an attempt that reached the log before the broker went away may repeat.
      const values = (await readAll(topic, { bootstrap })).map((r) => r.value?.toString());
      expect(values.slice(0, 5)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
      expect(values.slice(-5)).toEqual(['v5', 'v6', 'v7', 'v8', 'v9']);
      expect(metadata[0]!.offset).toBe(BigInt(values.length - 5));
    } finally {
      await producer.close();
    }
  }, 400_000);

  it('a sink task rides out the outage: no failure, then everything after it arrives and is committed', async () => {
    const topic = uniqueTopic('outage-sink');
    const name = uniqueTopic('outage-conn');
    await createTopic(topic, 1, {}, bootstrap);
    const producer = ConnectProducer.create(
      producerSettings({ 'bootstrap.servers': bootstrap }, {}, 'outage', 1),
    );
    const send = (from: number): Promise<unknown> =>
      producer.send(
        Array.from({ length: 5 }, (_, i) => ({
          topic,
          partition: 0,
          key: null,
          value: Buffer.from(`s${from + i}`),
          timestamp: null,
          headers: [],
        })),
      );
    await producer.connect();
    const sink = startSink(name, { topics: topic }, { bootstrap, flushIntervalMs: 1000 });
    try {
      await send(0);
      await waitFor(() => sink.task.delivered.length >= 5, 60_000, 'records before the outage');

      await kafkaSh('stop', '--port', PORT);
      await new Promise((r) => setTimeout(r, 5000));
      expect(sink.listener.events).toEqual(['startup']);

      await kafkaSh('start', '--port', PORT);
      await send(5);
      await waitFor(() => sink.task.delivered.length >= 10, 120_000, 'records after the outage');
      await stop(sink);
      expect(sink.listener.events).toEqual(['startup', 'shutdown']);
      const values = sink.task.delivered.map((d) => d.value);
      // At-least-once: what was put but not yet committed before the outage may come again.
      expect(new Set(values)).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `s${i}`)));
      expect(values.slice(-5)).toEqual(['s5', 's6', 's7', 's8', 's9']);
      const admin = ConnectAdmin.create(
        adminSettings({ 'bootstrap.servers': bootstrap }, {}, 'outage', 0),
      );
      try {
        expect(await admin.listGroupOffsets(`connect-${name}`)).toEqual([
          { topic, partition: 0, offset: 10n },
        ]);
      } finally {
        await admin.close();
      }
    } finally {
      sink.worker.stop();
      await sink.done;
      await producer.close();
    }
  }, 400_000);
});
