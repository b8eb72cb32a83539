import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DataException, RetriableException } from '../../../src/api/errors.js';
import {
  RetryLater,
  RetryWithToleranceOperator,
  TOLERATED,
} from '../../../src/runtime/error-handling.js';
import { TaskMetrics } from '../../../src/runtime/metrics/task-metrics.js';
import type { Stage } from '../../../src/runtime/stage.js';
import { javaAnswersByCase } from '../../helpers/java.js';
import { captureLogger } from '../log-capture.js';

// Kafka's task-error-metrics after the same failing operations (test/java/ErrorMetricsCounts.java).
const { run: kafka, answers: expected } = javaAnswersByCase('test/java/ErrorMetricsCounts.java');

function failing(failures: number, retriable: boolean): () => string {
  let calls = 0;
  return () => {
    if (calls++ < failures) {
      throw retriable ? new RetriableException('later') : new DataException('bad');
    }
    return 'ok';
  };
}

type Mode = 'async' | 'sync';

/** One operation on a fresh operator and task metrics; the counts as the Java side prints them. */
async function counts(
  mode: Mode,
  timeout: number,
  tolerance: 'none' | 'all',
  stage: Stage,
  fn: () => string,
): Promise<string> {
  const op = new RetryWithToleranceOperator(
    { name: 'c', 'errors.retry.timeout': String(timeout), 'errors.tolerance': tolerance },
    captureLogger([]),
  );
  const m = new TaskMetrics({ connector: 'c', task: 0 });
  op.setMetrics(m);
  const once = (): string | typeof TOLERATED => op.execute(stage, 'x.Y', fn);
  const attempt =
    mode === 'async'
      ? op.executeAsync(stage, 'x.Y', fn)
      : (async () => {
          try {
            return once();
          } catch (error) {
            if (!(error instanceof RetryLater)) throw error;
            return op.retryRecord(once, error);
          }
        })();
  const settled = attempt.then(
    () => undefined,
    () => undefined,
  );
  await vi.runAllTimersAsync();
  await settled;
  return `failures=${m.recordFailures} errors=${m.recordErrors} skipped=${m.recordsSkipped} retries=${m.retries}`;
}

describe("task-error-metrics counts match Kafka 4.3's ErrorHandlingMetrics", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ran Kafka', () => {
    expect(kafka.code, kafka.stderr).toBe(0);
    expect(expected.size).toBe(9);
  });

  const cases: [string, number, 'none' | 'all', Stage, () => () => string][] = [
    ['retriable-timeout0-none', 0, 'none', 'KEY_CONVERTER', () => failing(1, true)],
    ['retriable-timeout0-all', 0, 'all', 'KEY_CONVERTER', () => failing(1, true)],
    ['data-none', 0, 'none', 'VALUE_CONVERTER', () => failing(1, false)],
    ['data-all', 0, 'all', 'TRANSFORMATION', () => failing(1, false)],
    ['data-nontolerable-all', 0, 'all', 'KAFKA_PRODUCE', () => failing(1, false)],
    ['retry-until-success', -1, 'none', 'VALUE_CONVERTER', () => failing(2, true)],
    ['retry-deadline-700-all', 700, 'all', 'HEADER_CONVERTER', () => failing(9, true)],
    ['retry-deadline-700-none', 700, 'none', 'VALUE_CONVERTER', () => failing(9, true)],
    ['succeeds', 0, 'none', 'VALUE_CONVERTER', () => failing(0, false)],
  ];
  for (const [name, timeout, tolerance, stage, fn] of cases) {
    for (const mode of ['async', 'sync'] as const) {
      it(`${name} (${mode === 'async' ? 'executeAsync' : 'execute, then retryRecord'})`, async () => {
        expect(await counts(mode, timeout, tolerance, stage, fn())).toBe(expected.get(name));
      });
    }
  }
});
