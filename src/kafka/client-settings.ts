import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigException } from '../api/errors.js';
import { getLogger } from '../util/logger.js';

/** Which Kafka client a set of properties is for. */
export type ClientKind = 'producer' | 'consumer' | 'admin';

export type SaslSettings = {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
};

/** The kafkajs retry options we derive from Kafka's backoff keys. */
export interface RetrySettings {
  initialRetryTime: number;
  maxRetryTime: number;
  retries: number;
}

export interface ProducerOptions {
  /** -1 (all), 0 or 1. */
  acks: number;
  compression: 'none' | 'gzip';
  /** `request.timeout.ms`: the broker's wait for acks and our request timeout. */
  requestTimeoutMs: number;
  maxInFlightRequests: number;
  idempotent: boolean;
  allowAutoTopicCreation: boolean;
  metadataMaxAgeMs: number;
  /** Kafka's `delivery.timeout.ms`; Connect's default (Integer.MAX_VALUE) means retry forever. */
  deliveryTimeoutMs: number;
  /** Kafka's `batch.size`: how many bytes of keyless records go to one partition before switching. */
  batchSizeBytes: number;
  /** Kafka's `retries` (Connect leaves it at Integer.MAX_VALUE). */
  retries: number;
}

export interface ConsumerOptions {
  groupId: string;
  fromBeginning: boolean;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxPollRecords: number;
  minBytes: number;
  maxWaitTimeMs: number;
  maxBytesPerPartition: number;
  maxBytes: number;
  readUncommitted: boolean;
  metadataMaxAgeMs: number;
  allowAutoTopicCreation: boolean;
  rackId: string | null;
}

/**
 * One Kafka client's configuration: the effective Kafka properties (Connect's fixed defaults,
 * then the worker's prefixed keys, then the connector's overrides) and what they mean for kafkajs.
 * Created by {@link producerSettings}, {@link consumerSettings} and {@link adminSettings}; only
 * the adapters in src/kafka read the kafkajs side.
 */
export interface ClientSettings {
  readonly kind: ClientKind;
  /** The effective Kafka client properties, as Kafka's client would receive them. */
  readonly properties: Readonly<Record<string, string>>;
  readonly clientId: string;
  readonly brokers: string[];
  readonly ssl: ConnectionOptions | null;
  readonly sasl: SaslSettings | null;
  /** `socket.connection.setup.timeout.ms`. */
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly retry: RetrySettings;
  readonly producer: ProducerOptions;
  readonly consumer: ConsumerOptions;
  /** Keys that were given but that kafkajs cannot honour (each logged once as a warning). */
  readonly unsupported: readonly string[];
}

/** Kafka's producer/consumer/admin defaults where they differ from kafkajs's. */
const INT_MAX = 2147483647;

type Policy = 'All' | 'None' | 'Principal';

const POLICY_NAMES: Record<string, Policy> = {
  all: 'All',
  none: 'None',
  principal: 'Principal',
  allconnectorclientconfigoverridepolicy: 'All',
  noneconnectorclientconfigoverridepolicy: 'None',
  principalconnectorclientconfigoverridepolicy: 'Principal',
  'org.apache.kafka.connect.connector.policy.allconnectorclientconfigoverridepolicy': 'All',
  'org.apache.kafka.connect.connector.policy.noneconnectorclientconfigoverridepolicy': 'None',
  'org.apache.kafka.connect.connector.policy.principalconnectorclientconfigoverridepolicy':
    'Principal',
};

/** What the Principal policy lets a connector override (Kafka's PrincipalConnectorClientConfigOverridePolicy). */
const PRINCIPAL_KEYS = new Set(['sasl.jaas.config', 'sasl.mechanism', 'security.protocol']);

function overridePolicy(worker: Readonly<Record<string, string>>): Policy {
  const raw = (worker['connector.client.config.override.policy'] ?? 'All').trim();
  const policy = POLICY_NAMES[raw.toLowerCase()];
  if (policy === undefined) {
    throw new ConfigException(
      `Invalid value ${raw} for configuration connector.client.config.override.policy: ` +
        'Class ' +
        raw +
        ' could not be found.',
      'connector.client.config.override.policy',
    );
  }
  return policy;
}

