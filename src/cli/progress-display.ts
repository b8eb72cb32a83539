import {
  describeThroughput,
  type ConnectorProgress,
} from '../runtime/metrics/progress-snapshot.js';
import { configureLogging, getLogger } from '../util/logger.js';
import { colorState, tableChalk } from './status-table.js';

export interface ProgressOptions {
  /** Reads every connector's state and totals (cheap; called on a timer). */
  snapshot: () => ConnectorProgress[];
  /** stderr is a terminal: a live block of lines; otherwise a log line per connector. */
  terminal: boolean;
  /** How often the log line is written when not on a terminal. */
  logIntervalMs: number;
  /** How often the live block is redrawn on a terminal. */
  refreshMs?: number;
  stream?: NodeJS.WriteStream;
  now?: () => number;
}

export interface Progress {
  stop(): void;
}

/** The live rate is taken over the last few redraws: smooth enough to read, quick to follow. */
const LIVE_RATE_SPAN = 5;

/**
 * `standalone`'s progress: on a terminal, one live line per connector under the log (log lines
 * are printed above it); elsewhere, a throughput log line per connector every interval. Reads
 * totals on a timer only, so the task loops do no extra work.
 */
export function startProgress(options: ProgressOptions): Progress {
  return options.terminal ? startLive(options) : startLogLines(options);
}

function startLogLines(options: ProgressOptions): Progress {
  const log = getLogger('ConnectorProgress');
  const now = options.now ?? Date.now;
  // Start from what was done already, so the first line's rates cover only its interval.
  let previous = new Map(options.snapshot().map((p) => [p.name, p]));
  let lastAt = now();
  const timer = setInterval(() => {
    const at = now();
    const current = options.snapshot();
    for (const p of current) {
      log.info(
        `${p.name} ${p.state}, ${p.tasksRunning}/${p.tasksTotal} tasks running: ` +
          `${describeThroughput(p, previous.get(p.name), at - lastAt)} ` +
          `(rates over the last ${Math.round((at - lastAt) / 1000)} s)`,
      );
    }
    previous = new Map(current.map((p) => [p.name, p]));
    lastAt = at;
  }, options.logIntervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

function startLive(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const c = tableChalk(true, 'stderr');
  const history: { at: number; byName: Map<string, ConnectorProgress> }[] = [];
  let lines: string[] = [];
  let drawn = 0;

  const clear = (): void => {
    // Back to the first line of the block, then erase to the end of the screen.
    if (drawn > 0) stream.write(`\x1b[${drawn}F\x1b[0J`);
    drawn = 0;
  };
  const draw = (): void => {
    if (lines.length === 0) return;
    stream.write(lines.join('\n') + '\n');
    drawn = lines.length;
  };
  const render = (): void => {
    const at = now();
    const current = options.snapshot();
    history.push({ at, byName: new Map(current.map((p) => [p.name, p])) });
    if (history.length > LIVE_RATE_SPAN) history.shift();
    const base = history[0]!;
    const columns = stream.columns ?? 0;
    const width = columns > 20 ? columns - 1 : 100;
    const nameWidth = Math.max(0, ...current.map((p) => p.name.length));
    lines = current.map((p) => {
      const head = `${p.name.padEnd(nameWidth)}  `;
      const state = p.state.padEnd(10);
      const rest = ` ${p.tasksRunning}/${p.tasksTotal} tasks  ${describeThroughput(p, base.byName.get(p.name), at - base.at)}`;
      // Cut to the terminal width so each line takes exactly one row and can be erased.
      const room = width - head.length - state.length;
      const tail = rest.length > room ? rest.slice(0, Math.max(0, room - 1)) + '…' : rest;
      return c.bold(head) + colorState(c, p.state.trimEnd()) + state.slice(p.state.length) + tail;
    });
    clear();
    draw();
  };

  // Log lines go above the block: erase it, print the line, draw it again.
  configureLogging({
    write: (line) => {
      clear();
      stream.write(line + '\n');
      draw();
    },
  });
  render();
  const timer = setInterval(render, options.refreshMs ?? 1000);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      clear();
      configureLogging({ write: (line) => stream.write(line + '\n') });
    },
  };
}
