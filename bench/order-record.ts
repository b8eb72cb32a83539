/**
 * The realistic record of the converter and transform benchmarks (10 fields, a nested struct,
 * an array, strings with non-ASCII text, ints, floats, a Timestamp); the Java benchmarks under
 * bench/java build the same one.
 */
import { Schema } from '../src/api/schema.js';
import { SchemaBuilder } from '../src/api/schema-builder.js';
import { Struct } from '../src/api/struct.js';
import { Timestamp } from '../src/api/timestamp.js';

export const ADDRESS = SchemaBuilder.struct()
  .name('com.example.Address')
  .field('street', Schema.STRING_SCHEMA)
  .field('city', Schema.STRING_SCHEMA)
  .field('zip', Schema.OPTIONAL_STRING_SCHEMA)
  .build();
export const ORDER = SchemaBuilder.struct()
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

export function orderRecord(i: number): Struct {
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
