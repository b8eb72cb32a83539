import { SinkConnector, type Connector } from '../api/connector.js';
import { ConfigException } from '../api/errors.js';
import type { ConfigProblem } from '../config/config-def.js';
import {
  validateConnectorConfig as commonProblems,
  type ConnectorType,
} from '../config/connector-config.js';
import { ConfigProblemsException } from '../config/config-problems.js';
import { validateClientOverrides, type ClientKind } from '../kafka/client-settings.js';
import type { PluginRegistration, PluginRegistry } from '../plugins/plugin-registry.js';
import { AUTO_RESTART_CONFIG } from './auto-restart.js';
import { TransformationConfigException } from './transformation-chain.js';

export type { ConnectorType };

const CONVERTER_KEYS: [string, 'converter' | 'header-converter'][] = [
  ['key.converter', 'converter'],
  ['value.converter', 'converter'],
  ['header.converter', 'header-converter'],
];

/**
 * Kafka's 400 answer to an invalid create/update: every problem on its own line
 * (AbstractHerder.maybeAddConfigErrors).
 */
export class ConnectorConfigInvalidException extends ConfigException {
  constructor(
    readonly problems: readonly ConfigProblem[],
    readonly connectorType: string,
  ) {
    super(
      `Connector configuration is invalid and contains the following ${problems.length} error(s):\n` +
        problems.map((p) => p.message).join('\n') +
        '\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
      problems.length === 1 ? problems[0]?.key : undefined,
    );
  }
}

/** Kafka's 400 when `connector.class` is missing; the message echoes the config, as Kafka's does. */
export class MissingConnectorTypeException extends ConfigException {
  constructor(config: Readonly<Record<string, string>>) {
    const shown = Object.entries(config)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    super(`Connector config {${shown}} contains no connector type`, 'connector.class');
  }
}

export interface ValidatedConnector {
  registration: PluginRegistration;
  type: ConnectorType;
}

/** Whether a registered connector class is a sink. */
export function connectorType(reg: PluginRegistration): ConnectorType {
  return reg.ctor.prototype instanceof SinkConnector ? 'sink' : 'source';
}

/**
 * Validates a connector config as Kafka's herder does before create/update: the class must
 * resolve, then the common keys, the connector's own config() and the transforms are checked
 * together and every problem is reported at once.
 */
export function validateConnectorConfig(
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
  checkTransforms: (config: Record<string, string>) => void,
  workerConfig: Readonly<Record<string, string>> = {},
): ValidatedConnector {
  const className = config['connector.class'];
  if (className === undefined || className.trim() === '')
    throw new MissingConnectorTypeException(config);
  const registration = registry.resolve('connector', className, 'connector.class');
  const type = connectorType(registration);
  const problems: ConfigProblem[] = [...commonProblems(config, type)];
  const connector = new registration.ctor() as Connector;
  for (const p of connector.config().validate(config)) {
    if (!problems.some((q) => q.key === p.key && q.message === p.message)) problems.push(p);
  }
  // Client overrides the worker's override policy forbids, for the clients this connector uses.
  const dlq = (config['errors.deadletterqueue.topic.name'] ?? '').trim() !== '';
  const kinds: ClientKind[] =
    type === 'source'
      ? ['producer', 'admin']
      : dlq
        ? ['consumer', 'producer', 'admin']
        : ['consumer'];
  problems.push(...validateClientOverrides(workerConfig, config, kinds));
  // Per-connector overrides of the worker's automatic restart keys (ts-connect only).
  problems.push(...AUTO_RESTART_CONFIG.validate(config));
  // Converter overrides are CLASS-typed in Kafka's ConnectorConfig: an unknown class is a
  // validation error, not a task failure later.
  for (const [key, kind] of CONVERTER_KEYS) {
    const name = config[key]?.trim();
    if (name === undefined || name === '' || problems.some((p) => p.key === key)) continue;
    try {
      registry.resolve(kind, name, key);
    } catch (error) {
      if (!(error instanceof ConfigException)) throw error;
      problems.push({ key, message: error.message });
    }
  }
  try {
    checkTransforms({ ...config });
  } catch (error) {
    if (
      error instanceof ConfigProblemsException ||
      error instanceof TransformationConfigException
    ) {
      for (const p of error.problems) problems.push({ key: p.key, message: p.message });
    } else if (error instanceof ConfigException) {
      problems.push({ key: error.key ?? 'transforms', message: error.message });
    } else {
      throw error;
    }
  }
  if (problems.length > 0)
    throw new ConnectorConfigInvalidException(problems, registration.className);
  return { registration, type };
}
