import { AlreadyExistsException, ConfigException, ConnectException } from '../api/errors.js';
import { formatProblem } from '../config/config-problems.js';
import { loadConnectorFile, type ConnectorFile } from '../config/connector-file.js';
import { loadWorkerConfig, type WorkerConfig } from '../config/worker-config.js';
import { ConnectAdmin, describeKafkaCluster } from '../kafka/admin.js';
import { adminSettings, producerSettings } from '../kafka/client-settings.js';
import { ConnectProducer } from '../kafka/producer.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { ConnectorOffsetReader } from '../storage/connector-offset-reader.js';
import { FileOffsetBackingStore } from '../storage/file-offset-backing-store.js';
import { createConnectRestServer } from '../rest/connect-rest-server.js';
import type { RestServer } from '../rest/rest-server.js';
import { getLogger } from '../util/logger.js';
import type { TaskMetrics } from './metrics/task-metrics.js';
import { ActiveTopics, trackingChain, trackingSender } from './active-topics.js';
import { StandaloneHerder } from './standalone-herder.js';
import { buildTransformationChain } from './transformation-chain.js';
import type { RecordTransformer } from './worker-source-task.js';
import { Worker, type SinkTaskBuilder } from './worker.js';

const log = getLogger('ConnectStandalone');

/**
 * Why start-up failed, so the CLI can pick Kafka's exit code: `worker` (bad worker config,
 * Kafka unreachable) is exit 2; `connect` (herder start, e.g. a corrupt offsets file) and
 * `connector` (a command-line connector could not be created) are exit 3.
 */
