/**
 * The standalone worker's config (Kafka's `StandaloneConfig` = `WorkerConfig` +
 * `RestServerConfig` + `offset.storage.file.filename`), with the keys, types, defaults and
 * validators of Kafka 4.3 — checked against Kafka's own definition by
 * test/config/worker-config.test.ts. Unknown keys are kept: they are meant for clients
 * (`producer.*`, `consumer.*`, `admin.*`) and converters (`key.converter.*`).
 */
import { ConfigException } from '../api/errors.js';
import { PluginRegistry } from '../plugins/plugin-registry.js';
import {
  ConfigDef,
  type ConfigKeyDefinition,
  type ParsedConfig,
  anyNonDuplicateValues,
  atLeast,
  inValues,
  inValuesCaseInsensitive,
  lambdaValidator,
} from './config-def.js';
import type { LocatedConfigProblem } from './config-problems.js';
import { ConfigProblemsException, sortProblems } from './config-problems.js';
import {
  ConfigProviders,
  instantiateConfigProviders,
  registerBuiltinConfigProviders,
  unknownProviderWarnings,
} from './config-providers/config-providers.js';
import { ConfigSource } from './config-source.js';
import { readPropertiesFile } from './properties-file.js';
import { AUTO_RESTART_CONFIG } from '../runtime/auto-restart.js';

const LISTENERS_EXAMPLE = 'http://localhost:8080,https://localhost:8443';
const HEADER_ACTIONS = ['set', 'add', 'setDate', 'addDate'];

/** RestServerConfig's check of `listeners`: at least one URL, none empty. */
const listenersValidator = lambdaValidator((name, value) => {
  if (!Array.isArray(value)) return;
  if (value.length === 0) {
    throw new ConfigException(
      `Invalid value for listeners, at least one URL is expected, ex: ${LISTENERS_EXAMPLE}.`,
      name,
    );
  }
  if (value.some((v) => v === '')) {
    throw new ConfigException('Empty URL found when parsing listeners list.', name);
  }
}, `List of comma-separated URLs, ex: ${LISTENERS_EXAMPLE}.`);

/** Splits on commas outside double quotes and drops the quotes (Jetty's `csvSplit`). */
function csvSplit(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const c of s) {
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out.filter((p) => p !== '');
}

/** One `[action] [name]: [value]` entry of `response.http.headers.config`, as Kafka checks it. */
function validateHeaderConfig(name: string, config: string): void {
  const tokens = config.trim().split(/\s+/);
  const action = tokens[0] ?? '';
  const rest = config.trim().slice(action.length).trim();
  if (tokens.length < 2 || rest === '') {
    throw new ConfigException(
      `Invalid format of header config '${config}'. Expected: '[action] [header name]:[header value]'`,
      name,
    );
  }
  if (!HEADER_ACTIONS.some((a) => a.toLowerCase() === action.toLowerCase())) {
    throw new ConfigException(
      `Invalid header config action: '${action}'. Expected one of [${HEADER_ACTIONS.join(', ')}]`,
      name,
    );
  }
  const pair = rest.split(':');
  if (pair.length !== 2) {
    throw new ConfigException(
      `Invalid format of header name and header value pair '${rest}'. Expected: '[header name]:[header value]'`,
      name,
    );
  }
  const headerName = (pair[0] ?? '').trim();
  if (headerName === '' || /\s/.test(headerName)) {
    throw new ConfigException(
      `Invalid header name '${headerName}'. The '[header name]' cannot contain whitespace`,
      name,
    );
  }
}

const headersValidator = lambdaValidator((name, value) => {
  if (typeof value !== 'string' || value.trim() === '') return;
  for (const config of csvSplit(value)) validateHeaderConfig(name, config);
}, 'Comma-separated header rules, where each header rule is of the form ' + "'[action] [header name]:[header value]'");

type Def = Omit<ConfigKeyDefinition, 'doc'> & { doc?: string };

