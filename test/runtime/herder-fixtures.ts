import { SourceConnector, type TaskConfig } from '../../src/api/connector.js';
import { Headers } from '../../src/api/headers.js';
import { Schema } from '../../src/api/schema.js';
import { SourceRecord, type SourceOffsetMap } from '../../src/api/source-record.js';
import { SourceTask, type RecordMetadata } from '../../src/api/source-task.js';
import { ConfigDef, atLeast } from '../../src/config/config-def.js';
import { PluginRegistry } from '../../src/plugins/plugin-registry.js';
import type { RestartClock } from '../../src/runtime/auto-restart.js';
import { StandaloneHerder } from '../../src/runtime/standalone-herder.js';
import type {
  OutgoingRecord,
  RecordSender,
  RecordTransformer,
} from '../../src/runtime/worker-source-task.js';
import { Worker } from '../../src/runtime/worker.js';
import { sleep } from '../../src/util/sleep.js';
import { Utf8TestConverter } from './source-fixtures.js';

/** Emits `count` numbered records (`prefix-n`), resuming after the stored offset; fails at `fail.at`. */
export class CountingTask extends SourceTask {
  private next = 0;
  private count = 0;
  private failAt = -1;
  private topic = '';
  private partition: SourceOffsetMap = {};
  private stopped = false;
  version(): string {
    return '1.0';
  }
  /** Starts per connector name, so `fail.starts` can fail the first few (tests reset it). */
  static readonly starts = new Map<string, number>();
  async start(props: TaskConfig): Promise<void> {
    const name = props['name'] ?? 'x';
    const started = (CountingTask.starts.get(name) ?? 0) + 1;
    CountingTask.starts.set(name, started);
    if (started <= Number(props['fail.starts'] ?? '0')) throw new Error(`start ${started} fails`);
    this.count = Number(props['count'] ?? '10');
    this.failAt = Number(props['fail.at'] ?? '-1');
    this.topic = props['topic'] ?? 'out';
    this.partition = { source: props['name'] ?? 'x' };
    const stored = await this.context.offsetStorageReader().offset(this.partition);
    this.next = stored === null ? 0 : Number(stored['n']) + 1;
  }
  async poll(): Promise<SourceRecord[] | null> {
    if (this.stopped) return null;
    if (this.next === this.failAt) throw new Error(`record ${this.next} is cursed`);
    if (this.next >= this.count) {
      await sleep(10);
      return null;
    }
    const out: SourceRecord[] = [];
    while (out.length < 50 && this.next < this.count && this.next !== this.failAt) {
      const n = this.next++;
      out.push(
        new SourceRecord({
          topic: this.topic,
          sourcePartition: this.partition,
          sourceOffset: { n },
          valueSchema: Schema.STRING_SCHEMA,
          value: `v-${n}`,
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

/** Ignores stop() and keeps its poll pending far beyond any graceful timeout. */
export class StubbornTask extends CountingTask {
  override async poll(): Promise<SourceRecord[] | null> {
    await sleep(3000);
    return null;
  }
  override stop(): void {}
}

export class CountingConnector extends SourceConnector {
  static readonly CLASS = 'test.CountingConnector';
  private props: TaskConfig = {};
  version(): string {
    return '1.0';
  }
  /** The latest started instance, so a test can act as the connector (e.g. ask for reconfiguration). */
  static latest: CountingConnector | null = null;
  /** Overrides `generate.tasks` when set, to simulate a source whose shape changed. */
  static taskCount: number | null = null;
  /** How many more start() calls fail (a connector that recovers after a few restarts). */
  static failStarts = 0;
  start(props: TaskConfig): void {
    if (props['connector.fail'] === 'true') throw new Error('connector refuses to start');
    if (CountingConnector.failStarts > 0) {
      CountingConnector.failStarts--;
      throw new Error('connector not ready yet');
    }
    this.props = props;
    CountingConnector.latest = this;
  }
  requestReconfiguration(): void {
    this.context.requestTaskReconfiguration();
  }
  taskClass(): new () => SourceTask {
    return this.props['stubborn'] === 'true' ? StubbornTask : CountingTask;
  }
  taskConfigs(maxTasks: number): TaskConfig[] {
    const n = CountingConnector.taskCount ?? Number(this.props['generate.tasks'] ?? '1');
    void maxTasks;
    return Array.from({ length: n }, () => ({ ...this.props }));
  }
  stop(): void {}
  config(): ConfigDef {
    return new ConfigDef()
      .define({ name: 'topic', type: 'STRING', importance: 'HIGH', doc: 'topic' })
      .define({
        name: 'count',
        type: 'INT',
        defaultValue: 10,
        importance: 'LOW',
        doc: 'n',
        validator: atLeast(0),
      });
  }
}

export class MemorySender implements RecordSender {
  readonly sent: OutgoingRecord[] = [];
  async connect(): Promise<void> {}
  async send(records: readonly OutgoingRecord[]): Promise<RecordMetadata[]> {
    const base = this.sent.length;
    this.sent.push(...records);
    return records.map((r, i) => ({ topic: r.topic, partition: 0, offset: BigInt(base + i) }));
  }
  async close(): Promise<void> {}
}

export class MemoryOffsets {
  readonly data = new Map<string, SourceOffsetMap | null>();
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async set(
    connector: string,
    entries: readonly { partition: SourceOffsetMap; offset: SourceOffsetMap | null }[],
  ) {
    for (const e of entries) this.data.set(JSON.stringify([connector, e.partition]), e.offset);
  }
  reader(connector: string) {
    return {
      offset: async (p: SourceOffsetMap) => this.data.get(JSON.stringify([connector, p])) ?? null,
      offsets: async () => new Map<SourceOffsetMap, SourceOffsetMap>(),
    };
  }
}

export function identityChain<R>(): RecordTransformer<R> {
  return { apply: (r) => r, close: () => {}, toString: () => 'TransformationChain{}' };
}

export function buildHerder(
  worker: Record<string, string> = {},
  options: { restartClock?: RestartClock } = {},
) {
  const registry = new PluginRegistry()
    .register('connector', CountingConnector.CLASS, CountingConnector)
    .register('converter', 'test.Utf8Converter', Utf8TestConverter)
    .register(
      'header-converter',
      'org.apache.kafka.connect.storage.SimpleHeaderConverter',
      Utf8TestConverter,
    );
  const sender = new MemorySender();
  const offsets = new MemoryOffsets();
  const w = new Worker({
    workerId: 'localhost:8083',
    workerConfig: {
      'key.converter': 'test.Utf8Converter',
      'value.converter': 'test.Utf8Converter',
      'offset.flush.interval.ms': '50',
      // Kafka's behaviour (a failed task stays FAILED), which most tests describe; the
      // automatic restart tests turn it on.
      'auto.restart.enable': 'false',
      ...worker,
    },
    registry,
    offsetStore: offsets,
    offsetReader: (c) => offsets.reader(c),
    clients: {
      producer: () => sender,
      admin: () => ({ createTopicsIfMissing: async () => [], close: async () => {} }),
    },
    buildChain: identityChain,
  });
  const herder = new StandaloneHerder({
    worker: w,
    registry,
    checkTransforms: () => {},
    ...(options.restartClock !== undefined ? { restartClock: options.restartClock } : {}),
  });
  return { herder, sender, offsets, registry };
}