function withPrefix(
  config: Readonly<Record<string, string>>,
  prefix: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    if (k.startsWith(prefix) && k.length > prefix.length) out[k.slice(prefix.length)] = v;
  }
  return out;
}

/**
 * The connector's client overrides that the worker's `connector.client.config.override.policy`
 * rejects, with Kafka's message, keyed by the full connector key (`producer.override.acks`).
 * Kafka reports these when the connector config is validated; the herder can call this.
 */
export function validateClientOverrides(
  worker: Readonly<Record<string, string>>,
  connector: Readonly<Record<string, string>>,
  kinds: readonly ClientKind[] = ['producer', 'consumer', 'admin'],
): { key: string; message: string }[] {
  const policy = overridePolicy(worker);
  const problems: { key: string; message: string }[] = [];
  if (policy === 'All') return problems;
  for (const kind of kinds) {
    const prefix = `${kind}.override.`;
    for (const key of Object.keys(withPrefix(connector, prefix))) {
      if (policy === 'Principal' && PRINCIPAL_KEYS.has(key)) continue;
      problems.push({
        key: prefix + key,
        message: `The '${policy}' policy does not allow '${key}' to be overridden in the connector configuration.`,
      });
    }
  }
  return problems;
}

function connectorOverrides(
  worker: Readonly<Record<string, string>>,
  connector: Readonly<Record<string, string>>,
  kind: ClientKind,
): Record<string, string> {
  const problems = validateClientOverrides(worker, connector, [kind]);
  const first = problems[0];
  if (first !== undefined) throw new ConfigException(first.message, first.key);
  return withPrefix(connector, `${kind}.override.`);
}

/**
 * Kafka's Worker.baseProducerConfigs + connector overrides: Connect's fixed producer defaults
 * (acks=all, one request in flight, no idempotence, block and retry forever), the worker's
 * `producer.*` keys, then the connector's `producer.override.*` keys under the override policy.
 */
export function producerSettings(
  worker: Readonly<Record<string, string>>,
  connector: Readonly<Record<string, string>>,
  connectorName: string,
  taskId: number,
): ClientSettings {
  const props: Record<string, string> = {
    'bootstrap.servers': worker['bootstrap.servers'] ?? 'localhost:9092',
    'key.serializer': 'org.apache.kafka.common.serialization.ByteArraySerializer',
    'value.serializer': 'org.apache.kafka.common.serialization.ByteArraySerializer',
    'max.block.ms': '9223372036854775807',
    'enable.idempotence': 'false',
    acks: 'all',
    'max.in.flight.requests.per.connection': '1',
    'delivery.timeout.ms': String(INT_MAX),
    'client.id': `connector-producer-${connectorName}-${taskId}`,
    ...withPrefix(worker, 'producer.'),
    ...connectorOverrides(worker, connector, 'producer'),
  };
  return build('producer', props);
}

/**
 * Kafka's Worker.baseConsumerConfigs + connector overrides: group `connect-<name>`, earliest,
 * no auto commit, then the worker's `consumer.*` keys and the connector's `consumer.override.*`.
 */
export function consumerSettings(
  worker: Readonly<Record<string, string>>,
  connector: Readonly<Record<string, string>>,
  connectorName: string,
  taskId: number,
): ClientSettings {
  const props: Record<string, string> = {
    'bootstrap.servers': worker['bootstrap.servers'] ?? 'localhost:9092',
    'group.id': `connect-${connectorName}`,
    'client.id': `connector-consumer-${connectorName}-${taskId}`,
    'enable.auto.commit': 'false',
    'auto.offset.reset': 'earliest',
    'key.deserializer': 'org.apache.kafka.common.serialization.ByteArrayDeserializer',
    'value.deserializer': 'org.apache.kafka.common.serialization.ByteArrayDeserializer',
    ...withPrefix(worker, 'consumer.'),
    ...connectorOverrides(worker, connector, 'consumer'),
  };
  return build('consumer', props);
}

/**
 * Kafka's Worker.adminConfigs: every unprefixed worker key (so a top-level `client.id` wins over
 * `connector-adminclient-<conn>-<task>`), then `admin.*`, then the connector's `admin.override.*`.
 */
