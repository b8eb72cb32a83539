import { CliError, ExitCode, type ExitCodeValue } from './exit-codes.js';
import {
  anyFailed,
  formatStatusTable,
  tableChalk,
  type ConnectorStatusJson,
  type ExpandedStatus,
  type RecordCounts,
  type TaskRecordCounts,
} from './status-table.js';

export const DEFAULT_WORKER_URL = 'http://127.0.0.1:8083';
/** The environment variable holding a bearer token for a worker with `rest.auth.type=bearer`. */
export const TOKEN_ENV = 'TS_CONNECT_REST_TOKEN';
/** A worker that does not answer within this is reported unreachable. */
const REQUEST_TIMEOUT_MS = 10_000;

export interface StatusOptions {
  url: string;
  json: boolean;
  connectors: readonly string[];
  output: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}

/**
 * The request: credentials in the URL (`http://user:password@host:8083`) become HTTP basic
 * authentication, `TS_CONNECT_REST_TOKEN` a bearer token. `shown` is the URL without
 * credentials, the only form that appears in messages.
 */
export function statusRequest(
  baseUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): { url: URL; shown: string; headers: Record<string, string> } {
  let base: URL;
  try {
    base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  } catch {
    base = new URL('invalid:');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new CliError(
      `--url must be an http:// or https:// URL (e.g. ${DEFAULT_WORKER_URL})`,
      ExitCode.USAGE,
    );
  }
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = env[TOKEN_ENV]?.trim() ?? '';
  if (base.username !== '' || base.password !== '') {
    const user = decodeURIComponent(base.username);
    const password = decodeURIComponent(base.password);
    headers['Authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    base.username = '';
    base.password = '';
  } else if (token !== '') {
    headers['Authorization'] = `Bearer ${token}`;
  }
  const shown = base.href.replace(/\/$/, '');
  return { url: new URL('connectors?expand=status', base), shown, headers };
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
async function fetchStatuses(
  baseUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<{ expanded: ExpandedStatus; shown: string }> {
  const { url, shown, headers } = statusRequest(baseUrl, env);
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new CliError(
      `cannot reach the Connect worker at ${shown}: ${describeFetchError(error)}`,
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
    const hint =
      response.status === 401 || response.status === 403
        ? ` (credentials go in the URL, http://user:password@host:port, or a token in ${TOKEN_ENV})`
        : '';
    throw new CliError(
      `the Connect worker at ${shown} answered ${response.status}: ${message}${hint}`,
      ExitCode.UNREACHABLE,
    );
  }
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error();
    return { expanded: body as ExpandedStatus, shown };
  } catch {
    throw new CliError(
      `the answer from ${shown} is not a Connect worker's status (GET /connectors?expand=status)`,
      ExitCode.UNREACHABLE,
    );
  }
}

interface FiguresAnswer {
  tasks?: {
    id: number;
    records_in: { total: number };
    records_out: { total: number };
    lag?: { lag: number }[];
  }[];
}

/**
 * Each connector's record counts from ts-connect's `GET /connectors/{name}/figures`. Kafka
 * Connect has no such endpoint: the first 404 (or any failure) means no counts, and the table
 * is Kafka's columns only.
 */
async function fetchRecordCounts(
  baseUrl: string,
  env: NodeJS.ProcessEnv,
  names: readonly string[],
): Promise<RecordCounts | undefined> {
  const { url, headers } = statusRequest(baseUrl, env);
  const counts = new Map<string, Map<number, TaskRecordCounts>>();
  for (const name of names) {
    let answer: FiguresAnswer;
    try {
      const res = await fetch(new URL(`connectors/${encodeURIComponent(name)}/figures`, url), {
        headers,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!res.ok) return counts.size > 0 ? counts : undefined;
      answer = (await res.json()) as FiguresAnswer;
    } catch {
      return counts.size > 0 ? counts : undefined;
    }
    const perTask = new Map<number, TaskRecordCounts>();
    for (const t of answer.tasks ?? []) {
      perTask.set(t.id, {
        recordsIn: t.records_in.total,
        recordsOut: t.records_out.total,
        lag: t.lag === undefined ? null : t.lag.reduce((n, l) => n + l.lag, 0),
      });
    }
    counts.set(name, perTask);
  }
  return counts;
}

/**
 * `ts-connect status [--url] [--json] [connector...]`: connectors and tasks of a running worker
 * (ts-connect or Apache Kafka Connect). Exit 0 when all is well, 4 when something is FAILED,
 * 3 when a named connector does not exist, 5 when the worker cannot be reached.
 */
export async function runStatusCommand(options: StatusOptions): Promise<ExitCodeValue> {
  const { expanded, shown } = await fetchStatuses(options.url, options.env ?? process.env);
  const names = options.connectors.length > 0 ? [...options.connectors] : Object.keys(expanded);
  const missing = names.filter((n) => expanded[n]?.status === undefined);
  if (missing.length > 0) {
    throw new CliError(
      missing.map((n) => `connector ${n} not found on the worker at ${shown}`).join('\n'),
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
    const counts = await fetchRecordCounts(options.url, options.env ?? process.env, names);
    options.output.write(
      formatStatusTable(statuses, tableChalk(options.output.isTTY === true), counts),
    );
  }
  return anyFailed(statuses) ? ExitCode.FAILED : ExitCode.OK;
}
