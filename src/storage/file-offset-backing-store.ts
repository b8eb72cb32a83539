import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ConnectException, DataException } from '../api/errors.js';
import type { SourceOffsetMap } from '../api/source-record.js';
import { getLogger } from '../util/logger.js';
import {
  canonicalPartitionKey,
  CorruptOffsetsError,
  offsetMapProblem,
  type OffsetBackingStore,
} from './offset-backing-store.js';

/** The version this code writes; docs/offsets-file.md describes it. */
export const OFFSETS_FILE_VERSION = 1;

interface StoredOffset {
  partition: SourceOffsetMap;
  offset: SourceOffsetMap;
}

/** connector → canonical partition JSON → offset. */
type OffsetState = Map<string, Map<string, StoredOffset>>;

interface PendingSet {
  connector: string;
  entries: readonly { partition: SourceOffsetMap; offset: SourceOffsetMap | null }[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

const log = getLogger('FileOffsetBackingStore');

/**
 * The offsets of every source connector in one versioned JSON file
 * (`offset.storage.file.filename`). Unlike Kafka's, which rewrites a Java-serialised map in
 * place, each write goes to a temporary file in the same directory that is fsynced and renamed
 * over the old one (and the directory fsynced), so a crash leaves either the old or the new
 * file, never a torn one. Writes are serialised: sets arriving while one is being written are
 * coalesced into the next write. Reads see only what is durable.
 */
export class FileOffsetBackingStore implements OffsetBackingStore {
  readonly path: string;
  private state: OffsetState = new Map();
  private queue: PendingSet[] = [];
  private writing: Promise<void> | null = null;
  private started = false;
  private stopped = false;
  private tempCounter = 0;

  constructor(path: string) {
    this.path = resolve(path);
  }

  async start(): Promise<void> {
    log.info(`Starting FileOffsetBackingStore with file ${this.path}`);
    this.state = await this.load();
    await this.removeLeftoverTempFiles();
    this.started = true;
    this.stopped = false;
  }

  async stop(): Promise<void> {
    const wasRunning = this.started && !this.stopped;
    this.stopped = true;
    while (this.writing) await this.writing;
    if (wasRunning) log.info('Stopped FileOffsetBackingStore');
  }

  get(connector: string, partitions: readonly SourceOffsetMap[]): Map<string, SourceOffsetMap> {
    const out = new Map<string, SourceOffsetMap>();
    const byPartition = this.state.get(connector);
    if (!byPartition) return out;
    for (const p of partitions) {
      const key = canonicalPartitionKey(p);
      const stored = byPartition.get(key);
      if (stored) out.set(key, stored.offset);
    }
    return out;
  }

  list(connector: string): { partition: SourceOffsetMap; offset: SourceOffsetMap }[] {
    return [...(this.state.get(connector)?.values() ?? [])].map((e) => ({ ...e }));
  }

  set(
    connector: string,
    entries: readonly { partition: SourceOffsetMap; offset: SourceOffsetMap | null }[],
  ): Promise<void> {
    if (!this.started || this.stopped) {
      return Promise.reject(
        new ConnectException(`The offset store for ${this.path} is not running`),
      );
    }
    for (const { partition, offset } of entries) {
      const problem =
        offsetMapProblem(partition, 'partition') ??
        (offset === null ? null : offsetMapProblem(offset, 'offset'));
      if (problem) return Promise.reject(new DataException(problem));
    }
    // Copies, so that a caller mutating its maps later cannot change what is stored.
    const copied = entries.map(({ partition, offset }) => ({
      partition: { ...partition },
      offset: offset === null ? null : { ...offset },
    }));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ connector, entries: copied, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.writing || this.queue.length === 0) return;
    this.writing = this.writeQueued().finally(() => {
      this.writing = null;
      this.kick();
    });
  }

  /** Writes everything queued so far as one file; all those sets succeed or fail together. */
  private async writeQueued(): Promise<void> {
    const batch = this.queue.splice(0);
    const next: OffsetState = new Map(
      [...this.state].map(([connector, partitions]) => [connector, new Map(partitions)]),
    );
    for (const { connector, entries } of batch) {
      for (const { partition, offset } of entries) {
        const key = canonicalPartitionKey(partition);
        let partitions = next.get(connector);
        if (offset === null) {
          partitions?.delete(key);
          if (partitions?.size === 0) next.delete(connector);
          continue;
        }
        if (!partitions) next.set(connector, (partitions = new Map()));
        partitions.set(key, { partition, offset });
      }
    }
    try {
      await this.writeAtomically(serialize(next));
    } catch (error) {
      for (const s of batch) s.reject(error);
      return;
    }
    this.state = next;
    for (const s of batch) s.resolve();
  }

  private async writeAtomically(text: string): Promise<void> {
    const dir = dirname(this.path);
    const temp = `${offsetsTempPrefix(this.path)}${process.pid}-${++this.tempCounter}`;
    let renamed = false;
    try {
      await mkdir(dir, { recursive: true });
      const handle = await open(temp, 'w', 0o644);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.path);
      renamed = true;
      await syncDirectory(dir);
    } catch (error) {
      if (!renamed) await unlink(temp).catch(() => undefined);
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConnectException(
        `Failed to write offsets file ${this.path}${code ? ` (${code})` : ''}: ${(error as Error).message}. ` +
          `The previous offsets file is unchanged; the offsets will be written again at the next flush.`,
        { cause: error },
      );
    }
  }

