import { describe, expect, it } from 'vitest';
import { Headers } from '../../src/api/headers.js';
import { Schema } from '../../src/api/schema.js';
import { SourceRecord, type SourceOffsetMap } from '../../src/api/source-record.js';
import { SourceTask, type RecordMetadata } from '../../src/api/source-task.js';
import {
  WorkerSourceTask,
  type OutgoingRecord,
  type RecordSender,
  type RecordTransformer,
} from '../../src/runtime/worker-source-task.js';
import type { ConnectorTaskId, TaskStatusListener } from '../../src/runtime/worker-task.js';
import { sleep } from '../../src/util/sleep.js';
import { captureLogger } from './log-capture.js';
import { testConverters } from './source-fixtures.js';

class NumberedTask extends SourceTask {
  next = 0;
  commits = 0;
  committed: number[] = [];
  constructor(
    private readonly values: string[],
    private readonly batch: number,
  ) {
    super();
  }
  version(): string {
    return '1';
  }
  start(): void {}
  async poll(): Promise<SourceRecord[] | null> {
    if (this.next >= this.values.length) {
      await sleep(5);
      return null;
    }
    const out: SourceRecord[] = [];
    while (out.length < this.batch && this.next < this.values.length) {
      const i = this.next++;
      out.push(
        new SourceRecord({
          topic: 't',
          sourcePartition: { p: 'only' },
          sourceOffset: { n: i },
          valueSchema: Schema.STRING_SCHEMA,
          value: this.values[i],
          headers: new Headers(),
        }),
      );
    }
    return out;
  }
  override commit(): void {
    this.commits++;
  }
  override commitRecord(record: SourceRecord): void {
    this.committed.push(record.sourceOffset!['n'] as number);
  }
  stop(): void {}
}

/** The producer adapter stand-in: acknowledges each send when `release()` is called. */
class GatedSender implements RecordSender {
  sends: OutgoingRecord[][] = [];
  private gates: (() => void)[] = [];
  autoAck = false;
  failWith: Error | null = null;
  async connect(): Promise<void> {}
  async send(records: readonly OutgoingRecord[]): Promise<RecordMetadata[]> {
    this.sends.push([...records]);
    if (this.failWith !== null) throw this.failWith;
    if (!this.autoAck) await new Promise<void>((r) => this.gates.push(r));
    return records.map((r, i) => ({ topic: r.topic, partition: 0, offset: BigInt(i) }));
  }
  release(): void {
    this.gates.shift()?.();
  }
  async close(): Promise<void> {}
}

class Statuses implements TaskStatusListener {
  events: string[] = [];
  onStartup(): void {
    this.events.push('RUNNING');
  }
  onPause(): void {
    this.events.push('PAUSED');
  }
  onResume(): void {
    this.events.push('RESUMED');
  }
  onFailure(_id: ConnectorTaskId, e: unknown): void {
    this.events.push(`FAILED ${(e as Error).message}`);
  }
  onShutdown(): void {
    this.events.push('SHUTDOWN');
  }
}

class MemoryStore {
  writes: { partition: SourceOffsetMap; offset: SourceOffsetMap | null }[][] = [];
  async set(
    _c: string,
    entries: readonly { partition: SourceOffsetMap; offset: SourceOffsetMap | null }[],
  ) {
    this.writes.push([...entries]);
  }
}

const identity: RecordTransformer<SourceRecord> = {
  apply: (r) => (r.value === 'drop' ? null : r),
  close: () => {},
  toString: () => 'TransformationChain{}',
};

function build(values: string[], batch: number, config: Record<string, string> = {}) {
  const task = new NumberedTask(values, batch);
  const sender = new GatedSender();
  const store = new MemoryStore();
  const statuses = new Statuses();
  const lines: string[] = [];
  const log = captureLogger(lines);
  const wst = new WorkerSourceTask({
    id: { connector: 'c', task: 0 },
    task,
    taskClassName: 'test.NumberedTask',
    taskConfig: {},
    connectorConfig: { name: 'c', ...config },
    converters: testConverters(),
    chain: identity,
    producer: sender,
    admin: null,
    topicCreation: null,
    offsetStore: store,
    offsetReader: { offset: async () => null, offsets: async () => new Map() },
    offsetFlushTimeoutMs: 500,
    statusListener: statuses,
    initialState: 'STARTED',
    log,
    offsetLog: log,
  });
  return { task, sender, store, statuses, lines, wst };
}

