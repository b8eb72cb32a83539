import { describe, expect, it } from 'vitest';
import {
  anyFailed,
  formatStatusTable,
  tableChalk,
  traceHeadline,
  type ConnectorStatusJson,
} from '../../src/cli/status-table.js';

const statuses: ConnectorStatusJson[] = [
  {
    name: 'local-file-sink',
    connector: { state: 'RUNNING', worker_id: '127.0.0.1:8083' },
    tasks: [
      { id: 1, state: 'RUNNING', worker_id: '127.0.0.1:8083' },
      {
        id: 0,
        state: 'FAILED',
        worker_id: '127.0.0.1:8083',
        trace:
          'org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler\n\tat x.y(Z.java:1)',
      },
    ],
    type: 'sink',
  },
  {
    name: 'src',
    connector: { state: 'PAUSED', worker_id: '127.0.0.1:8083' },
    tasks: [{ id: 0, state: 'PAUSED', worker_id: '127.0.0.1:8083' }],
    type: 'source',
  },
];

describe('status table', () => {
  it('prints one row per connector and an indented row per task, in plain text when piped', () => {
    const text = formatStatusTable(statuses, tableChalk(false));
    expect(text).toBe(
      [
        'CONNECTOR        TYPE    STATE    TASKS  WORKER',
        'local-file-sink  sink    RUNNING  1/2    127.0.0.1:8083',
        '  task 0                 FAILED          127.0.0.1:8083  org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler',
        '  task 1                 RUNNING         127.0.0.1:8083',
        'src              source  PAUSED   0/1    127.0.0.1:8083',
        '  task 0                 PAUSED          127.0.0.1:8083',
        '',
      ].join('\n'),
    );
    expect(text).not.toContain('\x1b[');
  });

  it('colours states on a terminal without changing the columns', () => {
    const c = tableChalk(true);
    c.level = 1;
    const text = formatStatusTable(statuses, c);
    expect(text).toContain('\x1b[32mRUNNING\x1b[39m');
    expect(text).toContain('\x1b[33mPAUSED\x1b[39m');
    expect(text).toContain('FAILED');
    const plain = text.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toBe(formatStatusTable(statuses, tableChalk(false)));
  });

  it('adds a RECORDS column when the worker gives record counts (ts-connect)', () => {
    const counts = new Map([
      [
        'local-file-sink',
        new Map([
          [0, { recordsIn: 10, recordsOut: 4, lag: 3 }],
          [1, { recordsIn: 1200, recordsOut: 1200, lag: 0 }],
        ]),
      ],
      ['src', new Map([[0, { recordsIn: 5, recordsOut: 5, lag: null }]])],
    ]);
    expect(formatStatusTable(statuses, tableChalk(false), counts)).toBe(
      [
        'CONNECTOR        TYPE    STATE    TASKS  WORKER          RECORDS',
        'local-file-sink  sink    RUNNING  1/2    127.0.0.1:8083  1,210 read, 1,204 put, lag 3',
        '  task 0                 FAILED          127.0.0.1:8083  10 read, 4 put, lag 3         org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler',
        '  task 1                 RUNNING         127.0.0.1:8083  1,200 read, 1,200 put, lag 0',
        'src              source  PAUSED   0/1    127.0.0.1:8083  5 polled, 5 written',
        '  task 0                 PAUSED          127.0.0.1:8083  5 polled, 5 written',
        '',
      ].join('\n'),
    );
  });

  it('says so when there are no connectors', () => {
    expect(formatStatusTable([], tableChalk(false))).toBe('No connectors.\n');
  });

  it('detects FAILED connectors and tasks for the exit code', () => {
    expect(anyFailed(statuses)).toBe(true);
    expect(anyFailed([statuses[1]!])).toBe(false);
  });

  it('keeps only the first line of a trace, cut to a readable length', () => {
    expect(traceHeadline('A: b\n\tat c')).toBe('A: b');
    expect(traceHeadline(undefined)).toBe('');
    expect(traceHeadline('x'.repeat(200))).toHaveLength(160);
  });
});
