/**
 * `config.providers` of a worker: instantiating the named providers and resolving variables with
 * them. The worker's own values are resolved when it loads; connector configs keep their raw
 * `${...}` text and are resolved with the same providers when a connector or task needs values.
 */
import { ConfigException } from '../../api/errors.js';
import type { PluginRegistry } from '../../plugins/plugin-registry.js';
import type { ConfigProvider } from './config-provider.js';
import { ConfigProviderFailure, ConfigTransformer } from './config-transformer.js';
import type { ConfigTransformerResult } from './config-transformer.js';
import { DirectoryConfigProvider } from './directory-config-provider.js';
import { EnvVarConfigProvider } from './env-var-config-provider.js';
import { FileConfigProvider } from './file-config-provider.js';

export const CONFIG_PROVIDERS_CONFIG = 'config.providers';

/** Kafka's class names for the built-in providers, for the plugin registry. */
export const BUILTIN_CONFIG_PROVIDERS: readonly (readonly [string, new () => ConfigProvider])[] = [
  ['org.apache.kafka.common.config.provider.FileConfigProvider', FileConfigProvider],
  ['org.apache.kafka.common.config.provider.DirectoryConfigProvider', DirectoryConfigProvider],
  ['org.apache.kafka.common.config.provider.EnvVarConfigProvider', EnvVarConfigProvider],
];

/** Registers the three built-in providers under Kafka's class names (aliases follow). */
export function registerBuiltinConfigProviders(registry: PluginRegistry): PluginRegistry {
  for (const [className, ctor] of BUILTIN_CONFIG_PROVIDERS) {
    registry.register('config-provider', className, ctor);
  }
  return registry;
}

/** A problem found while setting up or using providers: the config key it concerns and why. */
export interface ProviderProblem {
  key: string;
  message: string;
}

export interface ProviderWarning {
  key: string;
  message: string;
}

/**
 * The providers named by `config.providers`, ready to resolve variables. Close it when the
 * worker stops.
 */
export class ConfigProviders {
  readonly #providers: Map<string, ConfigProvider>;
  readonly #transformer: ConfigTransformer;

  constructor(providers: Map<string, ConfigProvider>) {
    this.#providers = providers;
    this.#transformer = new ConfigTransformer(providers);
  }

  names(): string[] {
    return [...this.#providers.keys()];
  }

  /**
   * Resolves every variable it can in `configs`. Throws {@link ConfigException} naming the key
   * whose variable made a provider fail (e.g. `${env:some/path:X}`).
   */
  async resolve(configs: Readonly<Record<string, string>>): Promise<ConfigTransformerResult> {
    try {
      return await this.#transformer.transform(configs);
    } catch (e) {
      if (e instanceof ConfigProviderFailure) {
        throw new ConfigException(e.message, e.configKey, { cause: e.error });
      }
      throw e;
    }
  }

  async close(): Promise<void> {
    for (const p of this.#providers.values()) {
      try {
        await p.close?.();
      } catch {
        // Closing is best effort, as Kafka's closeQuietly.
      }
    }
  }
}

/**
 * Builds the providers listed in `config.providers` from `configs` (the worker's raw values):
 * `config.providers.<name>.class` resolved through the registry (FQCN or alias), configured
 * with `config.providers.<name>.param.*`. A listed name without a class is skipped, as in
 * Kafka, with a warning. Problems carry the key to blame.
 */
export function instantiateConfigProviders(
  configs: Readonly<Record<string, string>>,
  registry: PluginRegistry,
): { providers: ConfigProviders; problems: ProviderProblem[]; warnings: ProviderWarning[] } {
  const problems: ProviderProblem[] = [];
  const warnings: ProviderWarning[] = [];
  const providers = new Map<string, ConfigProvider>();
  const listed = configs[CONFIG_PROVIDERS_CONFIG] ?? '';
  // Kafka splits on bare commas; we also trim, so `file, env` means what it says.
  const names = listed
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  for (const name of names) {
    const classKey = `${CONFIG_PROVIDERS_CONFIG}.${name}.class`;
    const className = configs[classKey];
    if (className === undefined) {
      warnings.push({
        key: CONFIG_PROVIDERS_CONFIG,
        message: `provider '${name}' is listed but ${classKey} is not set; it is ignored`,
      });
      continue;
    }
    let provider: ConfigProvider;
    try {
      const plugin = registry.resolve('config-provider', className, classKey);
      provider = new plugin.ctor() as ConfigProvider;
    } catch (e) {
      if (!(e instanceof ConfigException)) throw e;
      problems.push({ key: classKey, message: e.message });
      continue;
    }
    const paramPrefix = `${CONFIG_PROVIDERS_CONFIG}.${name}.param.`;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(configs)) {
      if (k.startsWith(paramPrefix) && k.length > paramPrefix.length) {
        params[k.slice(paramPrefix.length)] = v;
      }
    }
    try {
      provider.configure(params);
    } catch (e) {
      if (!(e instanceof ConfigException)) throw e;
      const paramKey = e.key !== undefined ? paramPrefix + e.key : undefined;
      const key = paramKey !== undefined && paramKey in configs ? paramKey : classKey;
      problems.push({ key, message: e.message });
      continue;
    }
    providers.set(name, provider);
  }
  return { providers: new ConfigProviders(providers), problems, warnings };
}

/** Warnings for variables that stay unresolved because their provider is not configured. */
export function unknownProviderWarnings(result: ConfigTransformerResult): ProviderWarning[] {
  return result.unknownProviders.map((u) => ({
    key: u.configKey,
    message: `${u.variable} is kept as written: no config provider named '${u.provider}' is configured in config.providers`,
  }));
}
