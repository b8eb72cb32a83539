import type { Connector } from '../api/connector.js';
import { Password, type ConfigDef } from '../config/config-def.js';
import { connectorConfigDef } from '../config/connector-config.js';
import { isSecretKey } from '../config/secrets.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { connectorType } from '../runtime/connector-validation.js';

/** A value made only of config-provider references (`${file:/x:key}`): safe to show. */
function isReference(value: string): boolean {
  return /^(\$\{[^}]*\})+$/.test(value.trim());
}

/** The connector's own ConfigDef and the framework's, when its class resolves. */
function definitions(
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
): ConfigDef[] {
  const className = config['connector.class'];
  if (className === undefined) return [connectorConfigDef()];
  try {
    const reg = registry.resolve('connector', className.trim(), 'connector.class');
    const own = (new reg.ctor() as Connector).config();
    return [connectorConfigDef(connectorType(reg)), own];
  } catch {
    return [connectorConfigDef()];
  }
}

/**
 * A connector (or task) config as REST shows it: PASSWORD-typed and secret-looking keys hidden,
 * unless the value is a config-provider reference. (Kafka shows the raw config, secrets and all.)
 */
export function maskConnectorConfig(
  config: Readonly<Record<string, string>>,
  registry: PluginRegistry,
  defsFrom: Readonly<Record<string, string>> = config,
): Record<string, string> {
  const defs = definitions(defsFrom, registry);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    const secret = defs.some((d) => isSecretKey(k, d)) || isSecretKey(k);
    out[k] = secret && !isReference(v) ? Password.HIDDEN : v;
  }
  return out;
}

/** The secret values of a config, to scrub from error messages. */
export function secretValues(
  config: Readonly<Record<string, string | null>>,
  registry: PluginRegistry,
): string[] {
  const plain: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) if (v !== null) plain[k] = v;
  const defs = definitions(plain, registry);
  return Object.entries(plain)
    .filter(
      ([k, v]) =>
        v.trim() !== '' &&
        !isReference(v) &&
        (defs.some((d) => isSecretKey(k, d)) || isSecretKey(k)),
    )
    .map(([, v]) => v);
}

/** `message` with every secret value replaced by `[hidden]`. */
export function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of [...secrets].sort((a, b) => b.length - a.length))
    out = out.split(s).join(Password.HIDDEN);
  return out;
}
