// First, so kafkajs loads with its producer hot spots replaced (see kafkajs-patches.ts).
import './kafkajs-patches.js';
import { Kafka, logLevel, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import { getLogger, type Logger } from '../util/logger.js';
import type { ClientSettings } from './client-settings.js';

// We always pass a partitioner explicitly; this only keeps kafkajs's v2 migration notice away
// for any client created without one.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/** Identical kafkajs lines within this window are demoted to DEBUG (reconnect loops repeat them). */
const REPEAT_WINDOW_MS = 30_000;

const CLIENT_LABEL: Record<ClientSettings['kind'], string> = {
  producer: 'Producer',
  consumer: 'Consumer',
  admin: 'AdminClient',
};

function extras(log: LogEntry['log']): string {
  const parts: string[] = [];
  // Not retryCount/retryTime: they change on every attempt and would defeat the repeat filter.
  for (const key of ['broker', 'topic', 'partition', 'groupId', 'error']) {
    const v: unknown = log[key];
    if (v !== undefined && v !== null && v !== '') parts.push(`${key}=${String(v)}`);
  }
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/**
 * kafkajs's own log lines into our logger, in the form of Kafka's client logs
 * (`[Producer clientId=…] …`). kafkajs logs routine steps at INFO and every failed reconnect
 * attempt at ERROR, while the runtime reports what matters itself (a task that waits for Kafka, a
 * send that failed): so INFO becomes DEBUG, ERROR becomes WARN, and a line repeated within 30 s
 * is demoted to DEBUG.
 */
function logCreatorFor(settings: ClientSettings, context: string | null) {
  const prefix = `[${CLIENT_LABEL[settings.kind]} clientId=${settings.clientId}] `;
  const lastSeen = new Map<string, number>();
  return () =>
    ({ namespace, level, log }: LogEntry): void => {
      const base = getLogger(`kafkajs.${namespace || 'Client'}`);
      const logger: Logger = context === null ? base : base.withContext(context);
      const text = prefix + log.message + extras(log);
      if (level === logLevel.ERROR || level === logLevel.WARN) {
        const now = Date.now();
        const seen = lastSeen.get(text);
        lastSeen.set(text, now);
        if (lastSeen.size > 200) lastSeen.clear();
        if (seen !== undefined && now - seen < REPEAT_WINDOW_MS) logger.debug(text);
        else logger.warn(text);
      } else if (level === logLevel.INFO) {
        logger.debug(text);
      } else {
        logger.trace(text);
      }
    };
}

/** The kafkajs client for one of our clients; `context` is the `conn|task-0` log context. */
export function createKafka(settings: ClientSettings, context: string | null = null): Kafka {
  const config: KafkaConfig = {
    brokers: settings.brokers,
    clientId: settings.clientId,
    connectionTimeout: settings.connectionTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    retry: { ...settings.retry },
    logLevel: logLevel.DEBUG,
    logCreator: logCreatorFor(settings, context),
  };
  if (settings.ssl !== null) config.ssl = settings.ssl;
  if (settings.sasl !== null) config.sasl = settings.sasl as SASLOptions;
  return new Kafka(config);
}

interface KafkaJsErrorLike {
  name?: string;
  message?: string;
  retriable?: boolean;
  type?: string;
  cause?: unknown;
  originalError?: unknown;
}

/** The innermost error kafkajs wrapped (KafkaJSNumberOfRetriesExceeded → the last attempt's error). */
export function rootCause(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 10; i++) {
    const e = current as KafkaJsErrorLike | null;
    if (e === null || typeof e !== 'object') return current;
    const next = e.cause ?? e.originalError;
    if (next === undefined || next === null || next === current) return current;
    current = next;
  }
  return current;
}

/** Errors that mean "the broker is not reachable or not ready yet": wait and try again. */
const TRANSIENT_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSBrokerNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSStaleTopicMetadataAssignment',
  'KafkaJSLockTimeout',
  'KafkaJSTimeout',
  'KafkaJSGroupCoordinatorNotFound',
]);

/**
 * Whether a kafkajs failure is transient (Kafka's RetriableException family, plus connection
 * loss): the caller should back off and try again rather than fail.
 */
export function isTransient(error: unknown): boolean {
  const root = rootCause(error) as KafkaJsErrorLike | null;
  if (root === null || typeof root !== 'object') return false;
  if (root.name !== undefined && TRANSIENT_NAMES.has(root.name)) return true;
  if (root.name === 'KafkaJSProtocolError') return root.retriable === true;
  // Socket errors surfacing without a kafkajs wrapper.
  const code = (root as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NOTFOUND|AI_AGAIN)$/.test(code)
  );
}

/** One line describing a kafkajs failure, naming the protocol error type when there is one. */
export function describeKafkaError(error: unknown): string {
  const root = rootCause(error) as KafkaJsErrorLike | null;
  if (root === null || typeof root !== 'object') return String(error);
  const type = root.type !== undefined ? ` (${root.type})` : '';
  return `${root.message ?? String(root)}${type}`;
}
