#!/usr/bin/env node
// npm run bench: ts-connect and Apache Kafka Connect standalone side by side on the same broker,
// the same worker and connector files and the same input, alternating, after a warm-up.
// See bench/README.md for the workloads, the options and how to read the table.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BenchAdmin, startBroker } from './lib/kafka.js';
import { writeInputFile } from './lib/data.js';
import { describeMachine } from './lib/machine.js';
import { RunFailure, killAll } from './lib/processes.js';
import { summarize, table } from './lib/report.js';
import { SIDES, WORKLOADS, runOne, warmUp } from './lib/workloads.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: npm run bench -- [options]
  --only W1,W2,W12,W3,W4   workloads to run (default all; env BENCH_ONLY)
  --rounds N               measured rounds per workload and side (default 2; env BENCH_ROUNDS)
  --warmup N               unmeasured W1 rounds per side first, on 1/5 of the lines (default 1)
  --lines N                lines of the input file (default 1000000)
  --partitions N           partitions of every bench topic (default 1)
  --sides ts,kc,kcat       who runs (default all; kcat only where installed)
  --latency-seconds S      W4 duration (default 30)   --latency-rate R   W4 lines/s (default 5000)
  --latency-rounds N       W4 rounds per side (default 1)
  --timeout S              longest wait of one run before it fails (default 300)
  --keep                   keep the work folder (worker files, logs) afterwards
env: KAFKA_BOOTSTRAP (use that broker), BENCH_KAFKA_PORT (own broker's port, default 19392),
     BENCH_KC_JAVA_OPTS (Kafka Connect's JVM options, default those of connect-standalone.sh)`;

function options() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: process.env.BENCH_ONLY ?? Object.keys(WORKLOADS).join(',') },
      rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '2' },
      warmup: { type: 'string', default: '1' },
      lines: { type: 'string', default: '1000000' },
      partitions: { type: 'string', default: '1' },
      sides: { type: 'string', default: 'ts,kc,kcat' },
      'latency-seconds': { type: 'string', default: '30' },
      'latency-rate': { type: 'string', default: '5000' },
      'latency-rounds': { type: 'string', default: '1' },
      timeout: { type: 'string', default: '300' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const integer = (name) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`--${name} must be a whole number, got '${values[name]}'`);
    return n;
  };
  const list = (name, allowed) => {
    const items = values[name]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const item of items) {
      if (!allowed.includes(item))
        throw new Error(`--${name}: unknown '${item}' (one of ${allowed.join(', ')})`);
    }
    return items;
  };
  return {
    only: list('only', Object.keys(WORKLOADS)),
    rounds: integer('rounds'),
    warmup: integer('warmup'),
    lines: integer('lines'),
    partitions: Math.max(1, integer('partitions')),
    sides: list('sides', Object.keys(SIDES)),
    latencySeconds: integer('latency-seconds'),
    latencyRate: integer('latency-rate'),
    latencyRounds: integer('latency-rounds'),
    timeoutSec: integer('timeout'),
    keep: values.keep,
  };
}

function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function say(message) {
  process.stderr.write(`bench: ${message}\n`);
}

function describe(workload, side, metrics) {
  const parts = [];
  if (metrics.rate !== undefined)
    parts.push(
      `${Math.round(metrics.rate).toLocaleString('en-US')} records/s (${metrics.seconds.toFixed(2)} s)`,
    );
  if (metrics.startupMs !== undefined)
    parts.push(`first record ${Math.round(metrics.startupMs)} ms`);
  if (metrics.p50 !== undefined)
    parts.push(`p50 ${metrics.p50.toFixed(1)} ms, p99 ${metrics.p99.toFixed(1)} ms`);
  if (metrics.rssMb) parts.push(`peak RSS ${Math.round(metrics.rssMb)} MB`);
  return `${workload} ${SIDES[side]}: ${parts.join(', ')}`;
}

