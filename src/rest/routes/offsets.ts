import type { SourceOffsetMap } from '../../api/source-record.js';
import { ConnectAdmin } from '../../kafka/admin.js';
import { adminSettings, consumerSettings } from '../../kafka/client-settings.js';
import { expectObject } from '../body.js';
import { RestError } from '../rest-error.js';
import { json, type RestContext, type Route } from '../route.js';

type OffsetEntry = { partition: SourceOffsetMap | null; offset: SourceOffsetMap | null };

const ALTERED = 'The offsets for this connector have been altered successfully';
const RESET = 'The offsets for this connector have been reset successfully';

function mustBeStopped(ctx: RestContext, name: string): void {
  if (!ctx.herder.isStopped(name))
    throw new RestError(
      400,
      'Connectors must be in the STOPPED state before their offsets can be modified. This can ' +
        `be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`,
    );
}

function isSink(ctx: RestContext, name: string): boolean {
  return ctx.herder.connectorInfo(name).type === 'sink';
}

/** The sink's consumer group and an admin client for it, as the worker builds them. */
function sinkGroup(ctx: RestContext, name: string): { groupId: string; admin: ConnectAdmin } {
  const config = ctx.herder.connectorConfig(name);
  const groupId = consumerSettings(ctx.workerConfig, config, name, 0).consumer.groupId;
  const admin = ConnectAdmin.create(adminSettings(ctx.workerConfig, config, name, 0));
  return { groupId, admin };
}

async function withSinkGroup<T>(
  ctx: RestContext,
  name: string,
  fn: (groupId: string, admin: ConnectAdmin) => Promise<T>,
): Promise<T> {
  const { groupId, admin } = sinkGroup(ctx, name);
  try {
    return await fn(groupId, admin);
  } finally {
    await admin.close().catch(() => undefined);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Kafka's body for PATCH offsets: `{"offsets": [{"partition": {…}, "offset": {…}|null}]}`. */
function offsetsBody(value: unknown): OffsetEntry[] {
  const body = expectObject(value, '{"offsets": [{"partition": {...}, "offset": {...}}]}');
  const list = body['offsets'];
  if (!Array.isArray(list) || list.length === 0)
    throw new RestError(
      400,
      'Partitions / offsets need to be provided for an alter offsets request',
    );
  return list.map((item, i) => {
    if (!isPlainObject(item)) throw new RestError(400, `Offsets entry ${i} must be an object`);
    const partition = item['partition'];
    if (partition !== null && partition !== undefined && !isPlainObject(partition))
      throw new RestError(400, `Offsets entry ${i}: "partition" must be an object or null`);
    const offset = item['offset'];
    if (offset !== null && offset !== undefined && !isPlainObject(offset))
      throw new RestError(400, `Offsets entry ${i}: "offset" must be an object or null`);
    return {
      partition: (partition ?? null) as SourceOffsetMap | null,
      offset: (offset ?? null) as SourceOffsetMap | null,
    };
  });
}

/**
 * A sink partition `{kafka_topic, kafka_partition}` and offset `{kafka_offset}` (numbers may be
 * numeric strings), checked with Kafka's messages (SinkUtils).
 */
function sinkEntry(e: OffsetEntry): { topic: string; partition: number; offset: bigint | null } {
  if (e.partition === null)
    throw new RestError(400, 'The partition for a sink connector offset cannot be null or missing');
  if (!('kafka_topic' in e.partition) || !('kafka_partition' in e.partition))
    throw new RestError(
      400,
      "The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'",
    );
  const topic = String(e.partition['kafka_topic']);
  const rawPartition = e.partition['kafka_partition'];
  if (!/^-?\d+$/.test(String(rawPartition)))
    throw new RestError(
      400,
      `Failed to parse the following Kafka partition value in the provided offsets: '${String(rawPartition)}'. Partition values for sink connectors need to be integers.`,
    );
  if (e.offset === null) return { topic, partition: Number(rawPartition), offset: null };
  if (!('kafka_offset' in e.offset))
    throw new RestError(
      400,
      "The offset for a sink connector should either be null or contain the key 'kafka_offset'",
    );
  const rawOffset = e.offset['kafka_offset'];
  if (!/^-?\d+$/.test(String(rawOffset)))
    throw new RestError(
      400,
      `Failed to parse the following Kafka offset value in the provided offsets: '${String(rawOffset)}'. Offset values for sink connectors need to be integers.`,
    );
  return { topic, partition: Number(rawPartition), offset: BigInt(String(rawOffset)) };
}

/**
 * The connector's own say (Kafka's `Connector.alterOffsets`): it may reject the offsets (a 500
 * with its message, as Kafka) and tells whether it manages offsets only through the framework.
 * A connector without the method answers false, Kafka's default.
 */
function connectorAlterOffsets(ctx: RestContext, name: string, entries: OffsetEntry[]): boolean {
  const config = ctx.herder.connectorConfig(name);
  const reg = ctx.registry.resolve('connector', (config['connector.class'] ?? '').trim());
  const connector = new reg.ctor() as {
    alterOffsets?: (config: Record<string, string>, offsets: OffsetEntry[]) => boolean;
  };
  if (typeof connector.alterOffsets !== 'function') return false;
  return connector.alterOffsets(config, entries);
}

function message(altered: boolean, reset: boolean): string {
  if (altered) return reset ? RESET : ALTERED;
  const verb = reset ? 'reset' : 'altered';
  return (
    `The Connect framework-managed offsets for this connector have been ${verb} successfully. ` +
    `However, if this connector manages offsets externally, they will need to be manually ` +
    `${reset ? 'reset' : 'altered'} in the system that the connector uses.`
  );
}

/** An admin failure is Kafka's 500 naming the connector; the cause goes to the log. */
async function groupChange(name: string, what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof RestError) throw error;
    throw new RestError(500, `Failed to ${what} for connector ${name}`, { cause: error });
  }
}

