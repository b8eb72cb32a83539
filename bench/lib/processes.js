// Starting the measured processes, watching their memory, and stopping them, loudly when
// something goes wrong.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sleep } from './util.js';

/** A failure of one run, with what the user needs to see to understand it. */
export class RunFailure extends Error {}

/** The processes running now, so an interrupted bench leaves none behind. */
const live = new Set();

export function killAll() {
  for (const proc of live) proc.child.kill('SIGKILL');
}

/** kB of a /proc/<pid>/status field, or null once the process is gone. */
function procStatusKb(pid, field) {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(
      new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'),
    );
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

/**
 * One measured process. stdout and stderr go to `logFile` (stdout to `stdoutFile` instead when
 * given, for kcat's consumer). `startedAt` is taken just before spawn: every duration of the
 * bench counts from there.
 */
export class MeasuredProcess {
  constructor(label, command, args, { logFile, stdoutFile, cwd, env }) {
    this.label = label;
    this.logFile = logFile;
    const log = openSync(logFile, 'a');
    const out = stdoutFile ? openSync(stdoutFile, 'w') : log;
    this.startedAt = performance.now();
    this.child = spawn(command, args, { cwd, env, stdio: ['ignore', out, log] });
    closeSync(log);
    if (out !== log) closeSync(out);
    this.exit = null;
    live.add(this);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        live.delete(this);
        this.exit = { code, signal, at: performance.now() };
        resolve(this.exit);
      });
      this.child.once('error', (error) => {
        live.delete(this);
        this.exit = { code: null, signal: null, error, at: performance.now() };
        resolve(this.exit);
      });
    });
    // VmHWM is the kernel's own peak; sampling it keeps the last value for processes that end
    // by themselves (kcat), whose /proc entry is gone by the time the run is over.
    this.peakRssKb = 0;
    this.sampler = setInterval(() => this.sampleRss(), 100);
  }

  get pid() {
    return this.child.pid;
  }

  sampleRss() {
    if (this.exit) return;
    const kb = procStatusKb(this.pid, 'VmHWM');
    if (kb !== null) this.peakRssKb = Math.max(this.peakRssKb, kb);
  }

  elapsedMs() {
    return performance.now() - this.startedAt;
  }

  failure(what) {
    return new RunFailure(
      `${this.label}: ${what}\n--- last lines of ${this.logFile} ---\n${tail(this.logFile)}`,
    );
  }

  /** Throws if the process has ended although the run still needs it. */
  assertRunning(what) {
    if (!this.exit) return;
    const how = this.exit.error
      ? `could not be started (${this.exit.error.message})`
      : `exited early (code ${this.exit.code}, signal ${this.exit.signal})`;
    throw this.failure(`${how} while waiting for ${what}`);
  }

  /**
   * Polls `check` until it returns true; fails when the process ends first (unless it may end
   * on its own, like kcat) or after `timeoutMs`. Returns the elapsed ms since start.
   */
  async waitFor(what, check, { timeoutMs, intervalMs = 50, mayExit = false }) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (await check()) return this.elapsedMs();
      if (!mayExit) this.assertRunning(what);
      else if (this.exit && this.exit.code !== 0 && !(await check()))
        throw this.failure(`exited with code ${this.exit.code} before ${what}`);
      if (performance.now() > deadline) {
        throw this.failure(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
      }
      await sleep(intervalMs);
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; returns the peak RSS in MB. */
  async stop(graceMs = 20_000) {
    this.sampleRss();
    clearInterval(this.sampler);
    if (!this.exit) {
      this.child.kill('SIGTERM');
      const stopped = await Promise.race([this.exited, sleep(graceMs).then(() => null)]);
      if (!stopped) {
        process.stderr.write(
          `bench: ${this.label} ignored SIGTERM for ${graceMs} ms; killing it\n`,
        );
        this.child.kill('SIGKILL');
        await this.exited;
      }
    }
    return this.peakRssKb / 1024;
  }
}
