/**
 * Which config values are secrets, for logs, REST answers and error messages. Kafka hides only
 * PASSWORD-typed keys; ts-connect also hides `sasl.jaas.config` and every `*.password` key
 * wherever they appear (e.g. `producer.override.sasl.jaas.config`), since those hold
 * credentials whatever definition they pass through.
 */
import { type ConfigDef, Password } from './config-def.js';

const SECRET_SUFFIXES = ['sasl.jaas.config', '.password', 'password'];

/** Whether `key` holds a secret, by its definition in `def` or by its name. */
export function isSecretKey(key: string, def?: ConfigDef): boolean {
  if (def?.configKey(key)?.type === 'PASSWORD') return true;
  const lower = key.toLowerCase();
  return SECRET_SUFFIXES.some((s) => lower === s || lower.endsWith(s));
}

/** A copy of `values` with every secret replaced by `[hidden]`. */
export function maskSecrets(
  values: Readonly<Record<string, string>>,
  def?: ConfigDef,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = isSecretKey(k, def) ? Password.HIDDEN : v;
  return out;
}
