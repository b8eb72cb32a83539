import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigProblemsException } from '../../src/config/config-problems.js';
import { loadConnectorFile } from '../../src/config/connector-file.js';
import { configDefDump } from './kafka-java.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIR = join(import.meta.dirname, '..', 'fixtures', 'config', 'connector-files');

type KafkaResult =
  { name: string; initialState: string | null; config: Record<string, string> } | { error: string };

function write(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'connector-')), name);
  writeFileSync(file, text);
  return file;
}

describe('connector files against Kafka’s ConnectStandalone.parseConnectorConfigurationFile', () => {
  // Relative paths, so both sides name the file the same way in messages.
  const files = readdirSync(DIR)
    .sort()
    .map((f) => relative(ROOT, join(DIR, f)));
  const kafka = configDefDump<KafkaResult>(['connector-file', ...files]);

  it.each(files.map((f, i) => [f, i] as const))('%s', async (file, i) => {
    const expected = kafka[i]!;
    const ours = await loadConnectorFile(join(ROOT, file)).then(
      (c) => {
        const config: Record<string, string> = {};
        for (const k of Object.keys(c.config).sort()) config[k] = c.config[k]!;
        return { name: c.name, initialState: c.initialState ?? null, config } as KafkaResult;
      },
      (e: unknown) => e as ConfigProblemsException,
    );
    if ('error' in expected) {
      expect(ours).toBeInstanceOf(ConfigProblemsException);
      const problems = (ours as ConfigProblemsException).problems;
      expect(problems).toHaveLength(1);
      expect(`ConnectException: ${problems[0]!.message}`).toBe(
        expected.error.replaceAll(file, join(ROOT, file)),
      );
    } else {
      expect(ours).toEqual(expected);
    }
  });
});

describe('connector files: lines and bad input', () => {
  it('knows the line of each key in JSON and properties files', async () => {
    const json = await loadConnectorFile(join(DIR, 'request.json'));
    expect(json.format).toBe('json-request');
    expect(json.source.lineOf('topics')).toBe(7);
    expect(json.source.lineOf('name')).toBe(2);
    const flat = await loadConnectorFile(join(DIR, 'flat.json'));
    expect(flat.format).toBe('json-map');
    expect(flat.source.lineOf('batch.size')).toBe(5);
    const props = await loadConnectorFile(join(DIR, 'props.properties'));
    expect(props.format).toBe('properties');
    expect(props.source.lineOf('topic')).toBe(5);
  });

  it('gives one line for a connector file without name', async () => {
    const file = join(DIR, 'props-no-name.properties');
    await expect(loadConnectorFile(file)).rejects.toThrow(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: name: Connector configuration at '.*props-no-name\\.properties' is missing the mandatory 'name' configuration$`,
      ),
    );
  });

  it('gives one line for a JSON file in neither form', async () => {
    for (const text of [
      '[{"name": "a"}]',
      '{"name": "a", "settings": {"x": 1}}',
      '{"name": "a",\n "config": {"nested": {"x": 1}}}',
      '{"name": ["a"], "config": {}}',
      '"just a string"',
    ]) {
      const file = write('c.json', text);
      const error = await loadConnectorFile(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigProblemsException);
      expect((error as Error).message).toMatch(
        new RegExp(`^${file}:\\d+: a JSON connector file must be either a flat object`),
      );
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('gives the line of a JSON syntax error instead of reading it as properties', async () => {
    const file = write('c.json', '{\n  "name": "a",\n  "tasks.max": 1,\n}\n');
    await expect(loadConnectorFile(file)).rejects.toThrow(
      `${file}:4: invalid JSON: expected a quoted key, found '}'`,
    );
  });

  it('names key and line of a null value and of a bad initial_state', async () => {
    const file = write(
      'c.json',
      '{"name": "a",\n "config": {"connector.class": "X",\n  "file": null},\n "initial_state": "SLEEPING"}',
    );
    await expect(loadConnectorFile(file)).rejects.toThrow(
      [
        `${file}:4: initial_state: Invalid initial state SLEEPING: must be one of RUNNING, PAUSED, STOPPED (case-insensitive)`,
        `${file}:3: file: Null value can not be supplied as the configuration value.`,
      ].join('\n'),
    );
  });

  it('gives one line for a missing connector file', async () => {
    await expect(loadConnectorFile('nope/connector.json')).rejects.toThrow(
      /^nope\/connector\.json: file not found$/,
    );
  });
});
