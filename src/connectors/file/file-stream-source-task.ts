import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { TaskConfig } from '../../api/connector.js';
import { ConnectException } from '../../api/errors.js';
import { Headers } from '../../api/headers.js';
import { Schema } from '../../api/schema.js';
import { SourceRecord, type SourceOffsetMap } from '../../api/source-record.js';
import { SourceTask } from '../../api/source-task.js';
import { ChangeWaiter, FileChangeWaiter } from '../../util/file-watcher.js';
import { getLogger } from '../../util/logger.js';
import {
  FILE_CONFIG,
  FILE_STREAM_SOURCE_CONFIG,
  TASK_BATCH_SIZE_CONFIG,
  TOPIC_CONFIG,
} from './file-stream-source-config.js';
import { LineSplitter, type SplitLine } from './line-splitter.js';
import { FILE_CONNECTORS_VERSION } from './version.js';

export const FILENAME_FIELD = 'filename';
export const POSITION_FIELD = 'position';

/** Test seams; the runtime constructs the task with none. */
export interface FileStreamSourceTaskOptions {
  /** The console source's input; `process.stdin` by default. */
  stdin?: Readable;
  /** Longest wait for new data before `poll()` returns `null` (Kafka waits 1 s). */
  pollIntervalMs?: number;
  /** Bytes read from the file at a time. */
  chunkSize?: number;
}

const log = getLogger('FileStreamSourceTask');

interface OpenFile {
  handle: FileHandle;
  dev: bigint;
  ino: bigint;
  /** Bytes read from this file so far: {@link FileStreamSourceTask.position} plus what the splitter holds. */
  readPosition: number;
  /** A new file replaced this one at the path; one more pass to its end is being read. */
  replaced: boolean;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/**
 * Reads lines from a file (tailing it) or from stdin, Kafka's FileStreamSourceTask with these
 * differences: positions are byte offsets (so UTF-8 files resume exactly), it wakes when the
 * file changes instead of sleeping a second, and it notices truncation (reads again from 0) and
 * rotation (finishes the old file, then follows the new one from 0). Reading never blocks the
 * event loop and holds at most one chunk plus the current line in memory.
 */
export class FileStreamSourceTask extends SourceTask {
  static readonly FQCN = 'org.apache.kafka.connect.file.FileStreamSourceTask';

  private readonly pollIntervalMs: number;
  private readonly chunkSize: number;
  private readonly stdinOverride: Readable | undefined;

  private filename: string | null = null;
  private topic = '';
  private batchSize = 2000;
  private partition: SourceOffsetMap | null = null;

  private readonly splitter = new LineSplitter();
  /** The byte after the last line returned: the offset a restart resumes from. */
  private position = 0;
  private file: OpenFile | null = null;
  private resumed = false;
  private missingWarned = false;
  private waiter: ChangeWaiter | null = null;
  private fileWaiter: FileChangeWaiter | null = null;

  private stdin: Readable | null = null;
  private stdinEnded = false;
  private stdinError: unknown = null;
  private readonly stdinListeners: [string, (...args: unknown[]) => void][] = [];

  private readonly abort = new AbortController();
  private stopped = false;
  private inflight: Promise<unknown> | null = null;

  constructor(options: FileStreamSourceTaskOptions = {}) {
    super();
    this.stdinOverride = options.stdin;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.chunkSize = options.chunkSize ?? 64 * 1024;
  }

  version(): string {
    return FILE_CONNECTORS_VERSION;
  }

  start(props: TaskConfig): void {
    const config = FILE_STREAM_SOURCE_CONFIG.parse(props);
    const file = config.getString(FILE_CONFIG);
    this.filename = file ? file : null;
    this.topic = config.getString(TOPIC_CONFIG);
    this.batchSize = config.getInt(TASK_BATCH_SIZE_CONFIG);
    if (this.batchSize < 1) {
      throw new ConnectException(
        `Invalid value ${this.batchSize} for configuration ${TASK_BATCH_SIZE_CONFIG}: must be at least 1`,
      );
    }
    if (this.filename === null) {
      this.startStdin(this.stdinOverride ?? process.stdin);
    } else {
      this.partition = { [FILENAME_FIELD]: this.filename };
      this.fileWaiter = new FileChangeWaiter(this.filename);
      this.waiter = this.fileWaiter;
    }
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.stopped) return null;
    const polling = this.filename === null ? this.pollStdin() : this.pollFile();
    this.inflight = polling;
    try {
      const records = await polling;
      return this.stopped ? null : records;
    } finally {
      this.inflight = null;
    }
  }

