import { watch } from 'chokidar';
import { getLogger } from './logger.js';

/**
 * The one place that imports chokidar. Watching is an optimisation only: callers also poll at
 * an interval, so an event that the platform drops (network file systems, exhausted inotify
 * watches) delays them by at most that interval and never hangs them.
 */

const log = getLogger('FileWatcher');

export interface FileWatch {
  close(): Promise<void>;
}

/**
 * Calls `onChange` when the file at `path` is created, written, replaced or removed. The file
 * need not exist yet. The watch does not keep the process alive.
 */
export function watchFile(path: string, onChange: () => void): FileWatch {
  const watcher = watch(path, { ignoreInitial: true, persistent: false });
  watcher.on('all', () => onChange());
  let warned = false;
  watcher.on('error', (error) => {
    if (warned) return;
    warned = true;
    log.warn(
      `Cannot watch ${path} for changes (${String(error)}); checking it periodically instead`,
    );
  });
  return {
    close: () => watcher.close(),
  };
}

export type WaitOutcome = 'changed' | 'timeout' | 'aborted';

/**
 * Lets a reader sleep until something happens ({@link notify}). A notification that arrives
 * while the reader is busy is remembered, so that the next wait returns at once instead of
 * missing it.
 */
export class ChangeWaiter {
  private changed = false;
  private wake: (() => void) | null = null;

  notify(): void {
    this.changed = true;
    this.wake?.();
  }

  /** Resolves on the next notification (or at once if one came since the last wait), after `maxWaitMs`, or on abort. */
  waitForChange(signal: AbortSignal, maxWaitMs: number): Promise<WaitOutcome> {
    if (signal.aborted) return Promise.resolve('aborted');
    if (this.changed) {
      this.changed = false;
      return Promise.resolve('changed');
    }
    return new Promise<WaitOutcome>((resolve) => {
      const finish = (outcome: WaitOutcome): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.wake = null;
        if (outcome === 'changed') this.changed = false;
        resolve(outcome);
      };
      const onAbort = (): void => finish('aborted');
      const timer = setTimeout(() => finish('timeout'), maxWaitMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.wake = () => finish('changed');
    });
  }
}

/** A {@link ChangeWaiter} notified by changes of the file at `path` (which need not exist yet). */
export class FileChangeWaiter extends ChangeWaiter {
  private readonly watch: FileWatch;

  constructor(path: string) {
    super();
    this.watch = watchFile(path, () => this.notify());
  }

  close(): Promise<void> {
    return this.watch.close();
  }
}
