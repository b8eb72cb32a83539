import { SourceConnector, type TaskConfig } from '../../api/connector.js';
import { ConnectException } from '../../api/errors.js';
import type { SourceOffsetMap } from '../../api/source-record.js';
import type { ConfigDef } from '../../config/config-def.js';
import { getLogger } from '../../util/logger.js';
import { FILE_CONFIG, FILE_STREAM_SOURCE_CONFIG } from './file-stream-source-config.js';
import { FILENAME_FIELD, FileStreamSourceTask, POSITION_FIELD } from './file-stream-source-task.js';
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

  /**
   * Kafka's check before offsets are altered or reset (REST `PATCH`/`DELETE .../offsets`):
   * null offsets (resets) are always allowed; others need a non-negative integer `position`
   * and a partition with a `filename`. Throws ConnectException with Kafka's messages.
   */
  alterOffsets(
    connectorConfig: TaskConfig,
    offsets: readonly { partition: SourceOffsetMap | null; offset: SourceOffsetMap | null }[],
  ): boolean {
    const file = FILE_STREAM_SOURCE_CONFIG.parse(connectorConfig).getString(FILE_CONFIG);
    if (!file) {
      throw new ConnectException(
        "Offsets cannot be modified if the 'file' configuration is unspecified. This is because stdin is used for input and offsets are not tracked.",
      );
    }
    for (const { partition, offset } of offsets) {
      if (offset === null) continue;
      if (!(POSITION_FIELD in offset)) {
        throw new ConnectException(
          "Offset objects should either be null or contain the key 'position'",
        );
      }
      const position = offset[POSITION_FIELD];
      if (typeof position !== 'number' || !Number.isInteger(position)) {
        throw new ConnectException(
          "The value for the 'position' key in the offset is expected to be a Long value",
        );
      }
      if (position < 0) {
        throw new ConnectException(
          "The value for the 'position' key in the offset should be a non-negative value",
        );
      }
      if (partition === null) throw new ConnectException('Partition objects cannot be null');
      if (!(FILENAME_FIELD in partition)) {
        throw new ConnectException("Partition objects should contain the key 'filename'");
      }
    }
    return true;
  }
}
