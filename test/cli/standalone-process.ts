import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './run-cli.js';

/** A `ts-connect standalone` process running in the background of a test. */
export class StandaloneProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private readonly exited: Promise<number | null>;

  constructor(args: readonly string[], options: { cwd?: string; stdin?: 'pipe' | 'ignore' } = {}) {
    this.child = spawn(process.execPath, [BIN, 'standalone', ...args], {
      cwd: options.cwd,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** Graceful stop as a user's Ctrl-C or a service manager does it; resolves the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<number | null> {
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** `kill -9`: no chance to flush anything. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  exitCode(): Promise<number | null> {
    return this.exited;
  }
}
