import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StandaloneProcess } from '../cli/standalone-process.js';
import { withAdmin } from '../helpers/kafka.js';

// End to end, as a user runs it: the built binary, Kafka's own sample files with only the
// paths (and the test broker's address) changed, and the real broker.

const bootstrap = inject('kafkaBootstrap');
let dir: string;

/** Kafka's config/connect-standalone.properties, with paths and bootstrap changed. */
function writeWorker(name: string, extra = ''): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    [
      `bootstrap.servers=${bootstrap}`,
      'key.converter=org.apache.kafka.connect.json.JsonConverter',
      'value.converter=org.apache.kafka.connect.json.JsonConverter',
      'key.converter.schemas.enable=true',
      'value.converter.schemas.enable=true',
      `offset.storage.file.filename=${join(dir, name + '.offsets')}`,
      'offset.flush.interval.ms=10000',
      'listeners=http://127.0.0.1:0',
      extra,
    ].join('\n'),
  );
  return path;
}

/** Kafka's config/connect-file-source.properties and connect-file-sink.properties. */
function writeConnectors(
  tag: string,
  topic: string,
): { source: string; sink: string; input: string; output: string } {
  const input = join(dir, `${tag}.txt`);
  const output = join(dir, `${tag}.sink.txt`);
  const source = join(dir, `${tag}-file-source.properties`);
  const sink = join(dir, `${tag}-file-sink.properties`);
  writeFileSync(
    source,
    `name=${tag}-file-source\nconnector.class=FileStreamSource\ntasks.max=1\nfile=${input}\ntopic=${topic}\n`,
  );
  writeFileSync(
    sink,
    `name=${tag}-file-sink\nconnector.class=FileStreamSink\ntasks.max=1\nfile=${output}\ntopics=${topic}\n`,
  );
  return { source, sink, input, output };
}

function sinkLines(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  lines.pop(); // the text after the last newline: empty, or a line still being written
  return lines;
}

/** Waits until the sink file holds `count` distinct lines (re-delivered duplicates don't count). */
async function waitForLines(
  path: string,
  count: number,
  proc: StandaloneProcess,
  timeoutMs = 120_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = sinkLines(path);
    if (lines.length >= count && new Set(lines).size >= count) return lines;
    if (proc.child.exitCode !== null)
      throw new Error(`ts-connect exited early (${proc.child.exitCode}):\n${proc.stderr}`);
    if (Date.now() > deadline)
      throw new Error(
        `only ${lines.length}/${count} lines after ${timeoutMs} ms:\n${proc.stderr.slice(-3000)}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

const ENDINGS = ['\n', '\r\n', '\r'];
/** Lines mixing ASCII and multi-byte UTF-8, joined with mixed line endings. */
function makeLines(from: number, count: number): { lines: string[]; text: string; ends: number[] } {
  const lines: string[] = [];
  const ends: number[] = [];
  let text = '';
  for (let i = from; i < from + count; i++) {
    const line =
      i % 3 === 0
        ? `line ${i} ascii only`
        : i % 3 === 1
          ? `ligne ${i} é à ü — 日本語 ✓`
          : `row ${i} 😀 emoji ${'x'.repeat(i % 40)}`;
    lines.push(line);
    const terminated = line + ENDINGS[i % ENDINGS.length];
    text += terminated;
    ends.push((ends.at(-1) ?? 0) + Buffer.byteLength(terminated));
  }
  return { lines, text, ends };
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

    // What the killed run had made durable: the source's flushed byte position, the sink's
    // committed offset; and what it had done: records in the topic, lines in the sink file.
    const written = sinkLines(files.output).length;
    const stored = JSON.parse(readFileSync(join(dir, 'worker-b.properties.offsets'), 'utf8')) as {
      offsets: { connector: string; offset: { position: number } }[];
    };
    const position =
      stored.offsets.find((o) => o.connector === 'b-file-source')?.offset.position ?? 0;
    const flushedLines = firstHalf.ends.filter((end) => end <= position).length;
    const { produced, committed } = await withAdmin(async (admin) => {
      const ends = await admin.fetchTopicOffsets(topic);
      const group = await admin.fetchOffsets({ groupId: 'connect-b-file-sink', topics: [topic] });
      return {
        produced: ends.reduce((n, p) => n + Number(p.offset), 0),
        committed: group[0]!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0),
      };
    }, bootstrap);

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
});
