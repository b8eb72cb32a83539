import { json, type Route } from '../route.js';
import { TS_CONNECT_COMMIT, TS_CONNECT_VERSION } from '../version.js';

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
    handle: (_req, ctx) =>
      ctx.health() === 'healthy'
        ? json(200, {
            status: 'healthy',
            message: 'Worker has completed startup and is ready to handle requests.',
          })
        : json(503, { status: 'starting', message: 'Worker is still starting up.' }),
  },
];
