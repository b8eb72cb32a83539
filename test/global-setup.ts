import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the broker integration tests run against. */
    kafkaBootstrap: string;
    /** Classpath of Apache Kafka and Kafka Connect, from `scripts/kafka.sh classpath`. */
    kafkaClasspath: string;
  }
}

const ROOT = join(import.meta.dirname, '..');
const SCRIPT = join(ROOT, 'scripts', 'kafka.sh');
const STATE = process.env.KAFKA_STATE_DIR ?? join(ROOT, '.kafka');

async function kafkaSh(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('bash', [SCRIPT, ...args], { maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim().split('\n').at(-1) ?? '';
  } catch (err) {
    // kafka.sh explains itself on stderr; hand that on instead of a bare exit code.
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(
      `bash scripts/kafka.sh ${args.join(' ')} failed${stderr ? `:\n${stderr}` : ''}`,
    );
  }
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Uses KAFKA_BOOTSTRAP when set. Otherwise starts (or reuses) the project's broker on
 * KAFKA_TEST_PORT (default 39092, away from a developer's own 9092) and stops it at the end only
 * if test runs started it. Several test runs may share the broker at once (each registers
 * itself under the broker's state dir), so the last one to finish stops it; a broker someone
 * started by hand is never stopped.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let teardown = async (): Promise<void> => {};
  const given = process.env.KAFKA_BOOTSTRAP;
  if (given) {
    project.provide('kafkaBootstrap', given);
  } else {
    const port = process.env.KAFKA_TEST_PORT ?? '39092';
    const brokerDir = join(STATE, `broker-${port}`);
    const runsDir = join(brokerDir, 'test-runs');
    const ownRun = join(runsDir, String(process.pid));
    // Holds the pid of a broker that a test run started, so a later hand-started one is spared.
    const startedByTests = join(brokerDir, 'started-by-tests');
    const brokerPid = (): string => readOrEmpty(join(brokerDir, 'broker.pid'));

    mkdirSync(runsDir, { recursive: true });
    for (const pid of readdirSync(runsDir)) {
      if (!isAlive(Number(pid))) rmSync(join(runsDir, pid), { force: true });
    }
    writeFileSync(ownRun, '');
    const wasRunning = await kafkaSh('status', '--port', port).then(
      () => true,
      () => false,
    );
    project.provide('kafkaBootstrap', await kafkaSh('start', '--port', port));
    if (!wasRunning) writeFileSync(startedByTests, brokerPid());

    teardown = async () => {
      rmSync(ownRun, { force: true });
      const othersRunning = readdirSync(runsDir).some((pid) => isAlive(Number(pid)));
      const pid = brokerPid();
      if (!othersRunning && pid !== '' && readOrEmpty(startedByTests) === pid) {
        await kafkaSh('stop', '--port', port);
        rmSync(startedByTests, { force: true });
      }
    };
  }
  project.provide('kafkaClasspath', await kafkaSh('classpath'));
  return teardown;
}
