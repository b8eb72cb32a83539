import { NotFoundException } from '../../api/errors.js';
import type { InitialState } from '../../config/connector-file.js';
import type { ConnectorInfo, TaskInfo } from '../../runtime/standalone-herder.js';
import { booleanParam, configMap, expectObject, intParam, rejectUnknownFields } from '../body.js';
import { maskConnectorConfig, scrub, secretValues } from '../mask.js';
import { RestError, statusOf } from '../rest-error.js';
import { json, type RestContext, type Route } from '../route.js';
import { versionedStatus, versionedTaskStatus } from '../status-versions.js';

/** ConnectorInfo with secrets hidden. */
function shownInfo(info: ConnectorInfo, ctx: RestContext): ConnectorInfo {
  return { ...info, config: maskConnectorConfig(info.config, ctx.registry) };
}

function shownTasks(tasks: TaskInfo[], connectorConfig: Record<string, string>, ctx: RestContext) {
  return tasks.map((t) => ({
    id: t.id,
    config: maskConnectorConfig(t.config, ctx.registry, connectorConfig),
  }));
}

/** Runs `fn`; an error's message loses every secret value of `config` (same status). */
async function scrubbed<T>(
  config: Readonly<Record<string, string | null>>,
  ctx: RestContext,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const secrets = secretValues(config, ctx.registry);
    if (secrets.length === 0 || !(error instanceof Error)) throw error;
    const message = scrub(error.message, secrets);
    if (message === error.message) throw error;
    throw new RestError(statusOf(error), message);
  }
}

/** 404 with Kafka's message for this endpoint when the connector does not exist. */
function requireConnector(ctx: RestContext, name: string, message: string): void {
  if (!ctx.herder.connectorNames().includes(name)) throw new NotFoundException(message);
}

/** Kafka's checkAndPutConnectorConfigName. */
function putName(name: string, config: Record<string, string>): Record<string, string> {
  const included = config['name'];
  if (included !== undefined && included !== name)
    throw new RestError(
      400,
      `Connector name configuration (${included}) doesn't match connector name in the URL (${name})`,
    );
  return { ...config, name };
}

const INITIAL_STATES = ['RUNNING', 'PAUSED', 'STOPPED'];

function location(name: string): Record<string, string> {
  return { Location: `/connectors/${encodeURIComponent(name)}` };
}

