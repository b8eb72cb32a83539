import { NotFoundException } from '../../api/errors.js';
import type { StandaloneHerder } from '../standalone-herder.js';
import type { ConnectState } from '../status.js';
import type { TaskMetrics } from './task-metrics.js';

/** One connector's throughput and state at one moment, summed over its tasks. */
export interface ConnectorProgress {
  name: string;
  type: 'source' | 'sink' | 'unknown';
  state: ConnectState;
  tasksRunning: number;
  tasksTotal: number;
  /** Source: records polled; sink: records read from Kafka. */
  recordsIn: number;
  /** Source: records Kafka acknowledged; sink: records put. */
  recordsOut: number;
  /** Records that failed (tolerated or not). */
  errors: number;
  /** Sink: records behind the end of the log, summed over partitions (null: not known yet). */
  lag: number | null;
}

/** Reads every connector's state and its tasks' totals; called on a timer, never per record. */
export function progressSnapshot(
  herder: StandaloneHerder,
  taskMetrics: (connector: string) => TaskMetrics[],
): ConnectorProgress[] {
  const out: ConnectorProgress[] = [];
  for (const name of herder.connectorNames()) {
    let status;
    try {
      status = herder.connectorStatus(name);
    } catch (error) {
      if (error instanceof NotFoundException) continue;
      throw error;
    }
    const p: ConnectorProgress = {
      name,
      type: status.type,
      state: status.connector.state,
      tasksRunning: status.tasks.filter((t) => t.state === 'RUNNING').length,
      tasksTotal: status.tasks.length,
      recordsIn: 0,
      recordsOut: 0,
      errors: 0,
      lag: null,
    };
    for (const m of taskMetrics(name)) {
      p.recordsIn += m.recordsIn.total;
      p.recordsOut += m.recordsOut.total;
      p.errors += m.recordErrors;
      for (const l of m.lagPerPartition()) p.lag = (p.lag ?? 0) + l.lag;
    }
    out.push(p);
  }
  return out;
}

/** `12,345` */
function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `1,234/s`, `0.5/s` */
export function perSecond(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '0/s';
  return n < 10 ? `${n.toFixed(1)}/s` : `${count(n)}/s`;
}

/**
 * The words of a progress line: what went in and out since `previous` (over `elapsedMs`) and in
 * total. Source: polled → written; sink: read → put.
 */
export function describeThroughput(
  now: ConnectorProgress,
  previous: ConnectorProgress | undefined,
  elapsedMs: number,
): string {
  const seconds = Math.max(elapsedMs, 1) / 1000;
  // A restarted task starts its totals again: never show a negative rate.
  const inRate = Math.max(0, now.recordsIn - (previous?.recordsIn ?? 0)) / seconds;
  const outRate = Math.max(0, now.recordsOut - (previous?.recordsOut ?? 0)) / seconds;
  const [inWord, outWord] = now.type === 'sink' ? ['read', 'put'] : ['polled', 'written'];
  let text =
    `${inWord} ${count(now.recordsIn)} (${perSecond(inRate)}), ` +
    `${outWord} ${count(now.recordsOut)} (${perSecond(outRate)})`;
  if (now.type === 'sink' && now.lag !== null) text += `, lag ${count(now.lag)}`;
  if (now.errors > 0) text += `, ${count(now.errors)} record error${now.errors === 1 ? '' : 's'}`;
  return text;
}
