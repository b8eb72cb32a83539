/**
 * JsonConverter records per second on a realistic record (10 fields, a nested struct, strings,
 * ints, floats), serialize and deserialize, with and without schemas, native fast path and
 * exact parser. Run: npx vite-node bench/json-converter.bench.ts
 */
import { Schema } from '../src/api/schema.js';
import { SchemaBuilder } from '../src/api/schema-builder.js';
import { Struct } from '../src/api/struct.js';
import { Timestamp } from '../src/api/timestamp.js';
import { JsonConverter } from '../src/converters/json/json-converter.js';

const ADDRESS = SchemaBuilder.struct()
  .name('com.example.Address')
  .field('street', Schema.STRING_SCHEMA)
  .field('city', Schema.STRING_SCHEMA)
  .field('zip', Schema.OPTIONAL_STRING_SCHEMA)
  .build();
const ORDER = SchemaBuilder.struct()
  .name('com.example.Order')
  .field('id', Schema.INT64_SCHEMA)
  .field('customer', Schema.STRING_SCHEMA)
  .field('email', Schema.OPTIONAL_STRING_SCHEMA)
  .field('quantity', Schema.INT32_SCHEMA)
  .field('price', Schema.FLOAT64_SCHEMA)
  .field('discount', Schema.FLOAT32_SCHEMA)
  .field('paid', Schema.BOOLEAN_SCHEMA)
  .field('createdAt', Timestamp.SCHEMA)
  .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).build())
  .field('address', ADDRESS)
  .build();

function record(i: number): Struct {
  return new Struct(ORDER)
    .put('id', BigInt(1_000_000 + i))
    .put('customer', `Customer ${i % 997} Ölçü`)
    .put('email', `user${i}@example.com`)
    .put('quantity', (i % 50) + 1)
    .put('price', Math.round((19.99 + (i % 100) * 0.25) * 100) / 100)
    .put('discount', Math.fround(0.1))
    .put('paid', i % 3 === 0)
    .put('createdAt', new Date(1_700_000_000_000 + i * 1000))
    .put('tags', ['new', 'priority', `batch-${i % 10}`])
    .put(
      'address',
      new Struct(ADDRESS)
        .put('street', `${i} Main Street`)
        .put('city', 'Springfield')
        .put('zip', '12345'),
    );
}

function converter(schemas: boolean, nativeFastPath: boolean): JsonConverter {
  const c = new JsonConverter();
  c.configure({ 'schemas.enable': String(schemas) }, false);
  c.nativeFastPath = nativeFastPath;
  return c;
}

function measure(label: string, n: number, fn: (i: number) => void): void {
  for (let i = 0; i < Math.min(n, 20_000); i++) fn(i); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `${label.padEnd(58)} ${Math.round(n / seconds)
      .toLocaleString('en-US')
      .padStart(10)} records/s`,
  );
}

const N = Number(process.env.BENCH_RECORDS ?? 200_000);
const records = Array.from({ length: 1000 }, (_x, i) => record(i));

for (const schemas of [true, false]) {
  const conv = converter(schemas, true);
  const tag = schemas ? 'with schemas   ' : 'without schemas';
  measure(`serialize   ${tag}`, N, (i) =>
    conv.fromConnectData('t', null, ORDER, records[i % 1000]!),
  );
  const bytes = records.map((r) => conv.fromConnectData('t', null, ORDER, r)!);
  console.log(`  (record size ${bytes[0]!.length} bytes)`);
  // Prices are whole cents, so the native path applies to most records; a float printed as
  // 20.0 or with 17 digits sends a record to the exact path after the safety scan.
  for (const nativeFastPath of [true, false]) {
    const reader = converter(schemas, nativeFastPath);
    measure(`deserialize ${tag} ${nativeFastPath ? 'fast path (native)' : 'exact path'}`, N, (i) =>
      reader.toConnectData('t', null, bytes[i % 1000]!),
    );
  }
}