/** Kafka's ConnectorsResource: the connector endpoints of a standalone worker. */
export const connectorRoutes: Route[] = [
  {
    method: 'GET',
    path: '/connectors',
    handle: (req, ctx) => {
      const names = ctx.herder.connectorNames();
      const expand = req.query.getAll('expand');
      if (!req.query.has('expand')) return json(200, names);
      const out: Record<string, Record<string, unknown>> = {};
      for (const name of names) {
        try {
          const expansions: Record<string, unknown> = {};
          for (const e of expand) {
            if (e === 'status')
              expansions['status'] = versionedStatus(ctx, ctx.herder.connectorStatus(name));
            else if (e === 'info')
              expansions['info'] = shownInfo(ctx.herder.connectorInfo(name), ctx);
          }
          out[name] = expansions;
        } catch (error) {
          // Deleted while we looked: left out, as Kafka does.
          if (!(error instanceof NotFoundException)) throw error;
        }
      }
      return json(200, out);
    },
  },
  {
    method: 'POST',
    path: '/connectors',
    handle: async (req, ctx) => {
      const body = expectObject(req.json(), 'a connector: {"name", "config", "initial_state"}');
      rejectUnknownFields(
        body,
        ['name', 'config', 'initial_state'],
        'the create connector request',
      );
      if (body['name'] !== undefined && body['name'] !== null && typeof body['name'] !== 'string')
        throw new RestError(400, '"name" must be a string');
      const name = typeof body['name'] === 'string' ? body['name'].trim() : '';
      const config = putName(
        name,
        configMap(body['config'], 'the "config" object of the connector'),
      );
      const initial = body['initial_state'];
      if (initial !== undefined && initial !== null && !INITIAL_STATES.includes(String(initial)))
        throw new RestError(
          400,
          `"initial_state" must be one of ${INITIAL_STATES.join(', ')}, not ${JSON.stringify(initial)}`,
        );
      const { info } = await scrubbed(config, ctx, () =>
        ctx.herder.putConnectorConfig(name, config, {
          allowReplace: false,
          ...(typeof initial === 'string' ? { initialState: initial as InitialState } : {}),
        }),
      );
      return json(201, shownInfo(info, ctx), location(name));
    },
  },
  {
    method: 'GET',
    path: '/connectors/{name}',
    handle: (req, ctx) => json(200, shownInfo(ctx.herder.connectorInfo(req.params['name']!), ctx)),
  },
  {
    method: 'GET',
    path: '/connectors/{name}/config',
    handle: (req, ctx) =>
      json(200, maskConnectorConfig(ctx.herder.connectorConfig(req.params['name']!), ctx.registry)),
  },
  {
    method: 'PUT',
    path: '/connectors/{name}/config',
    handle: async (req, ctx) => {
      const name = req.params['name']!;
      const config = putName(name, configMap(req.json(), 'the connector config (a JSON object)'));
      const { created, info } = await scrubbed(config, ctx, () =>
        ctx.herder.putConnectorConfig(name, config, { allowReplace: true }),
      );
      return created
        ? json(201, shownInfo(info, ctx), location(name))
        : json(200, shownInfo(info, ctx));
    },
  },
  {
    method: 'PATCH',
    path: '/connectors/{name}/config',
    handle: async (req, ctx) => {
      const name = req.params['name']!;
      const patch = configMap(req.json(), 'the config keys to change (a JSON object)', true);
      const included = patch['name'];
      if (included !== undefined && included !== null && included !== name)
        throw new RestError(
          400,
          `Connector name configuration (${included}) doesn't match connector name in the URL (${name})`,
        );
      const info = await scrubbed(patch, ctx, () => ctx.herder.patchConnectorConfig(name, patch));
      return json(200, shownInfo(info, ctx));
    },
  },
  {
    method: 'GET',
    path: '/connectors/{name}/status',
    handle: (req, ctx) => {
      const name = req.params['name']!;
      requireConnector(ctx, name, `No status found for connector ${name}`);
      return json(200, versionedStatus(ctx, ctx.herder.connectorStatus(name)));
    },
  },
  {
    method: 'GET',
    path: '/connectors/{name}/tasks',
    handle: (req, ctx) => {
      const name = req.params['name']!;
      const tasks = ctx.herder.taskConfigs(name);
      return json(200, shownTasks(tasks, ctx.herder.connectorConfig(name), ctx));
    },
  },
  {
    method: 'GET',
    path: '/connectors/{name}/tasks/{task}/status',
    handle: (req, ctx) => {
      const name = req.params['name']!;
      const task = intParam(req.params['task']);
      requireConnector(ctx, name, `No status found for task ${name}-${task}`);
      return json(200, versionedTaskStatus(ctx, name, ctx.herder.taskStatus(name, task)));
    },
  },
  {
    method: 'POST',
    path: '/connectors/{name}/tasks/{task}/restart',
    handle: async (req, ctx) => {
      const name = req.params['name']!;
      const task = intParam(req.params['task']);
      requireConnector(ctx, name, `Unknown connector: ${name}`);
      await ctx.herder.restartTask(name, task);
      return json(204);
    },
  },
  {
    method: 'POST',
    path: '/connectors/{name}/restart',
    handle: async (req, ctx) => {
      const name = req.params['name']!;
      requireConnector(ctx, name, `Unknown connector: ${name}`);
      const includeTasks = booleanParam(req.query, 'includeTasks', false);
      const onlyFailed = booleanParam(req.query, 'onlyFailed', false);
      const status = await ctx.herder.restartConnector(name, { includeTasks, onlyFailed });
      return status === null ? json(204) : json(202, versionedStatus(ctx, status));
    },
  },
  {
    method: 'PUT',
    path: '/connectors/{name}/pause',
    handle: async (req, ctx) => {
      const name = req.params['name']!;
      requireConnector(ctx, name, `Unknown connector ${name}`);
      await ctx.herder.pauseConnector(name);
      return json(202);
    },
  },
  {
    method: 'PUT',
    path: '/connectors/{name}/resume',
    handle: async (req, ctx) => {
      const name = req.params['name']!;
      requireConnector(ctx, name, `Unknown connector ${name}`);
      await ctx.herder.resumeConnector(name);
      return json(202);
    },
  },
  {
    method: 'PUT',
    path: '/connectors/{name}/stop',
    handle: async (req, ctx) => {
      const name = req.params['name']!;
      requireConnector(ctx, name, `Unknown connector ${name}`);
      await ctx.herder.stopConnector(name);
      return json(204);
    },
  },
  {
    method: 'DELETE',
    path: '/connectors/{name}',
    handle: async (req, ctx) => {
      await ctx.herder.deleteConnector(req.params['name']!);
      return json(204);
    },
  },
  {
    // Internal endpoints of distributed mode; a standalone worker answers 500, as Kafka's does.
    method: 'POST',
    path: '/connectors/{name}/tasks',
    handle: () => {
      throw new RestError(500, 'Task configs can only be written by the herder in standalone mode');
    },
  },
  {
    method: 'PUT',
    path: '/connectors/{name}/fence',
    handle: () => {
      throw new RestError(500, 'Zombie fencing is not supported in standalone mode');
    },
  },
];
