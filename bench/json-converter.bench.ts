/**
 * JsonConverter records per second on a realistic record (10 fields, a nested struct, strings,
 * ints, floats), serialize and deserialize, with and without schemas, native fast path and
 * exact parser (writing has one path). Run it compiled as the CLI runs:
 *   npx tsc -p bench/tsconfig.json && node node_modules/.cache/ts-connect-bench/bench/json-converter.bench.js
 * (`npx vite-node bench/json-converter.bench.ts` runs it too, but vite-node turns every imported
 * binding into a getter call, which makes the figures several times slower than built code.)
 * BENCH_RECORDS per measurement, default 50000; BENCH_ROUNDS, default 12. Kafka's JsonConverter
 * on the same record: bench/java/JsonConverterBench.java.
 */
import { loadavg } from 'node:os';
import { JsonConverter } from '../src/converters/json/json-converter.js';
import { nativeSafe } from '../src/converters/json/json-parser.js';
import { ORDER, orderRecord as record } from './order-record.js';

function converter(schemas: boolean, nativeFastPath: boolean): JsonConverter {
  const c = new JsonConverter();
  c.configure({ 'schemas.enable': String(schemas) }, false);
  c.nativeFastPath = nativeFastPath;
  return c;
}

/** Records per second of `fn` over `n` calls. */
function measure(n: number, fn: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

const N = Number(process.env.BENCH_RECORDS ?? 50_000);
/** Rounds over all combinations, interleaved, so a load change on a shared machine hits all alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const records = Array.from({ length: 1000 }, (_x, i) => record(i));

interface Combination {
  label: string;
  run: (i: number) => void;
}

const combinations: Combination[] = [];
const notes: string[] = [];
for (const schemas of [true, false]) {
  const conv = converter(schemas, true);
  const tag = schemas ? 'with schemas   ' : 'without schemas';
  // Writing has one path: the fast/exact split is only in parsing.
  combinations.push({
    label: `serialize   ${tag}`,
    run: (i) => conv.fromConnectData('t', null, ORDER, records[i % 1000]!),
  });
  const bytes = records.map((r) => conv.fromConnectData('t', null, ORDER, r)!);
  const texts = bytes.map((b) => Buffer.from(b).toString('utf8'));
  // Prices are whole cents, so the native path applies; a float printed as 20.0 or with 17
  // digits would send a record to the exact path after the safety scan.
  const safe = texts.filter((t) => nativeSafe(t)).length;
  notes.push(
    `${tag}: record size ${bytes[0]!.length} bytes; ${safe} of ${texts.length} records native-safe`,
  );
  for (const nativeFastPath of [true, false]) {
    const reader = converter(schemas, nativeFastPath);
    combinations.push({
      label: `deserialize ${tag} ${nativeFastPath ? 'fast path (native)' : 'exact path'}`,
      run: (i) => reader.toConnectData('t', null, bytes[i % 1000]!),
    });
  }
}

const rates = new Map<string, number[]>(combinations.map((c) => [c.label, []]));
console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
// Warm-up (JIT), then many short interleaved rounds: on a shared machine the median of short
// rounds drifts less with other processes' load than a few long ones.
for (const c of combinations) measure(100_000, c.run);
for (let round = 0; round < ROUNDS; round++) {
  for (const c of combinations) rates.get(c.label)!.push(measure(N, c.run));
}
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(10);
console.log(`${N} records per measurement, ${ROUNDS} rounds; median (min-max) records/s`);
for (const c of combinations) {
  const r = [...rates.get(c.label)!].sort((a, b) => a - b);
  const median = r[Math.floor(r.length / 2)]!;
  console.log(`${c.label.padEnd(52)} ${fmt(median)}  (${fmt(r[0]!)} - ${fmt(r.at(-1)!)})`);
}
for (const n of notes) console.log(n);
console.log(
  `load average at end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
