import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigException } from '../../src/api/errors.js';
import {
  type PluginKind,
  PluginRegistry,
  prunedName,
  simpleName,
} from '../../src/plugins/plugin-registry.js';
import { configDefDumpAsync } from '../config/kafka-java.js';

class Stub {}

const CONFIG_PROVIDERS = [
  'org.apache.kafka.common.config.provider.FileConfigProvider',
  'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
  'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
];

describe('alias resolution against Kafka’s Plugins (all plugins on Kafka’s classpath)', () => {
  type Row =
    | { kind: PluginKind; className: string }
    | { name: string; resolved: string | null; connector: string | null };
  let plugins: { kind: PluginKind; className: string }[] = [];
  let answers: { name: string; resolved: string | null; connector: string | null }[] = [];
  let registry: PluginRegistry;

  beforeAll(async () => {
    // Kafka lists its plugins and resolves every name they could go by (class, simple, pruned).
    const rows = await configDefDumpAsync<Row>([
      'plugins',
      'Value',
      'Key',
      'Nope',
      'FileStream',
      'Mirror',
      'FileStreamSourceConnector',
      'FileStreamSink',
      'File',
      'FileConfigProvider',
      'EnvVar',
      'Directory',
    ]);
    plugins = rows.filter((r): r is { kind: PluginKind; className: string } => 'kind' in r);
    answers = rows.filter(
      (r): r is { name: string; resolved: string | null; connector: string | null } => 'name' in r,
    );
    registry = new PluginRegistry();
    for (const p of plugins) registry.register(p.kind, p.className, Stub);
    for (const c of CONFIG_PROVIDERS) registry.register('config-provider', c, Stub);
  }, 300_000);

  it('finds Kafka’s built-in plugins, FileStream connectors and converters among them', () => {
    expect(plugins.length).toBeGreaterThan(40);
    expect(answers.length).toBeGreaterThan(100);
  });

  it('resolves every name to the class Kafka resolves it to (or to none)', () => {
    const ours = answers.map(({ name }) => {
      const className = registry.className(name);
      const known =
        registry.aliases().has(name) ||
        plugins.some((p) => p.className === name) ||
        CONFIG_PROVIDERS.includes(name);
      return { name, resolved: known ? className : null };
    });
    expect(ours).toEqual(answers.map(({ name, resolved }) => ({ name, resolved })));
  });

  it('resolves connector names as Kafka’s connectorClass does', () => {
    const ours = answers.map(({ name }) => {
      try {
        return { name, connector: registry.resolve('connector', name).className };
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigException);
        return { name, connector: null };
      }
    });
    expect(ours).toEqual(answers.map(({ name, connector }) => ({ name, connector })));
  });
});

describe('PluginRegistry', () => {
  const registry = new PluginRegistry()
    .register('connector', 'org.apache.kafka.connect.file.FileStreamSourceConnector', Stub, {
      version: '4.3.1',
    })
    .register('connector', 'org.apache.kafka.connect.file.FileStreamSinkConnector', Stub, {
      version: '4.3.1',
    })
    .register('converter', 'org.apache.kafka.connect.json.JsonConverter', Stub)
    .register('header-converter', 'org.apache.kafka.connect.json.JsonConverter', Stub)
    .register('transformation', 'org.apache.kafka.connect.transforms.InsertField$Key', Stub)
    .register('transformation', 'org.apache.kafka.connect.transforms.InsertField$Value', Stub)
    .register('transformation', 'org.apache.kafka.connect.transforms.Cast$Value', Stub);

  it('computes simple and pruned names as Kafka does', () => {
    expect(simpleName('a.b.InsertField$Value')).toBe('Value');
    expect(prunedName('a.FileStreamSourceConnector', 'connector')).toBe('FileStreamSource');
    expect(prunedName('a.JsonConverter', 'converter')).toBe('Json');
    expect(prunedName('a.JsonConverter', 'header-converter')).toBe('JsonConverter');
    expect(prunedName('a.Converter', 'converter')).toBe('Converter');
    expect(prunedName('a.AllConnectorClientConfigOverridePolicy', 'override-policy')).toBe('All');
  });

  it('resolves FQCN, simple name and pruned alias; nested names need the FQCN', () => {
    for (const name of [
      'FileStreamSource',
      'FileStreamSourceConnector',
      'org.apache.kafka.connect.file.FileStreamSourceConnector',
      ' FileStreamSource ',
    ]) {
      expect(registry.resolve('connector', name).className).toBe(
        'org.apache.kafka.connect.file.FileStreamSourceConnector',
      );
    }
    expect(registry.resolve('converter', 'Json').className).toBe(
      'org.apache.kafka.connect.json.JsonConverter',
    );
    expect(registry.resolve('header-converter', 'JsonConverter').className).toBe(
      'org.apache.kafka.connect.json.JsonConverter',
    );
    expect(
      registry.resolve('transformation', 'org.apache.kafka.connect.transforms.InsertField$Value')
        .className,
    ).toBe('org.apache.kafka.connect.transforms.InsertField$Value');
    expect(() => registry.resolve('transformation', 'Value', 'transforms.x.type')).toThrow(
      new ConfigException(
        'Invalid value Value for configuration transforms.x.type: Class Value could not be found.',
        'transforms.x.type',
      ),
    );
    expect(() => registry.resolve('converter', 'FileStreamSource', 'key.converter')).toThrow(
      'Invalid value FileStreamSource for configuration key.converter: org.apache.kafka.connect.file.FileStreamSourceConnector is not an instance of Converter',
    );
  });

  it('lists available connectors when a connector name matches nothing', () => {
    expect(() => registry.resolve('connector', 'Nope')).toThrow(
      "Failed to find any class that implements Connector and which name matches Nope, available connectors are: PluginDesc{klass=class org.apache.kafka.connect.file.FileStreamSinkConnector, name='org.apache.kafka.connect.file.FileStreamSinkConnector', version='4.3.1', type=connector}, PluginDesc{klass=class org.apache.kafka.connect.file.FileStreamSourceConnector, name='org.apache.kafka.connect.file.FileStreamSourceConnector', version='4.3.1', type=connector}",
    );
  });

  it('drops an alias two classes claim, even across kinds', () => {
    const r = new PluginRegistry()
      .register('converter', 'a.FooConverter', Stub)
      .register('transformation', 'b.Foo', Stub);
    expect(r.aliases().has('Foo')).toBe(false);
    expect(r.aliases().get('FooConverter')).toBe('a.FooConverter');
    expect(() => r.resolve('converter', 'Foo', 'value.converter')).toThrow(
      'Class Foo could not be found.',
    );
  });

  it('lists plugins of a kind sorted by class name', () => {
    expect(registry.plugins('connector').map((p) => p.className)).toEqual([
      'org.apache.kafka.connect.file.FileStreamSinkConnector',
      'org.apache.kafka.connect.file.FileStreamSourceConnector',
    ]);
  });
});
