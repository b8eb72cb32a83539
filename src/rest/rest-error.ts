import { AlreadyExistsException, ConfigException, NotFoundException } from '../api/errors.js';

/**
 * An error with the HTTP status Kafka's REST layer gives it (Kafka's ConnectRestException).
 * The body is always Kafka's `{"error_code": status, "message": …}`.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RestError';
  }
}

/** Kafka's `BadRequestException`. */
export function badRequest(message: string): RestError {
  return new RestError(400, message);
}

/** Kafka's `NotFoundException` from the REST layer. */
export function notFound(message: string): RestError {
  return new RestError(404, message);
}

/**
 * Kafka's ConnectExceptionMapper: NotFound → 404, AlreadyExists → 409, a bad config → 400,
 * a RestError → its status, anything else → 500.
 */
export function statusOf(error: unknown): number {
  if (error instanceof RestError) return error.status;
  if (error instanceof NotFoundException) return 404;
  if (error instanceof AlreadyExistsException) return 409;
  if (error instanceof ConfigException) return 400;
  return 500;
}
