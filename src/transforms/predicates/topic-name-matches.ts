import type { ConnectRecord } from '../../api/connect-record.js';
import { ConfigException } from '../../api/errors.js';
import type { Predicate } from '../../api/transformation.js';
import {
  compositeValidator,
  ConfigDef,
  invalidValue,
  nonEmptyString,
} from '../../config/config-def.js';
import { JavaPattern } from '../util/java-regex.js';
import { javaRegexValidator } from '../util/validators.js';

const CONFIG_DEF = new ConfigDef().define({
  name: 'pattern',
  type: 'STRING',
  importance: 'MEDIUM',
  doc: "A Java regular expression for matching against the name of a record's topic.",
  validator: compositeValidator(nonEmptyString(), javaRegexValidator()),
});

/** Kafka's `TopicNameMatches`: true when the whole topic name matches a Java regex. */
export class TopicNameMatches<R extends ConnectRecord<R>> implements Predicate<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches';
  private pattern: JavaPattern | null = null;

  configure(configs: Record<string, string>): void {
    const value = CONFIG_DEF.parse(configs).getString('pattern');
    try {
      this.pattern = JavaPattern.compile(value, 'pattern');
    } catch (e) {
      throw invalidValue(
        'pattern',
        value,
        `entry must be a Java-compatible regular expression: ${(e as ConfigException).message}`,
      );
    }
  }

  test(record: R): boolean {
    return record.topic !== null && this.pattern!.matches(record.topic) !== null;
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}

  toString(): string {
    return `TopicNameMatches{pattern=${this.pattern?.source ?? 'null'}}`;
  }
}
