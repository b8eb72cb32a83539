/**
 * Per-record cost of a three-SMT chain (issue 5's figure): InsertField$Value (a static field),
 * ReplaceField$Value (two renames) and Cast$Value (three fields), built from a connector config
 * as the runtime builds it, applied to the realistic record of bench/order-record.ts with its
 * schema and schemaless (the record's JSON read by JsonConverter with schemas.enable=false, as a
 * sink sees it). Only the chain is timed, not the converters.
 * Run it compiled as the CLI runs:
 *   npx tsc -p bench/tsconfig.json && node node_modules/.cache/ts-connect-bench/bench/transform-chain.bench.js
 * (`npx vite-node bench/transform-chain.bench.ts` runs it too, but vite-node turns every imported
 * binding into a getter call, which makes the figures several times slower than built code.)
 * BENCH_RECORDS per measurement, default 50000; BENCH_ROUNDS, default 12. Kafka's SMTs on the
 * same record and config: bench/java/TransformChainBench.java.
 */
import { loadavg } from 'node:os';
import { Headers } from '../src/api/headers.js';
import { SinkRecord } from '../src/api/sink-record.js';
import { JsonConverter } from '../src/converters/json/json-converter.js';
import { createBuiltinRegistry } from '../src/plugins/builtins.js';
import { buildTransformationChain } from '../src/runtime/transformation-chain.js';
import { ORDER, orderRecord } from './order-record.js';

/** The chain, as a connector config gives it (the Java benchmark uses the same keys). */
export const CHAIN_CONFIG: Record<string, string> = {
  transforms: 'insert,rename,cast',
  'transforms.insert.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
  'transforms.insert.static.field': 'source',
  'transforms.insert.static.value': 'ts-connect',
  'transforms.rename.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value',
  'transforms.rename.renames': 'customer:client,email:contact',
  'transforms.cast.type': 'org.apache.kafka.connect.transforms.Cast$Value',
  'transforms.cast.spec': 'quantity:int64,paid:string,discount:float64',
};

const N = Number(process.env.BENCH_RECORDS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);

const chain = buildTransformationChain<SinkRecord>(CHAIN_CONFIG, createBuiltinRegistry());
const structs = Array.from({ length: 1000 }, (_x, i) => orderRecord(i));
const writer = new JsonConverter();
writer.configure({ 'schemas.enable': 'false' }, false);
const reader = new JsonConverter();
reader.configure({ 'schemas.enable': 'false' }, false);

const sinkRecord = (i: number, schemaless: boolean): SinkRecord => {
  const value = schemaless
    ? reader.toConnectData('t', null, writer.fromConnectData('t', null, ORDER, structs[i]!)).value
    : structs[i]!;
  return new SinkRecord({
    topic: 'orders',
    kafkaPartition: 0,
    keySchema: null,
    key: null,
    valueSchema: schemaless ? null : ORDER,
    value,
    timestamp: 1_700_000_000_000 + i,
    headers: new Headers(),
    kafkaOffset: BigInt(i),
  });
};

const inputs = {
  'with schemas   ': structs.map((_s, i) => sinkRecord(i, false)),
  'without schemas': structs.map((_s, i) => sinkRecord(i, true)),
};

/** Microseconds per record of the chain over `n` records. */
function measure(records: readonly SinkRecord[], n = N): number {
  let kept = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if (chain.apply(records[i % 1000]!)) kept++;
  const micros = Number(process.hrtime.bigint() - start) / 1e3 / n;
  if (kept === 0) throw new Error('the chain dropped every record');
  return micros;
}

const first = chain.apply(inputs['with schemas   '][1]!)!;
console.log(`chain: ${chain.toString()}`);
console.log(`a record after the chain (with schemas): ${String(first.value)}`);
console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
const results = new Map<string, number[]>(Object.keys(inputs).map((k) => [k, []]));
// Warm-up (JIT), then many short interleaved rounds (less drift with other processes' load).
for (const records of Object.values(inputs)) measure(records, 100_000);
for (let round = 0; round < ROUNDS; round++) {
  for (const [label, records] of Object.entries(inputs)) results.get(label)!.push(measure(records));
}
console.log(`${N} records per measurement, ${ROUNDS} rounds; median (min-max)`);
for (const [label, list] of results) {
  const r = [...list].sort((a, b) => a - b);
  const median = r[Math.floor(r.length / 2)]!;
  console.log(
    `three-SMT chain ${label}  ${median.toFixed(2)} µs/record  (${r[0]!.toFixed(2)} - ${r.at(-1)!.toFixed(2)})  ${Math.round(1e6 / median).toLocaleString('en-US')} records/s`,
  );
}
console.log(
  `load average at end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
