import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigException } from '../../src/api/errors.js';
import {
  adminSettings,
  consumerSettings,
  parseJaasOptions,
  producerSettings,
  resetUnsupportedWarnings,
  validateClientOverrides,
  type ClientKind,
  type ClientSettings,
} from '../../src/kafka/client-settings.js';
import { configureLogging } from '../../src/util/logger.js';
import { runJavaSync } from '../helpers/java.js';

const HARNESS = join(import.meta.dirname, 'java', 'ClientConfigs.java');

const WORKER_BASE: Record<string, string> = {
  'bootstrap.servers': 'broker-a:9092,broker-b:9092',
  'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
  'offset.storage.file.filename': '/tmp/offsets',
};
const CONNECTOR_BASE: Record<string, string> = {
  name: 'sink1',
  'connector.class': 'FileStreamSink',
  topics: 't',
};

interface Case {
  name: string;
  worker: Record<string, string>;
  connector: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: 'plain worker, no overrides',
    worker: {},
    connector: {},
  },
  {
    name: 'worker prefixes and connector overrides under All',
    worker: {
      'producer.linger.ms': '7',
      'producer.acks': '1',
      'consumer.max.poll.records': '50',
      'admin.request.timeout.ms': '1234',
      'client.id': 'worker-client',
      'request.timeout.ms': '999',
    },
    connector: {
      'producer.override.acks': 'all',
      'producer.override.compression.type': 'gzip',
      'consumer.override.group.id': 'my-group',
      'consumer.override.auto.offset.reset': 'latest',
      'admin.override.client.id': 'admin-override',
    },
  },
  {
    name: 'Principal allows the security keys only',
    worker: { 'connector.client.config.override.policy': 'Principal' },
    connector: {
      'consumer.override.sasl.mechanism': 'PLAIN',
      'consumer.override.security.protocol': 'SASL_PLAINTEXT',
      'consumer.override.max.poll.records': '5',
      'producer.override.security.protocol': 'SSL',
    },
  },
  {
    name: 'None rejects every override',
    worker: { 'connector.client.config.override.policy': 'None' },
    connector: { 'producer.override.acks': '1', 'producer.override.linger.ms': '1' },
  },
];

/** Kafka's Worker.baseProducerConfigs / baseConsumerConfigs / adminConfigs for each case. */
function kafkaResults(): Map<string, Record<ClientKind, Record<string, string> | string>> {
  let input = '';
  for (const c of CASES) {
    for (const [k, v] of Object.entries({ ...WORKER_BASE, ...c.worker })) input += `W ${k}=${v}\n`;
    for (const [k, v] of Object.entries({ ...CONNECTOR_BASE, ...c.connector }))
      input += `C ${k}=${v}\n`;
    input += 'END\n';
  }
  const { stdout, code, stderr } = runJavaSync(HARNESS, [], { stdin: input });
  if (code !== 0) throw new Error(`ClientConfigs.java failed: ${stderr}`);
  const out = new Map<string, Record<ClientKind, Record<string, string> | string>>();
  const blocks = stdout.split('END\n').slice(0, CASES.length);
  blocks.forEach((block, i) => {
    const result: Record<ClientKind, Record<string, string> | string> = {
      producer: {},
      consumer: {},
      admin: {},
    };
    for (const line of block.split('\n')) {
      if (line.startsWith('ERROR ')) {
        const [, kind, ...rest] = line.split(' ');
        result[kind as ClientKind] = rest.join(' ');
        continue;
      }
      const m = /^(producer|consumer|admin) ([^=]+)=(.*)$/.exec(line);
      if (m === null) continue;
      (result[m[1] as ClientKind] as Record<string, string>)[m[2]!] = m[3]!;
    }
    out.set(CASES[i]!.name, result);
  });
  return out;
}

const settingsOf: Record<
  ClientKind,
  (w: Record<string, string>, c: Record<string, string>, n: string, t: number) => ClientSettings
> = { producer: producerSettings, consumer: consumerSettings, admin: adminSettings };

