/**
 * The runtime core against the real broker: a source connector defined here (a real plugin,
 * nothing mocked) runs through startStandalone → herder → worker → producer into a real topic.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceConnector, type TaskConfig } from '../../src/api/connector.js';
import { Headers } from '../../src/api/headers.js';
import { Schema } from '../../src/api/schema.js';
import { SourceRecord, type SourceOffsetMap } from '../../src/api/source-record.js';
import { SourceTask } from '../../src/api/source-task.js';
import { ConfigDef } from '../../src/config/config-def.js';
import { SimpleHeaderConverter } from '../../src/converters/simple-header-converter.js';
import { StringConverter } from '../../src/converters/string-converter.js';
import { PluginRegistry } from '../../src/plugins/plugin-registry.js';
import { startStandalone, type StandaloneRuntime } from '../../src/runtime/connect-standalone.js';
import { ConnectorOffsetReader } from '../../src/storage/connector-offset-reader.js';
import { FileOffsetBackingStore } from '../../src/storage/file-offset-backing-store.js';
import { sleep } from '../../src/util/sleep.js';
import {
  consumeRecords,
  kafkaBootstrap,
  readAllValues,
  uniqueTopic,
  waitFor,
} from '../helpers/kafka.js';

/** Emits `count` records `<name>-<n>` in batches of 100, resuming after its stored offset. */
class NumberedSourceTask extends SourceTask {
  static readonly FQCN = 'test.NumberedSourceTask';
  private next = 0;
  private count = 0;
  private failAt = -1;
  private topic = '';
  private partition: SourceOffsetMap = {};
  private stopped = false;

  version(): string {
    return '1.0';
  }

  async start(props: TaskConfig): Promise<void> {
    this.count = Number(props['count']);
    this.failAt = Number(props['fail.at'] ?? '-1');
    this.topic = props['topic']!;
    this.partition = { stream: props['name']! };
    const stored = await this.context.offsetStorageReader().offset(this.partition);
    this.next = stored === null ? 0 : Number(stored['n']) + 1;
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.stopped) return null;
    if (this.next === this.failAt) throw new Error(`record ${this.next} cannot be read`);
    if (this.next >= this.count) {
      await sleep(20);
      return null;
    }
    const out: SourceRecord[] = [];
    while (out.length < 100 && this.next < this.count && this.next !== this.failAt) {
      const n = this.next++;
      out.push(
        new SourceRecord({
          topic: this.topic,
          sourcePartition: this.partition,
          sourceOffset: { n },
          valueSchema: Schema.STRING_SCHEMA,
          value: `${this.partition['stream']}-${n}`,
          headers: new Headers(),
        }),
      );
    }
    return out;
  }

  stop(): void {
    this.stopped = true;
  }
}

class NumberedSourceConnector extends SourceConnector {
  static readonly FQCN = 'test.NumberedSourceConnector';
  private props: TaskConfig = {};
  version(): string {
    return '1.0';
  }
  start(props: TaskConfig): void {
    this.props = props;
  }
  taskClass(): new () => SourceTask {
    return NumberedSourceTask;
  }
  taskConfigs(): TaskConfig[] {
    return [{ ...this.props }];
  }
  stop(): void {}
  config(): ConfigDef {
    return new ConfigDef()
      .define({ name: 'topic', type: 'STRING', importance: 'HIGH', doc: 'Topic to write to.' })
      .define({ name: 'count', type: 'INT', importance: 'HIGH', doc: 'How many records.' });
  }
}

function registry(): PluginRegistry {
  return new PluginRegistry()
    .register('connector', NumberedSourceConnector.FQCN, NumberedSourceConnector)
    .register('converter', StringConverter.FQCN, StringConverter)
    .register('header-converter', SimpleHeaderConverter.FQCN, SimpleHeaderConverter);
}