/** KIP-875 offsets endpoints: source offsets in the offsets file, sink offsets in the group. */
export const offsetRoutes: Route[] = [
  {
    method: 'GET',
    path: '/connectors/{name}/offsets',
    handle: async (req, ctx) => {
      const name = req.params['name']!;
      if (!isSink(ctx, name)) return json(200, ctx.herder.connectorOffsets(name));
      const offsets = await withSinkGroup(ctx, name, (group, admin) =>
        admin.listGroupOffsets(group),
      );
      return json(200, {
        offsets: offsets.map((o) => ({
          partition: { kafka_topic: o.topic, kafka_partition: o.partition },
          offset: { kafka_offset: Number(o.offset) },
        })),
      });
    },
  },
  {
    method: 'PATCH',
    path: '/connectors/{name}/offsets',
    handle: async (req, ctx) => {
      const name = req.params['name']!;
      const entries = offsetsBody(req.json());
      ctx.herder.connectorInfo(name);
      mustBeStopped(ctx, name);
      let altered: boolean;
      if (isSink(ctx, name)) {
        const changes = entries.map(sinkEntry);
        altered = connectorAlterOffsets(ctx, name, entries);
        await groupChange(name, 'alter consumer group offsets', () =>
          withSinkGroup(ctx, name, async (group, admin) => {
            // kafkajs cannot delete one partition's committed offset (Kafka's null): when every
            // committed partition is nulled the group goes, which is the same; otherwise a null
            // rewinds the partition to its earliest offset, where a consumer without one starts.
            const committed = await admin.listGroupOffsets(group);
            const nulled = (t: string, p: number) =>
              changes.some((c) => c.offset === null && c.topic === t && c.partition === p);
            if (
              changes.every((c) => c.offset === null) &&
              committed.every((o) => nulled(o.topic, o.partition))
            )
              await admin.deleteGroup(group);
            else await admin.alterGroupOffsets(group, changes);
          }),
        );
      } else {
        altered = connectorAlterOffsets(ctx, name, entries);
        const bad = entries.findIndex((e) => e.partition === null);
        if (bad >= 0) throw new RestError(400, 'Partition objects cannot be null');
        await ctx.herder.alterSourceOffsets(
          name,
          entries as { partition: SourceOffsetMap; offset: SourceOffsetMap | null }[],
        );
      }
      return json(200, { message: message(altered, false) });
    },
  },
  {
    method: 'DELETE',
    path: '/connectors/{name}/offsets',
    handle: async (req, ctx) => {
      const name = req.params['name']!;
      ctx.herder.connectorInfo(name);
      mustBeStopped(ctx, name);
      let altered: boolean;
      if (isSink(ctx, name)) {
        altered = connectorAlterOffsets(ctx, name, []);
        await groupChange(name, 'reset consumer group offsets', () =>
          withSinkGroup(ctx, name, (group, admin) => admin.deleteGroup(group)),
        );
      } else {
        const resets = ctx.herder
          .connectorOffsets(name)
          .offsets.map((o) => ({ partition: o.partition, offset: null }));
        altered = connectorAlterOffsets(ctx, name, resets);
        if (resets.length > 0) await ctx.herder.alterSourceOffsets(name, resets);
      }
      return json(200, { message: message(altered, true) });
    },
  },
];