export function adminSettings(
  worker: Readonly<Record<string, string>>,
  connector: Readonly<Record<string, string>>,
  connectorName: string,
  taskId: number,
): ClientSettings {
  const props: Record<string, string> = {
    'client.id': `connector-adminclient-${connectorName}-${taskId}`,
  };
  for (const [k, v] of Object.entries(worker)) {
    if (!k.startsWith('producer.') && !k.startsWith('consumer.') && !k.startsWith('admin.')) {
      props[k] = v;
    }
  }
  props['bootstrap.servers'] ??= 'localhost:9092';
  Object.assign(
    props,
    withPrefix(worker, 'admin.'),
    connectorOverrides(worker, connector, 'admin'),
  );
  return build('admin', props, new Set(Object.keys(worker)));
}

/**
 * The admin client the worker itself uses (cluster id at start-up): the worker's unprefixed keys
 * and its `admin.*` keys, as Kafka's ConnectUtils.lookupKafkaClusterId.
 */
export function workerAdminSettings(worker: Readonly<Record<string, string>>): ClientSettings {
  const props: Record<string, string> = { 'client.id': 'connect-cluster-id-lookup' };
  for (const [k, v] of Object.entries(worker)) {
    if (!k.startsWith('producer.') && !k.startsWith('consumer.') && !k.startsWith('admin.')) {
      props[k] = v;
    }
  }
  props['bootstrap.servers'] ??= 'localhost:9092';
  Object.assign(props, withPrefix(worker, 'admin.'));
  return build('admin', props, new Set(Object.keys(worker)));
}

// ---------------------------------------------------------------------------------------------
// Interpretation

/** Keys we map (exactly or as a close approximation) for any client kind. */
const COMMON_KEYS = new Set([
  'bootstrap.servers',
  'client.id',
  'security.protocol',
  'sasl.mechanism',
  'sasl.jaas.config',
  'ssl.truststore.type',
  'ssl.truststore.location',
  'ssl.truststore.password',
  'ssl.truststore.certificates',
  'ssl.keystore.type',
  'ssl.keystore.location',
  'ssl.keystore.password',
  'ssl.keystore.key',
  'ssl.keystore.certificate.chain',
  'ssl.key.password',
  'ssl.endpoint.identification.algorithm',
  'ssl.protocol',
  'ssl.enabled.protocols',
  'ssl.cipher.suites',
  'request.timeout.ms',
  'retry.backoff.ms',
  'retry.backoff.max.ms',
  'reconnect.backoff.ms',
  'reconnect.backoff.max.ms',
  'socket.connection.setup.timeout.ms',
  'socket.connection.setup.timeout.max.ms',
  'default.api.timeout.ms',
  'client.dns.lookup',
  'metadata.max.age.ms',
]);

const PRODUCER_KEYS = new Set([
  'acks',
  'compression.type',
  'linger.ms',
  'batch.size',
  'max.in.flight.requests.per.connection',
  'enable.idempotence',
  'delivery.timeout.ms',
  'max.block.ms',
  'retries',
  'allow.auto.create.topics',
]);

const CONSUMER_KEYS = new Set([
  'group.id',
  'enable.auto.commit',
  'auto.offset.reset',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'max.poll.interval.ms',
  'max.poll.records',
  'fetch.min.bytes',
  'fetch.max.wait.ms',
  'max.partition.fetch.bytes',
  'fetch.max.bytes',
  'isolation.level',
  'client.rack',
  'allow.auto.create.topics',
]);

/** Fixed by Connect; a different value cannot be honoured (we always hand bytes over). */
const FIXED_VALUES: Record<string, readonly string[]> = {
  'key.serializer': ['org.apache.kafka.common.serialization.ByteArraySerializer'],
  'value.serializer': ['org.apache.kafka.common.serialization.ByteArraySerializer'],
  'key.deserializer': ['org.apache.kafka.common.serialization.ByteArrayDeserializer'],
  'value.deserializer': ['org.apache.kafka.common.serialization.ByteArrayDeserializer'],
  'partitioner.class': [
    'org.apache.kafka.clients.producer.internals.DefaultPartitioner',
    'org.apache.kafka.clients.producer.RoundRobinPartitioner',
  ],
  'enable.auto.commit': ['false'],
  'client.dns.lookup': ['use_all_dns_ips'],
};

/**
 * Kafka client keys that kafkajs has no equivalent for. Given to a producer or consumer they
 * are reported; the admin client receives every worker key, so for it only these (and not, say,
 * `key.converter`) are reported.
 */