function defineAll(def: ConfigDef, keys: Def[]): ConfigDef {
  for (const k of keys) def.define({ doc: '', ...k });
  return def;
}

/** `ssl.*` client settings (Kafka's `withClientSslSupport`), used for REST HTTPS here. */
const SSL_KEYS: Def[] = [
  {
    name: 'ssl.protocol',
    type: 'STRING',
    defaultValue: 'TLSv1.3',
    importance: 'MEDIUM',
    doc: 'The TLS protocol used to build the SSL context.',
  },
  {
    name: 'ssl.provider',
    type: 'STRING',
    defaultValue: null,
    importance: 'MEDIUM',
    doc: 'Security provider for SSL connections (JVM only; accepted and ignored).',
  },
  {
    name: 'ssl.cipher.suites',
    type: 'LIST',
    defaultValue: '',
    importance: 'LOW',
    validator: anyNonDuplicateValues(true, false),
    doc: 'Cipher suites to enable; empty means the platform default.',
  },
  {
    name: 'ssl.enabled.protocols',
    type: 'LIST',
    defaultValue: 'TLSv1.2,TLSv1.3',
    importance: 'MEDIUM',
    validator: anyNonDuplicateValues(true, false),
    doc: 'TLS protocol versions to enable.',
  },
  {
    name: 'ssl.keystore.type',
    type: 'STRING',
    defaultValue: 'JKS',
    importance: 'MEDIUM',
    doc: 'Format of the key store file.',
  },
  {
    name: 'ssl.keystore.location',
    type: 'STRING',
    defaultValue: null,
    importance: 'HIGH',
    doc: 'Location of the key store file.',
  },
  {
    name: 'ssl.keystore.password',
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'HIGH',
    doc: 'Password of the key store file.',
  },
  {
    name: 'ssl.key.password',
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'HIGH',
    doc: 'Password of the private key.',
  },
  {
    name: 'ssl.keystore.key',
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'HIGH',
    doc: 'Private key in PEM form.',
  },
  {
    name: 'ssl.keystore.certificate.chain',
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'HIGH',
    doc: 'Certificate chain in PEM form.',
  },
  {
    name: 'ssl.truststore.certificates',
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'HIGH',
    doc: 'Trusted certificates in PEM form.',
  },
  {
    name: 'ssl.truststore.type',
    type: 'STRING',
    defaultValue: 'JKS',
    importance: 'MEDIUM',
    doc: 'Format of the trust store file.',
  },
  {
    name: 'ssl.truststore.location',
    type: 'STRING',
    defaultValue: null,
    importance: 'HIGH',
    doc: 'Location of the trust store file.',
  },
  {
    name: 'ssl.truststore.password',
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'HIGH',
    doc: 'Password of the trust store file.',
  },
  {
    name: 'ssl.keymanager.algorithm',
    type: 'STRING',
    defaultValue: 'SunX509',
    importance: 'LOW',
    doc: 'Key manager algorithm (JVM only; accepted and ignored).',
  },
  {
    name: 'ssl.trustmanager.algorithm',
    type: 'STRING',
    defaultValue: 'PKIX',
    importance: 'LOW',
    doc: 'Trust manager algorithm (JVM only; accepted and ignored).',
  },
  {
    name: 'ssl.endpoint.identification.algorithm',
    type: 'STRING',
    defaultValue: 'https',
    importance: 'LOW',
    doc: 'Endpoint identification algorithm; empty disables host name checks.',
  },
  {
    name: 'ssl.secure.random.implementation',
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    doc: 'SecureRandom implementation (JVM only; accepted and ignored).',
  },
  {
    name: 'ssl.engine.factory.class',
    type: 'CLASS',
    defaultValue: null,
    importance: 'LOW',
    doc: 'Custom SSL engine factory (JVM only; accepted and ignored).',
  },
];

