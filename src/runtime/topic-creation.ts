import { ConfigException } from '../api/errors.js';

/** A topic the admin client should create if it is missing. */
export interface NewTopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

interface TopicCreationGroup {
  readonly name: string;
  readonly include: RegExp;
  readonly exclude: RegExp | null;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Record<string, string>;
}

const PREFIX = 'topic.creation.';
const GROUP_KEYS = new Set(['include', 'exclude', 'partitions', 'replication.factor']);

function list(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value
    .trim()
    .split(/\s*,\s*/)
    .filter((s) => s !== '');
}

/** Kafka joins a group's regexes with `|` and requires a full match (Matcher.matches). */
function pattern(regexes: string[], key: string): RegExp | null {
  if (regexes.length === 0) return null;
  try {
    return new RegExp(`^(?:${regexes.join('|')})$`);
  } catch (error) {
    throw new ConfigException(
      `Invalid value ${regexes.join(',')} for configuration ${key}: ${(error as Error).message}`,
      key,
    );
  }
}

function sizeValue(raw: string | undefined, key: string, fallback: number | undefined): number {
  if (raw === undefined) {
    if (fallback === undefined) {
      throw new ConfigException(
        `Missing required configuration "${key}" which has no default value.`,
        key,
      );
    }
    return fallback;
  }
  const n = Number(raw.trim());
  if (!Number.isInteger(n))
    throw new ConfigException(
      `Invalid value ${raw} for configuration ${key}: Not a number of type INT`,
      key,
    );
  if (n !== -1 && n < 1) {
    throw new ConfigException(
      `Invalid value ${raw} for configuration ${key}: Value must be -1 or at least 1`,
      key,
    );
  }
  return n;
}

/**
 * KIP-158 topic creation for source connectors (reference §3): active when the worker has
 * `topic.creation.enable=true` and the connector has any `topic.creation.` key. Groups are
 * tried in `topic.creation.groups` order (exclusion beats inclusion); the default group last.
 */
export class TopicCreation {
  private readonly groups: TopicCreationGroup[];
  private readonly seen = new Set<string>();

  private constructor(groups: TopicCreationGroup[]) {
    this.groups = groups;
  }

  /** Null when topic creation does not apply to this connector. */
  static fromConfig(
    worker: Readonly<Record<string, string>>,
    connector: Readonly<Record<string, string>>,
  ): TopicCreation | null {
    const enabled = (worker['topic.creation.enable'] ?? 'true').trim().toLowerCase() === 'true';
    if (!enabled || !Object.keys(connector).some((k) => k.startsWith(PREFIX))) return null;
    const get = (k: string): string | undefined => connector[PREFIX + k];
    const defaultRf = sizeValue(
      get('default.replication.factor'),
      `${PREFIX}default.replication.factor`,
      undefined,
    );
    const defaultPartitions = sizeValue(
      get('default.partitions'),
      `${PREFIX}default.partitions`,
      undefined,
    );
    const names = list(get('groups')).filter(
      (g, i, all) => all.indexOf(g) === i && g !== 'default',
    );
    const groups: TopicCreationGroup[] = [];
    for (const name of [...names, 'default']) {
      const configs: Record<string, string> = {};
      const groupPrefix = `${PREFIX}${name}.`;
      for (const [k, v] of Object.entries(connector)) {
        if (!k.startsWith(groupPrefix)) continue;
        const sub = k.slice(groupPrefix.length);
        if (!GROUP_KEYS.has(sub)) configs[sub] = v.trim();
      }
      const includeList = list(get(`${name}.include`));
      groups.push({
        name,
        include:
          pattern(
            name === 'default' && get('default.include') === undefined ? ['.*'] : includeList,
            `${groupPrefix}include`,
          ) ?? /(?!)/,
        exclude: pattern(list(get(`${name}.exclude`)), `${groupPrefix}exclude`),
        partitions: sizeValue(
          get(`${name}.partitions`),
          `${groupPrefix}partitions`,
          defaultPartitions,
        ),
        replicationFactor: sizeValue(
          get(`${name}.replication.factor`),
          `${groupPrefix}replication.factor`,
          defaultRf,
        ),
        configs,
      });
    }
    return new TopicCreation(groups);
  }

  /** True the first time a topic is seen: the task then checks it and creates it if missing. */
  isNew(topic: string): boolean {
    return !this.seen.has(topic);
  }

  markSeen(topic: string): void {
    this.seen.add(topic);
  }

  /** The spec for a topic, from the first matching group or the default group. */
  specFor(topic: string): NewTopicSpec {
    const group =
      this.groups.find(
        (g) => g.name !== 'default' && g.include.test(topic) && !(g.exclude?.test(topic) ?? false),
      ) ?? this.groups[this.groups.length - 1]!;
    return {
      name: topic,
      partitions: group.partitions,
      replicationFactor: group.replicationFactor,
      configs: { ...group.configs },
    };
  }
}
