/**
 * The configuration every connector has (Kafka's `ConnectorConfig`), plus the source-only
 * (`SourceConnectorConfig`) and sink-only (`SinkConnectorConfig`) keys, with Kafka 4.3's types,
 * defaults, validators and messages — checked against Kafka's own definitions by
 * test/config/connector-config.test.ts. A connector's own keys are validated by its own ConfigDef.
 */
import {
  ConfigDef,
  type ConfigKeyDefinition,
  type ConfigProblem,
  type ParsedConfig,
  anyNonDuplicateValues,
  atLeast,
  inValues,
  inValuesCaseInsensitive,
  javaTrim,
  nonEmptyString,
  nonEmptyStringWithoutControlChars,
  parseType,
  uniqueAliases,
  validRegex,
  type Validator,
  lambdaValidator,
} from './config-def.js';
import { type LocatedConfigProblem, sortProblems } from './config-problems.js';
import type { ConfigSource } from './config-source.js';

export type ConnectorType = 'source' | 'sink';

type Def = Omit<ConfigKeyDefinition, 'doc'> & { doc?: string };

function defineAll(def: ConfigDef, keys: Def[]): ConfigDef {
  for (const k of keys) def.define({ doc: '', ...k });
  return def;
}

/** Lets null (an unset optional key) through, then applies `v`. */
function nullOr(v: Validator): Validator {
  return lambdaValidator((name, value) => {
    if (value !== null) v.ensureValid(name, value);
  }, v.toString());
}

const COMMON = 'Common';
const ERRORS = 'Error Handling';

/** Keys of every connector, in Kafka's order. */
export const CONNECTOR_CONFIG: ConfigDef = defineAll(new ConfigDef(), [
  {
    name: 'name',
    type: 'STRING',
    importance: 'HIGH',
    group: COMMON,
    validator: nonEmptyStringWithoutControlChars(),
    doc: 'Globally unique name of the connector.',
  },
  {
    name: 'connector.class',
    type: 'STRING',
    importance: 'HIGH',
    group: COMMON,
    doc: 'The connector class: a full class name or an alias (e.g. FileStreamSource).',
  },
  {
    name: 'connector.plugin.version',
    type: 'STRING',
    defaultValue: null,
    importance: 'MEDIUM',
    group: COMMON,
    doc: 'Version of the connector plugin (accepted; one version per plugin here).',
  },
  {
    name: 'tasks.max',
    type: 'INT',
    defaultValue: 1,
    importance: 'HIGH',
    group: COMMON,
    validator: atLeast(1),
    doc: 'Maximum number of tasks for this connector.',
  },
  {
    name: 'tasks.max.enforce',
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'LOW',
    group: COMMON,
    doc: '(Deprecated) Fail a connector that generates more task configs than tasks.max.',
  },
  {
    name: 'key.converter',
    type: 'CLASS',
    defaultValue: null,
    importance: 'LOW',
    group: COMMON,
    doc: "Key converter for this connector; unset uses the worker's.",
  },
  {
    name: 'key.converter.plugin.version',
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    group: COMMON,
    doc: 'Version of the key converter plugin (accepted).',
  },
  {
    name: 'value.converter',
    type: 'CLASS',
    defaultValue: null,
    importance: 'LOW',
    group: COMMON,
    doc: "Value converter for this connector; unset uses the worker's.",
  },
  {
    name: 'value.converter.plugin.version',
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    group: COMMON,
    doc: 'Version of the value converter plugin (accepted).',
  },
  {
    name: 'header.converter',
    type: 'CLASS',
    defaultValue: null,
    importance: 'LOW',
    group: COMMON,
    doc: "Header converter for this connector; unset uses the worker's.",
  },
  {
    name: 'header.converter.plugin.version',
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    group: COMMON,
    doc: 'Version of the header converter plugin (accepted).',
  },
  {
    name: 'transforms',
    type: 'LIST',
    defaultValue: '',
    importance: 'LOW',
    group: 'Transforms',
    validator: uniqueAliases(),
    doc: 'Aliases of the transformations applied to records, in order.',
  },
  {
    name: 'predicates',
    type: 'LIST',
    defaultValue: '',
    importance: 'LOW',
    group: 'Predicates',
    validator: uniqueAliases(),
    doc: 'Aliases of the predicates transformations may use.',
  },
  {
    name: 'config.action.reload',
    type: 'STRING',
    defaultValue: 'restart',
    importance: 'LOW',
    group: COMMON,
    validator: inValues('none', 'restart'),
    doc: 'What to do when config provider values change: none or restart.',
  },
  {
    name: 'errors.retry.timeout',
    type: 'LONG',
    defaultValue: 0,
    importance: 'MEDIUM',
    group: ERRORS,
    doc: 'How long to retry a failed operation, in ms; -1 retries forever.',
  },
  {
    name: 'errors.retry.delay.max.ms',
    type: 'LONG',
    defaultValue: 60000,
    importance: 'MEDIUM',
    group: ERRORS,
    doc: 'Longest wait between retries, in ms.',
  },
  {
    name: 'errors.tolerance',
    type: 'STRING',
    defaultValue: 'none',
    importance: 'MEDIUM',
    group: ERRORS,
    validator: inValues('none', 'all'),
    doc: 'none fails the task on a bad record; all skips it.',
  },
  {
    name: 'errors.log.enable',
    type: 'BOOLEAN',
    defaultValue: false,
    importance: 'MEDIUM',
    group: ERRORS,
    doc: 'Log each failed operation and problem record.',
  },
  {
    name: 'errors.log.include.messages',
    type: 'BOOLEAN',
    defaultValue: false,
    importance: 'MEDIUM',
    group: ERRORS,
    doc: 'Include the record in error logs.',
  },
]);

