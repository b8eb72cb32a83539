import type { Converter } from '../api/converter.js';
import type { HeaderConverter } from '../api/header-converter.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { Logger } from '../util/logger.js';

/** A converter with the FQCN it was created from, for logs and stage errors. */
export interface NamedPlugin<P> {
  readonly plugin: P;
  readonly className: string;
  /** Where the class came from, as Kafka's "Set up the ... converter" line says. */
  readonly source: 'worker' | 'connector';
}

export interface TaskConverters {
  key: NamedPlugin<Converter>;
  value: NamedPlugin<Converter>;
  header: NamedPlugin<HeaderConverter>;
}

const SIMPLE_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

function withPrefix(
  config: Readonly<Record<string, string>>,
  prefix: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  }
  return out;
}

function has(config: Readonly<Record<string, string>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(config, key) && config[key] !== undefined;
}

/**
 * Picks the config a converter comes from, as Kafka's Plugins.newConverter does: the connector's
 * own `<key>` wins, and then ONLY the connector's `<key>.*` sub-keys are used; otherwise the
 * worker's class and the worker's sub-keys. Sub-keys get `converter.type` (key/value/header).
 */
function choose(
  worker: Readonly<Record<string, string>>,
  connector: Readonly<Record<string, string>>,
  key: string,
  type: 'key' | 'value' | 'header',
  fallback: string | undefined,
): { name: string; configs: Record<string, string>; source: 'worker' | 'connector' } {
  const fromConnector = has(connector, key) && connector[key]!.trim() !== '';
  const config = fromConnector ? connector : worker;
  const name = (config[key] ?? fallback ?? '').trim();
  const configs = withPrefix(config, `${key}.`);
  configs['converter.type'] = type;
  return { name, configs, source: fromConnector ? 'connector' : 'worker' };
}

function newPlugin<P>(
  registry: PluginRegistry,
  kind: 'converter' | 'header-converter',
  name: string,
  key: string,
): { instance: P; className: string } {
  const reg = registry.resolve(kind, name, key);
  return { instance: new reg.ctor() as P, className: reg.className };
}

/**
 * Creates and configures the task's key, value and header converters from the worker and
 * connector configs, logging which config each came from as Kafka does.
 */
export function createTaskConverters(
  worker: Readonly<Record<string, string>>,
  connector: Readonly<Record<string, string>>,
  registry: PluginRegistry,
  taskId: string,
  log: Logger,
): TaskConverters {
  const k = choose(worker, connector, 'key.converter', 'key', undefined);
  const key = newPlugin<Converter>(registry, 'converter', k.name, 'key.converter');
  key.instance.configure(k.configs, true);
  log.info(
    `Set up the key converter class ${key.className} for task ${taskId} using the ${k.source} config`,
  );

  const v = choose(worker, connector, 'value.converter', 'value', undefined);
  const value = newPlugin<Converter>(registry, 'converter', v.name, 'value.converter');
  value.instance.configure(v.configs, false);
  log.info(
    `Set up the value converter class ${value.className} for task ${taskId} using the ${v.source} config`,
  );

  const h = choose(worker, connector, 'header.converter', 'header', SIMPLE_HEADER_CONVERTER);
  const header = newPlugin<HeaderConverter>(
    registry,
    'header-converter',
    h.name,
    'header.converter',
  );
  header.instance.configure(h.configs);
  log.info(
    `Set up the header converter class ${header.className} for task ${taskId} using the ${h.source} config`,
  );

  return {
    key: { plugin: key.instance, className: key.className, source: k.source },
    value: { plugin: value.instance, className: value.className, source: v.source },
    header: { plugin: header.instance, className: header.className, source: h.source },
  };
}

/** Closes the converters that have a close(); a failing close is logged so the others still close. */
export function closeTaskConverters(converters: TaskConverters, log: Logger): void {
  for (const c of [converters.key.plugin, converters.value.plugin, converters.header.plugin]) {
    try {
      c.close?.();
    } catch (error) {
      log.warn('Failed to close converter', error);
    }
  }
}
