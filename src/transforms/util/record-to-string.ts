import type { ConnectRecord } from '../../api/connect-record.js';
import { javaToString } from '../../api/java-to-string.js';
import { SinkRecord } from '../../api/sink-record.js';
import { SourceRecord } from '../../api/source-record.js';

function mapText(m: Readonly<Record<string, unknown>> | null): string {
  if (m === null) return 'null';
  return `{${Object.entries(m)
    .map(([k, v]) => `${k}=${javaToString(v)}`)
    .join(', ')}}`;
}

/** A record as Kafka's `toString` prints it in messages such as TimestampRouter's. */
export function recordToString<R extends ConnectRecord<R>>(r: R): string {
  const headers = [...r.headers];
  const base =
    `ConnectRecord{topic='${r.topic}', kafkaPartition=${r.kafkaPartition}, key=${javaToString(r.key)}, ` +
    `keySchema=${String(r.keySchema)}, value=${javaToString(r.value)}, valueSchema=${String(r.valueSchema)}, ` +
    `timestamp=${r.timestamp}, headers=ConnectHeaders(headers=${headers.length === 0 ? '' : `[${headers.map(String).join(', ')}]`})}`;
  if (r instanceof SinkRecord) {
    return (
      `SinkRecord{kafkaOffset=${r.kafkaOffset}, timestampType=${r.timestampType}, originalTopic=${r.originalTopic}, ` +
      `originalKafkaPartition=${r.originalKafkaPartition}, originalKafkaOffset=${r.originalKafkaOffset}} ${base}`
    );
  }
  if (r instanceof SourceRecord) {
    return `SourceRecord{sourcePartition=${mapText(r.sourcePartition)}, sourceOffset=${mapText(r.sourceOffset)}} ${base}`;
  }
  return base;
}
