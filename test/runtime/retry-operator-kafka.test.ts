import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DataException, RetriableException } from '../../src/api/errors.js';
import {
  RetryLater,
  RetryWithToleranceOperator,
  StageError,
  TOLERATED,
} from '../../src/runtime/error-handling.js';
import type { Stage } from '../../src/runtime/stage.js';
import { javaAnswersByCase } from '../helpers/java.js';
import { captureLogger } from './log-capture.js';

// Kafka's own RetryWithToleranceOperator on the same cases (test/java/RetryOperatorOutcomes.java):
// value or exception, failed or not, and the number of attempts within errors.retry.timeout.
const { run: kafka, answers: expected } = javaAnswersByCase('test/java/RetryOperatorOutcomes.java');

function operator(timeout: number, tolerance: 'none' | 'all'): RetryWithToleranceOperator {
  return new RetryWithToleranceOperator(
    { name: 'c', 'errors.retry.timeout': String(timeout), 'errors.tolerance': tolerance },
    captureLogger([]),
  );
}

/** The operation of the Java side: throws `failures` times, then returns "ok". */
function failing(failures: number, retriable: boolean): { fn: () => string; calls: () => number } {
  let calls = 0;
  return {
    fn: () => {
      if (calls++ < failures) {
        throw retriable ? new RetriableException('later') : new DataException('bad');
      }
      return 'ok';
    },
    calls: () => calls,
  };
}

/**
 * The synchronous path the tasks use for converters and transforms: execute, and on RetryLater
 * the record goes to retryRecord, which waits and runs it again.
 */
async function executeWithRetries(
  op: RetryWithToleranceOperator,
  stage: Stage,
  fn: () => string,
): Promise<string | typeof TOLERATED> {
  const once = () => op.execute(stage, 'x.Y', fn);
  try {
    return once();
  } catch (error) {
    if (!(error instanceof RetryLater)) throw error;
    return op.retryRecord(once, error);
  }
}

let mode: 'async' | 'sync' = 'async';

/** Runs the operation under fake timers (no real waiting) and describes it as the Java side does. */
async function run(
  op: RetryWithToleranceOperator,
  stage: Stage,
  operation: { fn: () => string; calls: () => number },
): Promise<string> {
  const before = op.failures();
  const attempt =
    mode === 'async'
      ? op.executeAsync(stage, 'x.Y', operation.fn)
      : executeWithRetries(op, stage, operation.fn);
  const settled = attempt.then(
    (v) => `value=${v === TOLERATED ? 'null' : v}`,
    (e: unknown) => {
      const err = e as StageError;
      return `throws=${err.reason} cause=${(err.cause as Error).constructor.name}`;
    },
  );
  await vi.runAllTimersAsync();
  const outcome = await settled;
  return `${outcome} failed=${op.failures() > before} attempts=${operation.calls()}`;
}

