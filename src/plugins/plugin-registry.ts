/**
 * The plugins ts-connect knows, by kind, and how a name in a config file finds one of them.
 *
 * A name resolves as Kafka resolves it (`PluginUtils.computeAliases`, `Plugins.connectorClass`):
 * the fully qualified class name, else an alias. Every plugin has two aliases, its simple class
 * name and its "pruned" name (the simple name cut at the last occurrence of its kind's suffix:
 * `FileStreamSourceConnector` → `FileStreamSource`, `JsonConverter` → `Json`). Aliases are
 * computed over all kinds together and an alias claimed by two different classes is dropped,
 * which is why `InsertField$Value` (simple name `Value`) needs its full name. Connectors also
 * match a simple name given without its `Connector` suffix, as Kafka's last resort.
 */
import { ConfigException } from '../api/errors.js';
import { invalidValue } from '../config/config-def.js';

export type PluginKind =
  | 'connector'
  | 'converter'
  | 'header-converter'
  | 'transformation'
  | 'predicate'
  | 'config-provider'
  | 'override-policy';

/** The interface name Kafka strips to build a pruned alias, per kind. */
const SUFFIX: Record<PluginKind, string> = {
  connector: 'Connector',
  converter: 'Converter',
  'header-converter': 'HeaderConverter',
  transformation: 'Transformation',
  predicate: 'Predicate',
  'config-provider': 'ConfigProvider',
  'override-policy': 'ConnectorClientConfigOverridePolicy',
};

/** How Kafka names the interface in "is not an instance of" messages. */
const INTERFACE: Record<PluginKind, string> = {
  connector: 'Connector',
  converter: 'Converter',
  'header-converter': 'HeaderConverter',
  transformation: 'Transformation',
  predicate: 'Predicate',
  'config-provider': 'ConfigProvider',
  'override-policy': 'ConnectorClientConfigOverridePolicy',
};

/** A plugin class: instantiated with no arguments, then configured (as Kafka does). */
export type PluginConstructor<T = unknown> = new () => T;

export interface PluginRegistration<T = unknown> {
  kind: PluginKind;
  /** The fully qualified class name, Kafka's where the plugin mirrors one of Kafka's. */
  className: string;
  ctor: PluginConstructor<T>;
  version: string;
}

export interface RegisterOptions {
  version?: string;
}

/** `a.b.Outer$Inner` → `Inner`, as Java's `Class.getSimpleName()`. */
export function simpleName(className: string): string {
  const afterDot = className.slice(className.lastIndexOf('.') + 1);
  return afterDot.slice(afterDot.lastIndexOf('$') + 1);
}

/** Kafka's `PluginUtils.prunedName`: the simple name cut where the kind's suffix last occurs. */
export function prunedName(className: string, kind: PluginKind): string {
  const simple = simpleName(className);
  const pos = simple.lastIndexOf(SUFFIX[kind]);
  return pos > 0 ? simple.slice(0, pos) : simple;
}

export class PluginRegistry {
  readonly #byKind = new Map<PluginKind, Map<string, PluginRegistration>>();
  #aliases: Map<string, string> | undefined;

  /** Registers a plugin class under its kind; registering the same name twice replaces it. */
  register(
    kind: PluginKind,
    className: string,
    ctor: PluginConstructor,
    options: RegisterOptions = {},
  ): this {
    let plugins = this.#byKind.get(kind);
    if (!plugins) this.#byKind.set(kind, (plugins = new Map()));
    plugins.set(className, {
      kind,
      className,
      ctor,
      version: options.version ?? 'unknown',
    });
    this.#aliases = undefined;
    return this;
  }

  /** Every plugin of a kind, sorted by class name (as REST `/connector-plugins` lists them). */
  plugins(kind: PluginKind): PluginRegistration[] {
    return [...(this.#byKind.get(kind)?.values() ?? [])].sort((a, b) =>
      a.className < b.className ? -1 : a.className > b.className ? 1 : 0,
    );
  }

  /** The alias → class name map, ambiguous aliases left out (Kafka's `computeAliases`). */
  aliases(): ReadonlyMap<string, string> {
    if (this.#aliases) return this.#aliases;
    const claims = new Map<string, Set<string>>();
    const claim = (alias: string, className: string) => {
      let owners = claims.get(alias);
      if (!owners) claims.set(alias, (owners = new Set()));
      owners.add(className);
    };
    for (const [kind, plugins] of this.#byKind) {
      for (const className of plugins.keys()) {
        claim(simpleName(className), className);
        claim(prunedName(className, kind), className);
      }
    }
    const aliases = new Map<string, string>();
    for (const [alias, owners] of claims) {
      if (owners.size === 1) aliases.set(alias, [...owners][0]!);
    }
    return (this.#aliases = aliases);
  }

  /** The class name `name` stands for (itself, or what its alias maps to), without checking kind. */
  className(name: string): string {
    return this.aliases().get(name) ?? name;
  }

  /** Finds the plugin of `kind` that `name` denotes, or `undefined`. */
  find(kind: PluginKind, name: string): PluginRegistration | undefined {
    const plugins = this.#byKind.get(kind);
    const trimmed = name.trim();
    return plugins?.get(trimmed) ?? plugins?.get(this.className(trimmed));
  }

  /**
   * Resolves `name` to a plugin of `kind`. `key` is the config key the name came from, for the
   * message. Throws {@link ConfigException} with Kafka's text when nothing matches.
   */
  resolve(kind: PluginKind, name: string, key?: string): PluginRegistration {
    if (kind === 'connector') return this.#resolveConnector(name, key ?? 'connector.class');
    const found = this.find(kind, name);
    if (found) return found;
    const configKey = key ?? kind;
    const className = this.className(name.trim());
    if (this.#isRegisteredElsewhere(className)) {
      throw invalidValue(
        configKey,
        name.trim(),
        `${className} is not an instance of ${INTERFACE[kind]}`,
      );
    }
    if (kind === 'config-provider') {
      throw invalidValue(
        configKey,
        name.trim(),
        'Could not load config provider class or one of its dependencies',
      );
    }
    throw invalidValue(configKey, name.trim(), `Class ${name.trim()} could not be found.`);
  }

  #isRegisteredElsewhere(className: string): boolean {
    for (const plugins of this.#byKind.values()) if (plugins.has(className)) return true;
    return false;
  }

  #resolveConnector(name: string, key: string): PluginRegistration {
    const found = this.find('connector', name);
    if (found) return found;
    const trimmed = name.trim();
    const connectors = this.plugins('connector');
    const matches = connectors.filter((p) => {
      const simple = simpleName(p.className);
      return simple === trimmed || simple === `${trimmed}Connector`;
    });
    if (matches.length === 1) return matches[0]!;
    const describe = (list: PluginRegistration[]) => list.map(pluginDesc).join(', ');
    if (matches.length > 1) {
      throw new ConfigException(
        `More than one connector matches alias ${trimmed}. Please use full package and class name instead. Classes found: ${describe(matches)}`,
        key,
      );
    }
    throw new ConfigException(
      `Failed to find any class that implements Connector and which name matches ${trimmed}, available connectors are: ${describe(connectors)}`,
      key,
    );
  }
}

/** Kafka's `PluginDesc.toString()` shape, as it appears in connector lookup errors. */
function pluginDesc(p: PluginRegistration): string {
  return `PluginDesc{klass=class ${p.className}, name='${p.className}', version='${p.version}', type=${p.kind}}`;
}
