import { ConfigDef, nonEmptyString } from '../../config/config-def.js';

export const FILE_CONFIG = 'file';
export const TOPIC_CONFIG = 'topic';
export const TASK_BATCH_SIZE_CONFIG = 'batch.size';
export const DEFAULT_TASK_BATCH_SIZE = 2000;

/** Kafka's FileStreamSourceConnector.CONFIG_DEF: same keys, types, defaults and docs. */
export const FILE_STREAM_SOURCE_CONFIG = new ConfigDef()
  .define({
    name: FILE_CONFIG,
    type: 'STRING',
    defaultValue: null,
    importance: 'HIGH',
    doc: 'Source filename. If not specified, the standard input will be used',
  })
  .define({
    name: TOPIC_CONFIG,
    type: 'STRING',
    validator: nonEmptyString(),
    importance: 'HIGH',
    doc: 'The topic to publish data to',
  })
  .define({
    name: TASK_BATCH_SIZE_CONFIG,
    type: 'INT',
    defaultValue: DEFAULT_TASK_BATCH_SIZE,
    importance: 'LOW',
    doc: 'The maximum number of records the source task can read from the file each time it is polled',
  });
