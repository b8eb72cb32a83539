import type { IncomingHttpHeaders } from 'node:http';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { TaskMetrics } from '../runtime/metrics/task-metrics.js';
import type { WorkerMetrics } from '../runtime/metrics/worker-metrics.js';
import type { ActiveTopics } from '../runtime/active-topics.js';
import type { StandaloneHerder } from '../runtime/standalone-herder.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request, as a route handler sees it. */
export interface RestRequest {
  method: HttpMethod;
  /** The decoded path, e.g. `/connectors/my%20conn` → `/connectors/my conn`. */
  path: string;
  /** Path parameters by the names in the route's `{…}` segments, URI-decoded. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON; `undefined` when empty. A malformed body throws a 400 RestError. */
  json(): unknown;
}

/** What a handler answers. `body` is sent as JSON; `text` as is (with `contentType`). */
export interface RestResponse {
  status: number;
  body?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Whether the worker is ready for requests (Kafka's `GET /health`). */
export type HealthState = 'starting' | 'healthy';

/**
 * What handlers work with. Other features add optional fields here (and set them where the
 * server is created, src/runtime/connect-standalone.ts).
 */
export interface RestContext {
  herder: StandaloneHerder;
  registry: PluginRegistry;
  /** The worker config with variables resolved. */
  workerConfig: Readonly<Record<string, string>>;
  clusterId: string;
  /** Topics per connector (KIP-558); null when `topic.tracking.enable=false`. */
  activeTopics: ActiveTopics | null;
  /** `starting` until the command-line connectors were created. */
  health(): HealthState;
  /** The figures of the worker's tasks (all, or one connector's), for /metrics and figures. */
  taskMetrics?(connector?: string): TaskMetrics[];
  /** The worker's start-up counters, for /metrics. */
  workerMetrics?(): WorkerMetrics;
}

/**
 * One endpoint: method, path template (`/connectors/{name}/status`) and handler. Each file in
 * routes/ exports a list of these; routes/index.ts joins them.
 */
export interface Route {
  method: HttpMethod;
  path: string;
  handle(req: RestRequest, ctx: RestContext): RestResponse | Promise<RestResponse>;
}

/** A JSON answer. */
export function json(
  status: number,
  body?: unknown,
  headers?: Record<string, string>,
): RestResponse {
  return { status, body, ...(headers !== undefined ? { headers } : {}) };
}
