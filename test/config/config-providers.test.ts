import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigException } from '../../src/api/errors.js';
import { ConfigProblemsException } from '../../src/config/config-problems.js';
import { AllowedPaths } from '../../src/config/config-providers/allowed-paths.js';
import {
  ConfigTransformer,
  configVariables,
} from '../../src/config/config-providers/config-transformer.js';
import { DirectoryConfigProvider } from '../../src/config/config-providers/directory-config-provider.js';
import { EnvVarConfigProvider } from '../../src/config/config-providers/env-var-config-provider.js';
import { FileConfigProvider } from '../../src/config/config-providers/file-config-provider.js';
import { loadWorkerConfig } from '../../src/config/worker-config.js';
import { configDefDump } from './kafka-java.js';

const dir = mkdtempSync(join(tmpdir(), 'providers-'));
mkdirSync(join(dir, 'secrets'));
mkdirSync(join(dir, 'other'));
writeFileSync(
  join(dir, 'secrets', 'creds.properties'),
  'user=alice\npw=s3cr\\u00e9t\nempty=\nweird}key=x\nnäme=ü\n',
);
writeFileSync(join(dir, 'secrets', 'token'), '  tok-with-spaces \n');
writeFileSync(join(dir, 'other', 'creds.properties'), 'pw=outside\n');
process.env['TS_CONNECT_PROVIDER_A'] = 'env-a';
process.env['TS_CONNECT_PROVIDER_B'] = 'env-b';

const BASE = [
  'bootstrap.servers=localhost:9092',
  'key.converter=org.apache.kafka.connect.json.JsonConverter',
  'value.converter=org.apache.kafka.connect.json.JsonConverter',
  'offset.storage.file.filename=/tmp/offsets',
];
const S = join(dir, 'secrets');

/**
 * Worker files exercising the provider syntax; each loaded by Kafka's StandaloneConfig and ours.
 * Provider classes are FQCNs: aliases need Kafka's plugin class loader (tested in test/plugins).
 */
const CASES: Record<string, string[]> = {
  'file, directory and env providers': [
    'config.providers=file,dir,env',
    'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
    'config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider',
    'config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    `a.user=\${file:${S}/creds.properties:user}`,
    `a.pw=\${file:${S}/creds.properties:pw}`,
    `a.two=\${file:${S}/creds.properties:user}:\${file:${S}/creds.properties:pw}`,
    `a.empty=[\${file:${S}/creds.properties:empty}]`,
    `a.missing=\${file:${S}/creds.properties:nope}`,
    `a.unicode=\${file:${S}/creds.properties:n\\u00e4me}`,
    `a.token=\${dir:${S}:token}`,
    `a.nodir=\${dir:${S}/nope:token}`,
    'a.env=${env:TS_CONNECT_PROVIDER_A}/${env:TS_CONNECT_PROVIDER_B}',
    'a.env.missing=${env:TS_CONNECT_NO_SUCH_VAR}',
    'a.unknown=${vault:secret/db:password}',
    'a.nocolon=${file}',
    'a.empty.var=${:}',
    'a.brace=${env:TS_CONNECT_PROVIDER_A}}',
    `a.braces=\${file:${S}/creds.properties:weird}key}`,
    'a.dollar=$${env:TS_CONNECT_PROVIDER_A}',
    'a.plain=no variables here',
  ],
  'allowed.paths and allowlist.pattern': [
    'config.providers=file,env',
    'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
    `config.providers.file.param.allowed.paths=${S}`,
    'config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    'config.providers.env.param.allowlist.pattern=TS_CONNECT_PROVIDER_A',
    `b.inside=\${file:${S}/creds.properties:user}`,
    `b.outside=\${file:${dir}/other/creds.properties:pw}`,
    `b.escape=\${file:${S}/../other/creds.properties:pw}`,
    'b.env.allowed=${env:TS_CONNECT_PROVIDER_A}',
    'b.env.filtered=${env:TS_CONNECT_PROVIDER_B}',
  ],
  'file provider on a missing file': [
    'config.providers=file',
    'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
    `e.nofile=\${file:${S}/nope.properties:user}`,
  ],
  'env with a path': [
    'config.providers=env',
    'config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    'c.env=${env:some/path:TS_CONNECT_PROVIDER_A}',
  ],
  'relative allowed path': [
    'config.providers=file',
    'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
    'config.providers.file.param.allowed.paths=relative/dir',
  ],
  'missing allowed path': [
    'config.providers=file',
    'config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider',
    `config.providers.file.param.allowed.paths=${dir}/does-not-exist`,
  ],
  'provider listed without class': [
    'config.providers=file',
    `d.kept=\${file:${S}/creds.properties:user}`,
  ],
  'unknown provider class': [
    'config.providers=vault',
    'config.providers.vault.class=com.example.VaultConfigProvider',
  ],
};

