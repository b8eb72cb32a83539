import type { Route } from '../route.js';
import { metricsRoutes } from './metrics.js';
import { connectorPluginRoutes } from './connector-plugins.js';
import { connectorRoutes } from './connectors.js';
import { loggerRoutes } from './loggers.js';
import { offsetRoutes } from './offsets.js';
import { rootRoutes } from './root.js';
import { topicRoutes } from './topics.js';

/**
 * Every REST route. A feature adds its routes file to this list; the router picks the most
 * literal template, so order here does not matter.
 */
export const ALL_ROUTES: readonly Route[] = [
  ...rootRoutes,
  ...connectorRoutes,
  ...connectorPluginRoutes,
  ...loggerRoutes,
  ...offsetRoutes,
  ...topicRoutes,
  ...metricsRoutes,
];
