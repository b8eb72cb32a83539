import type { Connector } from '../api/connector.js';
import {
  ConfigDef,
  convertToString,
  type ConfigKeyDefinition,
  type ConfigKey,
  type ConfigValueResult,
} from '../config/config-def.js';
import { connectorConfigDef } from '../config/connector-config.js';
import { isSecretKey } from '../config/secrets.js';
import { Password } from '../config/config-def.js';
import type { PluginKind, PluginRegistration, PluginRegistry } from '../plugins/plugin-registry.js';
import {
  ConnectorConfigInvalidException,
  connectorType,
  validateConnectorConfig,
} from '../runtime/connector-validation.js';
import { TS_CONNECT_VERSION } from './version.js';

/** Kafka's ConfigKeyInfo (`GET /connector-plugins/{p}/config` and validate definitions). */
export interface ConfigKeyInfo {
  name: string;
  type: string;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string;
  group: string | null;
  order_in_group: number;
  width: string;
  display_name: string;
  dependents: string[];
}

/** Kafka's ConfigValueInfo. */
export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: string[];
  errors: string[];
  visible: boolean;
}

/** Kafka's ConfigInfos, the answer of `PUT /connector-plugins/{type}/config/validate`. */
export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: { definition: ConfigKeyInfo | null; value: ConfigValueInfo }[];
}

export function configKeyInfo(key: ConfigKey): ConfigKeyInfo {
  return {
    name: key.name,
    type: key.type,
    required: !key.hasDefault,
    default_value: key.hasDefault ? convertToString(key.defaultValue, key.type) : null,
    importance: key.importance,
    documentation: key.doc,
    group: key.group,
    order_in_group: key.orderInGroup,
    width: key.width,
    display_name: key.displayName,
    dependents: [...key.dependents],
  };
}

function valueInfo(key: ConfigKey | undefined, result: ConfigValueResult): ConfigValueInfo {
  const type = key?.type ?? 'STRING';
  const secret = type === 'PASSWORD' || isSecretKey(result.name);
  const shown = convertToString(result.value ?? null, type);
  return {
    name: result.name,
    value: shown !== null && secret ? Password.HIDDEN : shown,
    recommended_values: [...result.recommendedValues],
    errors: [...result.errors],
    visible: result.visible,
  };
}

/** The definitions a connector plugin shows: its own keys, then the framework's. */
export function connectorDefinitions(reg: PluginRegistration): ConfigKeyInfo[] {
  const own = (new reg.ctor() as Connector).config();
  return [
    ...own.configKeys().map(configKeyInfo),
    ...connectorConfigDef(connectorType(reg)).configKeys().map(configKeyInfo),
  ];
}

const CLIENT_OVERRIDE = /^(producer|consumer|admin)\.override\./;

/**
 * Kafka's validate answer for a connector config: the framework's keys, each transform's and
 * predicate's keys, the connector's own keys, then client overrides; every problem the herder
 * would report on create is in it (errors with no defined key get an entry of their own).
 */
