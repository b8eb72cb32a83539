import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startProgress } from '../../src/cli/progress-display.js';
import type { ConnectorProgress } from '../../src/runtime/metrics/progress-snapshot.js';
import { configureLogging, getLogger } from '../../src/util/logger.js';

function progress(recordsIn: number): ConnectorProgress[] {
  return [
    {
      name: 'files',
      type: 'source',
      state: 'RUNNING',
      tasksRunning: 1,
      tasksTotal: 1,
      recordsIn,
      recordsOut: recordsIn,
      errors: 0,
      lag: null,
    },
    {
      name: 'out',
      type: 'sink',
      state: 'FAILED',
      tasksRunning: 0,
      tasksTotal: 1,
      recordsIn: 0,
      recordsOut: 0,
      errors: 3,
      lag: 7,
    },
  ];
}

describe('standalone progress', () => {
  let written: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    written = [];
  });
  afterEach(() => {
    vi.useRealTimers();
    configureLogging({ write: (line) => process.stderr.write(line + '\n') });
  });

  it('on a terminal keeps one line per connector under the log, redrawn in place', () => {
    let total = 0;
    const stream = {
      columns: 200,
      write: (s: string) => written.push(s),
    } as unknown as NodeJS.WriteStream;
    const p = startProgress({
      snapshot: () => progress(total),
      terminal: true,
      logIntervalMs: 60_000,
      stream,
    });
    const plain = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain(written.join(''))).toBe(
      'files  RUNNING    1/1 tasks  polled 0 (0/s), written 0 (0/s)\n' +
        'out    FAILED     0/1 tasks  read 0 (0/s), put 0 (0/s), lag 7, 3 record errors\n',
    );
    written = [];
    total = 2000;
    vi.advanceTimersByTime(1000);
    // Erase the two lines (cursor up 2, clear to end), then draw them again.
    expect(written[0]).toBe('\x1b[2F\x1b[0J');
    expect(plain(written[1]!)).toContain('files  RUNNING    1/1 tasks  polled 2,000 (2,000/s)');
    written = [];
    getLogger('Test').info('a log line');
    expect(written[0]).toBe('\x1b[2F\x1b[0J');
    expect(written[1]).toMatch(/INFO a log line \(Test\)\n$/);
    expect(plain(written[2]!)).toContain('files  RUNNING');
    written = [];
    p.stop();
    expect(written).toEqual(['\x1b[2F\x1b[0J']);
    getLogger('Test').info('after');
    expect(written[1]).toMatch(/INFO after \(Test\)\n$/);
  });

  it('elsewhere logs a throughput line per connector every interval', () => {
    let total = 0;
    const lines: string[] = [];
    configureLogging({ write: (line) => lines.push(line) });
    const p = startProgress({
      snapshot: () => progress(total),
      terminal: false,
      logIntervalMs: 10_000,
    });
    total = 500;
    vi.advanceTimersByTime(10_000);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /INFO files RUNNING, 1\/1 tasks running: polled 500 \(50\/s\), written 500 \(50\/s\) \(rates over the last 10 s\) \(ConnectorProgress\)$/,
    );
    expect(lines[1]).toMatch(
      /INFO out FAILED, 0\/1 tasks running: read 0 \(0\/s\), put 0 \(0\/s\), lag 7, 3 record errors/,
    );
    total = 700;
    vi.advanceTimersByTime(10_000);
    expect(lines[2]).toContain('polled 700 (20/s)');
    p.stop();
    vi.advanceTimersByTime(30_000);
    expect(lines).toHaveLength(4);
  });
});
