/**
 * The exception hierarchy of Kafka Connect, as plugin authors know it.
 *
 * The runtime decides what to do from the class of an error: a {@link RetriableException}
 * is retried (within `errors.retry.timeout`), a {@link DataException} goes through the
 * error-tolerance path of its stage, a {@link ConfigException} is a user's mistake that is
 * reported in one line and never with a stack trace, and any other error fails the task.
 */

/** The base of every Connect error. */
export class ConnectException extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A problem with data: conversion, schema mismatch, a record a transform cannot handle. */
export class DataException extends ConnectException {}

/** A transient failure: the runtime retries the same operation. */
export class RetriableException extends ConnectException {}

/** A connector or task that does not exist, or a config naming something that does not exist. */
export class NotFoundException extends ConnectException {}

/** A connector with that name already exists. */
export class AlreadyExistsException extends ConnectException {}

/**
 * A bad configuration value. `key` names the config key; `source` (file and line), when the
 * value came from a file, lets the message name where to fix it.
 */
export class ConfigException extends ConnectException {
  readonly key: string | undefined;
  constructor(message: string, key?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.key = key;
  }
}
