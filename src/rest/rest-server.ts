import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { lookup } from 'node:dns/promises';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { Server } from 'node:net';
import { ConnectException } from '../api/errors.js';
import { getLogger } from '../util/logger.js';
import { checkAuth, UnauthorizedError, type RestAuth } from './rest-auth.js';
import { corsHeaders, type CorsSettings } from './cors.js';
import type { Listener } from './listeners.js';
import { RestError, statusOf } from './rest-error.js';
import { Router } from './router.js';
import { STARTING } from './routes/root.js';
import type { HttpMethod, RestContext, RestRequest, RestResponse, Route } from './route.js';
import { tlsOptions } from './tls.js';

const log = getLogger('RestServer');
/** Kafka's request timeout: a request still running after 90 s gets a 500. */
const REQUEST_TIMEOUT_MS = 90_000;
/** Bodies larger than this are refused; connector configs are small. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Where the server answered: one entry per listener, with the port actually bound. */
export interface BoundListener extends Listener {
  boundPort: number;
  admin: boolean;
}

/** Thrown when a listener cannot be bound (port in use, bad host): start-up exit 2. */
export class RestBindException extends ConnectException {
  constructor(
    readonly listener: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`REST listener ${listener} could not be started: ${reason}`, options);
  }
}

export interface RestServerOptions {
  listeners: readonly Listener[];
  /** `admin.listeners`: null = /admin on the main listeners; [] = /admin disabled. */
  adminListeners: readonly Listener[] | null;
  routes: readonly Route[];
  workerConfig: Readonly<Record<string, string>>;
  auth: RestAuth;
  cors: CorsSettings;
  /** `response.http.headers.config` rules, already parsed. */
  extraHeaders?: (headers: Record<string, string>) => void;
}

function isAdminPath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}

/**
 * Kafka Connect's REST server on node:http(s): binds every listener (HTTPS with the
 * `listeners.https.ssl.*` keys), routes requests to the route table, answers errors with
 * Kafka's `{"error_code","message"}` body. Requests are answered only once a context is
 * attached (Kafka registers its resources after the herder is created); before that, 503.
 */
export class RestServer {
  private readonly servers: { server: Server; listener: Listener; admin: boolean }[] = [];
  private readonly bound: BoundListener[] = [];
  private readonly mainRouter: Router;
  private readonly adminRouter: Router;
  private context: RestContext | null = null;
  private localAddress = 'localhost';

  constructor(private readonly opts: RestServerOptions) {
    const admin = opts.routes.filter((r) => isAdminPath(r.path));
    const other = opts.routes.filter((r) => !isAdminPath(r.path));
    this.mainRouter = new Router(opts.adminListeners === null ? opts.routes : other);
    this.adminRouter = new Router(admin);
  }