  async stop(): Promise<void> {
    log.trace('Stopping');
    this.stopped = true;
    this.abort.abort();
    await this.inflight?.catch(() => undefined);
    for (const [event, listener] of this.stdinListeners) this.stdin?.off(event, listener);
    this.stdinListeners.length = 0;
    // stdin is not ours to close (Kafka does not close it either).
    this.stdin?.pause();
    const file = this.file;
    this.file = null;
    await file?.handle.close().catch((e: unknown) => {
      log.error('Failed to close FileStreamSourceTask stream: ', e);
    });
    await this.fileWaiter?.close();
  }

  private record(line: string, offset: SourceOffsetMap | null): SourceRecord {
    return new SourceRecord({
      sourcePartition: offset === null ? null : this.partition,
      sourceOffset: offset,
      topic: this.topic,
      kafkaPartition: null,
      keySchema: null,
      key: null,
      valueSchema: Schema.STRING_SCHEMA,
      value: line,
      timestamp: Date.now(),
      headers: new Headers(),
    });
  }

  private fileRecord(line: SplitLine): SourceRecord {
    this.position += line.bytes;
    return this.record(line.line, { [POSITION_FIELD]: this.position });
  }

  // ---- file ---------------------------------------------------------------------------------

  private async pollFile(): Promise<SourceRecord[] | null> {
    const signal = this.abort.signal;
    if (this.file === null && !(await this.openFile())) {
      await this.waiter!.waitForChange(signal, this.pollIntervalMs);
      return null;
    }
    const records: SourceRecord[] = [];
    let waited = false;
    while (records.length < this.batchSize && !this.stopped) {
      const line = this.splitter.next();
      if (line) {
        records.push(this.fileRecord(line));
        continue;
      }
      if ((await this.readChunk()) > 0) continue;
      if (records.length > 0) break;
      if (await this.checkReplacedOrTruncated(records)) continue;
      if (waited) break;
      waited = true;
      if ((await this.waiter!.waitForChange(signal, this.pollIntervalMs)) === 'aborted') break;
    }
    return records.length > 0 ? records : null;
  }

