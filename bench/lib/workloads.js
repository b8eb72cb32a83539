// The workloads. Each run starts one process (ts-connect, Kafka Connect or kcat) on fresh
// files, a fresh topic and a fresh consumer group, measures it from spawn, stops it and
// returns its figures.
import {
  mkdirSync,
  writeFileSync,
  openSync,
  closeSync,
  writeSync,
  readSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MeasuredProcess } from './processes.js';
import { checkSinkFile, sizeOf, LINE_BYTES } from './data.js';
import { freePort, properties, percentile, sleep } from './util.js';

const STRING = 'org.apache.kafka.connect.storage.StringConverter';
const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';
const SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';

export const SIDES = {
  ts: 'ts-connect',
  kc: 'Kafka Connect',
  kcat: 'kcat',
};

/** W3's chain: each line becomes a struct { line }, then gains origin = "bench". */
const W3_TRANSFORMS = {
  transforms: 'hoist,ins',
  'transforms.hoist.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
  'transforms.hoist.field': 'line',
  'transforms.ins.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
  'transforms.ins.static.field': 'origin',
  'transforms.ins.static.value': 'bench',
};

/** Everything one run needs: its folder, topic, names, and the files it writes. */
async function prepare(ctx, workload, side, round) {
  const id = `${workload.toLowerCase()}-${side}-${round}-${ctx.stamp}`;
  const dir = join(ctx.workDir, id);
  mkdirSync(dir, { recursive: true });
  return {
    id,
    dir,
    topic: `bench-${id}`,
    restPort: await freePort(),
    log: join(dir, 'output.log'),
  };
}

function writeWorker(ctx, run, { json = false } = {}) {
  const path = join(run.dir, 'worker.properties');
  const worker = {
    'bootstrap.servers': ctx.bootstrap,
    'key.converter': STRING,
    'value.converter': json ? JSON_CONVERTER : STRING,
    ...(json ? { 'value.converter.schemas.enable': 'true' } : {}),
    'offset.storage.file.filename': join(run.dir, 'connect.offsets'),
    'offset.flush.interval.ms': '10000',
    listeners: `http://127.0.0.1:${run.restPort}`,
    // Kafka Connect's own advice at start-up ("All plugins have ServiceLoader manifests"): without
    // it, the JVM spends seconds (a minute on a busy machine) reflecting over the classpath.
    'plugin.discovery': 'service_load',
  };
  writeFileSync(path, properties(worker));
  return path;
}

function writeSource(run, file, extra = {}) {
  const path = join(run.dir, 'source.properties');
  writeFileSync(
    path,
    properties({
      name: `bench-source-${run.id}`,
      'connector.class': SOURCE,
      'tasks.max': '1',
      file,
      topic: run.topic,
      ...extra,
    }),
  );
  return path;
}

function writeSink(run, file, topic) {
  const path = join(run.dir, 'sink.properties');
  // The name is the consumer group (connect-<name>): fresh per run, so every run reads from 0.
  writeFileSync(
    path,
    properties({
      name: `bench-sink-${run.id}`,
      'connector.class': SINK,
      'tasks.max': '1',
      file,
      topics: topic,
    }),
  );
  return path;
}

/** Starts ts-connect or Kafka Connect standalone with the same worker and connector files. */
function startWorker(ctx, side, run, files) {
  const label = `${SIDES[side]} (${run.id})`;
  const options = { logFile: run.log, cwd: ctx.root, env: process.env };
  if (side === 'ts') {
    const bin = join(ctx.root, 'bin', 'ts-connect.js');
    // BENCH_TS_NODE_OPTS adds Node flags, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile.
    const nodeOpts = (process.env.BENCH_TS_NODE_OPTS ?? '').split(' ').filter((o) => o !== '');
    return new MeasuredProcess(
      label,
      process.execPath,
      [...nodeOpts, bin, 'standalone', ...files],
      options,
    );
  }
  return new MeasuredProcess(
    label,
    'java',
    [
      ...ctx.kafkaConnectJavaOpts,
      `-Dlog4j2.configurationFile=${join(ctx.root, 'scripts/kafka/connect-log4j2.properties')}`,
      '-cp',
      ctx.classpath,
      'org.apache.kafka.connect.cli.ConnectStandalone',
      ...files,
    ],
    options,
  );
}

function rate(count, ms) {
  return count / (ms / 1000);
}

