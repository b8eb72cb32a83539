import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { StandaloneProcess } from '../cli/standalone-process.js';
import { uniqueTopic } from '../helpers/kafka.js';

// A file pipeline on the real broker, watched the way a user watches it: GET /metrics, the
// figures endpoint, the throughput log lines and `ts-connect status`, which is also pointed at
// Apache Kafka Connect running the same connectors.

const bootstrap = inject('kafkaBootstrap');
const ROOT = join(import.meta.dirname, '..', '..');
const RECORDS = 2_000;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ts-connect-metrics-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Pipeline {
  worker: string;
  source: string;
  sink: string;
  input: string;
  output: string;
  sourceName: string;
  sinkName: string;
}

function writePipeline(tag: string, port: number): Pipeline {
  const topic = uniqueTopic(`metrics-${tag}`);
  const p = (name: string): string => join(dir, `${tag}-${name}`);
  const pipeline: Pipeline = {
    worker: p('worker.properties'),
    source: p('source.properties'),
    sink: p('sink.properties'),
    input: p('input.txt'),
    output: p('output.txt'),
    sourceName: `${topic}-source`,
    sinkName: `${topic}-sink`,
  };
  writeFileSync(
    pipeline.worker,
    [
      `bootstrap.servers=${bootstrap}`,
      'key.converter=org.apache.kafka.connect.storage.StringConverter',
      'value.converter=org.apache.kafka.connect.storage.StringConverter',
      `offset.storage.file.filename=${p('offsets')}`,
      'offset.flush.interval.ms=500',
      `listeners=http://127.0.0.1:${port}`,
      'plugin.discovery=service_load',
      '',
    ].join('\n'),
  );
  writeFileSync(
    pipeline.source,
    `name=${pipeline.sourceName}\nconnector.class=FileStreamSource\nfile=${pipeline.input}\ntopic=${topic}\n`,
  );
  writeFileSync(
    pipeline.sink,
    `name=${pipeline.sinkName}\nconnector.class=FileStreamSink\nfile=${pipeline.output}\ntopics=${topic}\n`,
  );
  const lines: string[] = [];
  for (let i = 0; i < RECORDS; i++) lines.push(`line ${i}`);
  writeFileSync(pipeline.input, lines.join('\n') + '\n');
  return pipeline;
}

/** A condition that will never come true: {@link waitFor} gives up at once. */
class Fatal extends Error {}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (error) {
      if (error instanceof Fatal) throw error;
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

function outputLines(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '').length;
}

/** The value of one sample of the exposition, or undefined when it is absent. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  return res.json();
}

/**
 * The shape of a status answer: keys and value kinds, not the values that differ per run.
 * Kafka 4.3 also reports each connector's and task's plugin `version`; our status does
 * not carry it yet, so it is left out of the comparison (listed in the REST issue's notes).
 */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'version')
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shape(v)]),
    );
  return typeof value;
}

/** Names made the same in both runs, so only the shapes and states are compared. */
function normalised(expanded: Record<string, { status: { name: string; type: string } }>): unknown {
  return Object.values(expanded)
    .map((e) => ({ type: e.status.type, shape: shape(e.status) }))
    .sort((a, b) => a.type.localeCompare(b.type));
}

