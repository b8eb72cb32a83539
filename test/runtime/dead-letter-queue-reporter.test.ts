import { describe, expect, it } from 'vitest';
import { ConfigException, DataException, RetriableException } from '../../src/api/errors.js';
import type { ProducerRecordBytes } from '../../src/kafka/producer.js';
import {
  contextHeaders,
  deadLetterRecord,
  DeadLetterQueueReporter,
  type DeadLetterQueueSender,
} from '../../src/runtime/dead-letter-queue-reporter.js';
import type { ConsumedOrigin, ReportedFailure } from '../../src/runtime/error-reporter.js';
import {
  javaExceptionClassName,
  javaExceptionMessage,
  javaStackTrace,
} from '../../src/runtime/java-exception.js';
import { captureLogger } from './log-capture.js';

function origin(partition: number, offset: bigint, timestamp = 1_700_000_000_000): ConsumedOrigin {
  return {
    topic: 'in',
    partition,
    message: {
      offset,
      key: Buffer.from([0xff, 0x00]),
      value: Buffer.from('{"broken'),
      timestamp,
      timestampType: 'CreateTime',
      headers: [
        { key: 'h', value: Buffer.from([1, 2, 3]) },
        { key: 'h', value: null },
      ],
    },
  };
}

function failure(consumed: ConsumedOrigin | undefined, error: unknown): ReportedFailure {
  return {
    stage: 'VALUE_CONVERTER',
    pluginClass: 'org.apache.kafka.connect.json.JsonConverter',
    error,
    connector: 'conn',
    task: 3,
    context: consumed === undefined ? undefined : { consumed },
  };
}

