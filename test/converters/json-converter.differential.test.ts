import { beforeAll, describe, expect, it } from 'vitest';
import { JSON_CASES, JSON_FQCN } from './differential/json-cases.js';
import {
  canonicalJson,
  type Case,
  groups,
  mismatches,
  type Result,
  runKafka,
  runOurs,
} from './differential/kafka-harness.js';

const cases: Case[] = [...JSON_CASES];

// Every read case again on the exact parser alone (the converter's native fast path off).
for (const c of cases.filter((x) => x.op === 'to'))
  cases.push({ ...c, id: `${c.id}-exact`, exactJson: true });

describe('JsonConverter matches Kafka', () => {
  let kafka: Map<string, Result>;
  const roundTrips: Case[] = [];
  beforeAll(async () => {
    const written = await runKafka(cases);
    for (const c of cases) {
      const r = written.get(String(c.id));
      if (c.op !== 'from' || r === undefined || !('bytes' in r) || r.bytes === null) continue;
      for (const exactJson of [false, true]) {
        roundTrips.push({
          id: `${c.id}-rt${exactJson ? '-exact' : ''}`,
          op: 'rt',
          conv: JSON_FQCN,
          config: c.config ?? {},
          bytes: r.bytes,
          exactJson,
          // Schemaless JSON objects come back as maps, which Kafka orders by hash.
          unorderedKeys: (c.unorderedKeys ?? false) || c.config?.['schemas.enable'] === 'false',
          keepsMapOrder: c.keepsMapOrder ?? false,
        });
      }
    }
    kafka = new Map([...written, ...(await runKafka(roundTrips))]);
  }, 600_000);

  it.each(groups(cases))('%s', (_group, list) => {
    expect(list.length).toBeGreaterThan(0);
    expect(mismatches(list, kafka)).toEqual([]);
  });

  // Kafka Connect -> topic -> ts-connect -> topic: Kafka's output, read and written again by us,
  // gives what Kafka's own read-and-write gives (identical bytes; -0.0 and 'null' normalize in both).
  it('round trips of Kafka output equal Kafka round trips', () => {
    expect(roundTrips.length).toBeGreaterThan(500);
    const mismatches: unknown[] = [];
    for (const c of roundTrips) {
      const expected = c.keepsMapOrder
        ? { id: c.id, bytes: c.bytes ?? null }
        : kafka.get(String(c.id));
      const norm = (r: Result | undefined): unknown =>
        r !== undefined && 'bytes' in r && r.bytes !== null
          ? c.unorderedKeys
            ? canonicalJson(Buffer.from(r.bytes, 'base64').toString('utf8'))
            : Buffer.from(r.bytes, 'base64').toString('utf8')
          : r;
      const ours = norm(runOurs(c));
      if (JSON.stringify(ours) !== JSON.stringify(norm(expected)))
        mismatches.push({ case: c, ours, kafka: norm(expected) });
    }
    expect(mismatches).toEqual([]);
  });
});