describe('client settings from worker and connector config, checked against Kafka Worker', () => {
  configureLogging({ write: () => undefined });
  const expected = kafkaResults();

  for (const c of CASES) {
    for (const kind of ['producer', 'consumer', 'admin'] as const) {
      it(`${c.name}: ${kind}`, () => {
        const want = expected.get(c.name)![kind];
        const worker = { ...WORKER_BASE, ...c.worker };
        const connector = { ...CONNECTOR_BASE, ...c.connector };
        if (typeof want === 'string') {
          // Kafka lists every rejected key; we name the first one, with Kafka's per-key message.
          expect(() => settingsOf[kind](worker, connector, 'sink1', 0)).toThrow(ConfigException);
          const problems = validateClientOverrides(worker, connector, [kind]);
          expect(problems.length).toBeGreaterThan(0);
          for (const p of problems) expect(want).toContain(p.message);
          expect(want.match(/does not allow/g)?.length).toBe(problems.length);
        } else {
          const got = settingsOf[kind](worker, connector, 'sink1', 0);
          expect({ ...got.properties }).toEqual(want);
        }
      });
    }
  }
});

describe('client settings mapped onto kafkajs', () => {
  configureLogging({ write: () => undefined });
  const worker = { ...WORKER_BASE };
  const connector = { ...CONNECTOR_BASE };

  it('producer: Connect defaults become acks=-1, one request in flight, no idempotence, retry forever', () => {
    const s = producerSettings(worker, connector, 'c', 3);
    expect(s.clientId).toBe('connector-producer-c-3');
    expect(s.brokers).toEqual(['broker-a:9092', 'broker-b:9092']);
    expect(s.producer.acks).toBe(-1);
    expect(s.producer.maxInFlightRequests).toBe(1);
    expect(s.producer.idempotent).toBe(false);
    expect(s.producer.deliveryTimeoutMs).toBe(2147483647);
    expect(s.producer.compression).toBe('none');
    expect(s.ssl).toBeNull();
    expect(s.sasl).toBeNull();
    expect(s.unsupported).toEqual([]);
  });

  it('consumer: group connect-<name>, earliest, Kafka timeouts and fetch sizes', () => {
    const s = consumerSettings(
      {
        ...worker,
        'consumer.max.poll.records': '42',
        'consumer.isolation.level': 'read_committed',
      },
      connector,
      'c',
      0,
    );
    expect(s.clientId).toBe('connector-consumer-c-0');
    expect(s.consumer.groupId).toBe('connect-c');
    expect(s.consumer.fromBeginning).toBe(true);
    expect(s.consumer.maxPollRecords).toBe(42);
    expect(s.consumer.readUncommitted).toBe(false);
    expect(s.consumer.sessionTimeoutMs).toBe(45000);
    expect(s.consumer.rebalanceTimeoutMs).toBe(300000);
    expect(s.consumer.maxBytesPerPartition).toBe(1048576);
  });

  it('SASL_SSL with SCRAM: credentials from sasl.jaas.config, PEM truststore inline', () => {
    const pem = '-----BEGIN CERTIFICATE----- MIIBfake== -----END CERTIFICATE-----';
    const s = producerSettings(
      {
        ...worker,
        'producer.security.protocol': 'SASL_SSL',
        'producer.sasl.mechanism': 'SCRAM-SHA-512',
        'producer.sasl.jaas.config':
          'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="p\\"w;d";',
        'producer.ssl.truststore.type': 'PEM',
        'producer.ssl.truststore.certificates': pem,
        'producer.ssl.endpoint.identification.algorithm': '',
      },
      connector,
      'c',
      0,
    );
    expect(s.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'alice', password: 'p"w;d' });
    expect(s.ssl?.ca).toEqual([
      '-----BEGIN CERTIFICATE-----\nMIIBfake==\n-----END CERTIFICATE-----',
    ]);
    expect(typeof s.ssl?.checkServerIdentity).toBe('function');
  });

  it('SASL PLAIN without sasl.jaas.config is a config error naming the key', () => {
    const make = (): ClientSettings =>
      consumerSettings(
        {
          ...worker,
          'consumer.security.protocol': 'SASL_PLAINTEXT',
          'consumer.sasl.mechanism': 'PLAIN',
        },
        connector,
        'c',
        0,
      );
    expect(make).toThrow(ConfigException);
    expect(make).toThrow(/sasl\.jaas\.config/);
  });

  it('a JKS truststore is refused with a way out', () => {
    expect(() =>
      adminSettings(
        {
          ...worker,
          'security.protocol': 'SSL',
          'ssl.truststore.location': '/etc/kafka/truststore.jks',
        },
        connector,
        'c',
        0,
      ),
    ).toThrow(/JKS truststore cannot be read by Node\.js.*ssl\.truststore\.type=PEM/);
  });

  it('GSSAPI is refused, naming sasl.mechanism', () => {
    try {
      producerSettings({ ...worker, 'producer.security.protocol': 'SASL_SSL' }, connector, 'c', 0);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigException);
      expect((error as ConfigException).key).toBe('sasl.mechanism');
    }
  });

  it('bad values give Kafka-style messages', () => {
    expect(() =>
      producerSettings({ ...worker, 'producer.linger.ms': 'abc' }, connector, 'c', 0),
    ).not.toThrow();
    expect(() =>
      producerSettings({ ...worker, 'producer.batch.size': 'abc' }, connector, 'c', 0),
    ).toThrow('Invalid value abc for configuration batch.size: Not a number of type INT');
    expect(() =>
      consumerSettings({ ...worker, 'consumer.isolation.level': 'x' }, connector, 'c', 0),
    ).toThrow(
      'Invalid value x for configuration isolation.level: String must be one of: read_committed, read_uncommitted',
    );
  });

  it('a key kafkajs cannot honour is warned about once, naming the key', () => {
    resetUnsupportedWarnings();
    const lines: string[] = [];
    configureLogging({ write: (l) => lines.push(l) });
    try {
      const w = {
        ...worker,
        'consumer.group.instance.id': 'static-1',
        'producer.compression.type': 'zstd',
        'producer.buffer.memory': '1000',
      };
      const p1 = producerSettings(w, connector, 'c', 0);
      producerSettings(w, connector, 'c', 1);
      const c = consumerSettings(w, connector, 'c', 0);
      expect(p1.unsupported.sort()).toEqual(['buffer.memory', 'compression.type']);
      expect(p1.producer.compression).toBe('none');
      expect(c.unsupported).toEqual(['group.instance.id']);
      expect(lines.filter((l) => l.includes("'group.instance.id'"))).toHaveLength(1);
      expect(lines.filter((l) => l.includes("'buffer.memory'"))).toHaveLength(1);
      expect(lines.filter((l) => l.includes("'compression.type'"))).toHaveLength(1);
      expect(lines.every((l) => l.includes(' WARN '))).toBe(true);
    } finally {
      configureLogging({ write: () => undefined });
    }
  });

  it('the admin client ignores worker-only keys silently', () => {
    resetUnsupportedWarnings();
    const s = adminSettings(
      { ...worker, 'offset.flush.interval.ms': '1000', listeners: 'http://:8083' },
      connector,
      'c',
      0,
    );
    expect(s.unsupported).toEqual([]);
    expect(s.clientId).toBe('connector-adminclient-c-0');
  });
});

describe('parseJaasOptions', () => {
  it('reads PlainLoginModule options, quoted or not', () => {
    const { loginModule, options } = parseJaasOptions(
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="bob" password=secret;',
    );
    expect(loginModule).toBe('org.apache.kafka.common.security.plain.PlainLoginModule');
    expect(options.get('username')).toBe('bob');
    expect(options.get('password')).toBe('secret');
  });

  it('requires the closing semicolon', () => {
    expect(() =>
      parseJaasOptions(
        'org.apache.kafka.common.security.plain.PlainLoginModule required username="bob"',
      ),
    ).toThrow(/semi-colon/);
  });
});
