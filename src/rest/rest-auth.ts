import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ConfigException } from '../api/errors.js';
import { REST_AUTH_CONFIG } from './rest-config.js';
import { RestError } from './rest-error.js';

/** Optional REST authentication (ts-connect's `rest.auth.*` keys; Kafka has none by default). */
export type RestAuth =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string; exemptHealth: boolean }
  | { type: 'bearer'; token: string; exemptHealth: boolean };

/** Reads `rest.auth.*` from the resolved worker config; a missing credential is a config error. */
export function restAuthFrom(resolved: Readonly<Record<string, string>>): RestAuth {
  const problems = REST_AUTH_CONFIG.validate(resolved);
  if (problems.length > 0) throw new ConfigException(problems[0]!.message, problems[0]!.key);
  const cfg = REST_AUTH_CONFIG.parse(resolved);
  const type = cfg.getString('rest.auth.type').toLowerCase();
  const exemptHealth = cfg.getBoolean('rest.auth.exempt.health');
  if (type === 'basic') {
    const username = resolved['rest.auth.basic.username']?.trim() ?? '';
    const password = resolved['rest.auth.basic.password'] ?? '';
    if (username === '' || password === '')
      throw new ConfigException(
        'rest.auth.type=basic needs rest.auth.basic.username and rest.auth.basic.password',
        username === '' ? 'rest.auth.basic.username' : 'rest.auth.basic.password',
      );
    return { type, username, password, exemptHealth };
  }
  if (type === 'bearer') {
    const token = resolved['rest.auth.bearer.token']?.trim() ?? '';
    if (token === '')
      throw new ConfigException(
        'rest.auth.type=bearer needs rest.auth.bearer.token',
        'rest.auth.bearer.token',
      );
    return { type, token, exemptHealth };
  }
  return { type: 'none' };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Throws a 401 unless the request carries the configured credentials. */
export function checkAuth(auth: RestAuth, req: IncomingMessage, path: string): void {
  if (auth.type === 'none') return;
  if (auth.exemptHealth && path === '/health') return;
  const header = req.headers.authorization ?? '';
  const space = header.indexOf(' ');
  const scheme = space < 0 ? header : header.slice(0, space);
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  let ok = false;
  if (auth.type === 'basic' && scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    ok =
      colon >= 0 &&
      same(decoded.slice(0, colon), auth.username) &&
      same(decoded.slice(colon + 1), auth.password);
  } else if (auth.type === 'bearer' && scheme.toLowerCase() === 'bearer') {
    ok = same(value, auth.token);
  }
  if (!ok) {
    const challenge = auth.type === 'basic' ? 'Basic realm="ts-connect"' : 'Bearer';
    throw new UnauthorizedError(challenge);
  }
}

/** A 401 that carries its WWW-Authenticate challenge. */
export class UnauthorizedError extends RestError {
  constructor(readonly challenge: string) {
    super(401, 'Unauthorized: valid credentials are required');
  }
}
