import { json, type Route } from '../route.js';
import { TS_CONNECT_COMMIT, TS_CONNECT_VERSION } from '../version.js';

const HEALTH_TIMEOUT_MS = 10_000;

/** Kafka's answer while the worker starts. */
export const STARTING = json(503, { status: 'starting', message: 'Worker is still starting up.' });

/** `GET /` (Kafka's RootResource) and `GET /health` (KIP-1017). */
export const rootRoutes: Route[] = [
  {
    method: 'GET',
    path: '/',
    handle: (_req, ctx) =>
      json(200, {
        version: TS_CONNECT_VERSION,
        commit: TS_CONNECT_COMMIT,
        kafka_cluster_id: ctx.clusterId,
      }),
  },
  {
    method: 'GET',
    path: '/health',
    handle: async (_req, ctx) => {
      if (ctx.health() !== 'healthy') return STARTING;
      // As Kafka: the herder must take a request within 10 s, or the worker is unhealthy.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS);
      });
      const alive = await Promise.race([ctx.herder.ping().then(() => true), timeout]);
      clearTimeout(timer);
      return alive
        ? json(200, {
            status: 'healthy',
            message: 'Worker has completed startup and is ready to handle requests.',
          })
        : json(500, {
            status: 'unhealthy',
            message:
              'Worker was unable to handle this request and may be unable to handle other requests.',
          });
    },
  },
];
