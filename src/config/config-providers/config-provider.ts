/**
 * A source of config values referenced as `${provider:[path:]key}` (Kafka's `ConfigProvider`).
 * Instantiated with no arguments, configured once with its `config.providers.<name>.param.*`
 * values (prefix stripped), asked for keys by path, closed when the worker stops.
 */
export interface ConfigProvider {
  configure(configs: Readonly<Record<string, string>>): void;
  /** Values for `keys` under `path` (all of them when `keys` is omitted); missing keys are left out. */
  get(path: string, keys?: ReadonlySet<string>): ConfigData | Promise<ConfigData>;
  close?(): void | Promise<void>;
}

/** What a provider returns: the values, and optionally how long (ms) they stay valid. */
export interface ConfigData {
  data: Record<string, string>;
  ttl?: number | undefined;
}
