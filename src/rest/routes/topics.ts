import { RestError } from '../rest-error.js';
import { json, type RestContext, type Route } from '../route.js';

function tracking(ctx: RestContext) {
  if (ctx.activeTopics === null) throw new RestError(403, 'Topic tracking is disabled.');
  return ctx.activeTopics;
}

/** KIP-558: the topics a connector uses, and their reset. */
export const topicRoutes: Route[] = [
  {
    method: 'GET',
    path: '/connectors/{name}/topics',
    handle: (req, ctx) => {
      const name = req.params['name']!;
      // An unknown connector has no topics (Kafka answers 200 here, not 404).
      return json(200, { [name]: { topics: tracking(ctx).topics(name) } });
    },
  },
  {
    method: 'PUT',
    path: '/connectors/{name}/topics/reset',
    handle: (req, ctx) => {
      const topics = tracking(ctx);
      if (
        (ctx.workerConfig['topic.tracking.allow.reset'] ?? 'true').trim().toLowerCase() === 'false'
      )
        throw new RestError(403, 'Topic tracking reset is disabled.');
      topics.reset(req.params['name']!);
      return json(202);
    },
  },
];
