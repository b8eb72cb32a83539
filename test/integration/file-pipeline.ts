/**
 * The end-to-end file pipeline as a user runs it: Kafka's own sample worker and file connector
 * files (only paths and the broker's address changed), the built binary, and what the sink file
 * holds. Shared by the pipeline, kill -9 and broker fault tests.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StandaloneProcess } from '../cli/standalone-process.js';

/** Kafka's config/connect-standalone.properties, with paths and bootstrap changed. */
export function writeWorker(
  dir: string,
  name: string,
  bootstrap: string,
  extra: readonly string[] = [],
): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    [
      `bootstrap.servers=${bootstrap}`,
      'key.converter=org.apache.kafka.connect.json.JsonConverter',
      'value.converter=org.apache.kafka.connect.json.JsonConverter',
      'key.converter.schemas.enable=true',
      'value.converter.schemas.enable=true',
      `offset.storage.file.filename=${offsetsFile(dir, name)}`,
      'offset.flush.interval.ms=10000',
      'listeners=http://127.0.0.1:0',
      ...extra,
    ].join('\n'),
  );
  return path;
}

/** Where {@link writeWorker}'s worker keeps its offsets. */
export function offsetsFile(dir: string, workerName: string): string {
  return join(dir, workerName + '.offsets');
}

/** Kafka's config/connect-file-source.properties and connect-file-sink.properties. */
export function writeConnectors(
  dir: string,
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

/** The complete lines of a sink file (a line still being written is left out). */
export function sinkLines(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  lines.pop(); // the text after the last newline: empty, or a line still being written
  return lines;
}

/** Waits until the sink file holds `count` distinct lines (re-delivered duplicates don't count). */
export async function waitForLines(
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
/**
 * Distinct lines mixing ASCII and multi-byte UTF-8, joined with mixed line endings; `ends`
 * holds each line's end as a byte offset, to compare with the source's stored position.
 */
export function makeLines(
  from: number,
  count: number,
): { lines: string[]; text: string; ends: number[] } {
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

/** Records sent, received, and received more than once: the figures of a fault run. */
export interface DeliveryCount {
  sent: number;
  received: number;
  distinct: number;
  duplicated: number;
  lost: number;
}

export function countDelivery(sent: readonly string[], received: readonly string[]): DeliveryCount {
  const got = new Set(received);
  return {
    sent: sent.length,
    received: received.length,
    distinct: got.size,
    duplicated: received.length - got.size,
    lost: sent.filter((l) => !got.has(l)).length,
  };
}

/** Appends the lines of `all` to `path`, `perTick` lines every `tickMs`, until stopped. */
export function steadyWriter(
  path: string,
  all: ReturnType<typeof makeLines>,
  perTick: number,
  tickMs: number,
): { readonly appended: number; done(): Promise<void>; stop(): void } {
  const bytes = Buffer.from(all.text);
  let appended = 0;
  let finished: () => void = () => undefined;
  const allAppended = new Promise<void>((resolve) => (finished = resolve));
  const timer = setInterval(() => {
    const to = Math.min(all.lines.length, appended + perTick);
    if (to > appended) {
      appendFileSync(
        path,
        bytes.subarray(appended === 0 ? 0 : all.ends[appended - 1], all.ends[to - 1]),
      );
      appended = to;
    }
    if (appended === all.lines.length) {
      clearInterval(timer);
      finished();
    }
  }, tickMs);
  return {
    get appended() {
      return appended;
    },
    done: () => allAppended,
    stop: () => clearInterval(timer),
  };
}
