import { SinkConnector, type TaskConfig } from '../../api/connector.js';
import type { ConfigDef } from '../../config/config-def.js';
import { getLogger } from '../../util/logger.js';
import { FILE_STREAM_SINK_CONFIG, SINK_FILE_CONFIG } from './file-stream-sink-config.js';
import { FileStreamSinkTask } from './file-stream-sink-task.js';
import { FILE_CONNECTORS_VERSION } from './version.js';

const log = getLogger('FileStreamSinkConnector');

/** Writes each record's value as a line to a file (or stdout when `file` is unset). */
export class FileStreamSinkConnector extends SinkConnector {
  static readonly FQCN = 'org.apache.kafka.connect.file.FileStreamSinkConnector';

  private props: TaskConfig = {};

  version(): string {
    return FILE_CONNECTORS_VERSION;
  }

  start(props: TaskConfig): void {
    const file = FILE_STREAM_SINK_CONFIG.parse(props).getString(SINK_FILE_CONFIG);
    this.props = { ...props };
    log.info(`Starting file sink connector writing to ${file ? file : 'standard output'}`);
  }

  taskClass(): typeof FileStreamSinkTask {
    return FileStreamSinkTask;
  }

  /** `maxTasks` identical tasks, as Kafka's: they append to the same file without coordination. */
  taskConfigs(maxTasks: number): TaskConfig[] {
    return Array.from({ length: maxTasks }, () => ({ ...this.props }));
  }

  stop(): void {}

  config(): ConfigDef {
    return FILE_STREAM_SINK_CONFIG;
  }

  /** Consumer offsets may always be altered: the task keeps no state of its own (as Kafka's). */
  alterOffsets(_connectorConfig: TaskConfig, _offsets: readonly unknown[]): boolean {
    return true;
  }
}
