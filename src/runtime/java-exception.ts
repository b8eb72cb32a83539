import {
  AlreadyExistsException,
  ConfigException,
  ConnectException,
  DataException,
  NotFoundException,
  RetriableException,
} from '../api/errors.js';
import { SchemaBuilderException } from '../api/schema-builder.js';

/**
 * Java names of the Connect exceptions a plugin throws, most specific first, so error reports
 * (DLQ headers, logs) name them as Kafka Connect does. Subclasses of ours that plugins define
 * are named by their nearest Connect ancestor's Java package plus their own name.
 */
const CONNECT_EXCEPTIONS: readonly [abstract new (...args: never[]) => Error, string][] = [
  [SchemaBuilderException, 'org.apache.kafka.connect.errors.SchemaBuilderException'],
  [ConfigException, 'org.apache.kafka.common.config.ConfigException'],
  [DataException, 'org.apache.kafka.connect.errors.DataException'],
  [RetriableException, 'org.apache.kafka.connect.errors.RetriableException'],
  [NotFoundException, 'org.apache.kafka.connect.errors.NotFoundException'],
  [AlreadyExistsException, 'org.apache.kafka.connect.errors.AlreadyExistsException'],
  [ConnectException, 'org.apache.kafka.connect.errors.ConnectException'],
];

/**
 * The class name Kafka would report for `error` (`Throwable.getClass().getName()`): the Java
 * name of a Connect exception, otherwise the JavaScript error's own name (`TypeError`).
 */
export function javaExceptionClassName(error: unknown): string {
  if (!(error instanceof Error)) return 'java.lang.RuntimeException';
  for (const [ctor, javaName] of CONNECT_EXCEPTIONS) {
    if (error.constructor === ctor) return javaName;
  }
  for (const [ctor, javaName] of CONNECT_EXCEPTIONS) {
    if (error instanceof ctor) return javaName.slice(0, javaName.lastIndexOf('.') + 1) + error.name;
  }
  return error.name;
}

/** `Throwable.getMessage()`: null when the error carries none. */
export function javaExceptionMessage(error: unknown): string | null {
  if (error instanceof Error) return error.message;
  return error === undefined || error === null ? null : String(error);
}

/** `Throwable.toString()`: the class name, then `: message` when there is a message. */
function javaToString(error: unknown): string {
  const message = javaExceptionMessage(error);
  const name = javaExceptionClassName(error);
  return message === null ? name : `${name}: ${message}`;
}

/** The `at …` frames of a JavaScript stack, without its first (message) lines. */
function frames(error: unknown): string[] {
  if (!(error instanceof Error) || error.stack === undefined) return [];
  return error.stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => `\tat ${line.trim().slice(3)}`);
}

/**
 * The text of Java's `Throwable.printStackTrace()` for `error`: `class: message`, one `\tat`
 * line per frame (JavaScript frames here), then each cause as `Caused by: …`, lines ending in
 * the platform separator as Java's PrintStream writes them.
 */
export function javaStackTrace(error: unknown): string {
  const lines: string[] = [javaToString(error), ...frames(error)];
  const seen = new Set<unknown>([error]);
  let cause = error instanceof Error ? error.cause : undefined;
  while (cause !== undefined && cause !== null && !seen.has(cause)) {
    seen.add(cause);
    lines.push(`Caused by: ${javaToString(cause)}`, ...frames(cause));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return lines.map((l) => `${l}\n`).join('');
}