export function validateConfigInfos(
  config: Readonly<Record<string, string>>,
  reg: PluginRegistration,
  registry: PluginRegistry,
  checkTransforms: (config: Record<string, string>) => void,
  workerConfig: Readonly<Record<string, string>>,
): ConfigInfos {
  const entries: { definition: ConfigKeyInfo | null; value: ConfigValueInfo }[] = [];
  const groups: string[] = [];
  const addGroup = (g: string | null): void => {
    if (g !== null && !groups.includes(g)) groups.push(g);
  };
  const addDef = (def: ConfigDef, values: Readonly<Record<string, string>>, prefix = ''): void => {
    const keys = new Map(def.configKeys().map((k) => [k.name, k]));
    for (const result of def.validateAll(values)) {
      const key = keys.get(result.name);
      addGroup(key?.group ?? null);
      const name = prefix + result.name;
      const definition = key ? { ...configKeyInfo(key), name } : null;
      entries.push({ definition, value: { ...valueInfo(key, result), name } });
    }
  };

  const framework = connectorConfigDef(connectorType(reg));
  addDef(framework, config);
  for (const g of ['Transforms', 'Predicates']) addGroup(g);
  for (const [listKey, kind, label] of [
    ['transforms', 'transformation', 'Transforms'],
    ['predicates', 'predicate', 'Predicates'],
  ] as const) {
    const aliases = (config[listKey] ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== '');
    for (const alias of aliases) {
      const prefix = `${listKey}.${alias}.`;
      const group = `${label}: ${alias}`;
      addGroup(group);
      const typeName = config[`${prefix}type`];
      const sub: Record<string, string> = {};
      for (const [k, v] of Object.entries(config))
        if (k.startsWith(prefix)) sub[k.slice(prefix.length)] = v;
      let plugin: PluginRegistration | undefined;
      try {
        if (typeName !== undefined)
          plugin = registry.resolve(kind, typeName.trim(), `${prefix}type`);
      } catch {
        // An unknown type is reported by the herder's check below.
      }
      if (plugin !== undefined) sub['type'] = plugin.className;
      const what = kind === 'transformation' ? 'transformation' : 'predicate';
      const title = kind === 'transformation' ? 'Transformation' : 'Predicate';
      const def = new ConfigDef()
        .define({
          name: 'type',
          type: 'CLASS',
          importance: 'HIGH',
          doc: `Class for the '${alias}' ${what}.`,
          group,
          orderInGroup: 0,
          width: 'LONG',
          displayName: `${title} type for ${alias}`,
        })
        .define({
          name: 'plugin.version',
          type: 'STRING',
          defaultValue: plugin === undefined ? null : pluginVersionOf(plugin),
          importance: 'HIGH',
          doc: `Version of the '${alias}' ${what}.`,
          group,
          orderInGroup: 1,
          width: 'LONG',
          displayName: `${title} version for ${alias}`,
        });
      let order = 2;
      const own = plugin && (new plugin.ctor() as { config?: () => ConfigDef }).config?.();
      for (const key of own?.configKeys() ?? [])
        if (!def.has(key.name)) def.define({ ...definitionOf(key), group, orderInGroup: order++ });
      if (kind === 'transformation') {
        def
          .define({
            name: 'negate',
            type: 'BOOLEAN',
            defaultValue: false,
            importance: 'MEDIUM',
            doc: 'Whether the configured predicate should be negated.',
            group,
            orderInGroup: order++,
          })
          .define({
            name: 'predicate',
            type: 'STRING',
            defaultValue: null,
            importance: 'MEDIUM',
            doc: 'The alias of a predicate used to determine whether to apply this transformation.',
            group,
            orderInGroup: order++,
          });
      }
      addDef(def, sub, prefix);
    }
  }
  addDef((new reg.ctor() as Connector).config(), config);
  for (const [k, v] of Object.entries(config)) {
    if (!CLIENT_OVERRIDE.test(k) || entries.some((e) => e.value.name === k)) continue;
    entries.push({
      definition: null,
      value: {
        name: k,
        value: isSecretKey(k) ? Password.HIDDEN : v,
        recommended_values: [],
        errors: [],
        visible: true,
      },
    });
  }

  // Everything the herder checks on create, merged in so that no error is missed.
  try {
    validateConnectorConfig(config, registry, checkTransforms, workerConfig);
  } catch (error) {
    if (!(error instanceof ConnectorConfigInvalidException)) throw error;
    for (const p of error.problems) {
      let entry = entries.find((e) => e.value.name === p.key);
      if (entry === undefined) {
        const raw = config[p.key];
        entry = {
          definition: null,
          value: {
            name: p.key,
            value: raw === undefined ? null : isSecretKey(p.key) ? Password.HIDDEN : raw,
            recommended_values: [],
            errors: [],
            visible: true,
          },
        };
        entries.push(entry);
      }
      if (!entry.value.errors.includes(p.message)) entry.value.errors.push(p.message);
    }
  }
  recommend(entries, reg, registry);
  return {
    name: config['connector.class'] ?? '',
    error_count: entries.reduce((n, e) => n + e.value.errors.length, 0),
    groups,
    configs: entries,
  };
}

/** Kafka's recommenders: plugin classes for the class keys, the plugin's version for versions. */
function recommend(
  entries: { value: ConfigValueInfo }[],
  reg: PluginRegistration,
  registry: PluginRegistry,
): void {
  const classes = (kind: PluginKind) => registry.plugins(kind).map((p) => p.className);
  for (const { value } of entries) {
    if (value.recommended_values.length > 0) continue;
    const n = value.name;
    if (n === 'key.converter' || n === 'value.converter')
      value.recommended_values = classes('converter');
    else if (n === 'header.converter') value.recommended_values = classes('header-converter');
    else if (/^transforms\.[^.]+\.type$/.test(n))
      value.recommended_values = classes('transformation');
    else if (/^predicates\.[^.]+\.type$/.test(n)) value.recommended_values = classes('predicate');
    else if (n === 'connector.plugin.version')
      value.recommended_values = [(new reg.ctor() as Connector).version()];
    else if (/^(key|value|header)\.converter\.plugin\.version$/.test(n)) {
      const cls = entries.find((e) => e.value.name === n.replace('.plugin.version', ''))?.value
        .value;
      const kind = n.startsWith('header') ? 'header-converter' : 'converter';
      const found = cls ? registry.plugins(kind).find((p) => p.className === cls) : undefined;
      if (found !== undefined)
        value.recommended_values = [
          found.version === 'unknown' ? TS_CONNECT_VERSION : found.version,
        ];
    }
  }
}

function pluginVersionOf(reg: PluginRegistration): string {
  if (reg.version !== 'unknown') return reg.version;
  try {
    const v = (new reg.ctor() as { version?: () => string }).version?.();
    if (typeof v === 'string') return v;
  } catch {
    // no version without config
  }
  return TS_CONNECT_VERSION;
}

/** A defined key back as a definition, to re-define it under another group. */
function definitionOf(key: ConfigKey): ConfigKeyDefinition {
  return {
    name: key.name,
    type: key.type,
    ...(key.hasDefault ? { defaultValue: key.defaultValue ?? null } : {}),
    importance: key.importance,
    doc: key.doc,
    width: key.width,
    displayName: key.displayName,
    dependents: [...key.dependents],
    validator: key.validator,
    recommendedValues: [...key.recommendedValues],
  };
}
