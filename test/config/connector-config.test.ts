import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertToString } from '../../src/config/config-def.js';
import { formatProblem } from '../../src/config/config-problems.js';
import {
  type ConnectorType,
  connectorConfigDef,
  connectorConfigProblems,
  parseConnectorConfig,
  validateConnectorConfig,
} from '../../src/config/connector-config.js';
import { readPropertiesFile } from '../../src/config/properties-file.js';
import { type KafkaKey, configDefDump } from './kafka-java.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'config', 'connector');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.properties'))
  .sort();

/** Java's and JS's regex engines word syntax errors differently; compare up to the reason. */
const comparable = (m: string) => m.replace(/(: Invalid regex: ).*$/s, '$1…');

const KINDS: [string, ConnectorType | undefined][] = [
  ['connector', undefined],
  ['source', 'source'],
  ['sink', 'sink'],
];

describe.each(KINDS)('%s config against Kafka’s', (kafkaName, type) => {
  it('defines the same keys, types, defaults, importance and groups, in order', () => {
    const kafka = configDefDump<KafkaKey>(['keys', kafkaName]);
    const ours = connectorConfigDef(type)
      .configKeys()
      .map((k) => ({
        name: k.name,
        type: k.type,
        required: !k.hasDefault,
        default: k.hasDefault ? convertToString(k.defaultValue, k.type) : null,
        importance: k.importance,
        group: k.group,
      }));
    expect(ours).toEqual(kafka);
  });

  const kafka = configDefDump<{ file: number; key: string; message: string }>([
    'validate',
    kafkaName,
    ...files.map((f) => join(DIR, f)),
  ]);
  it.each(files.map((f, i) => [f, i] as const))('validates %s as Kafka does', async (f, i) => {
    const expected: Record<string, string[]> = {};
    for (const p of kafka) {
      if (p.file !== i) continue;
      const list = (expected[p.key] ??= []);
      // Kafka runs a validator on the null a failed parse leaves; we report the parse error only.
      if (list.length > 0 && p.message.startsWith('Invalid value null for configuration')) continue;
      list.push(comparable(p.message));
    }
    const { values } = await readPropertiesFile(join(DIR, f));
    const ours: Record<string, string[]> = {};
    for (const p of validateConnectorConfig(values, type)) {
      (ours[p.key] ??= []).push(comparable(p.message));
    }
    for (const list of [...Object.values(ours), ...Object.values(expected)]) list.sort();
    expect(ours).toEqual(expected);
  });
});

describe('connector config', () => {
  it('locates problems by line, missing keys last', async () => {
    const file = join(DIR, 'sink-bad.properties');
    const { values, source } = await readPropertiesFile(file);
    const problems = connectorConfigProblems(values, source, 'sink');
    expect(problems[0]).toEqual({
      file,
      line: 1,
      key: 'name',
      message: 'Invalid value  for configuration name: String may not be empty',
    });
    const lines = problems.map((p) => p.line ?? Infinity);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('parses defaults and values', () => {
    const cfg = parseConnectorConfig(
      { name: 'n', 'connector.class': 'FileStreamSink', topics: ' a , b ', 'tasks.max': ' 3 ' },
      'sink',
    );
    expect(cfg.getInt('tasks.max')).toBe(3);
    expect(cfg.getList('topics')).toEqual(['a', 'b']);
    expect(cfg.getString('errors.tolerance')).toBe('none');
    expect(cfg.getShort('errors.deadletterqueue.topic.replication.factor')).toBe(3);
    expect(cfg.getBoolean('tasks.max.enforce')).toBe(true);
    expect(cfg.getList('transforms')).toEqual([]);
  });

  it('rejects tasks.max=0 with Kafka’s message', () => {
    expect(
      validateConnectorConfig({ name: 'n', 'connector.class': 'X', 'tasks.max': '0' }),
    ).toEqual([
      {
        key: 'tasks.max',
        message: 'Invalid value 0 for configuration tasks.max: Value must be at least 1',
      },
    ]);
  });
});

describe('connector bad input from a file', () => {
  it('names file, line and key for tasks.max=0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'connector-'));
    const file = join(dir, 'c.properties');
    writeFileSync(file, 'name=c\nconnector.class=FileStreamSource\n\ntasks.max=0\n');
    const { values, source } = await readPropertiesFile(file);
    const problems = connectorConfigProblems(values, source, 'source');
    expect(problems.map(formatProblem)).toEqual([
      `${file}:4: tasks.max: Invalid value 0 for configuration tasks.max: Value must be at least 1`,
    ]);
  });
});
