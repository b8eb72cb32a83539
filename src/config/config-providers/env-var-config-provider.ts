import { ConfigException } from '../../api/errors.js';
import { getLogger } from '../../util/logger.js';
import type { ConfigData, ConfigProvider } from './config-provider.js';

const log = getLogger('EnvVarConfigProvider');

export const ALLOWLIST_PATTERN_CONFIG = 'allowlist.pattern';

/**
 * `${env:VAR}`: environment variables (Kafka's `EnvVarConfigProvider`, 3.5+). A path is an error;
 * `allowlist.pattern` must match a variable's whole name for it to be visible.
 */
export class EnvVarConfigProvider implements ConfigProvider {
  readonly #env: Readonly<Record<string, string | undefined>>;
  #pattern = /^(?:.*)$/;

  constructor(env: Readonly<Record<string, string | undefined>> = process.env) {
    this.#env = { ...env };
  }

  configure(configs: Readonly<Record<string, string>>): void {
    const pattern = configs[ALLOWLIST_PATTERN_CONFIG];
    if (pattern === undefined) {
      log.info("No pattern for environment variables provided. Using default pattern '(.*)'.");
      return;
    }
    try {
      this.#pattern = new RegExp(`^(?:${pattern})$`);
    } catch (e) {
      throw new ConfigException(
        `Invalid value ${pattern} for configuration ${ALLOWLIST_PATTERN_CONFIG}: ${(e as Error).message}`,
        ALLOWLIST_PATTERN_CONFIG,
      );
    }
  }

  get(path: string, keys?: ReadonlySet<string>): ConfigData {
    if (path !== '') {
      log.error(`Path is not supported for EnvVarConfigProvider, invalid value '${path}'`);
      throw new ConfigException(
        `Path is not supported for EnvVarConfigProvider, invalid value '${path}'`,
      );
    }
    const data: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.#env)) {
      if (value === undefined || !this.#pattern.test(name)) continue;
      if (keys === undefined || keys.has(name)) data[name] = value;
    }
    return { data };
  }
}