type KafkaAnswer = { values: Record<string, string> } | { error: string };

describe('config providers against Kafka’s (StandaloneConfig resolving its own variables)', () => {
  const names = Object.keys(CASES);
  const files = names.map((name, i) => {
    const file = join(dir, `worker-${i}.properties`);
    writeFileSync(file, [...BASE, ...CASES[name]!, ''].join('\n'));
    return file;
  });
  const kafka = configDefDump<KafkaAnswer>(['worker-resolve', ...files]);

  it.each(names.map((n, i) => [n, i] as const))('%s', async (_name, i) => {
    const expected = kafka[i]!;
    if (i === 0) expect(expected).toHaveProperty(['values', 'a.env'], 'env-a/env-b');
    const ours = await loadWorkerConfig(files[i]!).then(
      (w) => {
        const values: Record<string, string> = {};
        for (const k of Object.keys(w.resolved).sort()) values[k] = w.resolved[k]!;
        return { values } as KafkaAnswer;
      },
      (e: unknown) => {
        if (!(e instanceof ConfigProblemsException)) throw e;
        return { error: `ConfigException: ${e.problems[0]!.message}` } as KafkaAnswer;
      },
    );
    expect(ours).toEqual(expected);
  });
});

describe('config provider pieces', () => {
  it('parses variables as ConfigTransformer’s pattern does', () => {
    expect(configVariables('${a:b:c} ${d:e} ${f}')).toEqual([
      { provider: 'a', path: 'b', key: 'c' },
      { provider: 'd', path: '', key: 'e' },
    ]);
  });

  it('asks each provider once per path, for all keys wanted there', async () => {
    const calls: [string, string[]][] = [];
    const provider = {
      configure() {},
      get(path: string, keys?: ReadonlySet<string>) {
        calls.push([path, [...(keys ?? [])].sort()]);
        return { data: { a: `${path}-a`, b: `${path}-b` }, ttl: 5000 };
      },
    };
    const t = new ConfigTransformer(new Map([['p', provider]]));
    const result = await t.transform({
      x: '${p:one:a}',
      y: '${p:one:b}-${p:two:a}',
      z: '${q:one:a}',
    });
    expect(result.data).toEqual({ x: 'one-a', y: 'one-b-two-a', z: '${q:one:a}' });
    expect(calls).toEqual([
      ['one', ['a', 'b']],
      ['two', ['a']],
    ]);
    expect([...result.ttls]).toEqual([
      ['one', 5000],
      ['two', 5000],
    ]);
    expect(result.unknownProviders).toEqual([
      { configKey: 'z', provider: 'q', variable: '${q:one:a}' },
    ]);
  });

  it('keeps AllowedPaths component-wise, as Java’s Path.startsWith', () => {
    const allowed = new AllowedPaths(`${dir}/secrets`);
    expect(allowed.parseUntrustedPath(`${dir}/secrets/x`)).toBe(`${dir}/secrets/x`);
    expect(allowed.parseUntrustedPath(`${dir}/secretsX/x`)).toBeUndefined();
    expect(allowed.parseUntrustedPath(`${dir}/secrets/../other/x`)).toBeUndefined();
    expect(allowed.parseUntrustedPath('secrets/x')).toBeUndefined();
    expect(new AllowedPaths('').parseUntrustedPath('anything')).toBe('anything');
    expect(() => new AllowedPaths('rel')).toThrow(ConfigException);
    expect(() => new AllowedPaths('rel')).toThrow('Path rel is not absolute');
  });

  it('reads files and directories and the environment', async () => {
    const file = new FileConfigProvider();
    file.configure({});
    expect((await file.get(`${S}/creds.properties`, new Set(['user', 'nope']))).data).toEqual({
      user: 'alice',
    });
    expect((await file.get('')).data).toEqual({});
    await expect(file.get(`${S}/missing.properties`)).rejects.toThrow(
      `Could not read properties from file ${S}/missing.properties`,
    );
    const directory = new DirectoryConfigProvider();
    directory.configure({});
    expect((await directory.get(S, new Set(['token']))).data).toEqual({
      token: '  tok-with-spaces \n',
    });
    const env = new EnvVarConfigProvider({ A: '1', AB: '2' });
    env.configure({ 'allowlist.pattern': 'A' });
    expect(env.get('').data).toEqual({ A: '1' });
    expect(() => env.get('x')).toThrow(
      "Path is not supported for EnvVarConfigProvider, invalid value 'x'",
    );
  });
});
