import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
  appendFileSync,
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StandaloneProcess } from '../cli/standalone-process.js';
import { withAdmin } from '../helpers/kafka.js';
import {
  countDelivery,
  makeLines,
  offsetsFile,
  sinkLines,
  steadyWriter,
  waitForLines,
  writeConnectors as writeConnectorFiles,
  writeWorker as writeWorkerFile,
} from './file-pipeline.js';

// End to end, as a user runs it: the built binary, Kafka's own sample files with only the
// paths (and the test broker's address) changed, and the real broker.

const bootstrap = inject('kafkaBootstrap');
let dir: string;

const writeWorker = (name: string, extra = ''): string =>
  writeWorkerFile(dir, name, bootstrap, [extra]);
const writeConnectors = (tag: string, topic: string) => writeConnectorFiles(dir, tag, topic);

/**
 * What a killed run had made durable — the source's flushed byte position (as a count of whole
 * input lines, from each line's end offset), the sink's committed offset — and what it had done:
 * records in the topic, lines in the sink file.
 */
async function afterKill(
  workerName: string,
  tag: string,
  topic: string,
  ends: readonly number[],
  output: string,
): Promise<{ written: number; flushedLines: number; produced: number; committed: number }> {
  const written = sinkLines(output).length;
  const stored = JSON.parse(readFileSync(offsetsFile(dir, workerName), 'utf8')) as {
    offsets: { connector: string; offset: { position: number } }[];
  };
  const position =
    stored.offsets.find((o) => o.connector === `${tag}-file-source`)?.offset.position ?? 0;
  const flushedLines = ends.filter((end) => end <= position).length;
  const { produced, committed } = await withAdmin(async (admin) => {
    const topicEnds = await admin.fetchTopicOffsets(topic);
    const group = await admin.fetchOffsets({
      groupId: `connect-${tag}-file-sink`,
      topics: [topic],
    });
    return {
      produced: topicEnds.reduce((n, p) => n + Number(p.offset), 0),
      committed: group[0]!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0),
    };
  }, bootstrap);
  return { written, flushedLines, produced, committed };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ts-connect-e2e-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('standalone file pipeline against the real broker', () => {
  test('100,000 mixed lines arrive in order and complete; a clean restart adds no duplicates', async () => {
    const topic = `e2e-file-${Date.now()}`;
    const worker = writeWorker('worker-a.properties');
    const files = writeConnectors('a', topic);
    const first = makeLines(0, 100_000);
    writeFileSync(files.input, first.text);

    const run1 = new StandaloneProcess([worker, files.source, files.sink]);
    const got1 = await waitForLines(files.output, first.lines.length, run1);
    expect(got1).toEqual(first.lines);
    expect(await run1.stop()).toBe(0);

    // Restart: the source resumes at its stored byte offset, the sink at its committed offset.
    const second = makeLines(100_000, 1_000);
    appendFileSync(files.input, second.text);
    const run2 = new StandaloneProcess([worker, files.source, files.sink]);
    const all = [...first.lines, ...second.lines];
    const got2 = await waitForLines(files.output, all.length, run2);
    await new Promise((r) => setTimeout(r, 2000)); // time for any duplicate to show up
    expect(await run2.stop()).toBe(0);
    expect(sinkLines(files.output)).toEqual(all);
    expect(got2.length).toBe(all.length);
  });

  test('kill -9 mid-run and a restart lose nothing; duplicates only since the last flush', async () => {
    const topic = `e2e-kill-${Date.now()}`;
    const worker = writeWorker('worker-b.properties', 'offset.flush.interval.ms=500');
    const files = writeConnectors('b', topic);
    const firstHalf = makeLines(0, 25_000);
    const secondHalf = makeLines(25_000, 25_000);
    const lines = [...firstHalf.lines, ...secondHalf.lines];
    writeFileSync(files.input, firstHalf.text);

    const run1 = new StandaloneProcess([worker, files.source, files.sink]);
    await waitForLines(files.output, 1_000, run1);
    await run1.kill();

    // What the killed run had made durable, and what it had done.
    const { written, flushedLines, produced, committed } = await afterKill(
      'worker-b.properties',
      'b',
      topic,
      firstHalf.ends,
      files.output,
    );

    appendFileSync(files.input, secondHalf.text);
    const run2 = new StandaloneProcess([worker, files.source, files.sink]);
    await waitForLines(files.output, lines.length, run2);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await run2.stop()).toBe(0);

    const got = sinkLines(files.output);
    // Nothing lost, and in order: each re-read resends an earlier stretch in order, so the
    // first occurrences are exactly the input.
    expect([...new Set(got)]).toEqual(lines);
    // At-least-once, no more: the source re-sends what it produced after its last offset
    // flush, the sink re-writes what it wrote after its last commit.
    const duplicates = got.length - new Set(got).size;
    expect(written).toBeGreaterThanOrEqual(1_000);
    expect(duplicates).toBeLessThanOrEqual(produced - flushedLines + (written - committed));
  });

  test('kill -9 at random moments, five times, while input keeps arriving: nothing lost, duplicates only since each last flush', async () => {
    const topic = `e2e-kills-${Date.now()}`;
    // A killed sink's group member is only dropped when its session times out: keep that short
    // (the broker's minimum) so that each restarted run gets going quickly.
    const worker = writeWorkerFile(dir, 'worker-c.properties', bootstrap, [
      'offset.flush.interval.ms=500',
      'consumer.session.timeout.ms=6000',
      'consumer.heartbeat.interval.ms=1000',
    ]);
    const files = writeConnectors('c', topic);
    // An odd count: the last line ends in \r\n (one ending in a bare \r waits for the next
    // byte, as in Kafka, since it may be the start of \r\n).
    const all = makeLines(0, 59_999);
    writeFileSync(files.input, '');
    // 1,000 lines a second: the input is still arriving when the last of the kills comes.
    const writer = steadyWriter(files.input, all, 50, 50);
    const kills: { resent: number; rewritten: number; written: number }[] = [];
    let previous = { flushedLines: 0, produced: 0, committed: 0, written: 0 };
    try {
      for (let k = 0; k < 5; k++) {
        const run = new StandaloneProcess([worker, files.source, files.sink]);
        // Some progress in this run, then a random moment.
        const seen = new Set(sinkLines(files.output)).size;
        await waitForLines(files.output, Math.min(seen + 1, all.lines.length), run);
        await new Promise((r) => setTimeout(r, Math.random() * 2_000));
        await run.kill();
        const now = await afterKill('worker-c.properties', 'c', topic, all.ends, files.output);
        // This run started at the previous flushed line and the previous committed offset;
        // beyond this run's durable point, the source re-sends and the sink re-writes.
        const sourceReached = previous.flushedLines + (now.produced - previous.produced);
        const sinkReached = previous.committed + (now.written - previous.written);
        kills.push({
          resent: sourceReached - now.flushedLines,
          rewritten: sinkReached - now.committed,
          written: now.written,
        });
        previous = now;
      }
      await writer.done();
      const last = new StandaloneProcess([worker, files.source, files.sink]);
      await waitForLines(files.output, all.lines.length, last);
      await new Promise((r) => setTimeout(r, 2000));
      expect(await last.stop()).toBe(0);
    } finally {
      writer.stop();
    }

    const got = sinkLines(files.output);
    const count = countDelivery(all.lines, got);
    console.log(`kill -9 x5 figures: ${JSON.stringify({ ...count, kills })}`);
    expect(count.lost).toBe(0);
    expect([...new Set(got)]).toEqual(all.lines);
    // Each kill was mid-stream: the pipeline had moved on since the previous one.
    for (let k = 1; k < kills.length; k++)
      expect(kills[k]!.written).toBeGreaterThan(kills[k - 1]!.written);
    const bound = kills.reduce((n, k) => n + k.resent + k.rewritten, 0);
    expect(count.duplicated).toBeLessThanOrEqual(bound);
  });

  test('the sink file deleted under a running sink: the sink reopens it at its path and carries on', async () => {
    const topic = `e2e-deleted-${Date.now()}`;
    const worker = writeWorker('worker-d.properties', 'offset.flush.interval.ms=500');
    const files = writeConnectors('d', topic);
    const all = makeLines(0, 19_999);
    writeFileSync(files.input, '');
    const writer = steadyWriter(files.input, all, 100, 50);
    const run = new StandaloneProcess([worker, files.source, files.sink]);
    try {
      await waitForLines(files.output, 2_000, run);
      // Keep a handle on the old file so that what went into it after the unlink can be read.
      const old = openSync(files.output, 'r');
      unlinkSync(files.output);
      await waitForLines(files.output, 1, run);
      await writer.done();
      const deleted = readFileSync(old, 'utf8').split('\n');
      closeSync(old);
      deleted.pop();
      // The new file starts where the old one stopped: no line written to neither.
      const fresh = await waitForLines(files.output, all.lines.length - deleted.length, run);
      expect(await run.stop()).toBe(0);
      const count = countDelivery(all.lines, [...deleted, ...sinkLines(files.output)]);
      console.log(
        `sink file deleted figures: ${JSON.stringify({ ...count, inDeletedFile: deleted.length, inNewFile: fresh.length })}`,
      );
      expect(count.lost).toBe(0);
      expect(count.duplicated).toBe(0);
      expect(sinkLines(files.output)).toEqual(all.lines.slice(deleted.length));
      expect(run.stderr).toMatch(
        /WARN .*Sink file .*d\.sink\.txt was removed while the task was writing to it; reopening it at its path/,
      );
    } finally {
      writer.stop();
      if (run.child.exitCode === null) await run.kill();
    }
  });
});
