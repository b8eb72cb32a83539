import chalk, { Chalk, chalkStderr, type ChalkInstance } from 'chalk';

/** One connector's entry in Kafka's `GET /connectors?expand=status` answer. */
export interface ConnectorStatusJson {
  name: string;
  connector: { state: string; worker_id: string; trace?: string };
  tasks: { id: number; state: string; worker_id: string; trace?: string }[];
  type?: string;
}

/** Kafka's `GET /connectors?expand=status`: connector name → `{status}`. */
export type ExpandedStatus = Record<string, { status?: ConnectorStatusJson }>;

/**
 * Colours for a terminal, plain text otherwise; chalk's own detection still applies on a
 * terminal (NO_COLOR, FORCE_COLOR=0, a dumb terminal).
 */
export function tableChalk(
  terminal: boolean,
  stream: 'stdout' | 'stderr' = 'stdout',
): ChalkInstance {
  const detected = stream === 'stdout' ? chalk.level : chalkStderr.level;
  return new Chalk({ level: terminal ? detected : 0 });
}

export function colorState(c: ChalkInstance, state: string): string {
  switch (state) {
    case 'RUNNING':
      return c.green(state);
    case 'FAILED':
      return c.red.bold(state);
    case 'PAUSED':
    case 'STOPPED':
      return c.yellow(state);
    default:
      return c.cyan(state);
  }
}

/** The first line of a trace: the exception and its message, which is what a reader needs. */
export function traceHeadline(trace: string | undefined): string {
  if (trace === undefined) return '';
  const first = trace.split('\n').find((l) => l.trim() !== '') ?? '';
  return first.length > 160 ? `${first.slice(0, 157)}...` : first;
}

/** One task's record counts from ts-connect's figures endpoint (absent on Kafka Connect). */
export interface TaskRecordCounts {
  recordsIn: number;
  recordsOut: number;
  /** Sinks: records behind the end of the log, summed over partitions. */
  lag: number | null;
}

/** Connector name → task id → counts. */
export type RecordCounts = ReadonlyMap<string, ReadonlyMap<number, TaskRecordCounts>>;

function recordsCell(type: string | undefined, counts: TaskRecordCounts | undefined): string {
  if (counts === undefined) return '';
  const n = (v: number): string => v.toLocaleString('en-US');
  const [inWord, outWord] = type === 'sink' ? ['read', 'put'] : ['polled', 'written'];
  const lag = counts.lag === null ? '' : `, lag ${n(counts.lag)}`;
  return `${n(counts.recordsIn)} ${inWord}, ${n(counts.recordsOut)} ${outWord}${lag}`;
}

function sum(all: readonly TaskRecordCounts[]): TaskRecordCounts | undefined {
  if (all.length === 0) return undefined;
  const lags = all.filter((c) => c.lag !== null);
  return {
    recordsIn: all.reduce((t, c) => t + c.recordsIn, 0),
    recordsOut: all.reduce((t, c) => t + c.recordsOut, 0),
    lag: lags.length === 0 ? null : lags.reduce((t, c) => t + c.lag!, 0),
  };
}

/**
 * Connectors and their tasks as a table: one row per connector (type, state, running/total
 * tasks, worker), one indented row per task, and the first line of the trace of anything
 * FAILED. With `counts` (a ts-connect worker), a RECORDS column says whether data flows.
 * Colour only through `c`, so piped output is plain text.
 */
export function formatStatusTable(
  statuses: readonly ConnectorStatusJson[],
  c: ChalkInstance,
  counts?: RecordCounts,
): string {
  if (statuses.length === 0) return 'No connectors.\n';
  const withCounts = counts !== undefined && [...counts.values()].some((m) => m.size > 0);
  const rows: string[][] = [];
  const states: string[] = [];
  for (const s of statuses) {
    const running = s.tasks.filter((t) => t.state === 'RUNNING').length;
    const perTask = counts?.get(s.name);
    const row = [
      s.name,
      s.type ?? '',
      s.connector.state,
      `${running}/${s.tasks.length}`,
      s.connector.worker_id,
    ];
    if (withCounts) row.push(recordsCell(s.type, sum([...(perTask?.values() ?? [])])));
    rows.push([...row, traceHeadline(s.connector.trace)]);
    states.push(s.connector.state);
    for (const t of [...s.tasks].sort((a, b) => a.id - b.id)) {
      const taskRow = [`  task ${t.id}`, '', t.state, '', t.worker_id];
      if (withCounts) taskRow.push(recordsCell(s.type, perTask?.get(t.id)));
      rows.push([...taskRow, traceHeadline(t.trace)]);
      states.push(t.state);
    }
  }
  const header = ['CONNECTOR', 'TYPE', 'STATE', 'TASKS', 'WORKER'];
  if (withCounts) header.push('RECORDS');
  header.push('');
  const traceColumn = header.length - 1;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], state?: string): string =>
    cells
      .map((cell, i) => {
        const padded = i === cells.length - 1 ? cell : cell.padEnd(widths[i]!);
        if (i === 2 && state !== undefined) return colorState(c, cell) + padded.slice(cell.length);
        if (i === traceColumn && cell !== '') return c.red(cell);
        return padded;
      })
      .join('  ')
      .trimEnd();
  const out = [c.bold(line(header))];
  rows.forEach((r, i) => out.push(line(r, states[i])));
  return out.join('\n') + '\n';
}

/** True when a connector or task is FAILED (the command then exits with its own code). */
export function anyFailed(statuses: readonly ConnectorStatusJson[]): boolean {
  return statuses.some(
    (s) => s.connector.state === 'FAILED' || s.tasks.some((t) => t.state === 'FAILED'),
  );
}
