import { describe, expect, it } from 'vitest';
import { BigDecimal } from '../../src/api/big-decimal.js';
import { ConnectDate } from '../../src/api/date.js';
import { Decimal } from '../../src/api/decimal.js';
import { DataException } from '../../src/api/errors.js';
import { Headers } from '../../src/api/headers.js';
import { Schema, Type } from '../../src/api/schema.js';
import { SchemaBuilder, SchemaBuilderException } from '../../src/api/schema-builder.js';
import { Struct } from '../../src/api/struct.js';
import { Time } from '../../src/api/time.js';
import { Timestamp } from '../../src/api/timestamp.js';

const person = SchemaBuilder.struct()
  .name('com.example.Person')
  .field('name', Schema.STRING_SCHEMA)
  .field('age', SchemaBuilder.int32().optional().defaultValue(7))
  .field('id', Schema.INT64_SCHEMA)
  .build();

describe('Schema and SchemaBuilder', () => {
  it('builds struct schemas with ordered fields and equality by content', () => {
    expect(person.fields().map((f) => f.name)).toEqual(['name', 'age', 'id']);
    expect(person.field('age')?.index).toBe(1);
    expect(person.field('nope')).toBeNull();
    const again = SchemaBuilder.struct()
      .name('com.example.Person')
      .field('name', Schema.STRING_SCHEMA)
      .field('age', SchemaBuilder.int32().optional().defaultValue(7))
      .field('id', Schema.INT64_SCHEMA)
      .build();
    expect(person.equals(again)).toBe(true);
    expect(person.equals(SchemaBuilder.struct().name('com.example.Person').build())).toBe(false);
    expect(person.toString()).toBe('Schema{com.example.Person:STRUCT}');
  });

  it('rejects a second call and a bad default with Kafka messages', () => {
    expect(() => SchemaBuilder.string().name('a').name('b')).toThrow(
      'Invalid SchemaBuilder call: name has already been set.',
    );
    expect(() => SchemaBuilder.int64().defaultValue(5)).toThrow(SchemaBuilderException);
    expect(() => SchemaBuilder.int32().field('a', Schema.STRING_SCHEMA)).toThrow(
      'Cannot create fields on type INT32',
    );
    expect(() => Schema.INT32_SCHEMA.fields()).toThrow('Cannot list fields on non-struct type');
  });

  it('builds logical type schemas with their names, versions and parameters', () => {
    const d = Decimal.schema(2);
    expect(d.type).toBe(Type.BYTES);
    expect(d.name).toBe('org.apache.kafka.connect.data.Decimal');
    expect(d.version).toBe(1);
    expect([...(d.parameters ?? [])]).toEqual([['scale', '2']]);
    expect(ConnectDate.SCHEMA.type).toBe(Type.INT32);
    expect(Time.SCHEMA.name).toBe('org.apache.kafka.connect.data.Time');
    expect(Timestamp.SCHEMA.type).toBe(Type.INT64);
  });
});

describe('Struct', () => {
  it('validates puts, applies defaults and compares by value', () => {
    const s = new Struct(person).put('name', 'Bob').put('id', 5n);
    expect(s.get('age')).toBe(7);
    expect(s.getWithoutDefault('age')).toBeNull();
    expect(() => s.put('name', 5)).toThrow(
      'Invalid Java object for schema with type STRING: class java.lang.Integer for field: "name"',
    );
    expect(() => s.put('id', null)).toThrow(
      'Invalid value: null used for required field: "id", schema type: INT64',
    );
    expect(() => s.put('zzz', 1)).toThrow('zzz is not a valid field name');
    const t = new Struct(person).put('name', 'Bob').put('id', 5n);
    expect(s.equals(t)).toBe(true);
    expect(s.toString()).toBe('Struct{name=Bob,id=5}');
    expect(() => new Struct(person).validate()).toThrow(DataException);
  });
});

describe('logical types', () => {
  it('round-trips decimals through their two-complement bytes', () => {
    for (const text of [
      '1.56',
      '-1.56',
      '0.00',
      '-128.00',
      '127.00',
      '123456789012345678901234567890.12',
    ]) {
      const v = BigDecimal.parse(text);
      const schema = Decimal.schema(v.scale);
      expect(Decimal.toLogical(schema, Decimal.fromLogical(schema, v)).equals(v)).toBe(true);
    }
    expect(() => Decimal.fromLogical(Decimal.schema(3), BigDecimal.parse('1.5'))).toThrow(
      'Decimal value has mismatching scale for given Decimal schema. Schema has scale 3, value has scale 1.',
    );
  });

  it('checks dates and times', () => {
    expect(ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(10000 * 86400000))).toBe(10000);
    expect(() => ConnectDate.fromLogical(ConnectDate.SCHEMA, new Date(1))).toThrow(DataException);
    expect(Time.fromLogical(Time.SCHEMA, new Date(14400000))).toBe(14400000);
    expect(Timestamp.fromLogical(Timestamp.SCHEMA, new Date(4000000000))).toBe(4000000000n);
  });
});

describe('Headers', () => {
  it('keeps order and duplicates, and supports lastWithName, remove and retainLatest', () => {
    const h = new Headers().addString('a', '1').addInt('b', 2).addString('a', '3');
    expect(h.size).toBe(3);
    expect(h.lastWithName('a')?.value).toBe('3');
    expect(h.allWithName('a').map((x) => x.value)).toEqual(['1', '3']);
    const copy = h.duplicate().retainLatest();
    expect([...copy].map((x) => `${x.key}=${String(x.value)}`)).toEqual(['b=2', 'a=3']);
    expect(h.size).toBe(3);
    h.remove('a');
    expect([...h].map((x) => x.key)).toEqual(['b']);
    expect(() => new Headers().add('x', 'str', Schema.INT32_SCHEMA)).toThrow(
      'The value str is not compatible with the schema Schema{INT32}',
    );
  });
});