const KNOWN_UNSUPPORTED = new Set([
  'group.instance.id',
  'partition.assignment.strategy',
  'group.protocol',
  'group.remote.assignor',
  'connections.max.idle.ms',
  'send.buffer.bytes',
  'receive.buffer.bytes',
  'buffer.memory',
  'max.request.size',
  'transactional.id',
  'transaction.timeout.ms',
  'partitioner.ignore.keys',
  'partitioner.adaptive.partitioning.enable',
  'partitioner.availability.timeout.ms',
  'compression.gzip.level',
  'compression.lz4.level',
  'compression.zstd.level',
  'check.crcs',
  'exclude.internal.topics',
  'interceptor.classes',
  'sasl.kerberos.service.name',
  'sasl.client.callback.handler.class',
  'sasl.login.callback.handler.class',
  'sasl.login.class',
  'ssl.keymanager.algorithm',
  'ssl.trustmanager.algorithm',
  'ssl.secure.random.implementation',
  'ssl.engine.factory.class',
  'ssl.provider',
  'security.providers',
  'auto.commit.interval.ms',
  'metadata.max.idle.ms',
  'enable.metrics.push',
]);

const warned = new Set<string>();

function warnUnsupported(kind: ClientKind, key: string, why: string): void {
  const id = `${kind}:${key}`;
  if (warned.has(id)) return;
  warned.add(id);
  const component =
    kind === 'producer'
      ? 'ProducerConfig'
      : kind === 'consumer'
        ? 'ConsumerConfig'
        : 'AdminClientConfig';
  getLogger(component).warn(`The configuration '${key}' ${why}`);
}

/** Test hook: forget which keys were already warned about. */
export function resetUnsupportedWarnings(): void {
  warned.clear();
}

function notNumber(key: string, value: string, type: string): ConfigException {
  return new ConfigException(
    `Invalid value ${value} for configuration ${key}: Not a number of type ${type}`,
    key,
  );
}

class Props {
  constructor(
    private readonly props: Readonly<Record<string, string>>,
    private readonly kind: ClientKind,
  ) {}

  has(key: string): boolean {
    const v = this.props[key];
    return v !== undefined;
  }

  str(key: string, fallback: string): string {
    const v = this.props[key];
    return v === undefined ? fallback : v.trim();
  }

  opt(key: string): string | null {
    const v = this.props[key]?.trim();
    return v === undefined || v === '' ? null : v;
  }

  /** INT/LONG keys; LONG values above what a timer can hold are clamped (they mean "forever"). */
  num(key: string, fallback: number, type: 'INT' | 'LONG' = 'INT'): number {
    const raw = this.props[key]?.trim();
    if (raw === undefined) return fallback;
    if (!/^[+-]?\d+$/.test(raw)) throw notNumber(key, raw, type);
    const n = Number(raw);
    if (type === 'INT' && (n > INT_MAX || n < -INT_MAX - 1)) throw notNumber(key, raw, type);
    return n;
  }

  oneOf(
    key: string,
    fallback: string,
    allowed: readonly string[],
    caseInsensitive = false,
  ): string {
    const value = this.str(key, fallback);
    const hit = allowed.find((a) =>
      caseInsensitive ? a.toLowerCase() === value.toLowerCase() : a === value,
    );
    if (hit === undefined) {
      throw new ConfigException(
        `Invalid value ${value} for configuration ${key}: String must be one of: ${allowed.join(', ')}`,
        key,
      );
    }
    return hit;
  }

  get kindName(): ClientKind {
    return this.kind;
  }
}

