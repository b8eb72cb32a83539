/**
 * Kafka's exit codes for `connect-standalone` (reference/connect-runtime.md §1), and the one
 * error type that carries one. Every command throws a {@link CliError} (or lets another error
 * escape, which is a bug); only {@link ../cli/main.ts} turns it into an exit code.
 */
export const ExitCode = {
  OK: 0,
  /** Bad usage: unknown option, missing worker file argument. */
  USAGE: 1,
  /** The worker config is bad, or start-up failed (Kafka unreachable, REST port taken). */
  WORKER: 2,
  /** A connector from the command line could not be created, or Connect failed to start. */
  CONNECTOR: 3,
  /** `status`: the worker answered, and a connector or task it reports is FAILED. */
  FAILED: 4,
  /** `status`: the worker could not be reached, or did not answer as a Connect worker. */
  UNREACHABLE: 5,
  /** Interrupted by a second signal before a graceful stop finished. */
  INTERRUPTED: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as one line (or one line per problem) and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}
