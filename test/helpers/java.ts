/**
 * Runs Apache Kafka's own classes from single-file Java sources (`java -cp <cp> X.java`), so
 * tests compare with what Kafka does rather than with results written from memory. Works from
 * unit tests too: the classpath comes from scripts/kafka.sh, which downloads Kafka on first use.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface JavaOptions {
  /** Defaults to {@link kafkaClasspath}. */
  classpath?: string;
  /** Written to the program's stdin, which is then closed. */
  stdin?: string | Buffer;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface JavaResult {
  stdout: string;
  stderr: string;
  /** The exit code, or null when a signal (or the timeout) ended the program. */
  code: number | null;
}

let cachedClasspath: string | undefined;

/** The classpath of Kafka and Kafka Connect printed by `bash scripts/kafka.sh classpath`. */
export function kafkaClasspath(): string {
  cachedClasspath ??= execFileSync('bash', [join(ROOT, 'scripts', 'kafka.sh'), 'classpath'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 900_000,
  })
    .trim()
    .split('\n')
    .at(-1);
  if (!cachedClasspath) throw new Error('scripts/kafka.sh classpath printed nothing');
  return cachedClasspath;
}

function javaArgs(sourceFile: string, args: readonly string[], options: JavaOptions): string[] {
  return ['-cp', options.classpath ?? kafkaClasspath(), sourceFile, ...args];
}

/** Runs `java -cp <classpath> <sourceFile> ...args` and collects its output. */
export function runJava(
  sourceFile: string,
  args: readonly string[] = [],
  options: JavaOptions = {},
): Promise<JavaResult> {
  const child = spawn('java', javaArgs(sourceFile, args, options), {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    timeout: options.timeoutMs ?? 120_000,
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  // A process that exits without reading all of stdin gives EPIPE here; its exit code and
  // stderr say what happened, so the write error itself is not the failure.
  child.stdin.on('error', () => {});
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        code,
      }),
    );
  });
}

/** {@link runJava}, blocking: for test files that compute expectations while being collected. */
export function runJavaSync(
  sourceFile: string,
  args: readonly string[] = [],
  options: JavaOptions = {},
): JavaResult {
  const result = spawnSync('java', javaArgs(sourceFile, args, options), {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    input: options.stdin ?? '',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr, code: result.status };
}

/**
 * Runs a Java program that prints one `<case> <answer>` line per case: the run itself (for its
 * exit code and stderr) and each case name mapped to its answer (the rest of the line).
 */
export function javaAnswersByCase(sourceFile: string): {
  run: JavaResult;
  answers: Map<string, string>;
} {
  const run = runJavaSync(sourceFile);
  const answers = new Map(
    run.stdout
      .trim()
      .split('\n')
      .map((line): [string, string] => [
        line.slice(0, line.indexOf(' ')),
        line.slice(line.indexOf(' ') + 1),
      ]),
  );
  return { run, answers };
}
