import { ConfigDef } from '../../config/config-def.js';

export const SINK_FILE_CONFIG = 'file';

/** Kafka's FileStreamSinkConnector.CONFIG_DEF (topics / topics.regex come from the common sink config). */
export const FILE_STREAM_SINK_CONFIG = new ConfigDef().define({
  name: SINK_FILE_CONFIG,
  type: 'STRING',
  defaultValue: null,
  importance: 'HIGH',
  doc: 'Destination filename. If not specified, the standard output will be used',
});
