import { NotFoundException } from '../../api/errors.js';
import type { ConnectorView } from '../../runtime/metrics/prometheus-exporter.js';
import type { TaskFigures, TaskMetrics } from '../../runtime/metrics/task-metrics.js';
import type { StandaloneHerder } from '../../runtime/standalone-herder.js';
import { json, type RestContext, type Route } from '../route.js';
import { notFound } from '../rest-error.js';

function taskMetricsOf(ctx: RestContext, connector?: string): TaskMetrics[] {
  return ctx.taskMetrics?.(connector) ?? [];
}

function connectorViews(herder: StandaloneHerder): ConnectorView[] {
  const views: ConnectorView[] = [];
  for (const name of herder.connectorNames()) {
    try {
      const status = herder.connectorStatus(name);
      const info = herder.connectorInfo(name);
      views.push({
        name,
        type: status.type,
        className: info.config['connector.class']?.trim() ?? '',
        state: status.connector.state,
        tasks: status.tasks.map((t) => ({ id: t.id, state: t.state })),
      });
    } catch (error) {
      // Deleted between listing and reading: it is simply not in this scrape.
      if (!(error instanceof NotFoundException)) throw error;
    }
  }
  return views;
}

/** `GET /connectors/{name}/figures`: Kafka's status plus each task's figures (docs/metrics.md). */
function connectorFigures(
  ctx: RestContext,
  name: string,
): { name: string; type: string; tasks: (TaskFigures & { state: string })[] } {
  const status = ctx.herder.connectorStatus(name);
  const figures = new Map(taskMetricsOf(ctx, name).map((m) => [m.id.task, m.figures()]));
  return {
    name,
    type: status.type,
    tasks: status.tasks
      .filter((t) => figures.has(t.id))
      .map((t) => ({ ...figures.get(t.id)!, state: t.state })),
  };
}

/**
 * `GET /metrics` (Prometheus text, named after Kafka Connect's metrics) and the per-task figures
 * as JSON, on paths Kafka does not have so that Kafka's own endpoints keep their exact shape.
 */
export const metricsRoutes: Route[] = [
  {
    method: 'GET',
    path: '/metrics',
    handle: async (_req, ctx) => {
      // Loaded on the first scrape: prom-client (and what it pulls in) would add tens of ms to
      // every start-up, and most runs are never scraped.
      const { renderPrometheus } = await import('../../runtime/metrics/prometheus-exporter.js');
      const { contentType, text } = await renderPrometheus({
        connectors: connectorViews(ctx.herder),
        tasks: taskMetricsOf(ctx),
        ...(ctx.workerMetrics !== undefined ? { worker: ctx.workerMetrics() } : {}),
      });
      return { status: 200, text, contentType };
    },
  },
  {
    method: 'GET',
    path: '/connectors/{name}/figures',
    handle: (req, ctx) => json(200, connectorFigures(ctx, req.params['name']!)),
  },
  {
    method: 'GET',
    path: '/connectors/{name}/tasks/{task}/figures',
    handle: (req, ctx) => {
      const name = req.params['name']!;
      const raw = req.params['task']!;
      const all = connectorFigures(ctx, name);
      const task = all.tasks.find((t) => String(t.id) === raw);
      if (task === undefined) throw notFound(`Task ${name}-${raw} not found`);
      return json(200, task);
    },
  },
];