function build(
  kind: ClientKind,
  properties: Record<string, string>,
  workerKeys: ReadonlySet<string> = new Set(),
): ClientSettings {
  const p = new Props(properties, kind);
  const unsupported: string[] = [];
  const report = (key: string, why: string): void => {
    unsupported.push(key);
    warnUnsupported(kind, key, why);
  };

  for (const [key, value] of Object.entries(properties)) {
    const fixed = FIXED_VALUES[key];
    if (fixed !== undefined) {
      if (!fixed.includes(value.trim())) {
        report(
          key,
          `was set to '${value.trim()}', which ts-connect's Kafka client (kafkajs) cannot honour; it is ignored.`,
        );
      }
      continue;
    }
    if (COMMON_KEYS.has(key)) continue;
    if (kind === 'producer' && PRODUCER_KEYS.has(key)) continue;
    if (kind === 'consumer' && CONSUMER_KEYS.has(key)) continue;
    const fromWorkerUnprefixed = kind === 'admin' && workerKeys.has(key);
    if (KNOWN_UNSUPPORTED.has(key) || (!fromWorkerUnprefixed && kind !== 'admin')) {
      report(key, `is not supported by ts-connect's Kafka client (kafkajs) and is ignored.`);
    } else if (kind === 'admin' && !fromWorkerUnprefixed && !isAdminKey(key)) {
      report(key, `is not supported by ts-connect's Kafka client (kafkajs) and is ignored.`);
    }
  }

  const bootstrap = p.str('bootstrap.servers', 'localhost:9092');
  const brokers = bootstrap
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (brokers.length === 0) {
    throw new ConfigException(
      'Invalid value for configuration bootstrap.servers: no bootstrap servers given',
      'bootstrap.servers',
    );
  }

  const protocol = p.oneOf(
    'security.protocol',
    'PLAINTEXT',
    ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'],
    true,
  );
  const ssl = protocol === 'SSL' || protocol === 'SASL_SSL' ? sslOptions(p) : null;
  const sasl = protocol.startsWith('SASL_') ? saslOptions(p) : null;

  const requestTimeoutMs = p.num('request.timeout.ms', 30000);
  const retryBackoff = p.num('retry.backoff.ms', 100, 'LONG');
  const retryBackoffMax = Math.max(
    p.num('retry.backoff.max.ms', 1000, 'LONG'),
    p.num('reconnect.backoff.max.ms', 1000, 'LONG'),
  );

  // Keys of another client kind are ignored, not parsed: the admin client gets every worker key.
  const pp = kind === 'producer' ? p : new Props({}, kind);
  const cp = kind === 'consumer' ? p : new Props({}, kind);
  const compression = pp.oneOf('compression.type', 'none', [
    'none',
    'gzip',
    'snappy',
    'lz4',
    'zstd',
  ]);
  if (kind === 'producer' && compression !== 'none' && compression !== 'gzip') {
    report(
      'compression.type',
      `is '${compression}', which ts-connect's Kafka client (kafkajs) has no codec for; records are sent uncompressed.`,
    );
  }
  const acksRaw = pp.oneOf('acks', 'all', ['all', '-1', '0', '1']);
  const isolation = cp.oneOf('isolation.level', 'read_uncommitted', [
    'read_committed',
    'read_uncommitted',
  ]);
  const reset = cp.oneOf('auto.offset.reset', 'latest', ['latest', 'earliest', 'none']);
  if (kind === 'consumer' && reset === 'none') {
    report(
      'auto.offset.reset',
      `is 'none', which ts-connect's Kafka client (kafkajs) cannot honour; 'earliest' is used.`,
    );
  }

  const producer: ProducerOptions = {
    acks: acksRaw === 'all' ? -1 : Number(acksRaw),
    compression: compression === 'gzip' ? 'gzip' : 'none',
    requestTimeoutMs,
    maxInFlightRequests: pp.num('max.in.flight.requests.per.connection', 5),
    idempotent: pp.str('enable.idempotence', 'true').toLowerCase() === 'true',
    allowAutoTopicCreation: pp.str('allow.auto.create.topics', 'true').toLowerCase() === 'true',
    metadataMaxAgeMs: pp.num('metadata.max.age.ms', 300000, 'LONG'),
    deliveryTimeoutMs: pp.num('delivery.timeout.ms', 120000),
    batchSizeBytes: pp.num('batch.size', 16384),
    retries: pp.num('retries', INT_MAX),
  };
  const consumer: ConsumerOptions = {
    groupId: cp.str('group.id', ''),
    fromBeginning: reset !== 'latest',
    sessionTimeoutMs: cp.num('session.timeout.ms', 45000),
    rebalanceTimeoutMs: cp.num('max.poll.interval.ms', 300000),
    heartbeatIntervalMs: cp.num('heartbeat.interval.ms', 3000),
    maxPollRecords: cp.num('max.poll.records', 500),
    minBytes: cp.num('fetch.min.bytes', 1),
    maxWaitTimeMs: cp.num('fetch.max.wait.ms', 500),
    maxBytesPerPartition: cp.num('max.partition.fetch.bytes', 1048576),
    maxBytes: cp.num('fetch.max.bytes', 52428800),
    readUncommitted: isolation === 'read_uncommitted',
    metadataMaxAgeMs: cp.num('metadata.max.age.ms', 300000, 'LONG'),
    allowAutoTopicCreation: cp.str('allow.auto.create.topics', 'true').toLowerCase() === 'true',
    rackId: cp.opt('client.rack'),
  };
  if (kind === 'producer' && producer.idempotent && producer.maxInFlightRequests > 5) {
    throw new ConfigException(
      'Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.',
      'max.in.flight.requests.per.connection',
    );
  }

  return {
    kind,
    properties,
    clientId: p.str('client.id', ''),
    brokers,
    ssl,
    sasl,
    connectionTimeoutMs: p.num('socket.connection.setup.timeout.ms', 10000, 'LONG'),
    requestTimeoutMs,
    retry: {
      initialRetryTime: Math.max(1, retryBackoff),
      maxRetryTime: Math.max(retryBackoff, retryBackoffMax),
      retries: 5,
    },
    producer,
    consumer,
    unsupported,
  };
}

