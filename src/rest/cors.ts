import type { IncomingMessage } from 'node:http';

/** `access.control.allow.origin` / `.methods` (Kafka installs Jetty's CrossOriginFilter). */
export interface CorsSettings {
  /** Comma-separated origins, `*` for any; empty disables CORS. */
  allowOrigin: string;
  /** Comma-separated methods; empty means Jetty's default, GET,POST,HEAD. */
  allowMethods: string;
}

export function corsSettingsFrom(resolved: Readonly<Record<string, string>>): CorsSettings {
  return {
    allowOrigin: resolved['access.control.allow.origin']?.trim() ?? '',
    allowMethods: resolved['access.control.allow.methods']?.trim() ?? '',
  };
}

/**
 * The CORS headers for a request, as Jetty's CrossOriginFilter sets them: only for an allowed
 * `Origin`; a preflight (OPTIONS with Access-Control-Request-Method) also gets the methods.
 */
export function corsHeaders(
  settings: CorsSettings,
  req: IncomingMessage,
): { headers: Record<string, string>; preflight: boolean } {
  const origin = req.headers.origin;
  const preflight =
    req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (settings.allowOrigin === '' || origin === undefined) return { headers: {}, preflight: false };
  const allowed = settings.allowOrigin.split(',').map((s) => s.trim());
  if (!allowed.includes('*') && !allowed.includes(origin)) return { headers: {}, preflight: false };
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  };
  if (preflight) {
    headers['Access-Control-Allow-Methods'] = settings.allowMethods || 'GET,POST,HEAD';
    headers['Access-Control-Allow-Headers'] = 'X-Requested-With,Content-Type,Accept,Origin';
    headers['Access-Control-Max-Age'] = '1800';
  }
  return { headers, preflight };
}
