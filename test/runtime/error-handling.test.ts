import { describe, expect, it } from 'vitest';
import { DataException, RetriableException } from '../../src/api/errors.js';
import { Headers } from '../../src/api/headers.js';
import { Schema } from '../../src/api/schema.js';
import { SourceRecord } from '../../src/api/source-record.js';
import {
  RetryWithToleranceOperator,
  StageError,
  TOLERATED,
} from '../../src/runtime/error-handling.js';
import { captureLogger } from './log-capture.js';

const record = new SourceRecord({
  topic: 't',
  sourcePartition: { file: 'a.txt' },
  sourceOffset: { position: 7 },
  valueSchema: Schema.STRING_SCHEMA,
  value: 'x',
  headers: new Headers(),
});

describe('RetryWithToleranceOperator', () => {
  it('throws a one-line StageError naming stage, class, task and record with tolerance none', () => {
    const op = new RetryWithToleranceOperator({ name: 'conn' }, captureLogger([]), 2);
    let caught: unknown;
    try {
      op.execute(
        'VALUE_CONVERTER',
        'org.example.Conv',
        () => {
          throw new DataException('bad value');
        },
        { record },
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(StageError);
    const err = caught as StageError;
    expect(err.stage).toBe('VALUE_CONVERTER');
    expect(err.connector).toBe('conn');
    expect(err.task).toBe(2);
    expect(err.pluginClass).toBe('org.example.Conv');
    expect(err.message).toBe(
      "Tolerance exceeded in error handler: stage VALUE_CONVERTER with class 'org.example.Conv' failed in task conn-2 " +
        `on source record for topic 't' with source partition {"file":"a.txt"} and offset {"position":7}: DataException: bad value`,
    );
    expect(err.message.includes('\n')).toBe(false);
  });

  it('tolerates with errors.tolerance=all and logs as Kafka LogReporter when enabled', () => {
    const lines: string[] = [];
    const op = new RetryWithToleranceOperator(
      {
        name: 'c',
        'errors.tolerance': 'all',
        'errors.log.enable': 'true',
        'errors.log.include.messages': 'false',
      },
      captureLogger(lines),
    );
    const result = op.execute('TRANSFORMATION', 'org.example.Smt', () => {
      throw new Error('boom');
    });
    expect(result).toBe(TOLERATED);
    expect(lines).toEqual([
      "ERROR Error encountered in task c-0. Executing stage 'TRANSFORMATION' with class 'org.example.Smt'.",
    ]);
    expect(op.failures()).toBe(1);
  });

  it('does not tolerate non-retriable errors outside converter/transform stages', () => {
    const op = new RetryWithToleranceOperator(
      { name: 'c', 'errors.tolerance': 'all' },
      captureLogger([]),
    );
    expect(() =>
      op.execute('KAFKA_PRODUCE', 'p', () => {
        throw new Error('x');
      }),
    ).toThrow(/^Unhandled exception in error handler: stage KAFKA_PRODUCE/);
  });

  it('retries RetriableException within errors.retry.timeout, then succeeds', async () => {
    const op = new RetryWithToleranceOperator(
      { name: 'c', 'errors.retry.timeout': '5000' },
      captureLogger([]),
    );
    let calls = 0;
    const result = await op.executeAsync('KEY_CONVERTER', 'k', () => {
      calls++;
      if (calls < 2) throw new RetriableException('later');
      return 42;
    });
    expect(result).toBe(42);
    expect(calls).toBe(2);
  });

  it('does not retry with the default retry timeout of 0', async () => {
    const op = new RetryWithToleranceOperator({ name: 'c' }, captureLogger([]));
    let calls = 0;
    await expect(
      op.executeAsync('KEY_CONVERTER', 'k', () => {
        calls++;
        throw new RetriableException('later');
      }),
    ).rejects.toBeInstanceOf(StageError);
    expect(calls).toBe(1);
  });

  it('backs off 300 ms doubling, random below errors.retry.delay.max.ms beyond it, capped at deadline', () => {
    const op = new RetryWithToleranceOperator(
      { name: 'c', 'errors.retry.delay.max.ms': '1000' },
      captureLogger([]),
      0,
      () => 0.5,
    );
    const far = Date.now() + 1_000_000;
    expect(op.backoffMs(1, far)).toBe(300);
    expect(op.backoffMs(2, far)).toBe(600);
    expect(op.backoffMs(3, far)).toBe(500);
    expect(op.backoffMs(1, Date.now() + 100)).toBeLessThanOrEqual(100);
  });
});