/** Admin-client keys Kafka's AdminClientConfig knows that we take care of. */
function isAdminKey(key: string): boolean {
  return COMMON_KEYS.has(key) || key === 'retries';
}

// ---------------------------------------------------------------------------------------------
// SASL

/** The `key="value"` options of a JAAS login module line (Kafka's JaasConfig syntax). */
export function parseJaasOptions(jaas: string): {
  loginModule: string;
  options: Map<string, string>;
} {
  const text = jaas.trim();
  const head = /^([\w.$]+)\s+(required|requisite|sufficient|optional)\b/.exec(text);
  if (head === null) {
    throw new ConfigException(
      'Invalid value [hidden] for configuration sasl.jaas.config: expected a login module name followed by a control flag',
      'sasl.jaas.config',
    );
  }
  const options = new Map<string, string>();
  const rest = text.slice(head[0].length);
  const re = /\s*([\w.$-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]+))/y;
  let pos = 0;
  for (;;) {
    re.lastIndex = pos;
    const m = re.exec(rest);
    if (m === null) break;
    options.set(m[1]!, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!);
    pos = re.lastIndex;
  }
  if (!/^\s*;\s*$/.test(rest.slice(pos))) {
    throw new ConfigException(
      'Invalid value [hidden] for configuration sasl.jaas.config: JAAS config entry not terminated by semi-colon',
      'sasl.jaas.config',
    );
  }
  return { loginModule: head[1]!, options };
}

function saslOptions(p: Props): SaslSettings {
  const mechanism = p.str('sasl.mechanism', 'GSSAPI').toUpperCase();
  const kafkajsName = (
    { PLAIN: 'plain', 'SCRAM-SHA-256': 'scram-sha-256', 'SCRAM-SHA-512': 'scram-sha-512' } as const
  )[mechanism as 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'];
  if (kafkajsName === undefined) {
    throw new ConfigException(
      `Invalid value ${mechanism} for configuration sasl.mechanism: ts-connect supports PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512`,
      'sasl.mechanism',
    );
  }
  const jaas = p.opt('sasl.jaas.config');
  if (jaas === null) {
    throw new ConfigException(
      `Missing required configuration "sasl.jaas.config" for SASL mechanism ${mechanism} (${p.kindName} client)`,
      'sasl.jaas.config',
    );
  }
  const { options } = parseJaasOptions(jaas);
  const username = options.get('username');
  const password = options.get('password');
  if (username === undefined || password === undefined) {
    throw new ConfigException(
      'Invalid value [hidden] for configuration sasl.jaas.config: the login module needs username="..." and password="..."',
      'sasl.jaas.config',
    );
  }
  return { mechanism: kafkajsName, username, password };
}

// ---------------------------------------------------------------------------------------------
// SSL

function readPemFile(path: string, key: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigException(
      `Invalid value ${path} for configuration ${key}: ${(error as Error).message}`,
      key,
    );
  }
}

/** PEM config values may put the whole PEM on one line (Kafka allows that in properties). */
function normalisePem(pem: string): string {
  return pem
    .replace(/(-----BEGIN [A-Z ]+-----)\s*/g, '$1\n')
    .replace(/\s*(-----END [A-Z ]+-----)/g, '\n$1');
}

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]*?-----END \1-----/g;