/** file → Kafka (W1, and W3 with `json`): until the topic's end offsets hold every record. */
async function fileToKafka(ctx, side, run, { json, input = ctx.input }) {
  await ctx.admin.createTopic(run.topic, ctx.opts.partitions);
  const records = () => ctx.admin.endOffsets(run.topic).catch(() => 0);
  let proc;
  if (side === 'kcat') {
    proc = new MeasuredProcess(
      `kcat (${run.id})`,
      'kcat',
      ['-P', '-b', ctx.bootstrap, '-t', run.topic, '-l', input.path],
      { logFile: run.log, cwd: ctx.root, env: process.env },
    );
  } else {
    const worker = writeWorker(ctx, run, { json });
    const source = writeSource(run, input.path, json ? W3_TRANSFORMS : {});
    proc = startWorker(ctx, side, run, [worker, source]);
  }
  try {
    const mayExit = side === 'kcat';
    const startupMs = await proc.waitFor(
      'the first record in Kafka',
      async () => (await records()) > 0,
      {
        timeoutMs: ctx.opts.timeoutSec * 1000,
        intervalMs: 20,
        mayExit,
      },
    );
    const ms = await proc.waitFor(
      `${input.count} records in ${run.topic}`,
      async () => (await records()) >= input.count,
      {
        timeoutMs: ctx.opts.timeoutSec * 1000,
        mayExit,
      },
    );
    const rssMb = await proc.stop();
    const count = await records();
    const problem =
      count === input.count
        ? null
        : `${count} records in the topic, expected ${input.count} (duplicates)`;
    return { seconds: ms / 1000, rate: rate(input.count, ms), startupMs, rssMb, problem };
  } finally {
    await proc.stop();
    await ctx.admin.deleteTopic(run.topic);
  }
}

/** Polls the sink file's size until it holds every line, then checks its bytes. */
async function untilSinkHolds(ctx, proc, sinkFile, mayExit = false) {
  const { input } = ctx;
  const ms = await proc.waitFor(
    `${input.count} lines in ${sinkFile}`,
    () => sizeOf(sinkFile) >= input.bytes,
    {
      timeoutMs: ctx.opts.timeoutSec * 1000,
      mayExit,
    },
  );
  const rssMb = await proc.stop();
  const problem = await checkSinkFile(sinkFile, input, ctx.opts.partitions);
  rmSync(sinkFile, { force: true });
  return { seconds: ms / 1000, rate: rate(input.count, ms), rssMb, problem };
}

/** Kafka → file (W2): the preloaded topic, a fresh group, until the sink file holds every line. */
async function kafkaToFile(ctx, side, run) {
  const sinkFile = join(run.dir, 'sink.txt');
  let proc;
  if (side === 'kcat') {
    proc = new MeasuredProcess(
      `kcat (${run.id})`,
      'kcat',
      ['-C', '-b', ctx.bootstrap, '-t', ctx.preloadTopic, '-o', 'beginning', '-e', '-q'],
      { logFile: run.log, stdoutFile: sinkFile, cwd: ctx.root, env: process.env },
    );
  } else {
    const worker = writeWorker(ctx, run);
    proc = startWorker(ctx, side, run, [worker, writeSink(run, sinkFile, ctx.preloadTopic)]);
  }
  try {
    return await untilSinkHolds(ctx, proc, sinkFile, side === 'kcat');
  } finally {
    await proc.stop();
  }
}

/** file → Kafka → file (W1+2, issue 3's figure): one worker running a source and a sink. */
async function fileToKafkaToFile(ctx, side, run) {
  const sinkFile = join(run.dir, 'sink.txt');
  await ctx.admin.createTopic(run.topic, ctx.opts.partitions);
  const worker = writeWorker(ctx, run);
  const files = [worker, writeSource(run, ctx.input.path), writeSink(run, sinkFile, run.topic)];
  const proc = startWorker(ctx, side, run, files);
  try {
    return await untilSinkHolds(ctx, proc, sinkFile);
  } finally {
    await proc.stop();
    await ctx.admin.deleteTopic(run.topic);
  }
}

/**
 * Reads the lines a sink file gains, as they arrive, noting when the bench first saw each one.
 * The bench polls every 5 ms, so latencies carry up to that much extra.
 */
class SinkTail {
  constructor(path, onLine) {
    this.path = path;
    this.onLine = onLine;
    this.fd = null;
    this.position = 0;
    this.rest = '';
    this.buffer = Buffer.alloc(1 << 20);
    this.timer = setInterval(() => this.poll(), 5);
  }

  poll() {
    if (this.fd === null) {
      try {
        this.fd = openSync(this.path, 'r');
      } catch {
        return;
      }
    }
    const now = performance.now();
    for (;;) {
      const n = readSync(this.fd, this.buffer, 0, this.buffer.length, this.position);
      if (n === 0) break;
      this.position += n;
      const lines = (this.rest + this.buffer.toString('latin1', 0, n)).split('\n');
      this.rest = lines.pop();
      for (const line of lines) this.onLine(line, now);
    }
  }

