/**
 * Runs Kafka's own config classes (test/config/java/ConfigDefDump.java) so tests compare our
 * definitions and messages with Kafka's instead of with text written from memory.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const DUMP = join(import.meta.dirname, 'java', 'ConfigDefDump.java');

let classpath: string | undefined;

/** The Kafka classpath from scripts/kafka.sh (downloads Kafka on first use). */
export function kafkaClasspath(): string {
  if (classpath === undefined) {
    const out = execFileSync('bash', [join(ROOT, 'scripts', 'kafka.sh'), 'classpath'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 600_000,
    });
    classpath = out.trim().split('\n').pop() ?? '';
  }
  return classpath;
}

let compiled: string | undefined;

/**
 * The classpath to run ConfigDefDump with: compiled once into a folder keyed by its source and
 * Kafka's classpath (a single-file source launch would compile it again in every JVM).
 */
function dumpClasspath(): string {
  if (compiled === undefined) {
    const cp = kafkaClasspath();
    const hash = createHash('sha256').update(readFileSync(DUMP)).update(cp).digest('hex');
    const dir = join(tmpdir(), `ts-connect-configdefdump-${hash.slice(0, 16)}`);
    if (!existsSync(dir)) {
      const tmp = mkdtempSync(`${dir}.tmp-`);
      execFileSync('javac', ['-nowarn', '-d', tmp, '-cp', cp, DUMP], { stdio: 'ignore' });
      try {
        renameSync(tmp, dir);
      } catch {
        rmSync(tmp, { recursive: true, force: true }); // another test file compiled it first
      }
    }
    compiled = `${dir}:${cp}`;
  }
  return compiled;
}

/** Runs ConfigDefDump with `args` and `input` on stdin; one parsed JSON value per output line. */
export function configDefDump<T>(args: string[], input = ''): T[] {
  const run = spawnSync(
    'java',
    ['-XX:TieredStopAtLevel=1', '-cp', dumpClasspath(), 'ConfigDefDump', ...args],
    {
      encoding: 'utf8',
      input,
      maxBuffer: 64 << 20,
    },
  );
  if (run.status !== 0) {
    throw new Error(`ConfigDefDump ${args.join(' ')} failed: ${run.stderr.slice(-2000)}`);
  }
  return run.stdout
    .split('\n')
    .filter((l) => l.startsWith('{"'))
    .map((l) => JSON.parse(l) as T);
}

export interface KafkaKey {
  name: string;
  type: string;
  required: boolean;
  default: string | null;
  importance: string;
  group: string | null;
}

/** Escapes a raw value for the dump's stdin protocol (tab, newline and backslash). */
export function escapeForDump(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

/** {@link configDefDump} without blocking the event loop (for long runs like a plugin scan). */
export function configDefDumpAsync<T>(args: string[]): Promise<T[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'java',
      ['-XX:TieredStopAtLevel=1', '-cp', dumpClasspath(), 'ConfigDefDump', ...args],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`ConfigDefDump ${args.join(' ')} failed: ${stderr.slice(-2000)}`));
          return;
        }
        resolve(
          stdout
            .split('\n')
            .filter((l) => l.startsWith('{"'))
            .map((l) => JSON.parse(l) as T),
        );
      },
    );
  });
}
