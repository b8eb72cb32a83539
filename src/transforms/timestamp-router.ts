import type { ConnectRecord } from '../api/connect-record.js';
import { DataException } from '../api/errors.js';
import type { Transformation } from '../api/transformation.js';
import { ConfigDef } from '../config/config-def.js';
import { recordToString } from './util/record-to-string.js';
import { SimpleDateFormat } from './util/simple-date-format.js';

const CONFIG_DEF = new ConfigDef()
  .define({
    name: 'topic.format',
    type: 'STRING',
    defaultValue: '${topic}-${timestamp}',
    importance: 'HIGH',
    doc: 'Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as placeholders for the topic and timestamp, respectively.',
  })
  .define({
    name: 'timestamp.format',
    type: 'STRING',
    defaultValue: 'yyyyMMdd',
    importance: 'HIGH',
    doc: 'Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.',
  });

/** Kafka's `TimestampRouter`: the topic becomes `topic.format` with the record's UTC date. */
export class TimestampRouter<R extends ConnectRecord<R>> implements Transformation<R> {
  static readonly FQCN = 'org.apache.kafka.connect.transforms.TimestampRouter';
  private topicFormat = '';
  private format: SimpleDateFormat | null = null;

  configure(configs: Record<string, string>): void {
    const config = CONFIG_DEF.parse(configs);
    this.topicFormat = config.getString('topic.format');
    this.format = new SimpleDateFormat(config.getString('timestamp.format'), 'timestamp.format');
  }

  apply(record: R): R | null {
    if (record.timestamp === null)
      throw new DataException(`Timestamp missing on record: ${recordToString(record)}`);
    const formatted = this.format!.format(new Date(record.timestamp));
    const topic = this.topicFormat
      .split('${topic}')
      .join(record.topic)
      .split('${timestamp}')
      .join(formatted);
    return record.newRecord({ topic });
  }

  config(): ConfigDef {
    return CONFIG_DEF;
  }

  close(): void {}
}
