import type { ConnectRecord } from '../../api/connect-record.js';
import type { Predicate } from '../../api/transformation.js';
import { ConfigDef, nonEmptyString } from '../../config/config-def.js';

const CONFIG_DEF = new ConfigDef().define({
  name: 'name',
  type: 'STRING',
  importance: 'MEDIUM',
  doc: 'The header name.',
  validator: nonEmptyString(),
});

/** Kafka's `HasHeaderKey`: true when at least one header has exactly this key. */
export class HasHeaderKey<R extends ConnectRecord<R>> implements Predicate<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.predicates.HasHeaderKey';
  private name = '';

  configure(configs: Record<string, string>): void {
    this.name = CONFIG_DEF.parse(configs).getString('name');
  }

  test(record: R): boolean {
    for (const h of record.headers) if (h.key === this.name) return true;
    return false;
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}

  toString(): string {
    return `HasHeaderKey{name='${this.name}'}`;
  }
}
