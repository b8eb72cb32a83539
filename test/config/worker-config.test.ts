import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigException } from '../../src/api/errors.js';
import { convertToString } from '../../src/config/config-def.js';
import { ConfigProblemsException } from '../../src/config/config-problems.js';
import { registerBuiltinConfigProviders } from '../../src/config/config-providers/config-providers.js';
import { STANDALONE_CONFIG, loadWorkerConfig } from '../../src/config/worker-config.js';
import { PluginRegistry } from '../../src/plugins/plugin-registry.js';
import { type KafkaKey, configDefDump } from './kafka-java.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'config', 'worker');

/** Problems of a worker file as `{key: first message}`, or {} when it loads. */
async function ourProblems(file: string): Promise<Record<string, string>> {
  try {
    await loadWorkerConfig(file);
    return {};
  } catch (e) {
    if (!(e instanceof ConfigProblemsException)) throw e;
    const out: Record<string, string> = {};
    for (const p of e.problems) out[p.key] ??= p.message;
    return out;
  }
}

describe('StandaloneConfig definition against Kafka’s', () => {
  const kafka = configDefDump<KafkaKey>(['keys', 'worker']);

  it('has every key of Kafka’s, in the same order, with its type, default and importance', () => {
    const ours = STANDALONE_CONFIG.configKeys().map((k) => ({
      name: k.name,
      type: k.type,
      required: !k.hasDefault,
      default: k.hasDefault ? convertToString(k.defaultValue, k.type) : null,
      importance: k.importance,
      group: k.group,
    }));
    expect(ours).toEqual(kafka);
  });
});

describe('worker file validation against Kafka’s (StandaloneConfig ConfigDef.validateAll)', () => {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.properties'))
    .sort();
  const kafka = configDefDump<{ file: number; key: string; message: string }>([
    'validate',
    'worker',
    ...files.map((f) => join(DIR, f)),
  ]);
  it.each(files.map((f, i) => [f, i] as const))(
    '%s gives the problems Kafka gives',
    async (f, i) => {
      const expected: Record<string, string> = {};
      // Kafka lists a failed parse first, then its validator's complaint about the resulting null.
      for (const p of kafka) if (p.file === i) expected[p.key] ??= p.message;
      expect(await ourProblems(join(DIR, f))).toEqual(expected);
    },
  );
});

