import { loadConnectorFile } from '../config/connector-file.js';
import { formatProblem } from '../config/config-problems.js';
import { createBuiltinRegistry } from '../plugins/builtins.js';
import { ConnectorConfigInvalidException } from '../runtime/connector-validation.js';
import {
  StandaloneStartupError,
  startStandalone,
  type StandaloneRuntime,
} from '../runtime/connect-standalone.js';
import { progressSnapshot } from '../runtime/metrics/progress-snapshot.js';
import { buildWorkerSinkTask } from '../runtime/worker-sink-task.js';
import { getLogger } from '../util/logger.js';
import { CliError, ExitCode, type ExitCodeValue } from './exit-codes.js';
import { startProgress } from './progress-display.js';

const log = getLogger('ConnectStandalone');

/**
 * The message for a connector that could not be created, naming its file: each invalid key
 * on its own line as `file:line: key: message` where the file says where the key is.
 */
async function connectorErrorMessage(file: string, error: StandaloneStartupError): Promise<string> {
  const cause = error.cause;
  if (cause instanceof ConnectorConfigInvalidException) {
    const located = await loadConnectorFile(file).catch(() => null);
    return cause.problems
      .map((p) =>
        located
          ? formatProblem(located.source.problem(p.key, p.message))
          : `${file}: ${p.key}: ${p.message}`,
      )
      .join('\n');
  }
  return error.message.includes(file) ? error.message : `${file}: ${error.message}`;
}

async function asCliError(error: unknown): Promise<unknown> {
  if (!(error instanceof StandaloneStartupError)) return error;
  if (error.phase === 'worker')
    return new CliError(error.message, ExitCode.WORKER, { cause: error });
  const message =
    error.phase === 'connector' && error.file !== null
      ? await connectorErrorMessage(error.file, error)
      : error.message;
  return new CliError(message, ExitCode.CONNECTOR, { cause: error });
}

/** Resolves on the first SIGINT/SIGTERM; a second one ends the process at once. */
function firstStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(ExitCode.INTERRUPTED));
      process.once('SIGTERM', () => process.exit(ExitCode.INTERRUPTED));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * `ts-connect standalone worker.properties [connector files...]`: Kafka's ConnectStandalone.
 * Runs until SIGINT/SIGTERM, then stops gracefully and returns exit code 0.
 */
export interface StandaloneCliOptions {
  /** Live lines on a terminal, or a throughput log line every interval; false: neither. */
  progress: boolean;
  /** Seconds between throughput log lines when stderr is not a terminal. */
  progressIntervalSec: number;
}

export async function runStandalone(
  workerFile: string,
  connectorFiles: readonly string[],
  options: StandaloneCliOptions = { progress: true, progressIntervalSec: 60 },
): Promise<ExitCodeValue> {
  const stopSignal = firstStopSignal();
  let runtime: StandaloneRuntime;
  try {
    runtime = await startStandalone(workerFile, connectorFiles, {
      registry: createBuiltinRegistry(),
      sinkTaskBuilder: buildWorkerSinkTask,
    });
  } catch (error) {
    throw await asCliError(error);
  }
  const progress = options.progress
    ? startProgress({
        snapshot: () => progressSnapshot(runtime.herder, (c) => runtime.taskMetrics(c)),
        terminal: process.stderr.isTTY === true,
        logIntervalMs: options.progressIntervalSec * 1000,
      })
    : null;
  const signal = await stopSignal;
  progress?.stop();
  log.info(`Received ${signal}, stopping`);
  await runtime.stop();
  return ExitCode.OK;
}