describe('metrics and status of a running worker', () => {
  let tsJson: Record<string, { status: { name: string; type: string } }> | undefined;

  test('GET /metrics counts every record; figures, progress lines and `ts-connect status` agree', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const p = writePipeline('ts', port);
    const run = new StandaloneProcess(['--progress-interval', '1', p.worker, p.source, p.sink]);
    try {
      await waitFor(`${RECORDS} lines in the sink file`, () => {
        if (run.child.exitCode !== null)
          throw new Fatal(`ts-connect exited early:\n${run.stderr.slice(-3000)}`);
        return outputLines(p.output) >= RECORDS ? true : undefined;
      });
      const src = `connector="${p.sourceName}",task="0"`;
      const snk = `connector="${p.sinkName}",task="0"`;
      // The sink commits every 500 ms; wait until a commit covered everything that was put.
      const text = await waitFor('a sink commit after the last put', async () => {
        // Figures first: a scrape taken after them sees at least the commit they saw.
        const figures = (await getJson(`${url}/connectors/${p.sinkName}/tasks/0/figures`)) as {
          active_records: number;
        };
        const body = await (await fetch(`${url}/metrics`)).text();
        return sample(body, 'kafka_connect_sink_task_sink_record_send_total', snk) === RECORDS &&
          figures.active_records === 0
          ? body
          : undefined;
      });
      expect(sample(text, 'kafka_connect_source_task_source_record_poll_total', src)).toBe(RECORDS);
      expect(sample(text, 'kafka_connect_source_task_source_record_write_total', src)).toBe(
        RECORDS,
      );
      expect(sample(text, 'kafka_connect_sink_task_sink_record_read_total', snk)).toBe(RECORDS);
      expect(sample(text, 'kafka_connect_sink_task_sink_record_send_total', snk)).toBe(RECORDS);
      expect(sample(text, 'kafka_connect_sink_task_sink_record_lag_max', snk)).toBe(0);
      expect(sample(text, 'kafka_connect_sink_task_partition_count', snk)).toBe(1);
      expect(
        sample(text, 'kafka_connect_sink_task_offset_commit_completion_total', snk),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sample(text, 'kafka_connect_connector_task_offset_commit_success_percentage', src),
      ).toBe(1);
      expect(sample(text, 'kafka_connect_task_error_total_record_errors', src)).toBe(0);
      expect(sample(text, 'kafka_connect_task_error_total_record_errors', snk)).toBe(0);
      expect(text).toContain('kafka_connect_connect_worker_connector_count 2');
      expect(text).toContain('kafka_connect_connect_worker_task_count 2');
      expect(text).toContain('kafka_connect_connect_worker_connector_startup_success_total 2');
      expect(text).toContain('kafka_connect_connect_worker_task_startup_success_total 2');
      expect(text).toContain('kafka_connect_connect_worker_task_startup_failure_total 0');
      expect(
        sample(
          text,
          'kafka_connect_connector_status',
          `connector="${p.sinkName}",status="running"`,
        ),
      ).toBe(1);

      const figures = (await getJson(`${url}/connectors/${p.sourceName}/figures`)) as {
        type: string;
        tasks: { id: number; state: string; records_in: { total: number } }[];
      };
      expect(figures.type).toBe('source');
      expect(figures.tasks).toHaveLength(1);
      expect(figures.tasks[0]).toMatchObject({
        id: 0,
        state: 'RUNNING',
        records_in: { total: RECORDS },
      });
      expect((await fetch(`${url}/connectors/${p.sourceName}/tasks/9/figures`)).status).toBe(404);
      expect((await fetch(`${url}/connectors/no-such-connector/figures`)).status).toBe(404);

      const table = await runCli(['status', '--url', url]);
      expect(table.code, table.stderr).toBe(0);
      const rows = table.stdout.split('\n');
      expect(rows[0]).toMatch(/^CONNECTOR\s+TYPE\s+STATE\s+TASKS\s+WORKER\s+RECORDS$/);
      expect(rows).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^${p.sinkName}\\s+sink\\s+RUNNING\\s+1/1\\s+127\\.0\\.0\\.1:${port}\\s+2,000 read, 2,000 put, lag 0$`,
          ),
        ),
      );
      expect(rows).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^${p.sourceName}\\s+source\\s+RUNNING\\s+1/1\\s+127\\.0\\.0\\.1:${port}\\s+2,000 polled, 2,000 written$`,
          ),
        ),
      );
      expect(table.stdout).not.toContain('\x1b[');

      const json = await runCli(['status', '--url', url, '--json', p.sinkName]);
      expect(json.code, json.stderr).toBe(0);
      const parsed = JSON.parse(json.stdout) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual([p.sinkName]);
      const direct = (await getJson(`${url}/connectors?expand=status`)) as Record<string, unknown>;
      expect(parsed[p.sinkName]).toEqual(direct[p.sinkName]);
      tsJson = JSON.parse(
        (await runCli(['status', '--url', url, '--json'])).stdout,
      ) as typeof tsJson;

      const missing = await runCli(['status', '--url', url, 'no-such-connector']);
      expect(missing.code).toBe(3);
      expect(missing.stderr.trim()).toBe(
        `ts-connect: connector no-such-connector not found on the worker at ${url}`,
      );

      await waitFor('a throughput log line', () =>
        /INFO .*-sink RUNNING, 1\/1 tasks running: read 2,000 \(.*\/s\), put 2,000 .*\(ConnectorProgress\)/.test(
          run.stderr,
        )
          ? true
          : undefined,
      );
    } finally {
      expect(await run.stop()).toBe(0);
    }

    const down = await runCli(['status', '--url', url]);
    expect(down.code).toBe(5);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toContain(`ts-connect: cannot reach the Connect worker at ${url}`);
  });

  test('`ts-connect status` reads Apache Kafka Connect running the same connectors', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const p = writePipeline('kafka', port);
    const kafka = spawn(
      'bash',
      [join(ROOT, 'scripts/kafka.sh'), 'connect-standalone', p.worker, p.source, p.sink],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: false,
      },
    );
    let log = '';
    kafka.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<void>((resolve) => kafka.on('close', () => resolve()));
    try {
      await waitFor(
        'Kafka Connect to run both connectors',
        async () => {
          const res = await runCli(['status', '--url', url, '--json']);
          if (res.code !== 0) return undefined;
          const parsed = JSON.parse(res.stdout) as Record<
            string,
            { status: { tasks: { state: string }[] } }
          >;
          const all = Object.values(parsed);
          return all.length === 2 &&
            all.every((e) => e.status.tasks.some((t) => t.state === 'RUNNING'))
            ? true
            : undefined;
        },
        150_000,
      );
      const table = await runCli(['status', '--url', url]);
      expect(table.code, table.stderr).toBe(0);
      const rows = table.stdout.split('\n');
      // Kafka Connect has no figures endpoint: Kafka's columns only.
      expect(rows[0]).toMatch(/^CONNECTOR\s+TYPE\s+STATE\s+TASKS\s+WORKER$/);
      expect(rows).toContainEqual(
        expect.stringMatching(
          new RegExp(`^${p.sinkName}\\s+sink\\s+RUNNING\\s+1/1\\s+127\\.0\\.0\\.1:${port}$`),
        ),
      );
      expect(rows).toContainEqual(
        expect.stringMatching(
          new RegExp(`^${p.sourceName}\\s+source\\s+RUNNING\\s+1/1\\s+127\\.0\\.0\\.1:${port}$`),
        ),
      );
      expect(rows).toContainEqual(
        expect.stringMatching(new RegExp(`^  task 0\\s+RUNNING\\s+127\\.0\\.0\\.1:${port}$`)),
      );
      const kafkaJson = JSON.parse(
        (await runCli(['status', '--url', url, '--json'])).stdout,
      ) as NonNullable<typeof tsJson>;
      // Same connectors on both workers: the status JSON has the same shape.
      expect(tsJson).toBeDefined();
      expect(normalised(tsJson!)).toEqual(normalised(kafkaJson));
    } finally {
      kafka.kill('SIGTERM');
      const timer = setTimeout(() => kafka.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      if (log.includes('ERROR') && !log.includes('Kafka Connect stopped'))
        console.error(log.slice(-3000));
    }
  });
});
