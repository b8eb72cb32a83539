/**
 * Kafka lost while running: on a broker of its own (so other tests keep theirs), the producer's
 * send waits while the broker is down and completes once it is back, with offsets that carry on.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { producerSettings } from '../../src/kafka/client-settings.js';
import { ConnectProducer, type ProducerRecordBytes } from '../../src/kafka/producer.js';
import { configureLogging } from '../../src/util/logger.js';
import { createTopic, readAll, uniqueTopic } from '../helpers/kafka.js';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'kafka.sh');
const PORT = process.env.KAFKA_OUTAGE_TEST_PORT ?? '39392';

async function kafkaSh(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [SCRIPT, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim().split('\n').at(-1) ?? '';
}

describe('producer across a broker outage', () => {
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
});
