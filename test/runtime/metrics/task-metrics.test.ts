import { describe, expect, it } from 'vitest';
import {
  describeThroughput,
  perSecond,
  type ConnectorProgress,
} from '../../../src/runtime/metrics/progress-snapshot.js';
import { TaskMetrics } from '../../../src/runtime/metrics/task-metrics.js';

describe('task figures', () => {
  it('sums records, commits and errors and reports the last error with its cause', () => {
    let now = 5_000;
    const m = new TaskMetrics({ connector: 'c', task: 2 }, () => now);
    m.type = 'sink';
    m.recordRead(10);
    m.recordPut(8, 3);
    m.recordCommit(true, 4);
    m.recordCommit(false, 9);
    m.recordError(new Error('outer', { cause: new TypeError('inner') }));
    m.recordSkipped(2);
    m.recordLag('t', 0, 100n, 40n);
    m.recordLag('t', 1, 5n, 7n);
    now = 6_000;
    const f = m.figures();
    expect(f.id).toBe(2);
    expect(f.records_in.total).toBe(10);
    expect(f.records_out.total).toBe(8);
    expect(f.offset_commits).toMatchObject({
      success_total: 1,
      failure_total: 1,
      success_ratio: 0.5,
      max_time_ms: 4,
      last_success_timestamp: 5_000,
    });
    expect(f.errors.total_record_errors).toBe(1);
    expect(f.errors.total_records_skipped).toBe(2);
    expect(f.errors.last_error).toEqual({
      message: 'Error: outer; caused by TypeError: inner',
      timestamp: 5_000,
    });
    // A position past the fetched end offset (the log grew since) is no lag, not a negative one.
    expect(f.lag).toEqual([
      { topic: 't', partition: 0, lag: 60 },
      { topic: 't', partition: 1, lag: 0 },
    ]);
    expect(m.lagMax()).toBe(60);
    m.retainLag(new Set(['t-1']));
    expect(m.lagMax()).toBe(0);
  });

  it('gives the fraction of time spent running and paused since the first state change', () => {
    let now = 0;
    const m = new TaskMetrics({ connector: 'c', task: 0 }, () => now);
    const seen: string[] = [];
    const listener = m.trackStates({
      onStartup: () => seen.push('startup'),
      onPause: () => seen.push('pause'),
      onResume: () => seen.push('resume'),
      onFailure: () => seen.push('failure'),
      onShutdown: () => seen.push('shutdown'),
    });
    expect(m.stateRatio('RUNNING')).toBe(0);
    listener.onStartup({ connector: 'c', task: 0 });
    now = 3000;
    listener.onPause({ connector: 'c', task: 0 });
    now = 4000;
    expect(m.stateRatio('RUNNING')).toBe(0.75);
    expect(m.stateRatio('PAUSED')).toBe(0.25);
    listener.onResume({ connector: 'c', task: 0 });
    now = 8000;
    expect(m.stateRatio('RUNNING')).toBe(7 / 8);
    expect(seen).toEqual(['startup', 'pause', 'resume']);
  });

  it('has no lag figure for a source task and no lag max before a batch', () => {
    const m = new TaskMetrics({ connector: 'c', task: 0 });
    expect(m.figures().lag).toBeUndefined();
    expect(m.lagMax()).toBeNaN();
  });
});

describe('progress lines', () => {
  const base: ConnectorProgress = {
    name: 'sink',
    type: 'sink',
    state: 'RUNNING',
    tasksRunning: 1,
    tasksTotal: 1,
    recordsIn: 1000,
    recordsOut: 990,
    errors: 0,
    lag: 12,
  };

  it('gives totals and rates since the previous reading', () => {
    const later = { ...base, recordsIn: 13_000, recordsOut: 12_990 };
    expect(describeThroughput(later, base, 4000)).toBe(
      'read 13,000 (3,000/s), put 12,990 (3,000/s), lag 12',
    );
    const source: ConnectorProgress = { ...base, type: 'source', lag: null, errors: 1 };
    expect(describeThroughput(source, undefined, 2000)).toBe(
      'polled 1,000 (500/s), written 990 (495/s), 1 record error',
    );
  });

  it('never shows a negative rate after a task restart reset its totals', () => {
    expect(describeThroughput({ ...base, recordsIn: 5, recordsOut: 5 }, base, 1000)).toBe(
      'read 5 (0/s), put 5 (0/s), lag 12',
    );
  });

  it('formats small and large rates', () => {
    expect(perSecond(0)).toBe('0/s');
    expect(perSecond(2.345)).toBe('2.3/s');
    expect(perSecond(12345.6)).toBe('12,346/s');
  });
});
