import type { SourceOffsetMap } from '../../api/source-record.js';
import { ConnectAdmin } from '../../kafka/admin.js';
import { adminSettings, consumerSettings } from '../../kafka/client-settings.js';
import { expectObject } from '../body.js';
import { RestError } from '../rest-error.js';
import { json, type RestContext, type Route } from '../route.js';

type OffsetEntry = { partition: SourceOffsetMap; offset: SourceOffsetMap | null };

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
    if (!isPlainObject(item) || !isPlainObject(item['partition']))
      throw new RestError(400, `Offsets entry ${i} needs a "partition" object`);
    const offset = item['offset'];
    if (offset !== null && offset !== undefined && !isPlainObject(offset))
      throw new RestError(400, `Offsets entry ${i}: "offset" must be an object or null`);
    return {
      partition: item['partition'] as SourceOffsetMap,
      offset: (offset ?? null) as SourceOffsetMap | null,
    };
  });
}

/** A sink partition `{kafka_topic, kafka_partition}` and offset `{kafka_offset}`; numbers may be strings. */
function sinkEntry(e: OffsetEntry): { topic: string; partition: number; offset: bigint | null } {
  const topic = e.partition['kafka_topic'];
  const partition = Number(e.partition['kafka_partition']);
  if (typeof topic !== 'string' || topic === '')
    throw new RestError(400, 'Kafka topic names must be valid strings and may not be null');
  if (!Number.isInteger(partition) || partition < 0)
    throw new RestError(400, 'Kafka partitions must be valid numbers and may not be null');
  if (e.offset === null) return { topic, partition, offset: null };
  const raw = e.offset['kafka_offset'];
  if ((typeof raw !== 'number' && typeof raw !== 'string') || !/^\d+$/.test(String(raw)))
    throw new RestError(400, 'Kafka offsets must be valid numbers and may not be null');
  return { topic, partition, offset: BigInt(String(raw)) };
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
      if (isSink(ctx, name)) {
        const changes = entries.map(sinkEntry);
        await withSinkGroup(ctx, name, (group, admin) => admin.alterGroupOffsets(group, changes));
      } else {
        await ctx.herder.alterSourceOffsets(name, entries);
      }
      return json(200, { message: ALTERED });
    },
  },
  {
    method: 'DELETE',
    path: '/connectors/{name}/offsets',
    handle: async (req, ctx) => {
      const name = req.params['name']!;
      ctx.herder.connectorInfo(name);
      mustBeStopped(ctx, name);
      if (isSink(ctx, name)) {
        await withSinkGroup(ctx, name, (group, admin) => admin.deleteGroup(group));
      } else {
        const stored = ctx.herder.connectorOffsets(name).offsets;
        if (stored.length > 0)
          await ctx.herder.alterSourceOffsets(
            name,
            stored.map((o) => ({ partition: o.partition, offset: null })),
          );
      }
      return json(200, { message: RESET });
    },
  },
];