/** Source connectors: the common keys plus topic creation and exactly-once keys. */
export const SOURCE_CONNECTOR_CONFIG: ConfigDef = defineAll(new ConfigDef(CONNECTOR_CONFIG), [
  {
    name: 'topic.creation.groups',
    type: 'LIST',
    defaultValue: '',
    importance: 'LOW',
    group: 'Topic Creation',
    validator: uniqueAliases(),
    doc: 'Groups of topic.creation.<group>.* settings for topics this connector creates.',
  },
  {
    name: 'exactly.once.support',
    type: 'STRING',
    defaultValue: 'requested',
    importance: 'MEDIUM',
    group: 'Exactly Once Support',
    validator: inValuesCaseInsensitive('REQUIRED', 'REQUESTED'),
    doc: 'Whether exactly-once delivery is required (distributed mode only).',
  },
  {
    name: 'transaction.boundary',
    type: 'STRING',
    defaultValue: 'poll',
    importance: 'MEDIUM',
    group: 'Exactly Once Support',
    validator: inValuesCaseInsensitive('INTERVAL', 'POLL', 'CONNECTOR'),
    doc: 'Where transactions end (distributed mode only).',
  },
  {
    name: 'transaction.boundary.interval.ms',
    type: 'LONG',
    defaultValue: null,
    importance: 'LOW',
    group: 'Exactly Once Support',
    validator: nullOr(atLeast(0)),
    doc: 'Transaction length for transaction.boundary=interval.',
  },
  {
    name: 'offsets.storage.topic',
    type: 'STRING',
    defaultValue: null,
    importance: 'LOW',
    group: 'offsets.topic',
    validator: nonEmptyString(),
    doc: 'Separate offsets topic (distributed mode only; no effect here).',
  },
]);

/** Sink connectors: the common keys plus topics and dead letter queue keys. */
export const SINK_CONNECTOR_CONFIG: ConfigDef = defineAll(new ConfigDef(CONNECTOR_CONFIG), [
  {
    name: 'topics',
    type: 'LIST',
    defaultValue: '',
    importance: 'HIGH',
    group: COMMON,
    validator: anyNonDuplicateValues(true, false),
    doc: 'Topics to consume; set this or topics.regex.',
  },
  {
    name: 'topics.regex',
    type: 'STRING',
    defaultValue: '',
    importance: 'HIGH',
    group: COMMON,
    validator: validRegex(),
    doc: 'Regular expression of topics to consume; set this or topics.',
  },
  {
    name: 'errors.deadletterqueue.topic.name',
    type: 'STRING',
    defaultValue: '',
    importance: 'MEDIUM',
    group: ERRORS,
    doc: 'Topic for records that failed; empty disables the dead letter queue.',
  },
  {
    name: 'errors.deadletterqueue.topic.replication.factor',
    type: 'SHORT',
    defaultValue: 3,
    importance: 'MEDIUM',
    group: ERRORS,
    doc: 'Replication factor of the dead letter queue topic when it is created.',
  },
  {
    name: 'errors.deadletterqueue.context.headers.enable',
    type: 'BOOLEAN',
    defaultValue: false,
    importance: 'MEDIUM',
    group: ERRORS,
    doc: 'Add headers describing the failure to dead letter queue records.',
  },
]);

