import { corsSettingsFrom } from './cors.js';
import { configuredAdminListeners, configuredListeners } from './listeners.js';
import { restAuthFrom } from './rest-auth.js';
import { RestServer } from './rest-server.js';
import { responseHeaderRules } from './response-headers.js';
import { ALL_ROUTES } from './routes/index.js';

/**
 * The REST server as the worker config describes it: listeners (loopback 8083 when unset),
 * admin listeners, CORS, response headers and optional authentication. Throws ConfigException
 * for a bad REST setting; binding happens in {@link RestServer.start}.
 */
export function createConnectRestServer(resolved: Readonly<Record<string, string>>): RestServer {
  return new RestServer({
    listeners: configuredListeners(resolved),
    adminListeners: configuredAdminListeners(resolved),
    routes: ALL_ROUTES,
    workerConfig: resolved,
    auth: restAuthFrom(resolved),
    cors: corsSettingsFrom(resolved),
    extraHeaders: responseHeaderRules(resolved['response.http.headers.config'] ?? ''),
  });
}
