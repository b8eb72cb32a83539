/**
 * Catalogue of records each transform rejects. The rejections themselves are differential cases
 * in test/transforms/differential/cases.ts, where every message is checked against Kafka 4.3's
 * own SMTs; this table indexes one per transform, with the error it raises (stage
 * TRANSFORMATION: the task fails, or with `errors.tolerance=all` the record is skipped), and
 * fails when a built-in transform is in neither list.
 */
import { describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../../src/plugins/builtins.js';
import { CASES } from '../transforms/differential/cases.js';
import { runOurs } from '../transforms/differential/transform-harness.js';

/** Per transform: a differential case with a record it rejects, and the error it gives. */
const REJECTIONS: Record<string, [caseId: string, error: string]> = {
  Cast: [
    'Cast$Value schemaless non-map',
    'Only Map objects supported in absence of schema for [cast types], found: java.util.ArrayList',
  ],
  ExtractField: [
    'ExtractField$Key schemaless',
    'Only Map objects supported in absence of schema for [field extraction], found: java.lang.Long',
  ],
  InsertField: [
    'InsertField$Value schema non-struct',
    'Only Struct objects supported for [field insertion], found: java.lang.Integer',
  ],
  ReplaceField: [
    'ReplaceField$Key schemaless',
    'Only Map objects supported in absence of schema for [field replacement], found: java.lang.Long',
  ],
  MaskField: [
    'MaskField$Value schemaless default',
    'Only Map objects supported in absence of schema for [mask fields], found: null',
  ],
  ValueToKey: [
    'ValueToKey schemaless',
    'Only Map objects supported in absence of schema for [copying fields from value to key], found: null',
  ],
  Flatten: [
    'Flatten$Value schema map',
    'Flatten transformation does not support MAP for record with schemas (for field m).',
  ],
  RegexRouter: ['RegexRouter x -> $3', 'No group 3'],
  TimestampRouter: ['TimestampRouter null timestamp', 'Timestamp missing on record: '],
  TimestampConverter: [
    'TimestampConverter$Value schemaless',
    "Could not parse timestamp: value (1) does not match pattern (yyyy-MM-dd'T'HH:mm:ss.SSSX)",
  ],
  SetSchemaMetadata: [
    'SetSchemaMetadata schemaless',
    'Schema required for [updating schema metadata]',
  ],
  HeaderFrom: [
    'HeaderFrom$Value schemaless copy',
    'Only Map objects supported in absence of schema for [header copy], found: null',
  ],
};

/**
 * Transforms that take any record — they wrap, route on a predicate, or only touch headers — and
 * Confluent's Drop, which has no Kafka class to check a rejection against.
 */
const NEVER_REJECT = ['HoistField', 'Filter', 'DropHeaders', 'InsertHeader', 'Drop'];

/** `org.apache.kafka.connect.transforms.Cast$Value` → `Cast`. */
function smtName(className: string): string {
  return className.replace(/^.*\./, '').replace(/\$(Key|Value)$/, '');
}

describe('catalogue: records each transform rejects', () => {
  it('every built-in transform is listed', () => {
    const builtins = new Set(
      createBuiltinRegistry()
        .plugins('transformation')
        .map((p) => smtName(p.className)),
    );
    expect([...builtins].sort()).toEqual([...Object.keys(REJECTIONS), ...NEVER_REJECT].sort());
  });

  it.each(Object.entries(REJECTIONS))('%s', (_smt, [caseId, error]) => {
    const c = CASES.find((x) => x.id === caseId);
    expect(c, caseId).toBeDefined();
    const errors = (runOurs(c!).results ?? [])
      .map((r) => r['error'] as { stage?: string; message?: string } | undefined)
      .filter((e) => e?.stage === 'TRANSFORMATION')
      .map((e) => e!.message ?? '');
    expect(
      errors.some((m) => m.startsWith(error)),
      JSON.stringify(errors),
    ).toBe(true);
  });
});
