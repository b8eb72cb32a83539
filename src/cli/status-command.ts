import { CliError, ExitCode, type ExitCodeValue } from './exit-codes.js';
import {
  anyFailed,
  formatStatusTable,
  tableChalk,
  type ConnectorStatusJson,
  type ExpandedStatus,
} from './status-table.js';

export const DEFAULT_WORKER_URL = 'http://127.0.0.1:8083';
/** A worker that does not answer within this is reported unreachable. */
const REQUEST_TIMEOUT_MS = 10_000;

export interface StatusOptions {
  url: string;
  json: boolean;
  connectors: readonly string[];
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
    const cause = error.cause;
    if (cause instanceof Error && cause.message !== '') return cause.message;
    return error.message;
  }
  return String(error);
}

/** Kafka's `GET /connectors?expand=status`, the one request (works against Kafka Connect too). */
async function fetchStatuses(baseUrl: string): Promise<ExpandedStatus> {
  let url: URL;
  try {
    url = new URL('connectors?expand=status', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  } catch {
    throw new CliError(
      `--url ${baseUrl} is not a URL (e.g. ${DEFAULT_WORKER_URL})`,
      ExitCode.USAGE,
    );
  }
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new CliError(
      `cannot reach the Connect worker at ${baseUrl}: ${describeFetchError(error)}`,
      ExitCode.UNREACHABLE,
    );
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text.trim().split('\n')[0] ?? '';
    try {
      const body = JSON.parse(text) as { message?: unknown };
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // Not Kafka's error body: the first line of whatever came back.
    }
    throw new CliError(
      `the Connect worker at ${baseUrl} answered ${response.status}: ${message}`,
      ExitCode.UNREACHABLE,
    );
  }
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error();
    return body as ExpandedStatus;
  } catch {
    throw new CliError(
      `the answer from ${baseUrl} is not a Connect worker's status (GET /connectors?expand=status)`,
      ExitCode.UNREACHABLE,
    );
  }
}

/**
 * `ts-connect status [--url] [--json] [connector...]`: connectors and tasks of a running worker
 * (ts-connect or Apache Kafka Connect). Exit 0 when all is well, 4 when something is FAILED,
 * 3 when a named connector does not exist, 5 when the worker cannot be reached.
 */
export async function runStatusCommand(options: StatusOptions): Promise<ExitCodeValue> {
  const expanded = await fetchStatuses(options.url);
  const names = options.connectors.length > 0 ? [...options.connectors] : Object.keys(expanded);
  const missing = names.filter((n) => expanded[n]?.status === undefined);
  if (missing.length > 0) {
    throw new CliError(
      missing.map((n) => `connector ${n} not found on the worker at ${options.url}`).join('\n'),
      ExitCode.CONNECTOR,
    );
  }
  names.sort();
  const statuses: ConnectorStatusJson[] = names.map((n) => expanded[n]!.status!);
  if (options.json) {
    const selected: ExpandedStatus = {};
    for (const n of names) selected[n] = expanded[n]!;
    options.output.write(JSON.stringify(selected, null, 2) + '\n');
  } else {
    options.output.write(formatStatusTable(statuses, tableChalk(options.output.isTTY === true)));
  }
  return anyFailed(statuses) ? ExitCode.FAILED : ExitCode.OK;
}