describe('loading a worker file', () => {
  it('gives typed values, keeps unknown keys, renders secrets hidden', async () => {
    const w = await loadWorkerConfig(join(DIR, 'valid.properties'));
    expect(w.config.getList('bootstrap.servers')).toEqual(['localhost:9092']);
    expect(w.config.getLong('offset.flush.interval.ms')).toBe(10000);
    expect(w.config.getLong('offset.flush.timeout.ms')).toBe(5000);
    expect(w.config.getClass('header.converter')).toBe(
      'org.apache.kafka.connect.storage.SimpleHeaderConverter',
    );
    expect(w.config.getList('listeners')).toEqual(['http://:8083']);
    expect(w.config.getString('connector.client.config.override.policy')).toBe('All');
    expect(w.config.originalsWithPrefix('producer.')).toEqual({ 'linger.ms': '5' });
    expect(w.config.originalsWithPrefix('value.converter.')).toEqual({ 'schemas.enable': 'false' });
    expect(w.source.lineOf('offset.flush.interval.ms')).toBe(8);
    const rendered = w.config.render('StandaloneConfig');
    expect(rendered).toMatch(/^StandaloneConfig values: \n\taccess\.control\.allow\.methods = \n/);
    expect(rendered).toContain('\tssl.key.password = null\n');
    expect(rendered).not.toContain('producer.linger.ms');
  });

  it('names file, line and key of every bad value at once', async () => {
    const file = join(DIR, 'bad-values.properties');
    const error = await loadWorkerConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigProblemsException);
    const lines = (error as Error).message.split('\n');
    expect(lines).toContain(
      `${file}:5: offset.flush.interval.ms: Invalid value abc for configuration offset.flush.interval.ms: Not a number of type LONG`,
    );
    expect(lines).toContain(
      `${file}:1: bootstrap.servers: Configuration 'bootstrap.servers' values must not be duplicated.`,
    );
    expect(lines.length).toBe((error as ConfigProblemsException).problems.length);
    // sorted by line
    const numbers = lines.map((l) => Number(l.slice(file.length + 1).split(':')[0]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('names every missing required key, without a line', async () => {
    const file = join(DIR, 'missing-required.properties');
    await expect(loadWorkerConfig(file)).rejects.toThrow(
      [
        `${file}: bootstrap.servers: Missing required configuration "bootstrap.servers" which has no default value.`,
        `${file}: key.converter: Missing required configuration "key.converter" which has no default value.`,
        `${file}: value.converter: Missing required configuration "value.converter" which has no default value.`,
        `${file}: offset.storage.file.filename: Missing required configuration "offset.storage.file.filename" which has no default value.`,
      ].join('\n'),
    );
  });

  it('gives one line for a missing file', async () => {
    const error = await loadWorkerConfig('config/nope.properties').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigException);
    expect((error as Error).message).toBe('config/nope.properties: file not found');
  });

  it('gives one line for a file it may not read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'worker-'));
    const file = join(dir, 'w.properties');
    writeFileSync(file, 'a=1\n');
    chmodSync(file, 0o000);
    const error = await loadWorkerConfig(process.getuid?.() === 0 ? dir : file).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigProblemsException);
    expect((error as Error).message).toMatch(
      /^[^\n]*w(orker-\w+|\.properties): (permission denied|is a directory)[^\n]*$/,
    );
  });

  it('checks converter names against the registry when one is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'worker-'));
    const file = join(dir, 'w.properties');
    writeFileSync(
      file,
      [
        'bootstrap.servers=localhost:9092',
        'key.converter=JsonConverter',
        'value.converter=Nope',
        'header.converter=org.apache.kafka.connect.json.JsonConverter',
        'offset.storage.file.filename=/tmp/o',
        'connector.client.config.override.policy=Whatever',
        '',
      ].join('\n'),
    );
    class JsonConverter {}
    const registry = registerBuiltinConfigProviders(new PluginRegistry()).register(
      'converter',
      'org.apache.kafka.connect.json.JsonConverter',
      JsonConverter,
    );
    await expect(loadWorkerConfig(file, { registry })).rejects.toThrow(
      [
        `${file}:3: value.converter: Invalid value Nope for configuration value.converter: Class Nope could not be found.`,
        `${file}:4: header.converter: Invalid value org.apache.kafka.connect.json.JsonConverter for configuration header.converter: org.apache.kafka.connect.json.JsonConverter is not an instance of HeaderConverter`,
        `${file}:6: connector.client.config.override.policy: Invalid value Whatever for configuration connector.client.config.override.policy: Class Whatever could not be found.`,
      ].join('\n'),
    );
  });
});

describe('unknown converter class', () => {
  it('names file, line and key for key.converter=Nope', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'worker-'));
    const file = join(dir, 'w.properties');
    writeFileSync(
      file,
      'bootstrap.servers=localhost:9092\nkey.converter=Nope\nvalue.converter=Json\noffset.storage.file.filename=/tmp/o\n',
    );
    class JsonConverter {}
    const registry = new PluginRegistry().register(
      'converter',
      'org.apache.kafka.connect.json.JsonConverter',
      JsonConverter,
    );
    await expect(loadWorkerConfig(file, { registry })).rejects.toThrow(
      new RegExp(
        `^${file}:2: key.converter: Invalid value Nope for configuration key.converter: Class Nope could not be found.$`,
      ),
    );
  });
});

