import type { ConnectRecord } from '../../api/connect-record.js';
import type { Predicate } from '../../api/transformation.js';
import { ConfigDef } from '../../config/config-def.js';

const CONFIG_DEF = new ConfigDef();

/** Kafka's `RecordIsTombstone`: true when the value is null, whatever the schemas. */
export class RecordIsTombstone<R extends ConnectRecord<R>> implements Predicate<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.predicates.RecordIsTombstone';

  configure(): void {}

  test(record: R): boolean {
    return record.value === null || record.value === undefined;
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}

  toString(): string {
    return 'RecordIsTombstone{}';
  }
}
