// The bench's own view of the broker: topics it creates and deletes, end offsets it polls, and
// the one-time preload of W2's topic. Uses kafkajs directly (bench code is outside src/).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import kafkajs from 'kafkajs';
import { sleep } from './util.js';

const { Kafka, logLevel } = kafkajs;
const run = promisify(execFile);

/**
 * The broker to measure against: KAFKA_BOOTSTRAP if set, else a broker of the bench's own on
 * BENCH_KAFKA_PORT (default 19392) started with scripts/kafka.sh, so tests running on the
 * shared test broker neither disturb nor get disturbed by the bench's topics.
 */
export async function startBroker(root) {
  if (process.env.KAFKA_BOOTSTRAP) {
    return { bootstrap: process.env.KAFKA_BOOTSTRAP, stop: async () => {} };
  }
  const port = process.env.BENCH_KAFKA_PORT ?? '19392';
  const script = `${root}/scripts/kafka.sh`;
  const wasRunning = await run('bash', [script, 'status', '--port', port]).then(
    () => true,
    () => false,
  );
  let stdout;
  try {
    ({ stdout } = await run('bash', [script, 'start', '--port', port], { timeout: 180_000 }));
  } catch (error) {
    throw new Error(`could not start the bench broker on port ${port}:\n${error.stderr ?? error}`);
  }
  const bootstrap = stdout.trim().split('\n').pop();
  // A broker the bench started is deleted afterwards (its topics hold gigabytes of bench data);
  // one that was already running is left as it was found.
  const stop = async () => {
    if (!wasRunning) await run('bash', [script, 'reset', '--port', port]).catch(() => {});
  };
  return { bootstrap, stop, startedHere: !wasRunning };
}

export class BenchAdmin {
  constructor(bootstrap) {
    this.kafka = new Kafka({
      clientId: 'ts-connect-bench',
      brokers: bootstrap.split(','),
      logLevel: logLevel.NOTHING,
    });
    this.admin = this.kafka.admin();
  }

  async connect() {
    await this.admin.connect();
  }

  async close() {
    await this.admin.disconnect();
  }

  async createTopic(topic, partitions) {
    await this.admin.createTopics({
      waitForLeaders: false,
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    });
    // On KRaft the broker learns of a new topic a moment after the controller answered; wait
    // until its offsets can be listed, i.e. every partition has a leader.
    const deadline = Date.now() + 30_000;
    while (
      !(await this.endOffsets(topic).then(
        () => true,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error(`topic ${topic} has no leaders after 30 s`);
      await sleep(100);
    }
  }

  /** Records in the topic: the sum of the partitions' end offsets (topics start empty). */
  async endOffsets(topic) {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  }

  async deleteTopic(topic) {
    await this.admin.deleteTopics({ topics: [topic], timeout: 30_000 }).catch(() => {});
  }

  /**
   * Fills a topic with the lines of a file, in order, one record per line (no key), for the
   * Kafka → file workloads. One send at a time keeps the order; batches stay under the
   * broker's 1 MB message.max.bytes.
   */
  async preload(topic, file, expected) {
    const producer = this.kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      let batch = [];
      let sent = 0;
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
      for await (const line of lines) {
        batch.push({ value: line });
        if (batch.length === 8000) {
          await producer.send({ topic, acks: -1, messages: batch });
          sent += batch.length;
          batch = [];
        }
      }
      if (batch.length > 0) await producer.send({ topic, acks: -1, messages: batch });
      sent += batch.length;
      if (sent !== expected) throw new Error(`preloaded ${sent} records, expected ${expected}`);
    } finally {
      await producer.disconnect();
    }
  }
}
