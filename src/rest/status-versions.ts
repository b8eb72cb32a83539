import type { Connector } from '../api/connector.js';
import type { ConnectorStateInfo, TaskStateInfo } from '../runtime/status.js';
import type { RestContext } from './route.js';

/** The connector plugin's version, as Kafka 4 adds it to each state (KIP-891). */
function pluginVersion(ctx: RestContext, name: string): string | undefined {
  try {
    const className = ctx.herder.connectorConfig(name)['connector.class'];
    if (className === undefined) return undefined;
    const reg = ctx.registry.resolve('connector', className.trim());
    return (new reg.ctor() as Connector).version();
  } catch {
    return undefined;
  }
}

function withVersion<T extends { worker_id: string; trace?: string }>(
  state: T,
  version: string | undefined,
): T {
  if (version === undefined) return state;
  const { trace, ...rest } = state;
  const out: Record<string, unknown> = { ...rest, version };
  if (trace !== undefined) out['trace'] = trace;
  return out as unknown as T;
}

/** A connector status with Kafka 4's `version` on the connector and each task. */
export function versionedStatus(ctx: RestContext, status: ConnectorStateInfo): ConnectorStateInfo {
  const version = pluginVersion(ctx, status.name);
  return {
    ...status,
    connector: withVersion(status.connector, version),
    tasks: status.tasks.map((t) => withVersion(t, version)),
  };
}

/** A task status with Kafka 4's `version`. */
export function versionedTaskStatus(
  ctx: RestContext,
  name: string,
  status: TaskStateInfo,
): TaskStateInfo {
  return withVersion(status, pluginVersion(ctx, name));
}
