import { createInterface } from 'node:readline';
import { ConfigException } from '../api/errors.js';
import { Headers } from '../api/headers.js';
import { SinkRecord } from '../api/sink-record.js';
import { loadConnectorFile } from '../config/connector-file.js';
import { loadWorkerConfig } from '../config/worker-config.js';
import { createBuiltinRegistry } from '../plugins/builtins.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { Stage } from '../runtime/stage.js';
import { createTaskConverters, type TaskConverters } from '../runtime/task-plugins.js';
import {
  buildTransformationChain,
  type TransformationChain,
  TransformationError,
} from '../runtime/transformation-chain.js';
import { getLogger } from '../util/logger.js';
import { CliError, ExitCode } from './exit-codes.js';

export interface TransformCommandOptions {
  connectorFile: string;
  workerFile?: string | undefined;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  registry?: PluginRegistry;
}

/**
 * Converters used when no worker file is given: Kafka's sample `connect-standalone.properties`
 * (JsonConverter with schemas, SimpleHeaderConverter for headers).
 */
export const DEFAULT_TRANSFORM_WORKER: Readonly<Record<string, string>> = {
  'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
  'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
};

/** Bytes in the JSON Lines form: UTF-8 text, `{"base64": "..."}` for other bytes, or null. */
export type JsonBytes = string | { base64: string } | null;

export interface TransformInputRecord {
  topic?: string;
  partition?: number;
  offset?: number | string;
  timestamp?: number | null;
  key?: JsonBytes;
  value?: JsonBytes;
  headers?: { key: string; value: JsonBytes }[] | Record<string, JsonBytes>;
}

/**
 * `ts-connect transform <connector file> [--worker <worker file>]`: JSON Lines records on
 * `input` go through the connector's converters (`toConnectData`), its transformation chain and
 * the converters back (`fromConnectData`); one JSON line per input line on `output`, a dropped
 * record as `{"dropped": true, ...}`, a failure as `{"error": {"stage", "message"}, ...}`
 * without stopping. Config problems throw a CliError (exit 3) before any record is read.
 */
export async function runTransformCommand(opts: TransformCommandOptions): Promise<number> {
  const registry = opts.registry ?? createBuiltinRegistry();
  let worker: Record<string, string> = { ...DEFAULT_TRANSFORM_WORKER };
  let connector: Record<string, string>;
  try {
    let resolve = async (c: Record<string, string>): Promise<Record<string, string>> => c;
    if (opts.workerFile !== undefined) {
      const wc = await loadWorkerConfig(opts.workerFile, { registry });
      worker = wc.resolved;
      resolve = async (c) => (await wc.providers.resolve(c)).data;
    }
    const file = await loadConnectorFile(opts.connectorFile);
    connector = await resolve(file.config);
  } catch (e) {
    if (e instanceof ConfigException) {
      throw new CliError(
        e.message,
        opts.workerFile !== undefined ? ExitCode.WORKER : ExitCode.CONNECTOR,
        { cause: e },
      );
    }
    throw e;
  }
  const pipeline = createTransformPipeline(worker, connector, registry, opts.connectorFile);
  const lines = createInterface({ input: opts.input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      const out = pipeline.processLine(line, n);
      if (!opts.output.write(out + '\n')) {
        await new Promise<void>((resolve) => opts.output.once('drain', () => resolve()));
      }
    }
  } finally {
    pipeline.close();
  }
  return ExitCode.OK;
}

export interface TransformPipeline {
  /** One JSON line in, one JSON line out (never throws for a bad record). */
  processLine(line: string, lineNumber: number): string;
  close(): void;
}

/** The converters and chain of a connector, ready to process JSON Lines records. */
export function createTransformPipeline(
  worker: Readonly<Record<string, string>>,
  connector: Readonly<Record<string, string>>,
  registry: PluginRegistry,
  where?: string,
): TransformPipeline {
  const name = connector.name ?? 'transform';
  let converters: TaskConverters;
  let chain: TransformationChain<SinkRecord>;
  try {
    converters = createTaskConverters(
      worker,
      connector,
      registry,
      `${name}-0`,
      getLogger('TransformCommand'),
    );
    chain = buildTransformationChain<SinkRecord>(connector, registry);
  } catch (e) {
    if (e instanceof ConfigException) {
      const lines = e.message.split('\n').map((m) => (where === undefined ? m : `${where}: ${m}`));
      throw new CliError(lines.join('\n'), ExitCode.CONNECTOR, { cause: e });
    }
    throw e;
  }
  return {
    processLine: (line, lineNumber) => processLine(line, lineNumber, converters, chain),
    close: () => chain.close(),
  };
}