/** The keys of Kafka's StandaloneConfig, in Kafka's definition order. */
export const STANDALONE_CONFIG: ConfigDef = defineAll(new ConfigDef(), [
  {
    name: 'bootstrap.servers',
    type: 'LIST',
    importance: 'HIGH',
    validator: anyNonDuplicateValues(false, false),
    doc: 'host:port pairs of the Kafka cluster to connect to.',
  },
  {
    name: 'client.dns.lookup',
    type: 'STRING',
    defaultValue: 'use_all_dns_ips',
    importance: 'MEDIUM',
    validator: inValues('use_all_dns_ips', 'resolve_canonical_bootstrap_servers_only'),
    doc: 'How clients use the DNS lookups of bootstrap servers.',
  },
  {
    name: 'key.converter',
    type: 'CLASS',
    importance: 'HIGH',
    doc: 'Converter for record keys: a class name or alias (e.g. JsonConverter, StringConverter).',
  },
  {
    name: 'key.converter.plugin.version',
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    doc: 'Version of the key converter plugin (accepted; one version per plugin here).',
  },
  {
    name: 'value.converter',
    type: 'CLASS',
    importance: 'HIGH',
    doc: 'Converter for record values: a class name or alias.',
  },
  {
    name: 'value.converter.plugin.version',
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    doc: 'Version of the value converter plugin (accepted; one version per plugin here).',
  },
  {
    name: 'task.shutdown.graceful.timeout.ms',
    type: 'LONG',
    defaultValue: 5000,
    importance: 'LOW',
    doc: 'Total time to wait for tasks to stop before they are abandoned.',
  },
  {
    name: 'offset.flush.interval.ms',
    type: 'LONG',
    defaultValue: 60000,
    importance: 'LOW',
    doc: 'How often source offsets are committed.',
  },
  {
    name: 'offset.flush.timeout.ms',
    type: 'LONG',
    defaultValue: 5000,
    importance: 'LOW',
    doc: 'How long an offset commit may wait for records to be acknowledged.',
  },
  {
    name: 'plugin.path',
    type: 'LIST',
    defaultValue: null,
    importance: 'LOW',
    validator: anyNonDuplicateValues(false, true),
    doc: 'Where plugins are looked for (config provider variables are not resolved here).',
  },
  {
    name: 'plugin.discovery',
    type: 'STRING',
    defaultValue: 'hybrid_warn',
    importance: 'LOW',
    validator: inValuesCaseInsensitive('ONLY_SCAN', 'SERVICE_LOAD', 'HYBRID_WARN', 'HYBRID_FAIL'),
    doc: 'How plugins are discovered (accepted for compatibility).',
  },
  {
    name: 'metrics.sample.window.ms',
    type: 'LONG',
    defaultValue: 30000,
    importance: 'LOW',
    validator: atLeast(0),
    doc: 'Window over which metric samples are computed.',
  },
  {
    name: 'metrics.num.samples',
    type: 'INT',
    defaultValue: 2,
    importance: 'LOW',
    validator: atLeast(1),
    doc: 'Number of samples kept to compute metrics.',
  },
  {
    name: 'metrics.recording.level',
    type: 'STRING',
    defaultValue: 'INFO',
    importance: 'LOW',
    validator: inValues('INFO', 'DEBUG'),
    doc: 'Highest recording level for metrics.',
  },
  {
    name: 'metric.reporters',
    type: 'LIST',
    defaultValue: 'org.apache.kafka.common.metrics.JmxReporter',
    importance: 'LOW',
    validator: anyNonDuplicateValues(true, false),
    doc: 'Metric reporter classes (JVM only; accepted for compatibility).',
  },
  {
    name: 'header.converter',
    type: 'CLASS',
    defaultValue: 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
    importance: 'LOW',
    doc: 'Converter for record headers.',
  },
  {
    name: 'header.converter.plugin.version',
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    doc: 'Version of the header converter plugin (accepted; one version per plugin here).',
  },
  {
    name: 'config.providers',
    type: 'LIST',
    defaultValue: '',
    importance: 'LOW',
    validator: anyNonDuplicateValues(true, false),
    doc: 'Names of the config providers resolving ${provider:path:key} variables.',
  },
  {
    name: 'connector.client.config.override.policy',
    type: 'STRING',
    defaultValue: 'All',
    importance: 'MEDIUM',
    doc: 'Which client settings connectors may override: All, None or Principal.',
  },
  {
    name: 'topic.creation.enable',
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'LOW',
    doc: 'Whether source connectors may create their topics with topic.creation.* settings.',
  },
  ...SSL_KEYS,
  {
    name: 'topic.tracking.enable',
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'LOW',
    doc: 'Track the topics each connector uses.',
  },
  {
    name: 'topic.tracking.allow.reset',
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'LOW',
    doc: 'Allow resetting the tracked topics over REST.',
  },
  {
    name: 'listeners',
    type: 'LIST',
    defaultValue: 'http://:8083',
    importance: 'LOW',
    validator: listenersValidator,
    doc: 'URLs the REST API listens on (protocol://host:port).',
  },
  {
    name: 'rest.advertised.host.name',
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    doc: 'Host name given to others for reaching this worker.',
  },
  {
    name: 'rest.advertised.port',
    type: 'INT',
    defaultValue: null,
    importance: 'LOW',
    doc: 'Port given to others for reaching this worker.',
  },
  {
    name: 'rest.advertised.listener',
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    doc: 'Protocol (http or https) given to others for reaching this worker.',
  },
  {
    name: 'access.control.allow.origin',
    type: 'STRING',
    defaultValue: '',
    importance: 'LOW',
    doc: 'Value of the CORS Access-Control-Allow-Origin header; empty disables CORS.',
  },
  {
    name: 'access.control.allow.methods',
    type: 'STRING',
    defaultValue: '',
    importance: 'LOW',
    doc: 'Methods allowed by CORS.',
  },
  {
    name: 'response.http.headers.config',
    type: 'STRING',
    defaultValue: '',
    importance: 'LOW',
    validator: headersValidator,
    doc: 'Rules for HTTP headers added to REST responses.',
  },
  {
    name: 'ssl.client.auth',
    type: 'STRING',
    defaultValue: 'none',
    importance: 'LOW',
    validator: inValues('required', 'requested', 'none'),
    doc: 'Whether the REST HTTPS listener asks for client certificates.',
  },
  {
    name: 'rest.extension.classes',
    type: 'LIST',
    defaultValue: '',
    importance: 'LOW',
    validator: anyNonDuplicateValues(true, false),
    doc: 'REST extensions (JVM only; accepted for compatibility).',
  },
  {
    name: 'admin.listeners',
    type: 'LIST',
    defaultValue: null,
    importance: 'LOW',
    validator: anyNonDuplicateValues(true, true),
    doc: 'Listeners for the /admin endpoints; unset uses listeners, empty disables them.',
  },
  {
    name: 'offset.storage.file.filename',
    type: 'STRING',
    importance: 'HIGH',
    doc: 'File where source offsets are stored.',
  },
]);

