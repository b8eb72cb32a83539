import { beforeAll, describe, expect, it } from 'vitest';
import { CASES } from './cases.js';
import { type CaseResult, normalise, runKafka, runOurs } from './transform-harness.js';

let kafka: Map<string, CaseResult>;

beforeAll(() => {
  kafka = runKafka(CASES);
}, 180_000);

describe('SMTs agree with Apache Kafka', () => {
  for (const c of CASES) {
    it(c.id, () => {
      const expected = kafka.get(c.id);
      expect(expected?.fatal).toBeUndefined();
      const ours = runOurs(c);
      if (expected?.configErrors !== undefined) {
        expect(ours.configErrors).toEqual(expected.configErrors);
      } else {
        expect(ours.configErrors).toBeUndefined();
        expect(ours.results!.map(normalise)).toEqual(expected!.results!.map(normalise));
      }
    });
  }
});
