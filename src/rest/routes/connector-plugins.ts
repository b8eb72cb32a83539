import type { ConfigDef } from '../../config/config-def.js';
import type { PluginKind, PluginRegistration } from '../../plugins/plugin-registry.js';
import { connectorType } from '../../runtime/connector-validation.js';
import { buildTransformationChain } from '../../runtime/transformation-chain.js';
import { expectObject, booleanParam, configMap } from '../body.js';
import { configKeyInfo, connectorDefinitions, validateConfigInfos } from '../config-infos.js';
import { maskConnectorConfig } from '../mask.js';
import { RestError } from '../rest-error.js';
import { json, type RestContext, type Route } from '../route.js';
import { TS_CONNECT_VERSION } from '../version.js';

/** Kafka's PluginType names, in the order `GET /connector-plugins` lists the kinds. */
const LISTED: readonly [PluginKind, string][] = [
  ['transformation', 'transformation'],
  ['predicate', 'predicate'],
  ['converter', 'converter'],
  ['header-converter', 'header_converter'],
];

function versionOf(reg: PluginRegistration): string {
  if (reg.version !== 'unknown') return reg.version;
  try {
    const v = (new reg.ctor() as { version?: () => string }).version?.();
    if (typeof v === 'string') return v;
  } catch {
    // A plugin that cannot be built without config still gets listed.
  }
  return TS_CONNECT_VERSION;
}

function pluginInfo(reg: PluginRegistration, type: string) {
  return { class: reg.className, type, version: versionOf(reg) };
}

/** A plugin by class name or alias, of any kind REST knows; Kafka's 404 otherwise. */
function findPlugin(ctx: RestContext, name: string): PluginRegistration {
  for (const kind of [
    'connector',
    'converter',
    'header-converter',
    'transformation',
    'predicate',
  ] as const) {
    try {
      return ctx.registry.resolve(kind, name);
    } catch {
      // try the next kind
    }
  }
  throw new RestError(404, `Unknown plugin ${name}.`);
}

/** Kafka's normalizedPluginName: a trailing "Connector" does not count. */
function normalized(name: string): string {
  return name.endsWith('Connector') ? name.slice(0, -'Connector'.length) : name;
}

/** Kafka's ConnectorPluginsResource. */
export const connectorPluginRoutes: Route[] = [
  {
    method: 'GET',
    path: '/connector-plugins',
    handle: (req, ctx) => {
      const connectorsOnly = booleanParam(req.query, 'connectorsOnly', true);
      const out = ctx.registry
        .plugins('connector')
        .map((reg) => pluginInfo(reg, connectorType(reg)));
      if (!connectorsOnly)
        for (const [kind, type] of LISTED)
          for (const reg of ctx.registry.plugins(kind)) out.push(pluginInfo(reg, type));
      return json(200, out);
    },
  },
  {
    method: 'GET',
    path: '/connector-plugins/{plugin}/config',
    handle: (req, ctx) => {
      const reg = findPlugin(ctx, req.params['plugin']!);
      if (reg.kind === 'connector') return json(200, connectorDefinitions(reg));
      const def = (new reg.ctor() as { config?: () => ConfigDef }).config?.();
      return json(200, def === undefined ? [] : def.configKeys().map(configKeyInfo));
    },
  },
  {
    method: 'PUT',
    path: '/connector-plugins/{type}/config/validate',
    handle: (req, ctx) => {
      const type = req.params['type']!;
      const config = configMap(
        expectObject(req.json(), 'the connector config (a JSON object)'),
        'the connector config',
      );
      const included = config['connector.class'];
      if (included === undefined || included.trim() === '') {
        const shown = Object.entries(maskConnectorConfig(config, ctx.registry))
          .map(([k, v]) => `${k}=${v}`)
          .join(', ');
        throw new RestError(400, `Connector config {${shown}} contains no connector type`);
      }
      if (!normalized(included).endsWith(normalized(type)))
        throw new RestError(
          400,
          `Included connector type ${included} does not match request type ${type}`,
        );
      let reg: PluginRegistration;
      try {
        reg = ctx.registry.resolve('connector', included.trim(), 'connector.class');
      } catch (error) {
        throw new RestError(400, error instanceof Error ? error.message : String(error));
      }
      const infos = validateConfigInfos(
        config,
        reg,
        ctx.registry,
        (c) => buildTransformationChain(c, ctx.registry).close(),
        ctx.workerConfig,
      );
      return json(200, infos);
    },
  },
];
