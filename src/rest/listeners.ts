import { ConfigException } from '../api/errors.js';

/** One REST listener from `listeners` (Kafka's RestServer listener format). */
export interface Listener {
  protocol: 'http' | 'https';
  /** The host to bind; `undefined` binds every interface (an empty host in the URL). */
  host: string | undefined;
  port: number;
  /** As written, for messages. */
  url: string;
}

const LISTENER = /^(.*):\/\/\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)/;

/** Where we bind when `listeners` is unset: loopback only (Kafka binds every interface). */
export const DEFAULT_LISTENER = 'http://127.0.0.1:8083';

/** Parses one listener URL as Kafka does; a bad one throws Kafka's message. */
export function parseListener(url: string): Listener {
  const m = LISTENER.exec(url.trim());
  if (m === null)
    throw new ConfigException(
      `Listener doesn't have the right format (protocol://hostname:port).`,
      'listeners',
    );
  const protocol = m[1]!.toLowerCase();
  if (protocol !== 'http' && protocol !== 'https')
    throw new ConfigException(`Listener protocol must be either "http" or "https".`, 'listeners');
  const port = Number(m[3]);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigException(`Invalid port in listener ${url.trim()}`, 'listeners');
  const host = m[2] === '' ? undefined : m[2]!;
  return { protocol, host, port, url: url.trim() };
}

/**
 * The listeners to bind: `listeners` as the user wrote it, else {@link DEFAULT_LISTENER}.
 * `raw` is the worker config as written, so a defaulted value is told from an explicit one.
 */
export function configuredListeners(resolved: Readonly<Record<string, string>>): Listener[] {
  const value = resolved['listeners'];
  const urls =
    value === undefined || value.trim() === ''
      ? [DEFAULT_LISTENER]
      : value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  return urls.map(parseListener);
}

/** `admin.listeners`: null when unset (admin routes on the main listeners), [] to disable. */
export function configuredAdminListeners(
  resolved: Readonly<Record<string, string>>,
): Listener[] | null {
  const value = resolved['admin.listeners'];
  if (value === undefined) return null;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(parseListener);
}