  private async load(): Promise<OffsetState> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        log.info(`No offsets file ${this.path} yet: starting with no stored offsets`);
        return new Map();
      }
      throw new ConnectException(
        `Cannot read offsets file ${this.path}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return parse(this.path, text);
  }

  /** Temp files of a write interrupted by a crash: the real file is intact, these are garbage. */
  private async removeLeftoverTempFiles(): Promise<void> {
    const dir = dirname(this.path);
    const prefix = basename(offsetsTempPrefix(this.path));
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      log.warn(`Removing ${join(dir, name)}, left over from an interrupted offsets write`);
      await unlink(join(dir, name)).catch(() => undefined);
    }
  }
}

/** Temporary files of `path` are named `<prefix><pid>-<n>`, in the same directory (so rename is atomic). */
export function offsetsTempPrefix(path: string): string {
  return join(dirname(path), `${basename(path)}.tmp-`);
}

/** fsync a directory so that a rename in it survives a power loss. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  } catch {
    return; // platforms that cannot open directories (Windows) cannot fsync them either
  }
  try {
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR') throw error;
  } finally {
    await handle.close();
  }
}

/** One entry per line, sorted, so the file reads and diffs well. */
function serialize(state: OffsetState): string {
  const lines: string[] = [];
  for (const connector of [...state.keys()].sort()) {
    const partitions = state.get(connector)!;
    for (const key of [...partitions.keys()].sort()) {
      const { partition, offset } = partitions.get(key)!;
      lines.push(`    ${JSON.stringify({ connector, partition, offset })}`);
    }
  }
  const body = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`;
  return `{\n  "version": ${OFFSETS_FILE_VERSION},\n  "offsets": ${body}\n}\n`;
}

function parse(file: string, text: string): OffsetState {
  if (text.trim() === '') throw new CorruptOffsetsError(file, 'the file is empty');
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new CorruptOffsetsError(file, `not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new CorruptOffsetsError(file, 'the top level is not a JSON object');
  }
  const { version, offsets } = root as { version?: unknown; offsets?: unknown };
  if (version !== OFFSETS_FILE_VERSION) {
    const why =
      typeof version === 'number' && version > OFFSETS_FILE_VERSION
        ? `it has version ${version}, written by a newer ts-connect (this one reads version ${OFFSETS_FILE_VERSION})`
        : `"version" is ${JSON.stringify(version) ?? 'missing'}, expected ${OFFSETS_FILE_VERSION}`;
    throw new CorruptOffsetsError(file, why);
  }
  if (!Array.isArray(offsets)) throw new CorruptOffsetsError(file, '"offsets" is not an array');
  const state: OffsetState = new Map();
  offsets.forEach((entry: unknown, i) => {
    const where = `entry ${i} of "offsets"`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new CorruptOffsetsError(file, `${where} is not an object`);
    }
    const { connector, partition, offset } = entry as Record<string, unknown>;
    if (typeof connector !== 'string' || connector === '') {
      throw new CorruptOffsetsError(file, `${where} has no "connector" name`);
    }
    const problem = offsetMapProblem(partition, 'partition') ?? offsetMapProblem(offset, 'offset');
    if (problem) throw new CorruptOffsetsError(file, `${where}: ${problem}`);
    const p = partition as SourceOffsetMap;
    const key = canonicalPartitionKey(p);
    let partitions = state.get(connector);
    if (!partitions) state.set(connector, (partitions = new Map()));
    if (partitions.has(key)) {
      throw new CorruptOffsetsError(
        file,
        `${where} repeats partition ${key} of connector ${connector}`,
      );
    }
    partitions.set(key, { partition: p, offset: offset as SourceOffsetMap });
  });
  return state;
}
