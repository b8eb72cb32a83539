import type { ConfigProvider } from './config-provider.js';

/** Kafka's `ConfigTransformer` pattern: `${provider:[path:]key}`, several per value allowed. */
const VARIABLE = /\$\{([^}]*?):(([^}]*?):)?([^}]*?)\}/g;

export interface ConfigVariable {
  provider: string;
  path: string;
  key: string;
}

export interface ConfigTransformerResult {
  /** Every input key, its value with resolvable variables replaced. */
  data: Record<string, string>;
  /** Path → TTL in ms, for providers that gave one. */
  ttls: Map<string, number>;
  /** Variables left as written because their provider is not configured. */
  unknownProviders: { configKey: string; variable: string; provider: string }[];
}

/** Thrown when a provider fails, naming the config key whose value asked for it. */
export class ConfigProviderFailure extends Error {
  constructor(
    readonly configKey: string,
    readonly provider: string,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

/** The variables in one value, in order. */
export function configVariables(value: string): ConfigVariable[] {
  return [...value.matchAll(VARIABLE)].map((m) => ({
    provider: m[1] ?? '',
    path: m[3] ?? '',
    key: m[4] ?? '',
  }));
}

/**
 * Replaces `${provider:[path:]key}` variables as Kafka does: each provider is asked once per
 * path for all the keys wanted there; a variable whose provider is unknown or whose key the
 * provider did not return is left exactly as written.
 */
export class ConfigTransformer {
  readonly #providers: ReadonlyMap<string, ConfigProvider>;

  constructor(providers: ReadonlyMap<string, ConfigProvider>) {
    this.#providers = providers;
  }

  async transform(configs: Readonly<Record<string, string>>): Promise<ConfigTransformerResult> {
    // provider → path → wanted keys, and the first config key that asked (for error messages)
    const wanted = new Map<string, Map<string, { keys: Set<string>; askedBy: string }>>();
    const unknownProviders: ConfigTransformerResult['unknownProviders'] = [];
    for (const [configKey, value] of Object.entries(configs)) {
      for (const v of configVariables(value)) {
        if (!this.#providers.has(v.provider)) {
          unknownProviders.push({
            configKey,
            provider: v.provider,
            variable: `\${${v.provider}:${v.path === '' ? '' : `${v.path}:`}${v.key}}`,
          });
          continue;
        }
        let byPath = wanted.get(v.provider);
        if (!byPath) wanted.set(v.provider, (byPath = new Map()));
        let entry = byPath.get(v.path);
        if (!entry) byPath.set(v.path, (entry = { keys: new Set(), askedBy: configKey }));
        entry.keys.add(v.key);
      }
    }
    const lookups = new Map<string, Map<string, Record<string, string>>>();
    const ttls = new Map<string, number>();
    for (const [providerName, byPath] of wanted) {
      const provider = this.#providers.get(providerName)!;
      const results = new Map<string, Record<string, string>>();
      for (const [path, { keys, askedBy }] of byPath) {
        try {
          const found = await provider.get(path, keys);
          if (found.ttl !== undefined && found.ttl !== null && found.ttl >= 0) {
            ttls.set(path, found.ttl);
          }
          results.set(path, found.data);
        } catch (e) {
          throw new ConfigProviderFailure(askedBy, providerName, e);
        }
      }
      lookups.set(providerName, results);
    }
    const data: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [configKey, value] of Object.entries(configs)) {
      data[configKey] = value.replace(
        VARIABLE,
        (whole: string, provider: string, _p: unknown, path: string | undefined, key: string) => {
          const values = lookups.get(provider)?.get(path ?? '');
          return values && Object.hasOwn(values, key) ? (values[key] ?? whole) : whole;
        },
      );
    }
    return { data, ttls, unknownProviders };
  }
}