describe('config providers in a worker file', () => {
  function workerFile(extra: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'worker-'));
    const file = join(dir, 'w.properties');
    writeFileSync(
      file,
      [
        'bootstrap.servers=localhost:9092',
        'key.converter=org.apache.kafka.connect.json.JsonConverter',
        'value.converter=org.apache.kafka.connect.json.JsonConverter',
        ...extra,
        '',
      ].join('\n'),
    );
    return file;
  }

  it('resolves ${file:...}, ${directory:...} and ${env:...} at load, keeping raw values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    writeFileSync(join(dir, 'creds.properties'), 'offsets=/var/offsets\npw=s3cret\n');
    writeFileSync(join(dir, 'token'), 'tok\n');
    process.env['TS_CONNECT_TEST_INTERVAL'] = '1234';
    const file = workerFile([
      'config.providers=file,dir,env',
      'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
      `config.providers.file.param.allowed.paths=${dir}`,
      'config.providers.dir.class=DirectoryConfigProvider',
      'config.providers.env.class=EnvVar',
      `offset.storage.file.filename=\${file:${dir}/creds.properties:offsets}`,
      `producer.sasl.jaas.config=password="\${file:${dir}/creds.properties:pw}" token="\${dir:${dir}:token}"`,
      'offset.flush.interval.ms=${env:TS_CONNECT_TEST_INTERVAL}',
      'producer.missing=${file:' + dir + '/creds.properties:nokey}',
      'producer.unknown=${vault:secret/db:password}',
      'plugin.path=${env:HOME}',
    ]);
    const w = await loadWorkerConfig(file);
    expect(w.config.getString('offset.storage.file.filename')).toBe('/var/offsets');
    expect(w.config.getLong('offset.flush.interval.ms')).toBe(1234);
    expect(w.resolved['producer.sasl.jaas.config']).toBe('password="s3cret" token="tok\n"');
    expect(w.resolved['producer.missing']).toBe(`\${file:${dir}/creds.properties:nokey}`);
    expect(w.resolved['producer.unknown']).toBe('${vault:secret/db:password}');
    expect(w.resolved['plugin.path']).toBe('${env:HOME}');
    expect(w.raw['offset.storage.file.filename']).toBe(`\${file:${dir}/creds.properties:offsets}`);
    expect(w.warnings.map((p) => `${p.line}: ${p.key}`)).toEqual(['13: producer.unknown']);
    const connector = await w.providers.resolve({
      'connection.password': '${env:TS_CONNECT_TEST_INTERVAL}',
    });
    expect(connector.data['connection.password']).toBe('1234');
    await w.providers.close();
  });

  it('names the line of an unknown provider class', async () => {
    const file = workerFile([
      'config.providers=vault',
      'config.providers.vault.class=com.example.VaultConfigProvider',
      'offset.storage.file.filename=/tmp/o',
    ]);
    await expect(loadWorkerConfig(file)).rejects.toThrow(
      `${file}:5: config.providers.vault.class: Invalid value com.example.VaultConfigProvider for configuration config.providers.vault.class: Could not load config provider class or one of its dependencies`,
    );
  });

  it('warns about a listed provider without a class, as Kafka ignores it', async () => {
    const file = workerFile(['config.providers=file', 'offset.storage.file.filename=/tmp/o']);
    const w = await loadWorkerConfig(file);
    expect(w.warnings).toEqual([
      {
        file,
        line: 4,
        key: 'config.providers',
        message:
          "provider 'file' is listed but config.providers.file.class is not set; it is ignored",
      },
    ]);
  });

  it('reports allowed.paths and env path mistakes with the key to fix', async () => {
    const file = workerFile([
      'config.providers=file,env',
      'config.providers.file.class=FileConfigProvider',
      'config.providers.file.param.allowed.paths=relative/dir',
      'config.providers.env.class=EnvVarConfigProvider',
      'offset.storage.file.filename=${env:some/path:HOME}',
    ]);
    await expect(loadWorkerConfig(file)).rejects.toThrow(
      [
        `${file}:6: config.providers.file.param.allowed.paths: Path relative/dir is not absolute`,
        `${file}:8: offset.storage.file.filename: Path is not supported for EnvVarConfigProvider, invalid value 'some/path'`,
      ].join('\n'),
    );
  });
});
