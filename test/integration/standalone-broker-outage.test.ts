/**
 * The broker goes away under a running pipeline, as a user runs it: `ts-connect standalone` with
 * Kafka's file source and file sink, on a broker of its own (so the shared one stays up), which
 * is stopped for 30 s and started again on the same port, then restarted at once. Input lines
 * keep arriving at a steady rate all along; every one must reach the sink file, and duplicates
 * must stay within what moves in an offset flush interval. (test/integration/kafka-outage.test.ts
 * covers a single producer send and a sink task across an outage.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { StandaloneProcess } from '../cli/standalone-process.js';
import { resetBroker, startBroker, stopBroker, withAdmin } from '../helpers/kafka.js';
import {
  countDelivery,
  makeLines,
  sinkLines,
  steadyWriter,
  waitForLines,
  writeConnectors,
  writeWorker,
} from './file-pipeline.js';

const PORT = Number(process.env.KAFKA_BROKER_OUTAGE_TEST_PORT ?? '39692');
const FLUSH_MS = 1000;
const LINES_PER_TICK = 50;
const TICK_MS = 100;

let dir: string;
let bootstrap: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ts-connect-outage-'));
  bootstrap = await startBroker(PORT);
}, 300_000);

afterAll(async () => {
  await resetBroker(PORT);
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('a file pipeline across broker outages', () => {
  test('stopped for 30 s, then restarted at once: nothing lost, duplicates within a flush interval', async () => {
    const topic = `e2e-outage-${Date.now()}`;
    const worker = writeWorker(dir, 'worker.properties', bootstrap, [
      `offset.flush.interval.ms=${FLUSH_MS}`,
    ]);
    const files = writeConnectors(dir, 'outage', topic);
    const all = makeLines(0, 20_000);
    writeFileSync(files.input, '');
    const writer = steadyWriter(files.input, all, LINES_PER_TICK, TICK_MS);
    const proc = new StandaloneProcess([worker, files.source, files.sink]);
    try {
      // Running steadily (sink group joined, a few commits made) before the broker goes.
      await waitForLines(files.output, 3_000, proc);

      await stopBroker(PORT);
      const down = Date.now();
      await new Promise((r) => setTimeout(r, 30_000));
      const duringOutage = sinkLines(files.output).length;
      await startBroker(PORT);
      const outageMs = Date.now() - down;
      await waitForLines(files.output, writer.appended, proc, 180_000);
      // Back to the steady rate, and the catch-up burst committed, before the next fault.
      await new Promise((r) => setTimeout(r, 3 * FLUSH_MS));
      const afterOutage = countDelivery(
        all.lines.slice(0, writer.appended),
        sinkLines(files.output),
      );

      await stopBroker(PORT);
      await startBroker(PORT);
      await waitForLines(files.output, writer.appended, proc, 180_000);

      await writer.done();
      await waitForLines(files.output, all.lines.length, proc, 180_000);
      await new Promise((r) => setTimeout(r, 2 * FLUSH_MS)); // time for any duplicate to show
      expect(await proc.stop()).toBe(0);

      const got = sinkLines(files.output);
      const count = countDelivery(all.lines, got);
      const produced = await withAdmin(
        async (admin) =>
          (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.offset), 0),
        bootstrap,
      );
      const restarts = proc.stderr.match(/Restarting task \S+/g) ?? [];
      console.log(
        `broker outage figures: ${JSON.stringify({ ...count, produced, outageMs, duringOutage, duplicatedByOutage: afterOutage.duplicated, restarts })}`,
      );
      // Nothing lost, and in order: any re-sent stretch comes after its first delivery.
      expect(count.lost).toBe(0);
      expect([...new Set(got)]).toEqual(all.lines);
      // At-least-once, no more: per fault, what the sink wrote since its last commit (at most
      // one flush interval of arrivals, plus the consumer batch in hand) and what the source
      // sent since its last offset flush (here nothing: it stays up, so only a producer retry
      // of a batch the broker had already written could repeat one).
      const perFault = (LINES_PER_TICK * FLUSH_MS) / TICK_MS + 500;
      expect(afterOutage.duplicated).toBeLessThanOrEqual(perFault);
      expect(count.duplicated - afterOutage.duplicated).toBeLessThanOrEqual(perFault);
    } finally {
      writer.stop();
      if (proc.child.exitCode === null) await proc.kill();
    }
  }, 420_000);
});