let dir: string;
let workerFile: string;
let offsetsFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runtime-source-'));
  offsetsFile = join(dir, 'connect.offsets');
  workerFile = join(dir, 'worker.properties');
  writeFileSync(
    workerFile,
    [
      `bootstrap.servers=${kafkaBootstrap()}`,
      'key.converter=org.apache.kafka.connect.storage.StringConverter',
      'value.converter=org.apache.kafka.connect.storage.StringConverter',
      `offset.storage.file.filename=${offsetsFile}`,
      'offset.flush.interval.ms=500',
      'listeners=http://127.0.0.1:0',
      // Kafka's behaviour (a failed task stays FAILED), which these tests describe.
      'auto.restart.enable=false',
    ].join('\n'),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function storedOffset(connector: string): Promise<SourceOffsetMap | null> {
  const store = new FileOffsetBackingStore(offsetsFile);
  await store.start();
  try {
    return await new ConnectorOffsetReader(store, connector).offset({ stream: connector });
  } finally {
    await store.stop();
  }
}

function connectorConfig(
  name: string,
  topic: string,
  count: number,
  extra: Record<string, string> = {},
) {
  return {
    name,
    'connector.class': NumberedSourceConnector.FQCN,
    topic,
    count: String(count),
    'topic.creation.default.replication.factor': '1',
    'topic.creation.default.partitions': '1',
    ...extra,
  };
}

describe('runtime: source connector through herder and worker into Kafka', () => {
  it('delivers every record, stores offsets only for acknowledged records, resumes after restart', async () => {
    const topic = uniqueTopic('runtime-src');
    let rt: StandaloneRuntime = await startStandalone(workerFile, [], { registry: registry() });
    try {
      await rt.herder.createConnector(connectorConfig('numbers', topic, 1000));
      await consumeRecords(topic, 1000);
      // An offset in the file always names a record that is already in Kafka.
      await waitFor(
        async () => (await storedOffset('numbers')) !== null,
        30_000,
        'a periodic offset flush',
      );
      const mid = (await storedOffset('numbers'))!;
      const inKafka = await readAllValues(topic);
      expect(inKafka).toContain(`numbers-${String(mid['n'])}`);
      expect(rt.herder.connectorStatus('numbers').tasks[0]?.state).toBe('RUNNING');
    } finally {
      await rt.stop();
    }
    expect(await storedOffset('numbers')).toEqual({ n: 999 });

    rt = await startStandalone(workerFile, [], { registry: registry() });
    try {
      await rt.herder.createConnector(connectorConfig('numbers', topic, 1500));
      await consumeRecords(topic, 1500);
      await sleep(300);
    } finally {
      await rt.stop();
    }
    const values = await readAllValues(topic);
    expect(values).toEqual(Array.from({ length: 1500 }, (_, n) => `numbers-${n}`));
    expect(await storedOffset('numbers')).toEqual({ n: 1499 });
  });

  it('a failing task goes FAILED with its trace while another connector keeps running', async () => {
    const badTopic = uniqueTopic('runtime-bad');
    const goodTopic = uniqueTopic('runtime-good');
    const rt = await startStandalone(workerFile, [], { registry: registry() });
    try {
      await rt.herder.createConnector(
        connectorConfig('broken', badTopic, 500, { 'fail.at': '250' }),
      );
      await rt.herder.createConnector(connectorConfig('steady', goodTopic, 800));
      await waitFor(
        () => rt.herder.connectorStatus('broken').tasks[0]?.state === 'FAILED',
        30_000,
        'FAILED task',
      );
      const status = rt.herder.connectorStatus('broken');
      expect(status.connector.state).toBe('RUNNING');
      expect(status.tasks[0]?.trace).toContain('record 250 cannot be read');
      expect(status.tasks[0]?.trace).toContain('TASK_POLL');
      await consumeRecords(goodTopic, 800);
      expect(rt.herder.connectorStatus('steady').tasks[0]?.state).toBe('RUNNING');
    } finally {
      await rt.stop();
    }
    // The failed task still committed what Kafka had acknowledged before the failure.
    expect(await storedOffset('broken')).toEqual({ n: 249 });
    expect((await readAllValues(badTopic)).length).toBe(250);
  });
});
