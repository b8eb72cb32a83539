import type { Connector } from '../api/connector.js';
import type { ConnectorStateInfo, TaskStateInfo } from '../runtime/status.js';
import { scrub, secretValues } from './mask.js';
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
  secrets: readonly string[],
): T {
  const { trace, ...rest } = state;
  const out: Record<string, unknown> = { ...rest };
  if (version !== undefined) out['version'] = version;
  // A failure's message may quote a config value; secrets never leave the worker.
  if (trace !== undefined) out['trace'] = scrub(trace, secrets);
  return out as unknown as T;
}

function secretsOf(ctx: RestContext, name: string): string[] {
  try {
    return secretValues(ctx.herder.connectorConfig(name), ctx.registry);
  } catch {
    return [];
  }
}

/** A connector status with Kafka 4's `version` on the connector and each task. */
export function versionedStatus(ctx: RestContext, status: ConnectorStateInfo): ConnectorStateInfo {
  const version = pluginVersion(ctx, status.name);
  const secrets = secretsOf(ctx, status.name);
  return {
    ...status,
    connector: withVersion(status.connector, version, secrets),
    tasks: status.tasks.map((t) => withVersion(t, version, secrets)),
  };
}

/** A task status with Kafka 4's `version`. */
export function versionedTaskStatus(
  ctx: RestContext,
  name: string,
  status: TaskStateInfo,
): TaskStateInfo {
  return withVersion(status, pluginVersion(ctx, name), secretsOf(ctx, name));
}
