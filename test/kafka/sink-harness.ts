/**
 * A sink task plugin that collects what it is given, and a way to run it in the real sink loop
 * (src/runtime/worker-sink-task.ts): shared by the sink integration tests.
 */
import { expect } from 'vitest';
import type { TaskConfig } from '../../src/api/connector.js';
import type { ErrantRecordReporter } from '../../src/api/errant-record-reporter.js';
import type { SinkRecord } from '../../src/api/sink-record.js';
import { SinkTask } from '../../src/api/sink-task.js';
import type { TopicPartition, TopicPartitionOffset } from '../../src/api/topic-partition.js';
import { SimpleHeaderConverter } from '../../src/converters/simple-header-converter.js';
import { StringConverter } from '../../src/converters/string-converter.js';
import type { TaskConverters } from '../../src/runtime/task-plugins.js';
import { buildWorkerSinkTask, type WorkerSinkTask } from '../../src/runtime/worker-sink-task.js';
import type { RecordTransformer } from '../../src/runtime/worker-source-task.js';
import type { ConnectorTaskId, TaskStatusListener } from '../../src/runtime/worker-task.js';
import type { ConnectAdmin } from '../../src/kafka/admin.js';
import type { ProducerRecordBytes } from '../../src/kafka/producer.js';
import { getLogger } from '../../src/util/logger.js';
import { kafkaBootstrap } from '../helpers/kafka.js';

export interface Delivered {
  topic: string;
  partition: number;
  offset: bigint;
  key: unknown;
  value: unknown;
  headers: string[];
  timestamp: number | null;
}

/** What a test wants the task to do on a put. */
export type PutHook = (records: readonly SinkRecord[], task: CollectingSinkTask) => void;

/** A sink task plugin that keeps what it was given in memory ("flushed" on flush). */
export class CollectingSinkTask extends SinkTask {
  static hooks = new Map<string, PutHook>();
  static openHooks = new Map<
    string,
    (partitions: TopicPartition[], task: CollectingSinkTask) => void
  >();
  readonly delivered: Delivered[] = [];
  readonly opened: TopicPartition[][] = [];
  readonly closed: TopicPartition[][] = [];
  flushes = 0;
  puts = 0;
  stopped = false;
  private hook: PutHook | undefined;
  private name = '';

  version(): string {
    return '1.0';
  }

  start(props: TaskConfig): void {
    this.name = props['name']!;
    this.hook = CollectingSinkTask.hooks.get(this.name);
  }

  put(records: readonly SinkRecord[]): void {
    this.puts++;
    this.hook?.(records, this);
    for (const r of records) {
      this.delivered.push({
        topic: r.topic,
        partition: r.kafkaPartition!,
        offset: r.kafkaOffset,
        key: r.key,
        value: r.value,
        headers: [...r.headers].map((h) => `${h.key}=${String(h.value)}`),
        timestamp: r.timestamp,
      });
    }
  }

  override flush(_offsets: readonly TopicPartitionOffset[]): void {
    this.flushes++;
  }

  override open(partitions: readonly TopicPartition[]): void {
    this.opened.push([...partitions]);
    CollectingSinkTask.openHooks.get(this.name)?.([...partitions], this);
  }

  override close(partitions: readonly TopicPartition[]): void {
    this.closed.push([...partitions]);
  }

  stop(): void {
    this.stopped = true;
  }

  rewindTo(offsets: TopicPartitionOffset[]): void {
    this.context.offset(offsets);
  }

  /** The errant record reporter the runtime handed the task (KIP-610), or null. */
  errantRecordReporter(): ErrantRecordReporter | null {
    return this.context.errantRecordReporter();
  }

  /** Asks the runtime to wait before redelivering, as a task does before a RetriableException. */
  retryAfter(ms: number): void {
    this.context.timeout(ms);
  }
}

export class RecordingListener implements TaskStatusListener {
  readonly events: string[] = [];
  failure: unknown = null;
  onStartup(): void {
    this.events.push('startup');
  }
  onPause(): void {
    this.events.push('pause');
  }
  onResume(): void {
    this.events.push('resume');
  }
  onFailure(_id: ConnectorTaskId, cause: unknown): void {
    this.events.push('failure');
    this.failure = cause;
  }
  onShutdown(): void {
    this.events.push('shutdown');
  }
}

export function converters(): TaskConverters {
  const key = new StringConverter();
  key.configure({}, true);
  const value = new StringConverter();
  value.configure({}, false);
  const header = new SimpleHeaderConverter();
  header.configure({});
  return {
    key: { plugin: key, className: StringConverter.FQCN, source: 'worker' },
    value: { plugin: value, className: StringConverter.FQCN, source: 'worker' },
    header: {
      plugin: header,
      className: 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
      source: 'worker',
    },
  };
}

export interface Running {
  worker: WorkerSinkTask;
  task: CollectingSinkTask;
  listener: RecordingListener;
  done: Promise<void>;
}

export function startSink(
  name: string,
  connectorExtra: Record<string, string>,
  {
    flushIntervalMs = 60_000,
    bootstrap = kafkaBootstrap(),
    taskId = 0,
    chain = { apply: (r: SinkRecord) => r, close: () => undefined, toString: () => 'identity' },
  }: {
    flushIntervalMs?: number;
    bootstrap?: string;
    taskId?: number;
    chain?: RecordTransformer<SinkRecord>;
  } = {},
): Running {
  const task = new CollectingSinkTask();
  const listener = new RecordingListener();
  const connectorConfig = {
    name,
    'connector.class': 'CollectingSink',
    'tasks.max': '1',
    ...connectorExtra,
  };
  const worker = buildWorkerSinkTask({
    id: { connector: name, task: taskId },
    task,
    taskConfig: { ...connectorConfig },
    connectorConfig,
    workerConfig: {
      'bootstrap.servers': bootstrap,
      'offset.flush.interval.ms': String(flushIntervalMs),
      // Faster group joins for a one-member group in tests.
      'consumer.heartbeat.interval.ms': '500',
    },
    converters: converters(),
    chain,
    statusListener: listener,
    initialState: 'STARTED',
    log: getLogger('WorkerSinkTask').withContext(`${name}|task-${taskId}`),
  });
  return { worker, task, listener, done: worker.run() };
}

export async function stop(r: Running): Promise<void> {
  r.worker.stop();
  expect(await r.worker.awaitStop(30_000)).toBe(true);
  await r.done;
}

/**
 * The sink tests' input: value `values[i]` as record `from + i`, keyed `k<n>`, stamped, with a
 * `seq` header, spread round-robin over `partitions`.
 */
export function numberedRecords(
  topic: string,
  values: readonly string[],
  partitions = 1,
  from = 0,
): ProducerRecordBytes[] {
  return values.map((v, i) => ({
    topic,
    partition: (from + i) % partitions,
    key: Buffer.from(`k${from + i}`),
    value: Buffer.from(v),
    timestamp: 1_700_000_000_000 + from + i,
    headers: [{ key: 'seq', value: Buffer.from(String(from + i)) }],
  }));
}

/** A sink connector's committed offsets in its group `connect-<name>`, as `topic-partition` → offset. */
export async function committedOffsets(
  admin: ConnectAdmin,
  name: string,
): Promise<Record<string, bigint>> {
  return Object.fromEntries(
    (await admin.listGroupOffsets(`connect-${name}`)).map((o) => [
      `${o.topic}-${o.partition}`,
      o.offset,
    ]),
  );
}