/** The definition for a connector type; without a type, the common keys only. */
export function connectorConfigDef(type?: ConnectorType): ConfigDef {
  return type === 'source'
    ? SOURCE_CONNECTOR_CONFIG
    : type === 'sink'
      ? SINK_CONNECTOR_CONFIG
      : CONNECTOR_CONFIG;
}

const isBlank = (s: string | undefined) => s === undefined || javaTrim(s) === '';

/** Kafka's `SinkConnectorConfig.parseTopicsList`: trimmed, empty items dropped, no duplicates. */
export function parseTopicsList(raw: string | undefined): string[] {
  const list = raw === undefined ? [] : (parseType('topics', raw, 'LIST') as string[]);
  return [...new Set(list.filter((t) => t !== ''))];
}

/** `SinkConnectorConfig.validate`: exactly one of topics / topics.regex, DLQ not consumed. */
export function sinkTopicProblems(raw: Readonly<Record<string, string>>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const topics = raw['topics'];
  const regex = raw['topics.regex'];
  const dlq = javaTrim(raw['errors.deadletterqueue.topic.name'] ?? '');
  const hasTopics = !isBlank(topics);
  const hasRegex = !isBlank(regex);
  const both = (message: string) => {
    problems.push({ key: 'topics', message }, { key: 'topics.regex', message });
  };
  if (hasTopics && hasRegex) {
    both('topics and topics.regex are mutually exclusive options, but both are set.');
  }
  if (!hasTopics && !hasRegex) both('Must configure one of topics or topics.regex');
  if (dlq !== '') {
    if (hasTopics) {
      const list = parseTopicsList(topics);
      if (list.includes(dlq)) {
        problems.push({
          key: 'topics',
          message: `The DLQ topic '${dlq}' may not be included in the list of topics ('topics=[${list.join(', ')}]') consumed by the connector`,
        });
      }
    }
    if (hasRegex) {
      let re: RegExp | undefined;
      try {
        re = new RegExp(`^(?:${regex})$`);
      } catch {
        re = undefined; // reported by the topics.regex validator
      }
      if (re?.test(dlq)) {
        problems.push({
          key: 'topics.regex',
          message: `The DLQ topic '${dlq}' may not be matched by the regex for the topics ('topics.regex=${regex}') consumed by the connector`,
        });
      }
    }
  }
  return problems;
}

/**
 * Every problem of a connector's raw config against the keys all connectors of its type share,
 * each as `{key, message}` with Kafka's text. Values should already have their `${...}`
 * variables resolved. A key with several problems is listed once per problem.
 */
export function validateConnectorConfig(
  raw: Readonly<Record<string, string>>,
  type?: ConnectorType,
): ConfigProblem[] {
  const problems = connectorConfigDef(type).validate(raw);
  if (type === 'sink') problems.push(...sinkTopicProblems(raw));
  return problems;
}

/** {@link validateConnectorConfig} with file and line for each problem, sorted by line. */
export function connectorConfigProblems(
  raw: Readonly<Record<string, string>>,
  source: ConfigSource,
  type?: ConnectorType,
): LocatedConfigProblem[] {
  return sortProblems(source.locate(validateConnectorConfig(raw, type)));
}

/** Parses a valid connector config (throws the first problem, as Kafka's ConnectorConfig does). */
export function parseConnectorConfig(
  raw: Readonly<Record<string, string>>,
  type?: ConnectorType,
): ParsedConfig {
  return connectorConfigDef(type).parse(raw);
}
