/**
 * Differential testing against Apache Kafka's own converters: the same cases run through
 * test/java/ConverterHarness.java (Kafka's classes, one JVM per test file) and through ours,
 * and the results are compared. Cases describe schemas and values in a small JSON form both
 * sides build from; results describe schemas and values canonically (numbers by kind and bits).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { BigDecimal } from '../../../src/api/big-decimal.js';
import type { Converter } from '../../../src/api/converter.js';
import type { HeaderConverter } from '../../../src/api/header-converter.js';
import { type Schema, Type } from '../../../src/api/schema.js';
import { SchemaBuilder } from '../../../src/api/schema-builder.js';
import type { SchemaAndValue } from '../../../src/api/schema-and-value.js';
import { Struct } from '../../../src/api/struct.js';
import { validateValue } from '../../../src/api/validate-value.js';
import { TypedNumber } from '../../../src/api/typed-number.js';
import {
  BUILTIN_CONVERTERS,
  BUILTIN_HEADER_CONVERTERS,
  JsonConverter,
} from '../../../src/converters/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A schema as a case describes it. */
export interface SchemaSpec {
  type: keyof typeof Type;
  optional?: boolean;
  name?: string;
  version?: number;
  doc?: string;
  params?: [string, string][];
  default?: TypedValue;
  items?: SchemaSpec;
  keys?: SchemaSpec;
  values?: SchemaSpec;
  fields?: [string, SchemaSpec][];
}

/** A value as a case describes it (the Java side builds the matching Java class). */
export type TypedValue =
  | null
  | { t: 'int8' | 'int16' | 'int32'; v: number }
  | { t: 'int64' | 'float32' | 'float64' | 'string' | 'bytes' | 'decimal'; v: string }
  | { t: 'boolean'; v: boolean }
  | { t: 'date'; v: number }
  | { t: 'array'; v: TypedValue[] }
  | { t: 'map'; v: [TypedValue, TypedValue][] }
  | { t: 'struct'; v: [string, TypedValue][] };

export interface Case {
  id: number | string;
  op: 'from' | 'to' | 'rt' | 'validate';
  conv: string;
  config?: Record<string, string>;
  isKey?: boolean;
  /** Set to use the header-converter methods with this header key. */
  header?: string;
  schema?: SchemaSpec | null;
  value?: TypedValue;
  /** Base64 input of a `to` case, or null. */
  bytes?: string | null;
  /** Compare JSON output as a JSON value with object keys in any order (schemaless maps). */
  unorderedKeys?: boolean;
  /** A round trip whose expected bytes are its input (map order kept, unlike Kafka's HashMap). */
  keepsMapOrder?: boolean;
  /** Run our JsonConverter with its native JSON fast path off (exact parser only). */
  exactJson?: boolean;
}

export type Result =
  | { id: number | string; bytes: string | null }
  | { id: number | string; schema: unknown; value: unknown }
  | { id: number | string; error: string; cls: string }
  | { id: number | string; ok: true };

let classpath: string | undefined;

/**
 * The Java to run Kafka with: `DIFF_JAVA` if set, else a JDK 19+ found under /usr/lib/jvm, else
 * `java`. JDK 19+ prints floats with the shortest digits (JDK-4511638), as ts-connect does; on
 * JDK 17 a few values print longer (`9.999999999999999E22` for 1e23) and those cases differ.
 */
function javaBinary(): string {
  if (process.env.DIFF_JAVA) return process.env.DIFF_JAVA;
  try {
    const dirs = readdirSync('/usr/lib/jvm')
      .map((d) => ({ d, v: Number(/(\d+)/.exec(d.replace(/^java-1\./, 'java-'))?.[1] ?? 0) }))
      .filter((x) => x.v >= 19 && existsSync(path.join('/usr/lib/jvm', x.d, 'bin/java')))
      .sort((a, b) => b.v - a.v);
    if (dirs.length > 0) return path.join('/usr/lib/jvm', dirs[0]!.d, 'bin/java');
  } catch {
    // No /usr/lib/jvm: use the java on PATH.
  }
  return 'java';
}