  /** Binds every listener; on a failure closes those already bound and throws RestBindException. */
  async start(): Promise<void> {
    const all: { listener: Listener; admin: boolean }[] = [
      ...this.opts.listeners.map((listener) => ({ listener, admin: false })),
      ...(this.opts.adminListeners ?? []).map((listener) => ({ listener, admin: true })),
    ];
    if (all.some(({ listener }) => listener.host === undefined)) {
      // A listener on every interface advertises this machine's address, as Jetty's URI does.
      this.localAddress = await lookup(hostname())
        .then((a) => a.address)
        .catch(() => hostname());
    }
    try {
      for (const { listener, admin } of all) await this.bind(listener, admin);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  private async bind(listener: Listener, admin: boolean): Promise<void> {
    let server: Server;
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      void this.handle(req, res, admin ? this.adminRouter : this.mainRouter);
    };
    if (listener.protocol === 'https') {
      let options;
      try {
        options = await tlsOptions(this.opts.workerConfig, admin ? 'admin.listeners' : 'listeners');
      } catch (error) {
        throw new RestBindException(
          listener.url,
          error instanceof Error ? error.message : String(error),
          { cause: error },
        );
      }
      server = createHttpsServer(options, handler);
    } else {
      server = createHttpServer(handler);
    }
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        const reason =
          error.code === 'EADDRINUSE'
            ? `port ${listener.port} is already in use by another process`
            : error.code === 'EACCES'
              ? `permission denied to bind port ${listener.port}`
              : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
                ? `host ${listener.host ?? ''} is not an address of this machine`
                : error.message;
        reject(new RestBindException(listener.url, reason, { cause: error }));
      };
      server.once('error', onError);
      server.listen({ port: listener.port, host: listener.host }, () => {
        server.removeListener('error', onError);
        resolve();
      });
    });
    server.on('error', (error) => log.error(`REST listener ${listener.url} failed`, error));
    const port = (server.address() as AddressInfo).port;
    this.servers.push({ server, listener, admin });
    this.bound.push({ ...listener, boundPort: port, admin });
    log.info(`REST server listening at ${this.urlOf({ ...listener, boundPort: port, admin })}`);
  }

  /** The bound listeners, ports resolved (a `:0` listener gets its real port). */
  listeners(): readonly BoundListener[] {
    return this.bound;
  }

  private urlOf(l: BoundListener): string {
    const host = l.host === undefined ? 'localhost' : l.host.includes(':') ? `[${l.host}]` : l.host;
    return `${l.protocol}://${host}:${l.boundPort}/`;
  }

  /**
   * Kafka's advertised URL: `rest.advertised.listener` picks the protocol (else the first
   * listener's), `rest.advertised.host.name`/`port` override the listener's host and port.
   */
  advertisedUrl(): URL {
    const cfg = this.opts.workerConfig;
    const wanted = cfg['rest.advertised.listener']?.trim().toLowerCase();
    const main = this.bound.filter((b) => !b.admin);
    const chosen = (wanted ? main.find((b) => b.protocol === wanted) : undefined) ?? main[0];
    if (chosen === undefined) throw new ConnectException('No REST listener is bound');
    const host = cfg['rest.advertised.host.name']?.trim() || chosen.host || this.localAddress;
    const port = cfg['rest.advertised.port']?.trim() || String(chosen.boundPort);
    const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    return new URL(`${wanted || chosen.protocol}://${shownHost}:${port}/`);
  }

  /** `host:port` of the advertised URL: the worker id in every status. */
  workerId(): string {
    const url = this.advertisedUrl();
    return `${url.hostname.replace(/^\[|\]$/g, '')}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  }

  /** From now on requests are served with this context. */
  attach(context: RestContext): void {
    this.context = context;
  }

  async stop(): Promise<void> {
    const servers = this.servers.splice(0);
    await Promise.all(
      servers.map(
        ({ server }) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      ),
    );
    if (servers.length > 0) log.info('REST server stopped');
  }

  private async handle(req: IncomingMessage, res: ServerResponse, router: Router): Promise<void> {
    const started = Date.now();
    const headers: Record<string, string> = {};
    let answer: RestResponse;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      const cors = corsHeaders(this.opts.cors, req);
      Object.assign(headers, cors.headers);
      if (cors.preflight) {
        answer = { status: 204 };
      } else {
        checkAuth(this.opts.auth, req, url.pathname);
        const body = await readBody(req);
        answer =
          method === 'OPTIONS'
            ? this.options(router, url)
            : await this.route(router, method === 'HEAD' ? 'GET' : method, url, req, body);
      }
    } catch (error) {
      answer = this.errorResponse(error, url.pathname);
    }
    this.opts.extraHeaders?.(headers);
    const bytes = this.send(res, answer, headers, method === 'HEAD');
    // Kafka's request log: Jetty's NCSA extended format plus the time taken in ms.
    log.info(
      `${req.socket.remoteAddress ?? '-'} - - [${ncsaDate(new Date(started))}] "${method} ${req.url ?? '/'} HTTP/${req.httpVersion}" ` +
        `${answer.status} ${bytes} "${req.headers.referer ?? ''}" "${req.headers['user-agent'] ?? ''}" ${Date.now() - started}`,
    );
  }

  /** Jersey's automatic OPTIONS answer: the path's methods, as text. */
  private options(router: Router, url: URL): RestResponse {
    const allowed = router.allowed(url.pathname);
    if (allowed.length === 0) return errorBody(404, 'HTTP 404 Not Found');
    const methods = [...(allowed.includes('GET') ? ['HEAD'] : []), ...allowed, 'OPTIONS'].join(
      ', ',
    );
    return { status: 200, text: methods, headers: { Allow: methods } };
  }

  private async route(
    router: Router,
    method: string,
    url: URL,
    req: IncomingMessage,
    body: Buffer,
  ): Promise<RestResponse> {
    const match = router.match(method, url.pathname);
    if (match.kind === 'not-found') return errorBody(404, 'HTTP 404 Not Found');
    if (match.kind === 'method-not-allowed') return errorBody(405, 'HTTP 405 Method Not Allowed');
    // Kafka's resources consume application/json only; another declared type is a 415.
    const type = req.headers['content-type'];
    if (body.length > 0 && type !== undefined && !/^application\/(.+\+)?json\b/i.test(type.trim()))
      return errorBody(415, 'HTTP 415 Unsupported Media Type');
    const context = this.context;
    if (context === null)
      return url.pathname === '/health'
        ? STARTING
        : errorBody(503, 'The worker is still starting up; try again in a moment.');
    const request: RestRequest = {
      method: method as HttpMethod,
      path: url.pathname,
      params: match.params,
      query: url.searchParams,
      headers: req.headers,
      json: () => parseJsonBody(body),
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RestError(500, 'Request timed out')), REQUEST_TIMEOUT_MS);
    });
    try {
      return await Promise.race([Promise.resolve(match.route.handle(request, context)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private errorResponse(error: unknown, path: string): RestResponse {
    const status = statusOf(error);
    const message = error instanceof Error ? error.message : String(error);
    if (status >= 500) log.error(`Uncaught exception in REST call to ${path}`, error);
    else log.debug(`REST call to ${path} failed with ${status}: ${message}`);
    const answer = errorBody(status, message);
    if (error instanceof UnauthorizedError)
      answer.headers = { 'WWW-Authenticate': error.challenge };
    return answer;
  }

  /** Writes the answer; returns the bytes of body sent. */
  private send(
    res: ServerResponse,
    answer: RestResponse,
    headers: Record<string, string>,
    headOnly: boolean,
  ): number {
    const all: Record<string, string> = { ...headers, ...(answer.headers ?? {}) };
    let payload: string | undefined;
    if (answer.text !== undefined) {
      payload = answer.text;
      all['Content-Type'] = answer.contentType ?? 'text/plain; charset=utf-8';
    } else if (answer.body !== undefined) {
      payload = JSON.stringify(answer.body);
      all['Content-Type'] = 'application/json';
    }
    if (payload !== undefined) all['Content-Length'] = String(Buffer.byteLength(payload));
    res.writeHead(answer.status, all);
    res.end(headOnly ? undefined : payload);
    return headOnly || payload === undefined ? 0 : Buffer.byteLength(payload);
  }
}

/** Kafka's error entity. */
export function errorBody(status: number, message: string): RestResponse {
  return { status, body: { error_code: status, message } };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new RestError(413, `Request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The body as JSON. A malformed body is the client's mistake: 400 with the parser's reason and
 * where it is (Kafka answers 500 with Jackson's message).
 */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RestError(
      400,
      `Request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `28/Nov/2026:17:28:24 +0000`, the NCSA log date (in UTC). */
function ncsaDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