/** The override policies Kafka ships, by every name that resolves to them. */
const OVERRIDE_POLICIES = ['All', 'None', 'Principal'].flatMap((p) => [
  p,
  `${p}ConnectorClientConfigOverridePolicy`,
  `org.apache.kafka.connect.connector.policy.${p}ConnectorClientConfigOverridePolicy`,
]);

export interface WorkerConfigOptions {
  /** Resolves converter and config provider names; defaults to the built-in config providers only. */
  registry?: PluginRegistry;
  /**
   * Whether to check converter class names against the registry. On by default when a registry
   * is given (a registry without converters would reject every name).
   */
  checkPluginClasses?: boolean;
}

/** A loaded, validated worker config. */
export interface WorkerConfig {
  /** Typed values of the defined keys (variables resolved). */
  config: ParsedConfig;
  /** Where it came from: file and line of each key. */
  source: ConfigSource;
  /** Every value as written in the file, `${...}` variables kept. */
  raw: Record<string, string>;
  /** Every value with variables resolved, defined or not (clients and converters read these). */
  resolved: Record<string, string>;
  /** The worker's config providers, to resolve connector configs with. */
  providers: ConfigProviders;
  /** Things worth a WARN log line at start-up, each already `file:line: key: message`. */
  warnings: LocatedConfigProblem[];
}

