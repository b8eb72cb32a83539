import type { ConnectRecord } from '../api/connect-record.js';
import { Headers } from '../api/headers.js';
import type { Transformation } from '../api/transformation.js';
import { ConfigDef, nonEmptyList } from '../config/config-def.js';

const CONFIG_DEF = new ConfigDef().define({
  name: 'headers',
  type: 'LIST',
  importance: 'HIGH',
  doc: 'The name of the headers to be removed.',
  validator: nonEmptyList(),
});

/** Kafka's `DropHeaders`: removes every header with one of the configured keys. */
export class DropHeaders<R extends ConnectRecord<R>> implements Transformation<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.DropHeaders';
  private names = new Set<string>();

  configure(configs: Record<string, string>): void {
    this.names = new Set(CONFIG_DEF.parse(configs).getList('headers'));
  }

  apply(record: R): R | null {
    const kept = [...record.headers].filter((h) => !this.names.has(h.key));
    return record.newRecord({ headers: new Headers(kept) });
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}