  close() {
    clearInterval(this.timer);
    if (this.fd !== null) closeSync(this.fd);
  }
}

/**
 * W4: lines appended at a steady rate through source → Kafka → sink in one worker; each line
 * carries its append time, the bench tails the sink file for it. Appending starts once a probe
 * line has made it through, so start-up is not counted as latency.
 */
async function latency(ctx, side, run) {
  const { latencyRate: perSecond, latencySeconds } = ctx.opts;
  const total = Math.round(perSecond * latencySeconds);
  const sourceFile = join(run.dir, 'latency-in.txt');
  const sinkFile = join(run.dir, 'latency-out.txt');
  writeFileSync(sourceFile, '');
  await ctx.admin.createTopic(run.topic, ctx.opts.partitions);
  const worker = writeWorker(ctx, run);
  const files = [worker, writeSource(run, sourceFile), writeSink(run, sinkFile, run.topic)];
  const proc = startWorker(ctx, side, run, files);

  let probesSeen = 0;
  const latencies = [];
  const tail = new SinkTail(sinkFile, (line, seenAt) => {
    if (line.startsWith('P')) probesSeen++;
    else if (line.startsWith('S')) latencies.push(seenAt - Number(line.split(' ')[1]));
  });
  const out = openSync(sourceFile, 'a');
  try {
    // Probe until the pipeline answers.
    let probes = 0;
    const readyMs = await proc.waitFor(
      'a probe line through source → Kafka → sink',
      () => {
        writeSync(out, `P${probes++}\n`);
        return probesSeen > 0;
      },
      { timeoutMs: ctx.opts.timeoutSec * 1000, intervalMs: 250 },
    );
    await sleep(1000); // let the last probes drain

    // Steady appends: catch up to perSecond × elapsed every few ms.
    const started = performance.now();
    let written = 0;
    while (written < total) {
      proc.assertRunning('the steady appends');
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * perSecond));
      if (due > written) {
        const appendedAt = performance.now().toFixed(3);
        let chunk = '';
        for (; written < due; written++) {
          const head = `S${written} ${appendedAt} `;
          chunk += head.padEnd(LINE_BYTES - 1, 'x') + '\n';
        }
        writeSync(out, chunk);
      }
      await sleep(5);
    }
    await proc
      .waitFor(`${total} latency lines in ${sinkFile}`, () => latencies.length >= total, {
        timeoutMs: 60_000,
      })
      .catch((error) => {
        if (latencies.length === 0) throw error;
      });
    const rssMb = await proc.stop();
    latencies.sort((a, b) => a - b);
    return {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      maxMs: latencies[latencies.length - 1],
      lines: latencies.length,
      readyMs,
      rssMb,
      problem: latencies.length === total ? null : `${latencies.length} of ${total} lines arrived`,
    };
  } finally {
    closeSync(out);
    tail.close();
    await proc.stop();
    await ctx.admin.deleteTopic(run.topic);
    rmSync(sinkFile, { force: true });
  }
}

/** Every workload: its name, title, the sides it runs, and how one run goes. */
export const WORKLOADS = {
  W1: {
    title: 'file → Kafka, StringConverter',
    sides: ['ts', 'kc', 'kcat'],
    run: (ctx, side, run) => fileToKafka(ctx, side, run, { json: false }),
  },
  W2: {
    title: 'Kafka → file, StringConverter',
    sides: ['ts', 'kc', 'kcat'],
    run: kafkaToFile,
  },
  W12: {
    title: 'file → Kafka → file in one worker',
    sides: ['ts', 'kc'],
    run: fileToKafkaToFile,
  },
  W3: {
    title: 'file → Kafka, JsonConverter schemas + HoistField/InsertField',
    sides: ['ts', 'kc'],
    run: (ctx, side, run) => fileToKafka(ctx, side, run, { json: true }),
  },
  W4: {
    title: 'latency, steady appends through source → Kafka → sink',
    sides: ['ts', 'kc'],
    run: latency,
  },
};

export async function runOne(ctx, workload, side, round) {
  const run = await prepare(ctx, workload, side, round);
  return WORKLOADS[workload].run(ctx, side, run);
}

/** W1 on the warm-up input: JIT, page cache and broker warm, nothing recorded. */
export async function warmUp(ctx, side, round) {
  const run = await prepare(ctx, 'W1', side, `warmup${round}`);
  return fileToKafka(ctx, side, run, { json: false, input: ctx.warmUpInput });
}
