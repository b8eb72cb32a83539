/**
 * A torn offsets write must be impossible: a process that writes offsets as fast as it can is
 * killed with SIGKILL at random moments, again and again, and after each kill the file must load
 * and hold at least every offset whose write had been acknowledged. (The unit test beside this one
 * stages the leftover of a crash between temp write and rename; this one makes real crashes.)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileOffsetBackingStore } from '../../src/storage/file-offset-backing-store.js';

/** The built store (npm run build), so the child is plain node, as in production. */
const DIST_STORE = join(
  import.meta.dirname,
  '..',
  '..',
  'dist',
  'storage',
  'file-offset-backing-store.js',
);
const PARTITIONS = 300;

/** Writes 300 partitions' offsets in a loop from `from` on; prints each acknowledged round. */
function writerScript(file: string, from: number): string {
  return `
import { FileOffsetBackingStore } from ${JSON.stringify(pathToFileURL(DIST_STORE).href)};
const store = new FileOffsetBackingStore(${JSON.stringify(file)});
await store.start();
for (let n = ${from}; ; n++) {
  const entries = [];
  for (let p = 0; p < ${PARTITIONS}; p++)
    entries.push({ partition: { file: 'input-' + p + '.txt' }, offset: { position: n, line: 'x'.repeat(p % 50) } });
  await store.set('c', entries);
  process.stdout.write(n + '\\n');
}
`;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offsets-kill-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every partition's stored position; all equal, since each write sets them all together. */
async function storedPositions(file: string): Promise<Set<number>> {
  const store = new FileOffsetBackingStore(file);
  await store.start();
  const positions = new Set(store.list('c').map((e) => Number(e.offset['position'])));
  expect(store.list('c')).toHaveLength(PARTITIONS);
  await store.stop();
  return positions;
}

describe('offsets file under kill -9', () => {
  it('always loads, whole, with every acknowledged write, after 12 kills at random moments', async () => {
    expect(existsSync(DIST_STORE), 'run `npm run build` first').toBe(true);
    const file = join(dir, 'connect.offsets');
    let next = 0;
    let midWrite = 0;
    const kills: { acknowledged: number; stored: number }[] = [];
    for (let round = 0; round < 12; round++) {
      const child = spawn(
        process.execPath,
        ['--input-type=module', '-e', writerScript(file, next)],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise((resolve) => child.on('close', resolve));
      // Let it get going (a few acknowledged writes), then kill at a random moment.
      const started = Date.now();
      while (out.split('\n').length < 4) {
        if (child.exitCode !== null || Date.now() - started > 20_000)
          throw new Error(`writer did not get going: ${err}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, Math.random() * 150));
      child.kill('SIGKILL');
      await exited;
      const acknowledged = Math.max(...out.trim().split('\n').map(Number));
      // Whether the kill came mid-write (a temp file left behind): the case that matters.
      if ((await readdir(dir)).length > 1) midWrite++;

      const positions = await storedPositions(file);
      expect(positions.size).toBe(1);
      const stored = [...positions][0]!;
      kills.push({ acknowledged, stored });
      // The write in flight at the kill may or may not have landed; nothing older is lost.
      expect(stored).toBeGreaterThanOrEqual(acknowledged);
      expect(stored).toBeLessThanOrEqual(acknowledged + 1);
      // A temp file the kill left behind is removed by the next start.
      expect(await readdir(dir)).toEqual(['connect.offsets']);
      next = stored + 1;
    }
    expect(kills).toHaveLength(12);
    console.log(`offsets kill -9 figures: ${JSON.stringify({ kills: 12, midWrite })}`);
  }, 120_000);
});