export class StandaloneStartupError extends ConnectException {
  constructor(
    message: string,
    readonly phase: 'worker' | 'connect' | 'connector',
    readonly file: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface StandaloneOptions {
  /** All plugins (src/plugins/builtins.ts plus any others). */
  registry: PluginRegistry;
  /** The worker id shown in statuses (REST's advertised host:port). */
  workerId?: string;
  /** Builds the sink loop (src/runtime/worker-sink-task.ts). */
  sinkTaskBuilder?: SinkTaskBuilder;
  /** Runs after the herder exists and before it starts (the REST server binds here). */
  beforeStart?: (herder: StandaloneHerder, worker: WorkerConfig) => Promise<void>;
  /** Whether to serve the REST API (default true); tests of the runtime alone may turn it off. */
  rest?: boolean;
}

export interface StandaloneRuntime {
  herder: StandaloneHerder;
  worker: WorkerConfig;
  clusterId: string;
  /** The REST server (null when turned off): its bound listeners and advertised URL. */
  rest: RestServer | null;
  /** The figures of the running tasks (all, or one connector's), for progress lines. */
  taskMetrics(connector?: string): TaskMetrics[];
  /** Stops connectors, tasks (graceful budget), the offset store and config providers. Idempotent. */
  stop(): Promise<void>;
}

function defaultWorkerId(resolved: Readonly<Record<string, string>>): string {
  const host = resolved['rest.advertised.host.name']?.trim();
  const port = resolved['rest.advertised.port']?.trim();
  const listener = (resolved['listeners'] ?? 'http://:8083').split(',')[0]?.trim() ?? '';
  const m = /^(.*):\/\/\[?([0-9a-zA-Z\-%._:]*)\]?:(-?[0-9]+)/.exec(listener);
  return `${host || m?.[2] || 'localhost'}:${port || m?.[3] || '8083'}`;
}

/**
 * Kafka's ConnectStandalone start-up: worker config → Kafka cluster id → herder and worker
 * (offsets file loaded) → the command-line connectors, created one after the other. On a
 * connector error everything started so far is stopped before the error is thrown.
 */
export async function startStandalone(
  workerConfigPath: string,
  connectorFiles: readonly string[],
  options: StandaloneOptions,
): Promise<StandaloneRuntime> {
  const started = Date.now();
  log.info('Kafka Connect worker initializing ...');
  let worker: WorkerConfig;
  try {
    worker = await loadWorkerConfig(workerConfigPath, { registry: options.registry });
  } catch (error) {
    throw new StandaloneStartupError(
      error instanceof Error ? error.message : String(error),
      'worker',
      workerConfigPath,
      {
        cause: error,
      },
    );
  }
  for (const w of worker.warnings)
    log.warn(`${w.file}${w.line === undefined ? '' : `:${w.line}`}: ${w.key}: ${w.message}`);
  log.info(worker.config.render('StandaloneConfig values: '));
  const resolved = worker.resolved;

  // Connector files are read before Kafka is contacted, so that a mistake in one is reported
  // at once (exit 3) rather than after the cluster look-up; Kafka reads them later, with the
  // same outcome. Two files naming the same connector fail as Kafka's second create would.
  const connectors: ConnectorFile[] = [];
  for (const path of connectorFiles) {
    try {
      const file = await loadConnectorFile(path);
      if (connectors.some((c) => c.name === file.name))
        throw new AlreadyExistsException(`Connector ${file.name} already exists`);
      connectors.push(file);
    } catch (error) {
      log.error(`Failed to create connector for ${path}`);
      await worker.providers.close();
      throw new StandaloneStartupError(
        error instanceof Error ? error.message : String(error),
        'connector',
        path,
        { cause: error },
      );
    }
  }

  let clusterId: string;
  try {
    log.info('Creating Kafka admin client');
    clusterId = await describeKafkaCluster(
      resolved,
      Number(resolved['default.api.timeout.ms'] ?? '60000'),
    );
    log.info(`Kafka cluster ID: ${clusterId}`);
  } catch (error) {
    await worker.providers.close();
    throw new StandaloneStartupError(
      error instanceof Error ? error.message : String(error),
      'worker',
      null,
      {
        cause: error,
      },
    );
  }

  // Kafka binds the REST listeners before it builds the herder, so the worker id can carry the
  // advertised host and port; a listener that cannot bind (port in use) is a start-up error.
  let rest: RestServer | null = null;
  if (options.rest !== false) {
    try {
      rest = createConnectRestServer(resolved);
      await rest.start();
    } catch (error) {
      await worker.providers.close();
      // A bad REST setting names the file, line and key, as every worker config mistake does.
      const message =
        error instanceof ConfigException && error.key !== undefined
          ? formatProblem(worker.source.problem(error.key, error.message))
          : error instanceof Error
            ? error.message
            : String(error);
      throw new StandaloneStartupError(message, 'worker', workerConfigPath, { cause: error });
    }
  }

  const registry = options.registry;
  const tracking = (resolved['topic.tracking.enable'] ?? 'true').trim().toLowerCase() !== 'false';
  const activeTopics = new ActiveTopics();
  const store = new FileOffsetBackingStore(resolved['offset.storage.file.filename']!.trim());
  const runtimeWorker = new Worker({
    workerId: options.workerId ?? rest?.workerId() ?? defaultWorkerId(resolved),
    workerConfig: resolved,
    registry,
    offsetStore: store,
    offsetReader: (connector) => new ConnectorOffsetReader(store, connector),
    clients: {
      producer: (conn, name, task) => {
        const sender = ConnectProducer.create(
          producerSettings(resolved, conn, name, task),
          `${name}|task-${task}`,
        );
        return tracking ? trackingSender(sender, activeTopics.recorder(name)) : sender;
      },
      admin: (conn, name, task) => ConnectAdmin.create(adminSettings(resolved, conn, name, task)),
    },
    buildChain: <R>(config: Record<string, string>, reg: PluginRegistry) => {
      const chain = buildTransformationChain(config, reg) as unknown as RecordTransformer<R>;
      const name = config['name'];
      return tracking && name !== undefined
        ? trackingChain(chain, activeTopics.recorder(name))
        : chain;
    },
    ...(options.sinkTaskBuilder !== undefined ? { sinkTaskBuilder: options.sinkTaskBuilder } : {}),
  });
  const herder = new StandaloneHerder({
    worker: runtimeWorker,
    registry,
    checkTransforms: (config) => buildTransformationChain(config, registry).close(),
    resolveConfig: async (config) => (await worker.providers.resolve(config)).data,
  });

  let ready = false;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      log.info('Kafka Connect stopping');
      try {
        await herder.stop();
      } finally {
        await rest?.stop();
        await worker.providers.close();
        log.info('Kafka Connect stopped');
      }
    })();
    return stopping;
  };

  try {
    await options.beforeStart?.(herder, worker);
    log.info(`Kafka Connect worker initialization took ${Date.now() - started}ms`);
    log.info('Kafka Connect starting');
    await herder.start();
    rest?.attach({
      herder,
      registry,
      workerConfig: resolved,
      clusterId,
      activeTopics: tracking ? activeTopics : null,
      health: () => (ready ? 'healthy' : 'starting'),
      taskMetrics: (connector) => runtimeWorker.taskMetrics(connector),
      workerMetrics: () => runtimeWorker.metrics,
    });
    log.info('Kafka Connect started');
  } catch (error) {
    log.error(`Failed to start Connect: ${error instanceof Error ? error.message : String(error)}`);
    await stop().catch(() => undefined);
    throw new StandaloneStartupError(
      error instanceof Error ? error.message : String(error),
      'connect',
      null,
      {
        cause: error,
      },
    );
  }

  for (const file of connectors) {
    const path = file.source.file;
    try {
      const { info } = await herder.createConnector(file.config, {
        allowReplace: false,
        ...(file.initialState !== undefined ? { initialState: file.initialState } : {}),
      });
      log.info(`Created connector ${info.name}`);
    } catch (error) {
      log.error(`Failed to create connector for ${path}`);
      log.info('Stopping after connector error');
      await stop().catch(() => undefined);
      throw new StandaloneStartupError(
        error instanceof Error ? error.message : String(error),
        'connector',
        path,
        { cause: error },
      );
    }
  }
  ready = true;
  return {
    herder,
    worker,
    clusterId,
    rest,
    taskMetrics: (connector) => runtimeWorker.taskMetrics(connector),
    stop,
  };
}
