import { SourceConnector, type TaskConfig } from '../../api/connector.js';
import type { ConfigDef } from '../../config/config-def.js';
import { getLogger } from '../../util/logger.js';
import { FILE_CONFIG, FILE_STREAM_SOURCE_CONFIG } from './file-stream-source-config.js';
import { FileStreamSourceTask } from './file-stream-source-task.js';
import { FILE_CONNECTORS_VERSION } from './version.js';

const log = getLogger('FileStreamSourceConnector');

/** Reads lines from a file (or stdin when `file` is unset) into one topic. */
export class FileStreamSourceConnector extends SourceConnector {
  static readonly FQCN = 'org.apache.kafka.connect.file.FileStreamSourceConnector';

  private props: TaskConfig = {};

  version(): string {
    return FILE_CONNECTORS_VERSION;
  }

  start(props: TaskConfig): void {
    // Fails the connector on a bad value, as Kafka's AbstractConfig does.
    const file = FILE_STREAM_SOURCE_CONFIG.parse(props).getString(FILE_CONFIG);
    this.props = { ...props };
    log.info(`Starting file source connector reading from ${file ? file : 'standard input'}`);
  }

  taskClass(): typeof FileStreamSourceTask {
    return FileStreamSourceTask;
  }

  /** Exactly one task, whatever tasks.max is: only one reader of a stream makes sense. */
  taskConfigs(_maxTasks: number): TaskConfig[] {
    return [{ ...this.props }];
  }

  stop(): void {}

  config(): ConfigDef {
    return FILE_STREAM_SOURCE_CONFIG;
  }
}