/** A producer whose sends the test completes by hand. */
class ManualSender implements DeadLetterQueueSender {
  readonly sends: { records: readonly ProducerRecordBytes[]; done(error?: Error): void }[] = [];
  closed = false;
  send(records: readonly ProducerRecordBytes[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.sends.push({ records, done: (error) => (error ? reject(error) : resolve([])) });
    });
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('DeadLetterQueueReporter', () => {
  it('writes the consumed bytes and headers unchanged, then the ten context headers in Kafka order', () => {
    const o = origin(2, 41n);
    const record = deadLetterRecord('dlq', o, failure(o, new DataException('bad')), true);
    expect(record.topic).toBe('dlq');
    expect(record.partition).toBeNull();
    expect(record.key).toBe(o.message.key);
    expect(record.value).toBe(o.message.value);
    expect(record.timestamp).toBe(1_700_000_000_000);
    const text = (v: Buffer | null) => (v === null ? null : v.toString('utf8'));
    expect(record.headers.slice(0, 2)).toEqual(o.message.headers);
    expect(record.headers.slice(2).map((h) => [h.key, text(h.value)?.split('\n')[0]])).toEqual([
      ['__connect.errors.topic', 'in'],
      ['__connect.errors.partition', '2'],
      ['__connect.errors.offset', '41'],
      ['__connect.errors.connector.name', 'conn'],
      ['__connect.errors.task.id', '3'],
      ['__connect.errors.stage', 'VALUE_CONVERTER'],
      ['__connect.errors.class.name', 'org.apache.kafka.connect.json.JsonConverter'],
      ['__connect.errors.exception.class.name', 'org.apache.kafka.connect.errors.DataException'],
      ['__connect.errors.exception.message', 'bad'],
      [
        '__connect.errors.exception.stacktrace',
        'org.apache.kafka.connect.errors.DataException: bad',
      ],
    ]);
  });

  it('without context headers adds none; a record without timestamp gets none', () => {
    const o = origin(0, 0n, -1);
    const record = deadLetterRecord('dlq', o, failure(o, new DataException('bad')), false);
    expect(record.headers).toEqual(o.message.headers);
    expect(record.timestamp).toBeNull();
  });

  it('leaves out the exception headers when there is no error', () => {
    const o = origin(0, 0n);
    expect(contextHeaders(o, failure(o, null)).map((h) => h.key)).toHaveLength(7);
  });

  it('sends the failures of one synchronous pass in one request, and settles when acknowledged', async () => {
    const sender = new ManualSender();
    const reporter = new DeadLetterQueueReporter('dlq', sender, true, captureLogger([]));
    const a = origin(0, 1n);
    const b = origin(1, 2n);
    const wa = reporter.report(failure(a, new DataException('x')))!;
    const wb = reporter.report(failure(b, new DataException('y')))!;
    await tick();
    expect(sender.sends).toHaveLength(1);
    expect(sender.sends[0]!.records).toHaveLength(2);

    let waited = false;
    const pending = reporter.awaitPending(['in-0']).then(() => (waited = true));
    await tick();
    expect(waited).toBe(false); // not acknowledged yet: the commit must wait
    sender.sends[0]!.done();
    await Promise.all([wa, wb, pending]);
    expect(waited).toBe(true);
    await reporter.awaitPending(); // nothing left
  });

  it('a write that fails is logged as Kafka logs it and keeps failing the commit of its partition only', async () => {
    const sender = new ManualSender();
    const lines: string[] = [];
    const reporter = new DeadLetterQueueReporter('dlq', sender, false, captureLogger(lines));
    const written = reporter.report(failure(origin(0, 5n), new DataException('x')))!;
    written.catch(() => undefined);
    await tick();
    sender.sends[0]!.done(new Error('RECORD_TOO_LARGE'));
    await expect(written).rejects.toThrow('RECORD_TOO_LARGE');
    expect(lines[0]).toMatch(/^ERROR Could not produce message to dead letter queue\. topic=dlq/);
    await expect(reporter.awaitPending(['in-0'])).rejects.toThrow(
      /^Could not produce message to dead letter queue\. topic=dlq: RECORD_TOO_LARGE/,
    );
    await expect(reporter.awaitPending(['in-0'])).rejects.toThrow(); // still not committable
    await reporter.awaitPending(['in-1']);
    reporter.forget(['in-0']); // revoked: another member re-consumes it
    await reporter.awaitPending();
  });

  it('close lets the writes in flight finish before closing the producer', async () => {
    const sender = new ManualSender();
    const reporter = new DeadLetterQueueReporter('dlq', sender, false, captureLogger([]));
    const written = reporter.report(failure(origin(0, 1n), new DataException('x')))!;
    await tick();
    let closed = false;
    const closing = reporter.close().then(() => (closed = true));
    await tick();
    expect(closed).toBe(false);
    expect(sender.closed).toBe(false);
    sender.sends[0]!.done();
    await closing;
    await written;
    expect(sender.closed).toBe(true);
  });

  it('writes nothing for a failure without a consumed record (a source task)', () => {
    const sender = new ManualSender();
    const reporter = new DeadLetterQueueReporter('dlq', sender, true, captureLogger([]));
    expect(reporter.report(failure(undefined, new DataException('x')))).toBeNull();
  });
});

describe('Java exception text for reports', () => {
  it('names Connect exceptions by their Java classes', () => {
    expect(javaExceptionClassName(new DataException('x'))).toBe(
      'org.apache.kafka.connect.errors.DataException',
    );
    expect(javaExceptionClassName(new RetriableException('x'))).toBe(
      'org.apache.kafka.connect.errors.RetriableException',
    );
    expect(javaExceptionClassName(new ConfigException('x'))).toBe(
      'org.apache.kafka.common.config.ConfigException',
    );
    class MyDataProblem extends DataException {}
    expect(javaExceptionClassName(new MyDataProblem('x'))).toBe(
      'org.apache.kafka.connect.errors.MyDataProblem',
    );
    expect(javaExceptionClassName(new TypeError('x'))).toBe('TypeError');
    expect(javaExceptionMessage(new DataException(''))).toBe('');
    expect(javaExceptionMessage('plain')).toBe('plain');
  });

  it('prints a stack trace as Throwable.printStackTrace: class: message, tab-at frames, Caused by', () => {
    const trace = javaStackTrace(
      new DataException('outer', { cause: new SyntaxError('inner') }),
    ).split('\n');
    expect(trace[0]).toBe('org.apache.kafka.connect.errors.DataException: outer');
    expect(trace[1]).toMatch(/^\tat /);
    const caused = trace.findIndex((l) => l.startsWith('Caused by: '));
    expect(trace[caused]).toBe('Caused by: SyntaxError: inner');
    expect(trace.at(-1)).toBe(''); // every line ends with a newline
  });
});