  /** Opens the file, resuming from the stored offset the first time. `false` if it does not exist yet. */
  private async openFile(): Promise<boolean> {
    const filename = this.filename!;
    let handle: FileHandle;
    try {
      handle = await open(filename, 'r');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') {
        if (!this.missingWarned) {
          log.warn(
            `Couldn't find file ${filename} for FileStreamSourceTask, sleeping to wait for it to be created`,
          );
          this.missingWarned = true;
        }
        return false;
      }
      throw new ConnectException(
        `Error while trying to open file ${filename}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.missingWarned = false;
    let start = 0;
    try {
      const st = await handle.stat({ bigint: true });
      if (st.isDirectory()) {
        throw new ConnectException(
          `Error while trying to open file ${filename}: it is a directory`,
        );
      }
      if (!this.resumed) {
        this.resumed = true;
        start = await this.storedPosition(Number(st.size));
      }
      this.file = { handle, dev: st.dev, ino: st.ino, readPosition: start, replaced: false };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    this.position = start;
    this.splitter.reset();
    log.debug(`Opened ${filename} for reading`);
    return true;
  }

  private async storedPosition(size: number): Promise<number> {
    const offset = await this.context.offsetStorageReader().offset(this.partition!);
    const stored = offset?.[POSITION_FIELD] ?? null;
    if (stored === null) return 0;
    if (typeof stored !== 'number' || !Number.isSafeInteger(stored) || stored < 0) {
      throw new ConnectException('Offset position is the incorrect type');
    }
    if (stored > size) {
      log.warn(
        `File ${this.filename} is shorter (${size} bytes) than its stored position ${stored}: it was truncated or replaced while stopped; reading it from the start`,
      );
      return 0;
    }
    log.debug(`Found previous offset, skipping to byte ${stored} of ${this.filename}`);
    return stored;
  }

  /** Reads the next chunk into the splitter; the number of bytes read (0 at end of file). */
  private async readChunk(): Promise<number> {
    const file = this.file!;
    // A fresh buffer each time: the splitter keeps references to what it holds.
    const buffer = Buffer.allocUnsafe(this.chunkSize);
    let bytesRead: number;
    try {
      ({ bytesRead } = await file.handle.read(buffer, 0, buffer.length, file.readPosition));
    } catch (error) {
      if (this.stopped) return 0;
      throw new ConnectException(
        `Error while reading file ${this.filename}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (bytesRead > 0) {
      file.readPosition += bytesRead;
      this.splitter.push(buffer.subarray(0, bytesRead));
      log.trace(`Read ${bytesRead} bytes from ${this.filename}`);
    }
    return bytesRead;
  }

  /**
   * At end of file: has another file taken the path (rotation) or did this one shrink
   * (truncation)? Then switches and returns `true` so that reading goes on at once.
   */
  private async checkReplacedOrTruncated(records: SourceRecord[]): Promise<boolean> {
    const file = this.file!;
    let atPath: { dev: bigint; ino: bigint } | null = null;
    try {
      atPath = await stat(this.filename!, { bigint: true });
    } catch (error) {
      // Removed: keep the open file; a new one at the path will be picked up as a rotation.
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    if (atPath && (atPath.ino !== file.ino || atPath.dev !== file.dev)) {
      if (!file.replaced) {
        // The writer may still have appended to the old file: one more pass to its end.
        file.replaced = true;
        return true;
      }
      // The old file is complete: a last line without terminator will never get one.
      const last = this.splitter.finish();
      if (last) records.push(this.fileRecord(last));
      log.info(
        `File ${this.filename} was rotated: finished the old file at byte ${file.readPosition}, now reading the new file from the start`,
      );
      this.file = null;
      await file.handle.close().catch(() => undefined);
      if (!(await this.openFile())) return false;
      return true;
    }
    const { size } = await file.handle.stat();
    if (size < file.readPosition) {
      log.warn(
        `File ${this.filename} was truncated (now ${size} bytes, read up to byte ${file.readPosition}); reading it again from the start`,
      );
      this.splitter.reset();
      this.position = 0;
      file.readPosition = 0;
      return true;
    }
    return false;
  }

  // ---- stdin --------------------------------------------------------------------------------

  private startStdin(stream: Readable): void {
    this.stdin = stream;
    this.waiter = new ChangeWaiter();
    const on = (event: string, listener: (...args: unknown[]) => void): void => {
      this.stdinListeners.push([event, listener]);
      stream.on(event, listener);
    };
    on('readable', () => this.waiter!.notify());
    on('end', () => {
      this.stdinEnded = true;
      this.waiter!.notify();
    });
    on('error', (error) => {
      this.stdinError = error;
      this.waiter!.notify();
    });
  }

  private async pollStdin(): Promise<SourceRecord[] | null> {
    const signal = this.abort.signal;
    const stream = this.stdin!;
    const records: SourceRecord[] = [];
    let waited = false;
    while (records.length < this.batchSize && !this.stopped) {
      const line = this.splitter.next();
      if (line) {
        records.push(this.record(line.line, null));
        continue;
      }
      if (this.stdinError !== null) {
        throw new ConnectException(
          `Error while reading standard input: ${(this.stdinError as Error).message ?? String(this.stdinError)}`,
          { cause: this.stdinError },
        );
      }
      const chunk: unknown = stream.read();
      if (chunk !== null) {
        this.splitter.push(
          typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer),
        );
        continue;
      }
      if (this.stdinEnded) {
        // The input is complete: its last line will never get a terminator.
        const last = this.splitter.finish();
        if (last) {
          records.push(this.record(last.line, null));
          continue;
        }
      }
      if (records.length > 0 || waited) break;
      waited = true;
      if ((await this.waiter!.waitForChange(signal, this.pollIntervalMs)) === 'aborted') break;
    }
    return records.length > 0 ? records : null;
  }
}
