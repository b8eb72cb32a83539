import { appendFile, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeWaiter, FileChangeWaiter, watchFile } from '../../src/util/file-watcher.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'watch-'));
  file = join(dir, 'watched.txt');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ready = (): Promise<void> => new Promise((r) => setTimeout(r, 200));

describe('watchFile', () => {
  it('reports creation, writes, replacement and removal of a file that does not exist yet', async () => {
    let changes = 0;
    const watch = watchFile(file, () => changes++);
    try {
      await ready();
      await writeFile(file, 'a\n');
      await until(() => changes >= 1);
      // Events closer together than chokidar's throttling may be merged: space them out.
      await ready();
      let seen = changes;
      await appendFile(file, 'b\n');
      await until(() => changes > seen);
      await ready();
      seen = changes;
      await rename(file, `${file}.1`);
      await writeFile(file, 'new\n');
      await until(() => changes > seen);
      await ready();
      seen = changes;
      await unlink(file);
      await until(() => changes > seen);
    } finally {
      await watch.close();
    }
    const afterClose = changes;
    await writeFile(file, 'ignored\n');
    await new Promise((r) => setTimeout(r, 300));
    expect(changes).toBe(afterClose);
  });
});

describe('ChangeWaiter', () => {
  it('returns at once for a notification that came before the wait, then waits again', async () => {
    const waiter = new ChangeWaiter();
    const signal = new AbortController().signal;
    waiter.notify();
    expect(await waiter.waitForChange(signal, 10_000)).toBe('changed');
    const t0 = Date.now();
    expect(await waiter.waitForChange(signal, 50)).toBe('timeout');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(40);
  });

  it('wakes on notify and on abort', async () => {
    const waiter = new ChangeWaiter();
    const controller = new AbortController();
    const woken = waiter.waitForChange(controller.signal, 10_000);
    setTimeout(() => waiter.notify(), 20);
    expect(await woken).toBe('changed');
    const aborted = waiter.waitForChange(controller.signal, 10_000);
    setTimeout(() => controller.abort(), 20);
    expect(await aborted).toBe('aborted');
    expect(await waiter.waitForChange(controller.signal, 10_000)).toBe('aborted');
  });
});

describe('FileChangeWaiter', () => {
  it('wakes a waiting reader when the file is written', async () => {
    const waiter = new FileChangeWaiter(file);
    try {
      await ready();
      const signal = new AbortController().signal;
      const woken = waiter.waitForChange(signal, 20_000);
      const t0 = Date.now();
      await writeFile(file, 'x\n');
      expect(await woken).toBe('changed');
      expect(Date.now() - t0).toBeLessThan(5_000);
    } finally {
      await waiter.close();
    }
  });
});
