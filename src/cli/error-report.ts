import chalk from 'chalk';
import { ConnectException } from '../api/errors.js';
import { CliError, ExitCode, type ExitCodeValue } from './exit-codes.js';

/**
 * The one place that turns an error into what the user sees and the exit code. A user's
 * mistake (a CliError, or any Connect error) is shown as its message only; anything else is
 * a bug in ts-connect and also gets its stack, so it can be reported.
 */
export function reportError(
  error: unknown,
  stderr: NodeJS.WriteStream = process.stderr,
): ExitCodeValue {
  const color = stderr.isTTY ? chalk.red : (s: string): string => s;
  const exitCode = error instanceof CliError ? error.exitCode : ExitCode.WORKER;
  const expected = error instanceof CliError || error instanceof ConnectException;
  const message = error instanceof Error ? error.message : String(error);
  for (const line of message.split('\n')) stderr.write(color(`ts-connect: ${line}`) + '\n');
  if (!expected && error instanceof Error && error.stack) {
    stderr.write(error.stack.split('\n').slice(1).join('\n') + '\n');
  }
  return exitCode;
}
