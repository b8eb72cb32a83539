/**
 * Differential testing of SMTs against Apache Kafka: the same cases (a connector config and
 * records in the `ts-connect transform` JSON Lines form) run through test/java/TransformHarness.java
 * (Kafka's own transformations and converters, one JVM per test file) and through our
 * `transform` pipeline, and the outputs are compared. Schemaless JSON is compared as JSON values
 * (key order aside), keeping each number's int/float spelling.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTransformPipeline,
  DEFAULT_TRANSFORM_WORKER,
} from '../../../src/cli/transform-command.js';
import { parseJsonExact } from '../../../src/converters/json/json-parser.js';
import { JsonDecimal, type JsonTree } from '../../../src/converters/json/json-tree.js';
import { createBuiltinRegistry } from '../../../src/plugins/builtins.js';
import { TransformationConfigException } from '../../../src/runtime/transformation-chain.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export type Bytes = string | { base64: string } | null;

export interface InputRecord {
  topic?: string;
  partition?: number;
  offset?: number;
  timestamp?: number | null;
  key?: Bytes;
  value?: Bytes;
  headers?: { key: string; value: Bytes }[];
}

export interface TransformCase {
  id: string;
  config: Record<string, string>;
  records: InputRecord[];
}

/** What one side produced for a case: config errors, or one result per record. */
export interface CaseResult {
  configErrors?: string[];
  results?: Record<string, unknown>[];
  fatal?: string;
}

/** Runs Kafka's classes on every case in one JVM. */
export function runKafka(cases: readonly TransformCase[]): Map<string, CaseResult> {
  const classpath = execFileSync('bash', ['scripts/kafka.sh', 'classpath'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
  const run = spawnSync(
    'java',
    ['-Duser.timezone=UTC', '-cp', classpath, 'test/java/TransformHarness.java'],
    {
      cwd: ROOT,
      input: cases.map((c) => JSON.stringify(c)).join('\n') + '\n',
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    },
  );
  if (run.status !== 0) throw new Error(`TransformHarness failed: ${run.stderr}`);
  const out = new Map<string, CaseResult>();
  for (const line of run.stdout.split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as CaseResult & { id: string };
    out.set(r.id, r);
  }
  return out;
}

/** Runs our `transform` pipeline on one case. */
export function runOurs(c: TransformCase): CaseResult {
  let pipeline;
  try {
    pipeline = createTransformPipeline(DEFAULT_TRANSFORM_WORKER, c.config, createBuiltinRegistry());
  } catch (e) {
    const cause = (e as Error).cause;
    if (cause instanceof TransformationConfigException)
      return { configErrors: cause.problems.map((p) => p.message) };
    return { configErrors: [(e as Error).message] };
  }
  const results = c.records.map((r, i) => {
    const o = JSON.parse(
      pipeline.processLine(JSON.stringify({ offset: i, ...r }), i + 1),
    ) as Record<string, unknown>;
    return o;
  });
  pipeline.close();
  return { results };
}

function canonicalTree(t: JsonTree): string {
  if (t === null) return 'null';
  if (t instanceof JsonDecimal) return t.text;
  if (Array.isArray(t)) return `[${t.map(canonicalTree).join(',')}]`;
  switch (typeof t) {
    case 'string':
      return JSON.stringify(t);
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(t);
    default:
      break;
  }
  const entries = t instanceof Map ? [...t] : Object.entries(t);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalTree(v)}`).join(',')}}`;
}

/** JSON text with object keys sorted (numbers keep their spelling); other text as is. */
export function canonicalBytes(b: unknown): unknown {
  if (typeof b !== 'string') return b;
  try {
    const tree = parseJsonExact(b);
    if (tree === undefined) return b;
    return `json:${canonicalTree(tree)}`;
  } catch {
    return b;
  }
}

/** A result with what may legitimately differ removed (key order; Java class names of errors). */
export function normalise(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r };
  delete out.line;
  if (out.dropped === true) return { dropped: true };
  if (out.error !== undefined) {
    const e = out.error as Record<string, unknown>;
    return { error: { stage: e.stage, message: e.message } };
  }
  out.key = canonicalBytes(out.key);
  out.value = canonicalBytes(out.value);
  return out;
}
