import type { ConnectRecord } from '../api/connect-record.js';
import type { SchemaAndValue } from '../api/schema-and-value.js';
import type { Transformation } from '../api/transformation.js';
import { parseString } from '../api/values.js';
import { ConfigDef } from '../config/config-def.js';
import { nonNullValidator } from './util/validators.js';

const CONFIG_DEF = new ConfigDef()
  .define({
    name: 'header',
    type: 'STRING',
    importance: 'HIGH',
    doc: 'The name of the header.',
    validator: nonNullValidator(),
  })
  .define({
    name: 'value.literal',
    type: 'STRING',
    importance: 'HIGH',
    doc: 'The literal value that is to be set as the header value on all records.',
    validator: nonNullValidator(),
  });

/** Kafka's `InsertHeader`: appends a header whose value is a literal parsed once. */
export class InsertHeader<R extends ConnectRecord<R>> implements Transformation<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.InsertHeader';
  private header = '';
  private literal: SchemaAndValue | null = null;

  configure(configs: Record<string, string>): void {
    const config = CONFIG_DEF.parse(configs);
    this.header = config.getString('header');
    this.literal = parseString(config.getString('value.literal'));
  }

  apply(record: R): R | null {
    const headers = record.headers.duplicate();
    headers.addSchemaAndValue(this.header, this.literal);
    return record.newRecord({ headers });
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}
