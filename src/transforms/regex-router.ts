import type { ConnectRecord } from '../api/connect-record.js';
import type { Transformation } from '../api/transformation.js';
import { ConfigDef } from '../config/config-def.js';
import type { JavaPattern } from './util/java-regex.js';
import { compileJavaRegex, javaRegexValidator } from './util/validators.js';

const CONFIG_DEF = new ConfigDef()
  .define({
    name: 'regex',
    type: 'STRING',
    importance: 'HIGH',
    doc: 'Regular expression to use for matching.',
    validator: javaRegexValidator(),
  })
  .define({ name: 'replacement', type: 'STRING', importance: 'HIGH', doc: 'Replacement string.' });

/** Kafka's `RegexRouter`: a topic that fully matches `regex` becomes Java's `replaceFirst`. */
export class RegexRouter<R extends ConnectRecord<R>> implements Transformation<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.RegexRouter';
  private pattern: JavaPattern | null = null;
  private replacement = '';

  configure(configs: Record<string, string>): void {
    const config = CONFIG_DEF.parse(configs);
    this.pattern = compileJavaRegex(config.getString('regex'), 'regex');
    this.replacement = config.getString('replacement');
  }

  apply(record: R): R | null {
    const match = this.pattern!.matches(record.topic);
    if (match === null) return record;
    return record.newRecord({ topic: this.pattern!.expandReplacement(match, this.replacement) });
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}