function pemBlocks(pem: string): { type: string; text: string }[] {
  return [...normalisePem(pem).matchAll(PEM_BLOCK)].map((m) => ({ type: m[1]!, text: m[0] }));
}

function sslOptions(p: Props): ConnectionOptions {
  const out: ConnectionOptions = {};

  const truststoreType = p.str('ssl.truststore.type', 'JKS').toUpperCase();
  const trustCerts = p.opt('ssl.truststore.certificates');
  const trustLocation = p.opt('ssl.truststore.location');
  if (trustCerts !== null) {
    out.ca = pemBlocks(trustCerts).map((b) => b.text);
  } else if (trustLocation !== null) {
    if (truststoreType !== 'PEM') {
      throw new ConfigException(
        `Invalid value ${trustLocation} for configuration ssl.truststore.location: a ${truststoreType} truststore cannot be read by Node.js; ` +
          'export its certificates as PEM (keytool -exportcert -rfc) and set ssl.truststore.type=PEM',
        'ssl.truststore.location',
      );
    }
    out.ca = pemBlocks(readPemFile(trustLocation, 'ssl.truststore.location')).map((b) => b.text);
  }

  const keystoreType = p.str('ssl.keystore.type', 'JKS').toUpperCase();
  const keyPem = p.opt('ssl.keystore.key');
  const chainPem = p.opt('ssl.keystore.certificate.chain');
  const keyLocation = p.opt('ssl.keystore.location');
  const keyPassword = p.opt('ssl.key.password');
  if (keyPem !== null || chainPem !== null) {
    if (keyPem !== null)
      out.key = pemBlocks(keyPem)
        .map((b) => b.text)
        .join('\n');
    if (chainPem !== null)
      out.cert = pemBlocks(chainPem)
        .map((b) => b.text)
        .join('\n');
    if (keyPassword !== null) out.passphrase = keyPassword;
  } else if (keyLocation !== null) {
    if (keystoreType === 'PKCS12') {
      try {
        out.pfx = readFileSync(keyLocation);
      } catch (error) {
        throw new ConfigException(
          `Invalid value ${keyLocation} for configuration ssl.keystore.location: ${(error as Error).message}`,
          'ssl.keystore.location',
        );
      }
      const pass = p.opt('ssl.keystore.password');
      if (pass !== null) out.passphrase = pass;
    } else if (keystoreType === 'PEM') {
      const blocks = pemBlocks(readPemFile(keyLocation, 'ssl.keystore.location'));
      out.key = blocks
        .filter((b) => b.type.includes('PRIVATE KEY'))
        .map((b) => b.text)
        .join('\n');
      out.cert = blocks
        .filter((b) => b.type === 'CERTIFICATE')
        .map((b) => b.text)
        .join('\n');
      if (keyPassword !== null) out.passphrase = keyPassword;
    } else {
      throw new ConfigException(
        `Invalid value ${keyLocation} for configuration ssl.keystore.location: a ${keystoreType} keystore cannot be read by Node.js; ` +
          'convert it to PKCS12 (keytool -importkeystore -deststoretype PKCS12) or PEM and set ssl.keystore.type accordingly',
        'ssl.keystore.location',
      );
    }
  }

  // Kafka verifies the broker's host name unless the algorithm is set to empty.
  if (p.str('ssl.endpoint.identification.algorithm', 'https') === '') {
    out.checkServerIdentity = () => undefined;
  }
  const protocols = p.opt('ssl.enabled.protocols') ?? p.opt('ssl.protocol');
  if (protocols !== null) {
    const versions = protocols
      .split(',')
      .map((s) => s.trim())
      .filter((s): s is 'TLSv1.2' | 'TLSv1.3' => s === 'TLSv1.2' || s === 'TLSv1.3')
      .sort();
    if (versions.length > 0) {
      out.minVersion = versions[0]!;
      out.maxVersion = versions[versions.length - 1]!;
    }
  }
  const ciphers = p.opt('ssl.cipher.suites');
  if (ciphers !== null)
    out.ciphers = ciphers
      .split(',')
      .map((s) => s.trim())
      .join(':');
  return out;
}