async function main() {
  const opts = options();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const kcat = opts.sides.includes('kcat') && hasCommand('kcat');
  if (opts.sides.includes('kcat') && !kcat)
    say('kcat is not installed: no C-library floor this time');
  const sides = opts.sides.filter((s) => s !== 'kcat' || kcat);
  const machine = describeMachine(ROOT, kcat);
  if (machine.loadAverageAtStart[0] > machine.cores * 0.5) {
    say(
      `load average ${machine.loadAverageAtStart.join(' ')} on ${machine.cores} cores: the machine is busy, figures will be noisy`,
    );
  }
  if (sides.includes('ts') && !existsSync(join(ROOT, 'dist/cli/main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  }

  const workDir = join(tmpdir(), `ts-connect-bench-${stamp}`);
  mkdirSync(workDir, { recursive: true });
  say(`work folder ${workDir}`);
  const kafkaConnectJavaOpts = (
    process.env.BENCH_KC_JAVA_OPTS ??
    // What Kafka's own bin/connect-standalone.sh and kafka-run-class.sh use.
    '-Xms256M -Xmx2G -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true'
  ).split(/\s+/);
  const classpath = sides.includes('kc')
    ? execFileSync('bash', [join(ROOT, 'scripts/kafka.sh'), 'classpath'], {
        encoding: 'utf8',
      }).trim()
    : '';

  const broker = await startBroker(ROOT);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      say(
        `interrupted: stopping the running processes${broker.startedHere ? ' and the bench broker' : ''}`,
      );
      killAll();
      broker.stop().finally(() => process.exit(130));
    });
  }
  say(
    `broker ${broker.bootstrap}${broker.startedHere ? ' (started for the bench; deleted afterwards)' : ''}`,
  );
  const admin = new BenchAdmin(broker.bootstrap);
  await admin.connect();

  const runs = [];
  const failures = [];
  const ctx = {
    root: ROOT,
    workDir,
    stamp,
    bootstrap: broker.bootstrap,
    admin,
    opts,
    classpath,
    kafkaConnectJavaOpts,
  };
  try {
    say(`writing ${opts.lines.toLocaleString('en-US')} lines of input`);
    ctx.input = writeInputFile(join(workDir, 'input.txt'), opts.lines);
    ctx.warmUpInput = writeInputFile(join(workDir, 'warm-up.txt'), Math.ceil(opts.lines / 5));

    if (opts.only.includes('W2')) {
      ctx.preloadTopic = `bench-w2-preload-${stamp}`;
      say(`preloading ${ctx.preloadTopic} for W2`);
      await admin.createTopic(ctx.preloadTopic, opts.partitions);
      await admin.preload(ctx.preloadTopic, ctx.input.path, ctx.input.count);
    }

    for (let round = 0; round < opts.warmup; round++) {
      for (const side of sides.filter((s) => s !== 'kcat')) {
        say(`warm-up ${round + 1}: W1 ${SIDES[side]}`);
        await warmUp(ctx, side, round).catch((error) => {
          failures.push({ workload: 'warm-up', side, error: error.message });
          say(`WARM-UP FAILED: ${error.message}`);
        });
      }
    }

    for (const workload of opts.only) {
      const rounds = workload === 'W4' ? opts.latencyRounds : opts.rounds;
      const failed = new Set();
      for (let round = 0; round < rounds; round++) {
        // Alternate who goes first, so neither always runs on the other's leftovers.
        const order = WORKLOADS[workload].sides.filter((s) => sides.includes(s));
        if (round % 2 === 1) order.reverse();
        for (const side of order) {
          if (failed.has(side)) continue;
          say(`${workload} round ${round + 1}/${rounds}: ${SIDES[side]}`);
          try {
            const metrics = await runOne(ctx, workload, side, round);
            runs.push({ workload, side, round, ok: true, metrics });
            say(`  ${describe(workload, side, metrics)}`);
            if (metrics.problem) say(`  WARNING ${workload} ${SIDES[side]}: ${metrics.problem}`);
          } catch (error) {
            const message =
              error instanceof RunFailure ? error.message : (error.stack ?? String(error));
            runs.push({ workload, side, round, ok: false, error: message });
            failures.push({ workload, side, error: message });
            failed.add(side);
            say(
              `FAILED ${workload} ${SIDES[side]} — skipping its remaining rounds of ${workload}\n${message}`,
            );
          }
        }
      }
    }
  } finally {
    if (ctx.preloadTopic) await admin.deleteTopic(ctx.preloadTopic);
    await admin.close().catch(() => {});
    await broker.stop();
    if (!opts.keep) rmSync(workDir, { recursive: true, force: true });
  }

  machine.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  const figures = summarize(runs);
  const resultsDir = join(ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const resultFile = join(resultsDir, `${stamp}.json`);
  writeFileSync(
    resultFile,
    JSON.stringify(
      {
        startedAt: stamp,
        machine,
        options: opts,
        kafkaConnectJavaOpts,
        bootstrap: broker.bootstrap,
        figures,
        runs,
        failures,
      },
      null,
      2,
    ) + '\n',
  );

  console.log(
    `\nts-connect vs Apache Kafka Connect ${machine.kafka} — commit ${machine.commit.slice(0, 12)}${
      machine.uncommittedChanges.length ? ' + uncommitted changes' : ''
    }`,
  );
  console.log(
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, load average ${machine.loadAverageAtStart[0]} at start, ` +
      `${machine.loadAverageAtEnd[0]} at end; ` +
      `Node ${machine.node}, ${machine.java}${machine.kcat ? `, kcat ${machine.kcat}` : ''}`,
  );
  console.log(
    `${opts.lines.toLocaleString('en-US')} lines of 100 bytes, ${opts.partitions} partition(s), ${opts.rounds} round(s), medians\n`,
  );
  console.log(table(figures));
  console.log(`\nresults: ${resultFile}`);
  if (failures.length > 0) {
    console.log(`\n${failures.length} run(s) FAILED:`);
    for (const f of failures)
      console.log(`- ${f.workload} ${SIDES[f.side]}: ${f.error.split('\n')[0]}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  say(`failed: ${error instanceof RunFailure ? error.message : (error.stack ?? error)}`);
  process.exit(1);
});