describe('RetryWithToleranceOperator outcomes match Kafka 4.3', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ran Kafka', () => {
    expect(kafka.code, kafka.stderr).toBe(0);
    expect(expected.size).toBe(13);
  });

  const cases: [string, () => Promise<string>][] = [
    ['retriable-timeout0-none', () => run(operator(0, 'none'), 'KEY_CONVERTER', failing(1, true))],
    ['retriable-timeout0-all', () => run(operator(0, 'all'), 'KEY_CONVERTER', failing(1, true))],
    [
      'retriable-nontolerable-stage',
      () => run(operator(0, 'none'), 'KAFKA_PRODUCE', failing(1, true)),
    ],
    ['data-none', () => run(operator(0, 'none'), 'VALUE_CONVERTER', failing(1, false))],
    ['data-all', () => run(operator(0, 'all'), 'TRANSFORMATION', failing(1, false))],
    ['data-nontolerable-all', () => run(operator(0, 'all'), 'KAFKA_PRODUCE', failing(1, false))],
    ['retry-until-success', () => run(operator(-1, 'none'), 'VALUE_CONVERTER', failing(2, true))],
    ['retry-deadline-100', () => run(operator(100, 'none'), 'VALUE_CONVERTER', failing(9, true))],
    ['retry-deadline-700', () => run(operator(700, 'all'), 'HEADER_CONVERTER', failing(9, true))],
  ];
  for (const [name, actual] of cases) {
    it(`${name} (executeAsync)`, async () => {
      mode = 'async';
      expect(await actual()).toBe(expected.get(name));
    });
    it(`${name} (execute, then retryRecord as the tasks do)`, async () => {
      mode = 'sync';
      expect(await actual()).toBe(expected.get(name));
    });
  }

  it('a failure counts against tolerance none for the rest of the task', async () => {
    mode = 'async';
    const op = operator(0, 'none');
    const first = await run(op, 'KEY_CONVERTER', failing(1, true));
    expect(first).toBe(expected.get('retriable-then-data-none-1'));
    const second = await run(op, 'VALUE_CONVERTER', failing(1, false));
    expect(second).toBe(expected.get('retriable-then-data-none-2'));
  });

  it('executeFailed (errant record reports) throws with tolerance none and reports with all', async () => {
    const describe = (op: RetryWithToleranceOperator): string => {
      try {
        void op.executeFailed('TASK_PUT', 'x.Y', new DataException('bad'), undefined);
        return 'reported';
      } catch (e) {
        return `throws=${(e as Error).message}`;
      }
    };
    expect(describe(operator(0, 'none'))).toBe(expected.get('execute-failed-none'));
    expect(describe(operator(0, 'all'))).toBe(expected.get('execute-failed-all'));
  });

  it('waits 300 ms, then 400 ms (capped at the deadline) with errors.retry.timeout=700', async () => {
    const op = operator(700, 'all');
    const attempts: number[] = [];
    const start = Date.now();
    const settled = op.executeAsync('VALUE_CONVERTER', 'x.Y', () => {
      attempts.push(Date.now() - start);
      throw new RetriableException('later');
    });
    await vi.runAllTimersAsync();
    expect(await settled).toBe(TOLERATED);
    expect(attempts).toEqual([0, 300, 700]);
  });

  it('a stop during the backoff skips the record even with tolerance none, as Kafka does', async () => {
    const op = operator(-1, 'none');
    const stop = new AbortController();
    op.setStopSignal(stop.signal);
    const settled = op.executeAsync('VALUE_CONVERTER', 'x.Y', () => {
      throw new RetriableException('later');
    });
    await vi.advanceTimersByTimeAsync(100);
    stop.abort();
    expect(await settled).toBe(TOLERATED);
    expect(op.failures()).toBe(1);
  });
});

describe('retryRecord re-runs the record', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps one budget per stage: a later stage that fails gets its own', async () => {
    const op = operator(1000, 'all');
    const start = Date.now();
    const seen: string[] = [];
    let conv = 0;
    let xform = 0;
    const record = (): string | null => {
      const a = op.execute('VALUE_CONVERTER', 'c', () => {
        if (conv++ < 2) throw new RetriableException('c');
        return 'v';
      });
      if (a === TOLERATED) return null;
      const b = op.execute('TRANSFORMATION', 't', () => {
        if (xform++ < 1) throw new RetriableException('t');
        return `${a}!`;
      });
      seen.push(`${Date.now() - start}`);
      return b === TOLERATED ? null : b;
    };
    let first: RetryLater | undefined;
    try {
      record();
    } catch (e) {
      first = e as RetryLater;
    }
    expect(first).toBeInstanceOf(RetryLater);
    const settled = op.retryRecord(record, first!);
    await vi.runAllTimersAsync();
    // Converter: fails at 0 and 300, passes at 900; the transform then fails and waits 300 more.
    expect(await settled).toBe('v!');
    expect(seen).toEqual(['1200']);
    expect(op.failures()).toBe(0);
  });
});