/** Runs a command, feeding `input` on stdin; resolves with stdout (async, so vitest's worker stays responsive). */
function run(cmd: string, args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${cmd} exited with ${code}: ${Buffer.concat(err).toString('utf8')}`));
    });
    // A process that exits without reading all of stdin gives EPIPE here; its exit code and
    // stderr say what happened, so the write error itself is not the failure.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** Runs the cases through Kafka's converters (one JVM). */
export async function runKafka(cases: Case[]): Promise<Map<string, Result>> {
  classpath ??= (await run('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'classpath'], '')).trim();
  const input = cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
  const stdout = await run(
    javaBinary(),
    ['-Duser.timezone=UTC', '-cp', classpath, path.join(ROOT, 'test/java/ConverterHarness.java')],
    input,
  );
  const out = new Map<string, Result>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as Result;
    out.set(String(r.id), r);
  }
  return out;
}

// ---- building our schemas and values from specs

export function buildSchema(spec: SchemaSpec | null | undefined): Schema | null {
  if (spec === null || spec === undefined) return null;
  let b: SchemaBuilder;
  switch (spec.type) {
    case 'ARRAY':
      b = SchemaBuilder.array(buildSchema(spec.items)!);
      break;
    case 'MAP':
      b = SchemaBuilder.map(buildSchema(spec.keys)!, buildSchema(spec.values)!);
      break;
    case 'STRUCT':
      b = SchemaBuilder.struct();
      for (const [name, fs] of spec.fields ?? []) b.field(name, buildSchema(fs)!);
      break;
    default:
      b = SchemaBuilder.type(Type[spec.type]);
  }
  if (spec.optional) b.optional();
  if (spec.name !== undefined) b.name(spec.name);
  if (spec.version !== undefined) b.version(spec.version);
  if (spec.doc !== undefined) b.doc(spec.doc);
  for (const [k, v] of spec.params ?? []) b.parameter(k, v);
  if (spec.default !== undefined && spec.default !== null)
    b.defaultValue(buildValue(b.build(), spec.default));
  return b.build();
}

export function buildValue(schema: Schema | null, v: TypedValue | undefined): unknown {
  if (v === null || v === undefined) return null;
  switch (v.t) {
    case 'int8':
      return schema === null ? TypedNumber.int8(v.v) : v.v;
    case 'int16':
      return schema === null ? TypedNumber.int16(v.v) : v.v;
    case 'int32':
      return schema === null ? TypedNumber.int32(v.v) : v.v;
    case 'int64':
      return BigInt(v.v);
    case 'float32':
      return schema === null ? TypedNumber.float32(Number(v.v)) : Math.fround(Number(v.v));
    case 'float64':
      return Number(v.v);
    case 'boolean':
      return v.v;
    case 'string':
      return v.v;
    case 'bytes':
      return new Uint8Array(Buffer.from(v.v, 'base64'));
    case 'decimal':
      return BigDecimal.parse(v.v);
    case 'date':
      return new Date(v.v);
    case 'array': {
      const es = schema === null ? null : schema.valueSchema();
      return v.v.map((e) => buildValue(es, e));
    }
    case 'map': {
      const ks = schema === null ? null : schema.keySchema();
      const vs = schema === null ? null : schema.valueSchema();
      return new Map(v.v.map(([k, x]) => [buildValue(ks, k), buildValue(vs, x)]));
    }
    case 'struct': {
      const s = new Struct(schema!);
      for (const [name, x] of v.v) s.put(name, buildValue(schema!.field(name)!.schema, x));
      return s;
    }
    default:
      throw new Error('unknown typed value');
  }
}

// ---- describing our results the way the Java harness does

export function describeSchema(s: Schema | null | undefined): unknown {
  if (s === null || s === undefined) return null;
  const isContainer = s.type === Type.ARRAY || s.type === Type.MAP;
  return {
    type: s.type,
    optional: s.optional,
    name: s.name,
    version: s.version,
    doc: s.doc,
    params: s.parameters === null ? null : [...s.parameters],
    default: describe(s, s.defaultValue),
    items: isContainer ? describeSchema(s.valueSchema()) : null,
    keys: s.type === Type.MAP ? describeSchema(s.keySchema()) : null,
    fields:
      s.type === Type.STRUCT ? s.fields().map((f) => [f.name, describeSchema(f.schema)]) : null,
  };
}

function floatBits(x: number): string {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x);
  return dv.getUint32(0).toString(16);
}

function doubleBits(x: number): string {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  return dv.getBigUint64(0).toString(16);
}

export function describe(schema: Schema | null | undefined, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const s = schema ?? null;
  if (typeof v === 'number') {
    switch (s?.type) {
      case Type.INT8:
        return { t: 'int8', v };
      case Type.INT16:
        return { t: 'int16', v };
      case Type.INT32:
        return { t: 'int32', v };
      case Type.FLOAT32:
        return { t: 'float32', v: floatBits(v) };
      default:
        return { t: 'float64', v: doubleBits(v) };
    }
  }
  if (v instanceof TypedNumber) {
    if (v.type === 'FLOAT32') return { t: 'float32', v: floatBits(v.value) };
    return { t: v.type.toLowerCase(), v: v.value };
  }
  if (typeof v === 'bigint') return { t: 'int64', v: v.toString() };
  if (typeof v === 'boolean') return { t: 'boolean', v };
  if (typeof v === 'string') return { t: 'string', v };
  if (v instanceof Uint8Array) return { t: 'bytes', v: Buffer.from(v).toString('base64') };
  if (v instanceof BigDecimal) return { t: 'decimal', v: v.unscaled.toString(), s: v.scale };
  if (v instanceof Date) return { t: 'date', v: v.getTime() };
  if (Array.isArray(v)) {
    const es = s?.type === Type.ARRAY ? s.valueSchema() : null;
    return { t: 'array', v: v.map((e) => describe(es, e)) };
  }
  if (v instanceof Map) {
    const ks = s?.type === Type.MAP ? s.keySchema() : null;
    const vs = s?.type === Type.MAP ? s.valueSchema() : null;
    const entries = [...v].map(([k, x]) => [describe(ks, k), describe(vs, x)]);
    entries.sort((a, b) => {
      const x = JSON.stringify(a[0]);
      const y = JSON.stringify(b[0]);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return { t: 'map', v: entries };
  }
  if (v instanceof Struct) {
    return {
      t: 'struct',
      v: v.schema.fields().map((f) => [f.name, describe(f.schema, v.getWithoutDefault(f))]),
    };
  }
  return { t: `unknown:${typeof v}`, v: String(v) };
}

// ---- running a case through ours

function instantiate(c: Case): Converter | HeaderConverter {
  const list = c.header !== undefined ? BUILTIN_HEADER_CONVERTERS : BUILTIN_CONVERTERS;
  const entry = list.find((e) => e.fqcn === c.conv);
  if (entry === undefined) throw new Error(`no converter ${c.conv}`);
  return new entry.ctor();
}

export function runOurs(c: Case): Result {
  try {
    if (c.op === 'validate') {
      const schema = buildSchema(c.schema);
      validateValue(schema!, buildValue(schema, c.value));
      return { id: c.id, ok: true };
    }
    const conv = instantiate(c);
    if (c.header !== undefined) (conv as HeaderConverter).configure(c.config ?? {});
    else (conv as Converter).configure(c.config ?? {}, c.isKey ?? false);
    if (c.exactJson && conv instanceof JsonConverter) conv.nativeFastPath = false;
    if (c.op === 'from') {
      const schema = buildSchema(c.schema);
      const value = buildValue(schema, c.value);
      const bytes =
        c.header !== undefined
          ? (conv as HeaderConverter).fromConnectHeader('topic', c.header, schema, value)
          : (conv as Converter).fromConnectData('topic', null, schema, value);
      return { id: c.id, bytes: bytes === null ? null : Buffer.from(bytes).toString('base64') };
    }
    if (c.op === 'rt') {
      const sv = (conv as Converter).toConnectData(
        'topic',
        null,
        new Uint8Array(Buffer.from(c.bytes ?? '', 'base64')),
      );
      const back = (conv as Converter).fromConnectData('topic', null, sv.schema, sv.value);
      return { id: c.id, bytes: back === null ? null : Buffer.from(back).toString('base64') };
    }
    const input =
      c.bytes === null || c.bytes === undefined
        ? null
        : new Uint8Array(Buffer.from(c.bytes, 'base64'));
    const sv: SchemaAndValue =
      c.header !== undefined
        ? (conv as HeaderConverter).toConnectHeader('topic', c.header, input)
        : (conv as Converter).toConnectData('topic', null, input);
    return { id: c.id, schema: describeSchema(sv.schema), value: describe(sv.schema, sv.value) };
  } catch (e) {
    const err = e as Error;
    return { id: c.id, error: err.message, cls: err.constructor.name };
  }
}

/** JSON text with object keys sorted and every token kept verbatim, to compare schemaless output. */
export function canonicalJson(text: string): string {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return text.slice(start, i);
  };
  const val = (): string => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const members: [string, string][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return '{}';
      }
      for (;;) {
        ws();
        const k = str();
        ws();
        i++;
        members.push([k, val()]);
        ws();
        if (text[i++] === '}') break;
      }
      members.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return `{${members.map(([k, v]) => `${k}:${v}`).join(',')}}`;
    }
    if (c === '[') {
      i++;
      const items: string[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return '[]';
      }
      for (;;) {
        items.push(val());
        ws();
        if (text[i++] === ']') break;
      }
      return `[${items.join(',')}]`;
    }
    if (c === '"') return str();
    const start = i;
    while (i < text.length && !',]} \t\n\r'.includes(text[i]!)) i++;
    return text.slice(start, i);
  };
  return val();
}

/** A result made readable in failure output: JSON bytes are shown as text too. */
function show(r: Result | undefined): unknown {
  return r !== undefined && 'bytes' in r && r.bytes !== null
    ? { ...r, text: Buffer.from(r.bytes, 'base64').toString('utf8') }
    : r;
}

/**
 * Runs each case through ours and returns every disagreement with Kafka's result (empty when
 * all agree). Cases marked `unorderedKeys` compare JSON output with object keys in any order.
 */
export function mismatches(cases: Case[], kafka: Map<string, Result>): unknown[] {
  const out: unknown[] = [];
  for (const c of cases) {
    const expected = kafka.get(String(c.id));
    const ours = runOurs(c);
    if (
      c.unorderedKeys &&
      expected !== undefined &&
      'bytes' in expected &&
      'bytes' in ours &&
      expected.bytes !== null &&
      ours.bytes !== null
    ) {
      const text = (b: string): string => canonicalJson(Buffer.from(b, 'base64').toString('utf8'));
      if (text(ours.bytes) !== text(expected.bytes))
        out.push({ case: c, ours: show(ours), kafka: show(expected) });
      continue;
    }
    if (JSON.stringify(show(ours)) !== JSON.stringify(show(expected)) || expected === undefined) {
      out.push({ case: c, ours: show(ours), kafka: show(expected) });
    }
  }
  return out;
}

/** Cases grouped by converter and operation, one test each. */
export function groups(cases: Case[]): [string, Case[]][] {
  const m = new Map<string, Case[]>();
  for (const c of cases) {
    const key = `${c.conv.split('.').pop()}${c.header !== undefined ? ' (header)' : ''} ${c.op}${c.exactJson ? ' exact' : ''}`;
    const list = m.get(key) ?? [];
    list.push(c);
    m.set(key, list);
  }
  return [...m];
}
