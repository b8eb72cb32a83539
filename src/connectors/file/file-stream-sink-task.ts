import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { TaskConfig } from '../../api/connector.js';
import { ConnectException } from '../../api/errors.js';
import { javaToString } from '../../api/java-to-string.js';
import type { SinkRecord } from '../../api/sink-record.js';
import { SinkTask } from '../../api/sink-task.js';
import type { TopicPartitionOffset } from '../../api/topic-partition.js';
import { getLogger, isLevelEnabled } from '../../util/logger.js';
import { FILE_STREAM_SINK_CONFIG, SINK_FILE_CONFIG } from './file-stream-sink-config.js';
import { FILE_CONNECTORS_VERSION } from './version.js';

/** Test seams; the runtime constructs the task with none. */
export interface FileStreamSinkTaskOptions {
  /** The console sink's output; `process.stdout` by default. */
  stdout?: Writable;
}

const log = getLogger('FileStreamSinkTask');

interface SinkFile {
  handle: FileHandle;
  dev: bigint;
  ino: bigint;
  /** Written since the last fsync. */
  dirty: boolean;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/**
 * Appends each record's value as one line, printed as Java's `String.valueOf(value)` prints it
 * (so `null` is the text `null`, a Struct `Struct{...}`, a map `{k=v}`), like Kafka's
 * FileStreamSinkTask. Beyond Kafka: each `put` batch is one write, `flush` fsyncs the file
 * before the runtime commits the consumed offsets, and a file removed or replaced under the
 * running task is reopened at its path instead of being written to after it was unlinked.
 */
export class FileStreamSinkTask extends SinkTask {
  static readonly FQCN = 'org.apache.kafka.connect.file.FileStreamSinkTask';

  private readonly stdoutOverride: Writable | undefined;
  private filename: string | null = null;
  private file: SinkFile | null = null;
  private stdout: Writable | null = null;

  constructor(options: FileStreamSinkTaskOptions = {}) {
    super();
    this.stdoutOverride = options.stdout;
  }

  version(): string {
    return FILE_CONNECTORS_VERSION;
  }

  async start(props: TaskConfig): Promise<void> {
    const file = FILE_STREAM_SINK_CONFIG.parse(props).getString(SINK_FILE_CONFIG);
    this.filename = file ? file : null;
    if (this.filename === null) {
      this.stdout = this.stdoutOverride ?? process.stdout;
    } else {
      this.file = await this.openFile(this.filename);
    }
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    const lines = new Array<string>(records.length + 1);
    for (let i = 0; i < records.length; i++) {
      const { value, valueSchema } = records[i]!;
      lines[i] = typeof value === 'string' ? value : javaToString(value, valueSchema);
    }
    lines[records.length] = '';
    if (isLevelEnabled('TRACE')) {
      log.trace(`Writing ${records.length} lines to ${this.logFilename()}`);
    }
    const bytes = Buffer.from(lines.join('\n'), 'utf8');
    if (this.stdout) {
      await writeToStream(this.stdout, bytes);
      return;
    }
    const file = await this.currentFile();
    try {
      let written = 0;
      while (written < bytes.length) {
        const { bytesWritten } = await file.handle.write(bytes, written, bytes.length - written);
        written += bytesWritten;
      }
      file.dirty = true;
    } catch (error) {
      throw new ConnectException(
        `Failed to write to file '${this.filename}' for FileStreamSinkTask: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  override async flush(_currentOffsets: readonly TopicPartitionOffset[]): Promise<void> {
    log.trace(`Flushing output stream for ${this.logFilename()}`);
    const file = this.file;
    if (!file?.dirty) return;
    try {
      await file.handle.datasync();
      file.dirty = false;
    } catch (error) {
      throw new ConnectException(
        `Failed to flush file '${this.filename}' for FileStreamSinkTask: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  async stop(): Promise<void> {
    const file = this.file;
    this.file = null;
    await file?.handle
      .close()
      .catch((e: unknown) => log.error(`Failed to close ${this.filename}`, e));
  }

  private logFilename(): string {
    return this.filename ?? 'stdout';
  }

  private async openFile(filename: string): Promise<SinkFile> {
    try {
      const handle = await open(filename, 'a');
      const st = await handle.stat({ bigint: true }).catch(async (error: unknown) => {
        await handle.close();
        throw error;
      });
      return { handle, dev: st.dev, ino: st.ino, dirty: false };
    } catch (error) {
      throw new ConnectException(
        `Couldn't find or create file '${filename}' for FileStreamSinkTask: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /**
   * The open file, reopened if the path no longer leads to it. Kafka keeps writing to a removed
   * file, whose lines then vanish with it; lines already written to a file renamed away (log
   * rotation) stay in that file.
   */
  private async currentFile(): Promise<SinkFile> {
    const file = this.file!;
    let atPath: { dev: bigint; ino: bigint } | null = null;
    try {
      atPath = await stat(this.filename!, { bigint: true });
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    if (atPath && atPath.dev === file.dev && atPath.ino === file.ino) return file;
    log.warn(
      `Sink file ${this.filename} was ${atPath ? 'replaced' : 'removed'} while the task was writing to it; reopening it at its path`,
    );
    await file.handle.datasync().catch(() => undefined);
    await file.handle.close().catch(() => undefined);
    this.file = await this.openFile(this.filename!);
    return this.file;
  }
}

function writeToStream(stream: Writable, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(bytes, (error) => {
      if (error) {
        reject(
          new ConnectException(`Failed to write to standard output: ${error.message}`, {
            cause: error,
          }),
        );
      } else {
        resolve();
      }
    });
  });
}