/**
 * Reads, resolves and validates a worker `.properties` file. Throws
 * {@link ConfigProblemsException} listing every problem (`file:line: key: message`), or one line
 * naming the file when it cannot be read.
 */
export async function loadWorkerConfig(
  path: string,
  options: WorkerConfigOptions = {},
): Promise<WorkerConfig> {
  const file = await readPropertiesFile(path);
  return workerConfigFrom(file.values, file.source, options);
}

/** Builds a worker config from raw values (e.g. tests, or a file read elsewhere). */
export async function workerConfigFrom(
  raw: Readonly<Record<string, string>>,
  source: ConfigSource,
  options: WorkerConfigOptions = {},
): Promise<WorkerConfig> {
  const registry = options.registry ?? registerBuiltinConfigProviders(new PluginRegistry());
  const checkClasses = options.checkPluginClasses ?? options.registry !== undefined;
  const problems: LocatedConfigProblem[] = [];
  const warnings: LocatedConfigProblem[] = [];

  const setup = instantiateConfigProviders(raw, registry);
  for (const p of setup.problems) problems.push(source.problem(p.key, p.message));
  for (const w of setup.warnings) warnings.push(source.problem(w.key, w.message));

  let resolved: Record<string, string> = { ...raw };
  try {
    const result = await setup.providers.resolve(raw);
    resolved = result.data;
    for (const w of unknownProviderWarnings(result))
      warnings.push(source.problem(w.key, w.message));
  } catch (e) {
    if (!(e instanceof ConfigException)) throw e;
    problems.push(source.problem(e.key ?? '', e.message));
  }
  // Kafka never resolves variables in plugin.path.
  if (raw['plugin.path'] !== undefined) resolved['plugin.path'] = raw['plugin.path'];

  for (const p of STANDALONE_CONFIG.validate(resolved))
    problems.push(source.problem(p.key, p.message));
  // ts-connect's own worker keys (automatic restart), validated the same way.
  for (const p of AUTO_RESTART_CONFIG.validate(resolved))
    problems.push(source.problem(p.key, p.message));

  const policy = resolved['connector.client.config.override.policy']?.trim();
  if (policy !== undefined && !OVERRIDE_POLICIES.includes(policy)) {
    const key = 'connector.client.config.override.policy';
    problems.push(
      source.problem(
        key,
        `Invalid value ${policy} for configuration ${key}: Class ${policy} could not be found.`,
      ),
    );
  }

  if (checkClasses) {
    const checks: [string, 'converter' | 'header-converter'][] = [
      ['key.converter', 'converter'],
      ['value.converter', 'converter'],
      ['header.converter', 'header-converter'],
    ];
    for (const [key, kind] of checks) {
      const name = resolved[key];
      if (name === undefined || problems.some((p) => p.key === key)) continue;
      try {
        registry.resolve(kind, name.trim(), key);
      } catch (e) {
        if (!(e instanceof ConfigException)) throw e;
        problems.push(source.problem(key, e.message));
      }
    }
  }

  if (problems.length > 0) {
    await setup.providers.close();
    throw new ConfigProblemsException(sortProblems(problems));
  }
  return {
    config: STANDALONE_CONFIG.parse(resolved),
    source,
    raw: { ...raw },
    resolved,
    providers: setup.providers,
    warnings,
  };
}
