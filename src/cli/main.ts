import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { configureLogging } from '../util/logger.js';
import { TS_CONNECT_VERSION } from '../util/package-version.js';
import { reportError } from './error-report.js';
import { ExitCode } from './exit-codes.js';
import { colorLevel } from './log-colors.js';

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

function buildProgram(): Command {
  const program = new Command('ts-connect')
    .description(
      "Kafka Connect's standalone mode for Node.js: your worker and connector files, no JVM",
    )
    .version(TS_CONNECT_VERSION, '-V, --version')
    .showHelpAfterError('(run ts-connect --help for usage)')
    .exitOverride();

  program
    .command('standalone')
    .description(
      'run a standalone worker with the connectors in the given files ' +
        "(as Kafka's connect-standalone.sh)",
    )
    .argument(
      '<worker.properties>',
      "the worker config: Kafka's connect-standalone.properties keys",
    )
    .argument(
      '[connector-files...]',
      "connector configs, .properties or .json (both of Kafka's forms)",
    )
    .option('--no-progress', 'no live progress lines on a terminal, no throughput log lines')
    .option(
      '--progress-interval <seconds>',
      'seconds between throughput log lines when stderr is not a terminal',
      positiveNumber,
      60,
    )
    .action(
      async (
        workerFile: string,
        connectorFiles: string[],
        options: { progress: boolean; progressInterval: number },
      ) => {
        const { runStandalone } = await import('./standalone-command.js');
        process.exitCode = await runStandalone(workerFile, connectorFiles, {
          progress: options.progress,
          progressIntervalSec: options.progressInterval,
        });
      },
    );

  program
    .command('transform')
    .description(
      "run JSON Lines records from stdin through a connector's converters and transforms, " +
        'print the results on stdout; no Kafka needed',
    )
    .argument('<connector-file>', 'the connector config whose converters and transforms to apply')
    .option('--worker <worker.properties>', 'a worker config supplying the default converters')
    .action(async (connectorFile: string, options: { worker?: string }) => {
      const { runTransformCommand } = await import('./transform-command.js');
      process.exitCode = await runTransformCommand({
        connectorFile,
        workerFile: options.worker,
        input: process.stdin,
        output: process.stdout,
      });
    });

  program
    .command('status')
    .description(
      'show the connectors and tasks of a running worker (ts-connect or Kafka Connect) as a table',
    )
    .argument('[connectors...]', 'only these connectors (default: all)')
    .option('--url <url>', "the worker's REST URL", 'http://127.0.0.1:8083')
    .option('--json', "print Kafka's status JSON (GET /connectors?expand=status) for scripts")
    .action(async (connectors: string[], options: { url: string; json?: boolean }) => {
      const { runStatusCommand } = await import('./status-command.js');
      process.exitCode = await runStatusCommand({
        url: options.url,
        json: options.json === true,
        connectors,
        output: process.stdout,
      });
    });

  return program;
}

/** Entry point of the `ts-connect` binary: the only place that sets the exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  configureLogging({
    colorize: process.stderr.isTTY ? colorLevel : (_level, text) => text,
  });
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help/version text).
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      process.exitCode = ok ? ExitCode.OK : ExitCode.USAGE;
      return;
    }
    process.exitCode = reportError(error);
  }
  // A command that returned is finished: exit now rather than wait for client libraries'
  // timers and watchers to wind down, as Kafka's JVM exits when ConnectStandalone returns.
  // stdout and stderr writes are synchronous for files and pipes on Linux, so nothing is lost.
  process.exit();
}