describe('WorkerSourceTask', () => {
  it('sends one request per poll batch and commits only acknowledged offsets', async () => {
    const { task, sender, store, wst, lines } = build(['a', 'b', 'c', 'd', 'e'], 2);
    const done = wst.run();
    await sleep(30);
    expect(sender.sends.map((s) => s.map((r) => r.value?.toString()))).toEqual([['a', 'b']]);
    // Sends are sequential: the second batch waits for the first acknowledgement.
    sender.release();
    await sleep(20);
    expect(await wst.commitOffsets()).toBe(true);
    expect(store.writes).toEqual([[{ partition: { p: 'only' }, offset: { n: 1 } }]]);
    expect(task.committed).toEqual([0, 1]);
    expect(task.commits).toBe(1);
    expect(lines).toContain(
      'INFO WorkerSourceTask{id=c-0} Committing offsets for 2 acknowledged messages',
    );
    sender.autoAck = true;
    sender.release();
    sender.release();
    await sleep(30);
    wst.stop();
    await done;
    expect(store.writes.at(-1)).toEqual([{ partition: { p: 'only' }, offset: { n: 4 } }]);
    expect(sender.sends.flat().length).toBe(5);
  });

  it('dropped records count as acknowledged, keeping partition order', async () => {
    const { sender, store, wst, task } = build(['a', 'drop', 'drop'], 3);
    sender.autoAck = true;
    const done = wst.run();
    await sleep(30);
    wst.stop();
    await done;
    expect(sender.sends.flat().map((r) => r.value?.toString())).toEqual(['a']);
    expect(store.writes.at(-1)).toEqual([{ partition: { p: 'only' }, offset: { n: 2 } }]);
    expect(task.committed).toEqual([1, 2, 0]);
  });

  it('fails with a stage error on a conversion error (tolerance none), keeping earlier acknowledged offsets', async () => {
    const { sender, store, wst, statuses } = build(['a', 'b', 'bad', 'c'], 2);
    sender.autoAck = true;
    await wst.run();
    expect(statuses.events[0]).toBe('RUNNING');
    expect(statuses.events[1]).toMatch(
      /^FAILED Tolerance exceeded in error handler: stage VALUE_CONVERTER with class 'test.Utf8' failed in task c-0 on source record for topic 't' with source partition \{"p":"only"\} and offset \{"n":2\}: DataException: cannot convert bad$/,
    );
    expect(store.writes.at(-1)).toEqual([{ partition: { p: 'only' }, offset: { n: 1 } }]);
  });

  it('skips failing records with errors.tolerance=all and commits past them', async () => {
    const { sender, store, wst, statuses } = build(['a', 'bad', 'c'], 3, {
      'errors.tolerance': 'all',
    });
    sender.autoAck = true;
    const done = wst.run();
    await sleep(30);
    wst.stop();
    await done;
    expect(statuses.events).toEqual(['RUNNING', 'SHUTDOWN']);
    expect(sender.sends.flat().map((r) => r.value?.toString())).toEqual(['a', 'c']);
    expect(store.writes.at(-1)).toEqual([{ partition: { p: 'only' }, offset: { n: 2 } }]);
  });

  it('does not commit offsets of records Kafka never acknowledged at stop', async () => {
    const { store, wst } = build(['a', 'b'], 2);
    const done = wst.run();
    await sleep(20);
    wst.stop();
    await done;
    expect(store.writes).toEqual([]);
  });

  it('stops polling while paused', async () => {
    const { task, sender, wst, statuses } = build(['a', 'b', 'c', 'd'], 1);
    sender.autoAck = true;
    wst.transitionTo('PAUSED');
    const done = wst.run();
    await sleep(30);
    expect(task.next).toBe(0);
    wst.transitionTo('STARTED');
    await sleep(30);
    expect(task.next).toBe(4);
    wst.stop();
    await done;
    expect(statuses.events).toEqual(['PAUSED', 'RUNNING', 'SHUTDOWN']);
  });
});

describe('WorkerSourceTask offset flush', () => {
  it('keeps offsets for the next flush when the store times out', async () => {
    const { sender, store, wst, lines } = build(['a', 'b'], 2);
    sender.autoAck = true;
    let hang = true;
    const original = store.set.bind(store);
    store.set = async (c, e) => {
      if (hang) await sleep(2000);
      return original(c, e);
    };
    const done = wst.run();
    await sleep(30);
    expect(await wst.commitOffsets()).toBe(false);
    expect(lines).toContain(
      'ERROR WorkerSourceTask{id=c-0} Timed out waiting to flush offsets to storage; will try again on next flush interval with latest offsets',
    );
    hang = false;
    expect(await wst.commitOffsets()).toBe(true);
    expect(store.writes.at(-1)).toEqual([{ partition: { p: 'only' }, offset: { n: 1 } }]);
    wst.stop();
    await done;
  });
});

describe('WorkerSourceTask producer failures', () => {
  it('fails the task on a non-retriable send error with tolerance none, committing nothing unacknowledged', async () => {
    const { sender, store, wst, statuses } = build(['a', 'b'], 2);
    sender.failWith = new Error('RecordTooLargeException');
    await wst.run();
    expect(statuses.events[1]).toBe(
      "FAILED Unrecoverable exception from producer send callback: stage KAFKA_PRODUCE with class 'org.apache.kafka.clients.producer.KafkaProducer' failed in task c-0: Error: RecordTooLargeException",
    );
    expect(store.writes).toEqual([]);
  });

  it('skips the failed records with errors.tolerance=all and moves on', async () => {
    const { sender, store, wst, statuses, task } = build(['a', 'b'], 2, {
      'errors.tolerance': 'all',
    });
    sender.failWith = new Error('RecordTooLargeException');
    const done = wst.run();
    await sleep(30);
    wst.stop();
    await done;
    expect(statuses.events).toEqual(['RUNNING', 'SHUTDOWN']);
    expect(task.committed).toEqual([0, 1]);
    expect(store.writes.at(-1)).toEqual([{ partition: { p: 'only' }, offset: { n: 1 } }]);
  });

  it('with errors.log.enable, reports each skipped record as Kafka producerSendFailed does', async () => {
    const { sender, wst, lines } = build(['a', 'b'], 2, {
      'errors.tolerance': 'all',
      'errors.log.enable': 'true',
    });
    sender.failWith = new Error('RecordTooLargeException');
    const done = wst.run();
    await sleep(30);
    wst.stop();
    await done;
    const reported = lines.filter((l) => l.includes('Error encountered in task'));
    expect(reported).toEqual([
      "ERROR Error encountered in task c-0. Executing stage 'KAFKA_PRODUCE' with class 'org.apache.kafka.connect.runtime.WorkerSourceTask'.",
      "ERROR Error encountered in task c-0. Executing stage 'KAFKA_PRODUCE' with class 'org.apache.kafka.connect.runtime.WorkerSourceTask'.",
    ]);
  });
});
