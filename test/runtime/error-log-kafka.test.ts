import { describe, expect, it } from 'vitest';
import { Headers } from '../../src/api/headers.js';
import { SinkRecord } from '../../src/api/sink-record.js';
import { RetryWithToleranceOperator } from '../../src/runtime/error-handling.js';
import type { Stage } from '../../src/runtime/stage.js';
import { runJavaSync } from '../helpers/java.js';
import { captureLogger } from './log-capture.js';

// Kafka's own LogReporter text for the same failures (test/java/ErrorLogMessages.java).
const kafka = runJavaSync('test/java/ErrorLogMessages.java');
const expected = kafka.stdout.trim().split('\n');

function logged(
  config: Record<string, string>,
  stage: Stage,
  cls: string,
  record: SinkRecord,
): string {
  const lines: string[] = [];
  const op = new RetryWithToleranceOperator(
    { name: 'conn', 'errors.log.enable': 'true', 'errors.tolerance': 'all', ...config },
    captureLogger(lines),
    2,
  );
  op.execute(
    stage,
    cls,
    () => {
      throw new Error('x');
    },
    { record },
  );
  return lines[0]!.replace(/^ERROR /, '');
}

function sinkRecord(
  partition: number,
  offset: bigint,
  timestamp: number | null,
  withType: boolean,
): SinkRecord {
  return new SinkRecord({
    topic: 't',
    kafkaPartition: partition,
    keySchema: null,
    key: null,
    valueSchema: null,
    value: null,
    timestamp,
    headers: new Headers(),
    kafkaOffset: offset,
    timestampType: withType ? 'CreateTime' : 'NoTimestampType',
  });
}

describe('errors.log.enable lines match Kafka 4.x LogReporter', () => {
  it('ran Kafka', () => {
    expect(kafka.code, kafka.stderr).toBe(0);
    expect(expected).toHaveLength(3);
  });

  it('without messages', () => {
    const r = sinkRecord(1, 42n, 1700000000000, true);
    expect(logged({}, 'VALUE_CONVERTER', 'java.lang.String', r)).toBe(expected[0]);
  });

  it('with the consumed record', () => {
    const r = sinkRecord(1, 42n, 1700000000000, true);
    expect(
      logged({ 'errors.log.include.messages': 'true' }, 'VALUE_CONVERTER', 'java.lang.String', r),
    ).toBe(expected[1]);
  });

  it('with a record without timestamp type', () => {
    const r = sinkRecord(0, 7n, null, false);
    expect(
      logged({ 'errors.log.include.messages': 'true' }, 'TRANSFORMATION', 'java.lang.Integer', r),
    ).toBe(expected[2]);
  });
});
