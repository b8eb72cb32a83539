import { describe, expect, it } from 'vitest';
import { JsonConverter } from '../../../src/converters/json/json-converter.js';
import { describe as describeValue, describeSchema } from '../differential/kafka-harness.js';

const SCHEMA =
  '{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},{"type":"double","optional":true,"field":"x"}],"optional":false}';
const PAYLOADS = [
  '{"id":1,"x":1.5}',
  '{"id":2,"x":null}',
  '{"id":9007199254740993,"x":1.0}',
  '{"id":3}',
  '{"x":2.5,"id":4}',
];
const TEXTS = [
  ...PAYLOADS.map((p) => `{"schema":${SCHEMA},"payload":${p}}`),
  `{"schema":${SCHEMA},"payload":{"id":5}},"x":{"y":2}`,
  `{"schema":${SCHEMA},"payload":{"id":6} }`,
  `{"schema":${SCHEMA},"payload":{"id":"bad"}}`,
  `{"schema":${SCHEMA},"payload":{"id":7,"x":[}}`,
  `{"schema":{"type":"int32","optional":false},"payload":7}`,
  `{"schema":${SCHEMA},"payload":null}`,
];

function outcome(conv: JsonConverter, text: string): unknown {
  try {
    const sv = conv.toConnectData('t', null, Buffer.from(text));
    return { schema: describeSchema(sv.schema), value: describeValue(sv.schema, sv.value) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('JsonConverter reused across records', () => {
  it('gives what a fresh converter gives, on both parser paths (schema cache and envelope prefix reuse)', () => {
    for (const nativeFastPath of [true, false]) {
      const shared = new JsonConverter();
      shared.configure({}, false);
      shared.nativeFastPath = nativeFastPath;
      for (let round = 0; round < 3; round++) {
        for (const text of TEXTS) {
          const fresh = new JsonConverter();
          fresh.configure({}, false);
          fresh.nativeFastPath = nativeFastPath;
          expect([text, outcome(shared, text)]).toEqual([text, outcome(fresh, text)]);
        }
      }
    }
  });

  it('requires converter.type when configured without isKey, as Kafka does', () => {
    expect(() => new JsonConverter().configure({})).toThrow(
      'Missing required configuration "converter.type" which has no default value.',
    );
    expect(() => new JsonConverter().configure({ 'decimal.format': 'nope' }, false)).toThrow(
      'decimal.format',
    );
  });
});
