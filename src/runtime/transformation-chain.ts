import type { ConnectRecord } from '../api/connect-record.js';
import { ConfigException, ConnectException } from '../api/errors.js';
import type {
  Predicate,
  PredicateClass,
  Transformation,
  TransformationClass,
} from '../api/transformation.js';
import { ConfigDef, type ConfigValue, parseType, uniqueAliases } from '../config/config-def.js';

/** What the chain needs from the plugin registry (src/plugins/plugin-registry.ts). */
export interface TransformationResolver {
  resolve(
    kind: 'transformation' | 'predicate',
    name: string,
    key?: string,
  ): { className: string; ctor: new () => unknown };
}

/** A transformation or predicate failed on a record; `cause` is what it threw. */
export class TransformationError extends ConnectException {
  constructor(
    readonly alias: string,
    readonly pluginClass: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** Every problem of a connector's `transforms`/`predicates` config, one line each. */
export class TransformationConfigException extends ConfigException {
  constructor(readonly problems: readonly { key: string; message: string }[]) {
    super(
      problems.map((p) => p.message).join('\n'),
      problems.length === 1 ? problems[0]!.key : undefined,
    );
  }
}

interface Stage<R extends ConnectRecord<R>> {
  alias: string;
  className: string;
  transformation: Transformation<R>;
  predicate: Predicate<R> | null;
  predicateClass: string | null;
  negate: boolean;
}

/**
 * The connector's transformations in order, each applied when its predicate (if any) says so
 * (`negate` flips it). A `null` result drops the record and ends the chain.
 */
export class TransformationChain<R extends ConnectRecord<R>> {
  constructor(private readonly stages: readonly Stage<R>[]) {}

  get size(): number {
    return this.stages.length;
  }

  /** null = dropped. Throws TransformationError on a transform or predicate failure. */
  apply(record: R): R | null {
    let current: R | null = record;
    for (const stage of this.stages) {
      if (current === null) return null;
      if (stage.predicate !== null) {
        let matched: boolean;
        try {
          matched = stage.predicate.test(current);
        } catch (e) {
          throw new TransformationError(stage.alias, stage.predicateClass ?? stage.className, e);
        }
        if (matched === stage.negate) continue;
      }
      try {
        current = stage.transformation.apply(current);
      } catch (e) {
        throw new TransformationError(stage.alias, stage.className, e);
      }
    }
    return current;
  }

  close(): void {
    for (const stage of this.stages) {
      stage.transformation.close();
      stage.predicate?.close();
    }
  }

  toString(): string {
    const parts = this.stages.map(
      (s) =>
        `TransformationStage{predicate=${s.predicate === null ? 'null' : predicateText(s)}, transformation=${s.className}, negate=${s.negate}}`,
    );
    return `TransformationChain{${parts.join(', ')}}`;
  }
}

function predicateText<R extends ConnectRecord<R>>(s: Stage<R>): string {
  const text = String(s.predicate);
  return text === '[object Object]' ? (s.predicateClass ?? '') : text;
}

const ALIASES_DEF = new ConfigDef()
  .define({
    name: 'transforms',
    type: 'LIST',
    defaultValue: '',
    importance: 'LOW',
    doc: 'Aliases for the transformations to be applied to records.',
    validator: uniqueAliases(),
  })
  .define({
    name: 'predicates',
    type: 'LIST',
    defaultValue: '',
    importance: 'LOW',
    doc: 'Aliases for the predicates used by transformations.',
    validator: uniqueAliases(),
  });

const IMPLICIT = new Set(['type', 'predicate', 'negate']);

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

/**
 * Builds the chain from a connector config as Kafka's ConnectorConfig does. Every problem is
 * collected (missing `type`, unknown class, a transform's own invalid keys named with their full
 * `transforms.<alias>.` key, `negate` without `predicate`, duplicate aliases) and thrown together.
 */
export function buildTransformationChain<R extends ConnectRecord<R>>(
  connectorConfig: Readonly<Record<string, string>>,
  registry: TransformationResolver,
): TransformationChain<R> {
  const problems: { key: string; message: string }[] = [];
  const fail = (e: unknown, fallbackKey: string): void => {
    if (e instanceof TransformationConfigException) problems.push(...e.problems);
    else if (e instanceof ConfigException)
      problems.push({ key: e.key ?? fallbackKey, message: e.message });
    else throw e;
  };
  let transforms: string[] = [];
  let predicateAliases: string[] = [];
  for (const key of ['transforms', 'predicates'] as const) {
    const problem = ALIASES_DEF.validate({ [key]: connectorConfig[key] ?? '' })[0];
    if (problem !== undefined) {
      problems.push(problem);
      continue;
    }
    const parsed = ALIASES_DEF.parse({ [key]: connectorConfig[key] ?? '' }).getList(key);
    if (key === 'transforms') transforms = parsed;
    else predicateAliases = parsed;
  }

  const predicates = new Map<
    string,
    { className: string; ctor: PredicateClass; configs: Record<string, string> }
  >();
  for (const alias of predicateAliases) {
    const prefix = `predicates.${alias}.`;
    const resolved = resolvePlugin('predicate', connectorConfig, prefix, registry, problems);
    if (resolved === null) continue;
    const configs = withPrefix(connectorConfig, prefix);
    delete configs.type;
    predicates.set(alias, {
      className: resolved.className,
      ctor: resolved.ctor as PredicateClass,
      configs,
    });
  }

  const stages: Stage<R>[] = [];
  for (const alias of transforms) {
    const prefix = `transforms.${alias}.`;
    const resolved = resolvePlugin('transformation', connectorConfig, prefix, registry, problems);
    const own = withPrefix(connectorConfig, prefix);
    const predicateAlias = own.predicate?.trim() ?? null;
    let negate = false;
    if (own.negate !== undefined) {
      const v = own.negate.trim().toLowerCase();
      if (v !== 'true' && v !== 'false') {
        problems.push({
          key: `${prefix}negate`,
          message: `Invalid value ${own.negate.trim()} for configuration ${prefix}negate: Expected value to be either true or false`,
        });
      }
      negate = v === 'true';
      if (predicateAlias === null || predicateAlias === '') {
        problems.push({
          key: `${prefix}negate`,
          message: `Config '${prefix}negate' was provided but there is no config '${prefix}predicate' defining a predicate to be negated.`,
        });
      }
    }
    let predicate: Predicate<R> | null = null;
    let predicateClass: string | null = null;
    if (predicateAlias !== null && predicateAlias !== '') {
      const p = predicates.get(predicateAlias);
      if (p === undefined) {
        if (!predicateAliases.includes(predicateAlias)) {
          problems.push({
            key: `${prefix}predicate`,
            message: `Unknown configuration 'predicates.${predicateAlias}.type'`,
          });
        }
      } else {
        try {
          predicate = new p.ctor<R>();
          predicateClass = p.className;
          const before = problems.length;
          validateOwnConfig(
            predicate.config(),
            `predicates.${predicateAlias}.`,
            p.configs,
            problems,
          );
          if (problems.length === before) predicate.configure({ ...p.configs });
        } catch (e) {
          predicate = null;
          fail(e, `predicates.${predicateAlias}.type`);
        }
      }
    }
    if (resolved === null) continue;
    for (const k of IMPLICIT) delete own[k];
    try {
      const transformation = new (resolved.ctor as TransformationClass)<R>();
      const before = problems.length;
      validateOwnConfig(transformation.config(), prefix, own, problems);
      if (problems.length === before) transformation.configure(own);
      stages.push({
        alias,
        className: resolved.className,
        transformation,
        predicate,
        predicateClass,
        negate,
      });
    } catch (e) {
      fail(e, `${prefix}type`);
    }
  }
  if (problems.length > 0) throw new TransformationConfigException(problems);
  return new TransformationChain(stages);
}

function resolvePlugin(
  kind: 'transformation' | 'predicate',
  config: Readonly<Record<string, string>>,
  prefix: string,
  registry: TransformationResolver,
  problems: { key: string; message: string }[],
): { className: string; ctor: new () => unknown } | null {
  const key = `${prefix}type`;
  const name = config[key];
  if (name === undefined || name.trim() === '') {
    problems.push({
      key,
      message:
        name === undefined
          ? `Missing required configuration "${key}" which has no default value.`
          : `Invalid value  for configuration ${key}: Class  could not be found.`,
    });
    return null;
  }
  try {
    return registry.resolve(kind, name.trim(), key);
  } catch (e) {
    if (e instanceof ConfigException) {
      problems.push({ key, message: e.message });
      return null;
    }
    throw e;
  }
}

/** The plugin's own ConfigDef checked with its keys shown under their full prefix, as Kafka does. */
function validateOwnConfig(
  def: ConfigDef,
  prefix: string,
  own: Readonly<Record<string, string>>,
  problems: { key: string; message: string }[],
): void {
  // As Kafka's embedded ConfigDef: parse errors and missing keys name the full key, validators
  // see the plugin's own key name, and a validator also runs on a missing value (null).
  for (const key of def.configKeys()) {
    const full = prefix + key.name;
    let value: ConfigValue = null;
    const given = Object.prototype.hasOwnProperty.call(own, key.name) ? own[key.name] : undefined;
    try {
      if (given !== undefined) value = parseType(full, given, key.type);
      else if (!key.hasDefault) {
        problems.push({
          key: full,
          message: `Missing required configuration "${full}" which has no default value.`,
        });
      } else value = key.defaultValue ?? null;
    } catch (e) {
      if (!(e instanceof ConfigException)) throw e;
      problems.push({ key: full, message: e.message });
      continue;
    }
    try {
      key.validator?.ensureValid(key.name, value);
    } catch (e) {
      if (!(e instanceof ConfigException)) throw e;
      problems.push({ key: full, message: e.message });
    }
  }
}