class StageFailure extends Error {
  constructor(
    readonly stage: Stage | 'INPUT',
    override readonly cause: unknown,
    readonly extra: Record<string, string> = {},
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function at<T>(stage: Stage, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new StageFailure(stage, e);
  }
}

function processLine(
  line: string,
  lineNumber: number,
  converters: TaskConverters,
  chain: TransformationChain<SinkRecord>,
): string {
  let position: Record<string, unknown> = { line: lineNumber };
  try {
    let input: TransformInputRecord;
    try {
      input = JSON.parse(line) as TransformInputRecord;
      if (input === null || typeof input !== 'object' || Array.isArray(input))
        throw new Error('a record must be a JSON object');
    } catch (e) {
      throw new StageFailure('INPUT', e);
    }
    const topic = typeof input.topic === 'string' ? input.topic : 'topic';
    const partition = typeof input.partition === 'number' ? input.partition : 0;
    const offset = at('TASK_PUT', () => BigInt(input.offset ?? 0));
    const timestamp = typeof input.timestamp === 'number' ? input.timestamp : null;
    position = { line: lineNumber, topic, partition, offset: Number(offset) };
    const keyBytes = readBytes(input.key, 'key');
    const valueBytes = readBytes(input.value, 'value');
    const rawHeaders = readHeaders(input.headers);

    const headers = at('HEADER_CONVERTER', () => {
      const h = new Headers();
      for (const { key, value } of rawHeaders) {
        h.addSchemaAndValue(key, converters.header.plugin.toConnectHeader(topic, key, value));
      }
      return h;
    });
    const key = at('KEY_CONVERTER', () =>
      converters.key.plugin.toConnectData(topic, headers, keyBytes),
    );
    const value = at('VALUE_CONVERTER', () =>
      converters.value.plugin.toConnectData(topic, headers, valueBytes),
    );
    const record = new SinkRecord({
      topic,
      kafkaPartition: partition,
      keySchema: key.schema,
      key: key.value,
      valueSchema: value.schema,
      value: value.value,
      timestamp,
      headers,
      kafkaOffset: offset,
    });
    let transformed: SinkRecord | null;
    try {
      transformed = chain.apply(record);
    } catch (e) {
      if (e instanceof TransformationError) {
        throw new StageFailure('TRANSFORMATION', e.cause, { alias: e.alias, class: e.pluginClass });
      }
      throw new StageFailure('TRANSFORMATION', e);
    }
    if (transformed === null) return JSON.stringify({ dropped: true, ...position });
    const t = transformed;
    const outKey = at('KEY_CONVERTER', () =>
      converters.key.plugin.fromConnectData(t.topic, t.headers, t.keySchema, t.key),
    );
    const outValue = at('VALUE_CONVERTER', () =>
      converters.value.plugin.fromConnectData(t.topic, t.headers, t.valueSchema, t.value),
    );
    const outHeaders = at('HEADER_CONVERTER', () =>
      [...t.headers].map((h) => ({
        key: h.key,
        value: writeBytes(
          converters.header.plugin.fromConnectHeader(t.topic, h.key, h.schema, h.value),
        ),
      })),
    );
    return JSON.stringify({
      topic: t.topic,
      partition: t.kafkaPartition,
      offset: Number(t.kafkaOffset),
      timestamp: t.timestamp,
      key: writeBytes(outKey),
      value: writeBytes(outValue),
      headers: outHeaders,
    });
  } catch (e) {
    if (!(e instanceof StageFailure)) throw e;
    return JSON.stringify({
      error: { stage: e.stage, message: e.message, ...e.extra },
      ...position,
    });
  }
}

function readBytes(v: JsonBytes | undefined, what: string): Uint8Array | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (typeof v === 'object' && typeof v.base64 === 'string') return Buffer.from(v.base64, 'base64');
  throw new StageFailure('INPUT', new Error(`${what} must be a string, {"base64": "..."} or null`));
}

function readHeaders(
  h: TransformInputRecord['headers'],
): { key: string; value: Uint8Array | null }[] {
  if (h === undefined || h === null) return [];
  if (Array.isArray(h)) {
    return h.map((e) => {
      if (e === null || typeof e !== 'object' || typeof e.key !== 'string')
        throw new StageFailure(
          'INPUT',
          new Error('each header must be {"key": ..., "value": ...}'),
        );
      return { key: e.key, value: readBytes(e.value, `header ${e.key}`) };
    });
  }
  if (typeof h === 'object')
    return Object.entries(h).map(([key, value]) => ({
      key,
      value: readBytes(value, `header ${key}`),
    }));
  throw new StageFailure('INPUT', new Error('headers must be an array or an object'));
}

/** Text when the bytes are valid UTF-8 (and round-trip), base64 otherwise. */
function writeBytes(bytes: Uint8Array | null): JsonBytes {
  if (bytes === null) return null;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(buf)) return text;
  return { base64: buf.toString('base64') };
}
