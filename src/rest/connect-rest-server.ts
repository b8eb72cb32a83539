import { ConfigException } from '../api/errors.js';
import { getLogger } from '../util/logger.js';
import { corsSettingsFrom } from './cors.js';
import { configuredAdminListeners, configuredListeners } from './listeners.js';
import { restAuthFrom } from './rest-auth.js';
import { RestServer } from './rest-server.js';
import { responseHeaderRules } from './response-headers.js';
import { ALL_ROUTES } from './routes/index.js';

const log = getLogger('RestServer');

/**
 * The REST server as the worker config describes it: listeners (loopback 8083 when unset),
 * admin listeners, CORS, response headers and optional authentication. Throws ConfigException
 * for a bad REST setting; binding happens in {@link RestServer.start}.
 */
export function createConnectRestServer(resolved: Readonly<Record<string, string>>): RestServer {
  const auth = restAuthFrom(resolved);
  checkRestExtensions(resolved['rest.extension.classes'] ?? '', auth.type);
  return new RestServer({
    listeners: configuredListeners(resolved),
    adminListeners: configuredAdminListeners(resolved),
    routes: ALL_ROUTES,
    workerConfig: resolved,
    auth,
    cors: corsSettingsFrom(resolved),
    extraHeaders: responseHeaderRules(resolved['response.http.headers.config'] ?? ''),
  });
}

/**
 * `rest.extension.classes` names JVM classes we cannot load. Kafka's basic-auth extension
 * without `rest.auth.*` would leave the API open where the user asked for a password, so that
 * stops start-up; any other extension is logged and ignored.
 */
function checkRestExtensions(value: string, authType: string): void {
  const classes = value
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  for (const c of classes) {
    if (c.endsWith('BasicAuthSecurityRestExtension') && authType === 'none')
      throw new ConfigException(
        `${c} is a JVM REST extension ts-connect cannot load; set rest.auth.type=basic with ` +
          'rest.auth.basic.username and rest.auth.basic.password instead',
        'rest.extension.classes',
      );
    log.warn(`REST extension ${c} is a JVM class and is not loaded (rest.extension.classes)`);
  }
}
