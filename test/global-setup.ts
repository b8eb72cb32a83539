import { execFile } from 'node:child_process';
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

const SCRIPT = 'scripts/kafka.sh';

async function kafkaSh(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('bash', [SCRIPT, ...args], { maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim().split('\n').at(-1) ?? '';
  } catch (err) {
    // kafka.sh explains itself on stderr; hand that on instead of a bare exit code.
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`bash ${SCRIPT} ${args.join(' ')} failed${stderr ? `:\n${stderr}` : ''}`);
  }
}

/**
 * Uses KAFKA_BOOTSTRAP when set; otherwise starts (or reuses) the project's broker on
 * KAFKA_TEST_PORT (default 39092, away from a developer's own 9092) and, at teardown, stops
 * it only if this run was the one that started it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.KAFKA_BOOTSTRAP;
  let stopPort: string | undefined;
  let bootstrap: string;
  if (given) {
    bootstrap = given;
  } else {
    const port = process.env.KAFKA_TEST_PORT ?? '39092';
    const alreadyRunning = await kafkaSh('status', '--port', port).then(
      () => true,
      () => false,
    );
    bootstrap = await kafkaSh('start', '--port', port);
    if (!alreadyRunning) stopPort = port;
  }
  project.provide('kafkaBootstrap', bootstrap);
  project.provide('kafkaClasspath', await kafkaSh('classpath'));

  return async () => {
    if (stopPort !== undefined) await kafkaSh('stop', '--port', stopPort);
  };
}
