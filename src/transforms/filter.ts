import type { ConnectRecord } from '../api/connect-record.js';
import type { Transformation } from '../api/transformation.js';
import { ConfigDef } from '../config/config-def.js';

const CONFIG_DEF = new ConfigDef();

/** Kafka's `Filter`: drops every record it sees; meant to be used with a predicate. */
export class Filter<R extends ConnectRecord<R>> implements Transformation<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.Filter';

  configure(): void {}

  apply(): R | null {
    return null;
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}
