import {
  SinkConnector,
  type Connector,
  type ConnectorContext,
  type TaskConfig,
} from '../api/connector.js';
import { ConnectException } from '../api/errors.js';
import type { OffsetStorageReader } from '../api/offset-storage-reader.js';
import type { SinkRecord } from '../api/sink-record.js';
import { SinkTask } from '../api/sink-task.js';
import type { SourceOffsetMap, SourceRecord } from '../api/source-record.js';
import { SourceTask } from '../api/source-task.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { getLogger, type Logger } from '../util/logger.js';
import { sleep } from '../util/sleep.js';
import { metricConfigFrom, type MetricConfig } from './metrics/sampled-stat.js';
import type { TaskMetrics } from './metrics/task-metrics.js';
import { WorkerMetrics } from './metrics/worker-metrics.js';
import type { OffsetStore } from './offset-storage-writer.js';
import { SourceTaskOffsetCommitter } from './source-task-offset-committer.js';
import { createTaskConverters, type TaskConverters } from './task-plugins.js';
import { TopicCreation } from './topic-creation.js';
import {
  WorkerSourceTask,
  type RecordSender,
  type RecordTransformer,
  type TopicAdmin,
} from './worker-source-task.js';
import {
  WorkerTask,
  taskIdString,
  type ConnectorTaskId,
  type TargetState,
  type TaskStatusListener,
} from './worker-task.js';

/** Receives a connector's state changes (Kafka's ConnectorStatus.Listener). */
export interface ConnectorStatusListener {
  onStartup(connector: string): void;
  onPause(connector: string): void;
  onStop(connector: string): void;
  onFailure(connector: string, cause: unknown): void;
  onShutdown(connector: string): void;
}

/** The worker's offset store (src/storage OffsetBackingStore, the parts the worker uses). */
export interface WorkerOffsetStore extends OffsetStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Every stored partition and offset of a connector (REST `GET /connectors/{name}/offsets`). */
  list?(connector: string): { partition: SourceOffsetMap; offset: SourceOffsetMap }[];
}

/** Kafka clients per task (src/kafka): producer and admin built from worker + connector config. */
export interface WorkerClients {
  producer(connectorConfig: Record<string, string>, connector: string, task: number): RecordSender;
  admin(connectorConfig: Record<string, string>, connector: string, task: number): TopicAdmin;
}

/** Everything the sink loop (src/runtime/worker-sink-task.ts) needs to be built. */
export interface SinkTaskBuildContext {
  id: ConnectorTaskId;
  task: SinkTask;
  taskConfig: TaskConfig;
  connectorConfig: Record<string, string>;
  workerConfig: Readonly<Record<string, string>>;
  converters: TaskConverters;
  chain: RecordTransformer<SinkRecord>;
  statusListener: TaskStatusListener;
  initialState: TargetState;
  log: Logger;
}

export type SinkTaskBuilder = (ctx: SinkTaskBuildContext) => WorkerTask;

export interface WorkerOptions {
  workerId: string;
  /** The worker's config, providers already resolved. */
  workerConfig: Readonly<Record<string, string>>;
  registry: PluginRegistry;
  offsetStore: WorkerOffsetStore;
  offsetReader(connector: string): OffsetStorageReader;
  clients: WorkerClients;
  /** src/runtime/transformation-chain.ts buildTransformationChain. */
  buildChain<R extends SourceRecord | SinkRecord>(
    connectorConfig: Record<string, string>,
    registry: PluginRegistry,
  ): RecordTransformer<R>;
  sinkTaskBuilder?: SinkTaskBuilder;
}

interface WorkerConnector {
  readonly name: string;
  readonly connector: Connector;
  readonly className: string;
  config: Record<string, string>;
  state: 'INIT' | 'STARTED' | 'PAUSED' | 'STOPPED' | 'FAILED';
  readonly listener: ConnectorStatusListener;
  readonly log: Logger;
}

function longConfig(
  config: Readonly<Record<string, string>>,
  key: string,
  fallback: number,
): number {
  const raw = config[key]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) ? n : fallback;
}

/** Kafka's TooManyTasksException. */
export class TooManyTasksException extends ConnectException {
  constructor(connector: string, numTasks: number, maxTasks: number) {
    super(
      `The connector ${connector} has generated ${numTasks} tasks, which is greater than ${maxTasks}, ` +
        `the maximum number of tasks it is configured to create. This behaviour should be considered a bug and is disallowed. ` +
        `If necessary, it can be permitted by reconfiguring the connector with 'tasks.max.enforce' set to false; ` +
        `however, this option will be removed in a future release of Kafka Connect.`,
    );
  }
}

/** The class name a task class goes by in logs and `task.class`. */
function taskClassName(ctor: { name: string; className?: unknown; FQCN?: unknown }): string {
  if (typeof ctor.className === 'string') return ctor.className;
  if (typeof ctor.FQCN === 'string') return ctor.FQCN;
  return ctor.name;
}

/**
 * Runs connectors and their tasks in this process (Kafka's Worker): instantiates plugins, gives
 * each task its converters, chain and Kafka clients, schedules source offset commits, and stops
 * tasks within one total `task.shutdown.graceful.timeout.ms` budget.
 */
export class Worker {
  private readonly log = getLogger('Worker');
  private readonly connectors = new Map<string, WorkerConnector>();
  private readonly tasks = new Map<
    string,
    { id: ConnectorTaskId; task: WorkerTask; done: Promise<void> }
  >();
  private readonly committer: SourceTaskOffsetCommitter;
  /** Every task's run() still going, including cancelled ones that missed the graceful stop. */
  private readonly running = new Set<Promise<void>>();
  readonly gracefulTimeoutMs: number;
  private readonly metricConfig: MetricConfig;
  /** Connector and task start-up counters (connect-worker-metrics). */
  readonly metrics = new WorkerMetrics();

  constructor(private readonly opts: WorkerOptions) {
    this.metricConfig = metricConfigFrom(opts.workerConfig);
    this.gracefulTimeoutMs = longConfig(
      opts.workerConfig,
      'task.shutdown.graceful.timeout.ms',
      5000,
    );
    this.committer = new SourceTaskOffsetCommitter(
      longConfig(opts.workerConfig, 'offset.flush.interval.ms', 60000),
      getLogger('SourceTaskOffsetCommitter'),
    );
  }

  get workerConfig(): Readonly<Record<string, string>> {
    return this.opts.workerConfig;
  }

  get workerId(): string {
    return this.opts.workerId;
  }

  async start(): Promise<void> {
    this.log.info('Worker starting');
    await this.opts.offsetStore.start();
    this.log.info('Worker started');
  }

  async stop(): Promise<void> {
    this.log.info('Worker stopping');
    if (this.connectors.size > 0) {
      this.log.warn(
        `Shutting down connectors ${[...this.connectors.keys()].join(', ')} uncleanly; herder should have shut down connectors before the Worker is stopped`,
      );
    }
    await this.stopAndAwaitTasks([...this.tasks.values()].map((t) => t.id));
    for (const name of [...this.connectors.keys()]) await this.stopAndAwaitConnector(name);
    this.committer.close();
    if (this.running.size > 0) {
      // A cancelled task may still be writing its last offsets; give it the flush timeout.
      const flushTimeout = longConfig(this.opts.workerConfig, 'offset.flush.timeout.ms', 5000);
      await Promise.race([Promise.all(this.running), sleep(flushTimeout)]);
    }
    await this.opts.offsetStore.stop();
    this.log.info('Worker stopped');
  }

  /** The stored offsets of a connector's source partitions. */
  connectorOffsets(name: string): { partition: SourceOffsetMap; offset: SourceOffsetMap }[] {
    return this.opts.offsetStore.list?.(name) ?? [];
  }

  /** Writes (or, with a null offset, removes) a connector's stored source offsets (KIP-875). */
  alterConnectorOffsets(
    name: string,
    entries: readonly { partition: SourceOffsetMap; offset: SourceOffsetMap | null }[],
  ): Promise<void> {
    return this.opts.offsetStore.set(name, entries);
  }

  connectorNames(): string[] {
    return [...this.connectors.keys()];
  }

  isRunning(name: string): boolean {
    return this.connectors.get(name)?.state === 'STARTED';
  }

  isSinkConnector(name: string): boolean {
    return this.connectors.get(name)?.connector instanceof SinkConnector;
  }

  /** The figures of the tasks this worker runs (all, or one connector's), in task order. */
  taskMetrics(connector?: string): TaskMetrics[] {
    return [...this.tasks.values()]
      .filter((t) => connector === undefined || t.id.connector === connector)
      .map((t) => t.task.metrics)
      .sort((a, b) => a.id.connector.localeCompare(b.id.connector) || a.id.task - b.id.task);
  }

  taskIds(connector: string): ConnectorTaskId[] {
    return [...this.tasks.values()].filter((t) => t.id.connector === connector).map((t) => t.id);
  }

  /**
   * Instantiates, initializes and (unless the target state says otherwise) starts a connector.
   * Throws when the connector cannot be created or its start() fails; the listener then heard
   * FAILED.
   */
  async startConnector(
    name: string,
    config: Record<string, string>,
    context: ConnectorContext,
    listener: ConnectorStatusListener,
    target: TargetState,
  ): Promise<void> {
    if (this.connectors.has(name))
      throw new ConnectException(`Connector with name ${name} already exists`);
    const log = getLogger('Worker').withContext(`${name}|worker`);
    const className = (config['connector.class'] ?? '').trim();
    log.info(`Creating connector ${name} of type ${className}`);
    let wc: WorkerConnector;
    try {
      const reg = this.opts.registry.resolve('connector', className, 'connector.class');
      const connector = new reg.ctor() as Connector;
      log.info(
        `Instantiated connector ${name} with version ${connector.version()} of type class ${reg.className}`,
      );
      wc = { name, connector, className: reg.className, config, state: 'INIT', listener, log };
      connector.initialize(context);
    } catch (error) {
      log.error(`Failed to start connector ${name}`, error);
      this.metrics.recordConnectorStartup(false);
      listener.onFailure(name, error);
      throw new ConnectException(`Failed to start connector: ${name}`, { cause: error });
    }
    this.metrics.recordConnectorStartup(true);
    this.connectors.set(name, wc);
    log.info(`Finished creating connector ${name}`);
    await this.transitionConnector(wc, target);
    if (wc.state === 'FAILED') {
      throw new ConnectException(`Failed to transition connector ${name} to state ${target}`, {
        cause: this.lastFailure.get(name),
      });
    }
  }

  private readonly lastFailure = new Map<string, unknown>();

  private async transitionConnector(wc: WorkerConnector, target: TargetState): Promise<void> {
    try {
      if (target === 'STARTED') {
        if (wc.state === 'STARTED') return;
        await wc.connector.start(wc.config);
        wc.state = 'STARTED';
        wc.listener.onStartup(wc.name);
      } else {
        if (wc.state === 'STARTED') await wc.connector.stop();
        wc.state = target === 'PAUSED' ? 'PAUSED' : 'STOPPED';
        if (target === 'PAUSED') wc.listener.onPause(wc.name);
        else wc.listener.onStop(wc.name);
      }
    } catch (error) {
      wc.log.error(`WorkerConnector{id=${wc.name}} Error while starting connector`, error);
      this.failConnector(wc.name, error);
    }
  }

  /** Marks a connector FAILED (a failed start, or the connector's own raiseError). */
  failConnector(name: string, error: unknown): void {
    const wc = this.connectors.get(name);
    if (wc === undefined) return;
    wc.state = 'FAILED';
    this.lastFailure.set(name, error);
    wc.listener.onFailure(name, error);
  }

  /** Applies a new target state to a connector and its tasks. */
  async setTargetState(name: string, target: TargetState): Promise<void> {
    const wc = this.connectors.get(name);
    if (wc !== undefined) {
      wc.log.info(`Setting connector ${name} state to ${target}`);
      await this.transitionConnector(wc, target);
    }
    for (const t of this.tasks.values()) {
      if (t.id.connector === name) t.task.transitionTo(target);
    }
  }

  /** The connector's task configs (each with `task.class`), enforcing `tasks.max`. */
  async connectorTaskConfigs(name: string): Promise<TaskConfig[]> {
    const wc = this.connectors.get(name);
    if (wc === undefined || wc.state !== 'STARTED') return [];
    const maxTasks = Math.max(1, Math.trunc(longConfig(wc.config, 'tasks.max', 1)));
    const configs = await wc.connector.taskConfigs(maxTasks);
    if (configs.length > maxTasks) {
      const enforce = (wc.config['tasks.max.enforce'] ?? 'true').trim().toLowerCase() !== 'false';
      if (enforce) throw new TooManyTasksException(name, configs.length, maxTasks);
      wc.log.warn(
        `The connector ${name} has generated ${configs.length} tasks, which is greater than ${maxTasks}, ` +
          `the maximum number of tasks it is configured to create. This behavior should be considered a bug and will be disallowed ` +
          `in future releases of Kafka Connect. Please report this to the maintainers of the connector and request that they ` +
          `adjust their connector's taskConfigs() method to respect the ${'tasks.max'} property.`,
      );
    }
    const taskClass = taskClassName(wc.connector.taskClass());
    return configs.map((c) => ({ ...c, 'task.class': taskClass }));
  }

  async stopAndAwaitConnector(name: string): Promise<void> {
    const wc = this.connectors.get(name);
    if (wc === undefined) return;
    wc.log.info(`Stopping connector ${name}`);
    wc.log.info(`Scheduled shutdown for WorkerConnector{id=${name}}`);
    try {
      if (wc.state === 'STARTED') await wc.connector.stop();
    } catch (error) {
      wc.log.error(`WorkerConnector{id=${name}} Error while shutting down connector`, error);
    }
    this.connectors.delete(name);
    this.lastFailure.delete(name);
    if (wc.state !== 'FAILED') wc.listener.onShutdown(name);
    wc.log.info(`Completed shutdown for WorkerConnector{id=${name}}`);
  }

  /**
   * Builds and starts one task. Returns false when it could not be built (bad converter or
   * transform config, unknown class…): the listener then heard FAILED with the reason.
   */
  startTask(
    id: ConnectorTaskId,
    connectorConfig: Record<string, string>,
    taskConfig: TaskConfig,
    listener: TaskStatusListener,
    target: TargetState,
  ): boolean {
    const key = taskIdString(id);
    const log = getLogger('Worker').withContext(`${id.connector}|task-${id.task}`);
    log.info(`Creating task ${key}`);
    if (this.tasks.has(key))
      throw new ConnectException(`Task already exists in this worker: ${key}`);
    let workerTask: WorkerTask;
    try {
      workerTask = this.buildTask(id, connectorConfig, taskConfig, listener, target, log);
    } catch (error) {
      log.error(`Failed to start task ${key}`, error);
      this.metrics.recordTaskStartup(false);
      listener.onFailure(id, error);
      return false;
    }
    workerTask.metrics.configure(this.metricConfig);
    const done = workerTask.run().finally(() => {
      this.committer.remove(id);
      this.running.delete(done);
    });
    this.running.add(done);
    this.tasks.set(key, { id, task: workerTask, done });
    if (workerTask instanceof WorkerSourceTask) this.committer.schedule(id, workerTask);
    this.metrics.recordTaskStartup(true);
    return true;
  }

  private buildTask(
    id: ConnectorTaskId,
    connectorConfig: Record<string, string>,
    taskConfig: TaskConfig,
    listener: TaskStatusListener,
    target: TargetState,
    log: Logger,
  ): WorkerTask {
    const wc = this.connectors.get(id.connector);
    if (wc === undefined)
      throw new ConnectException(`Connector ${id.connector} is not running in this worker`);
    const TaskCtor = wc.connector.taskClass();
    const task = new TaskCtor();
    const className = taskClassName(TaskCtor);
    log.info(
      `Instantiated task ${taskIdString(id)} with version ${task.version()} of type ${className}`,
    );
    const converters = createTaskConverters(
      this.opts.workerConfig,
      connectorConfig,
      this.opts.registry,
      taskIdString(id),
      log,
    );
    if (task instanceof SourceTask) {
      const chain = this.opts.buildChain<SourceRecord>(connectorConfig, this.opts.registry);
      const topicCreation = TopicCreation.fromConfig(this.opts.workerConfig, connectorConfig);
      const taskLog = getLogger('WorkerSourceTask').withContext(`${id.connector}|task-${id.task}`);
      return new WorkerSourceTask({
        id,
        task,
        taskClassName: className,
        taskConfig,
        connectorConfig,
        converters,
        chain,
        producer: this.opts.clients.producer(connectorConfig, id.connector, id.task),
        admin:
          topicCreation === null
            ? null
            : this.opts.clients.admin(connectorConfig, id.connector, id.task),
        topicCreation,
        offsetStore: this.opts.offsetStore,
        offsetReader: this.opts.offsetReader(id.connector),
        offsetFlushTimeoutMs: longConfig(this.opts.workerConfig, 'offset.flush.timeout.ms', 5000),
        statusListener: listener,
        initialState: target,
        log: taskLog,
        offsetLog: getLogger('WorkerSourceTask').withContext(
          `${id.connector}|task-${id.task}|offsets`,
        ),
      });
    }
    if (task instanceof SinkTask) {
      if (this.opts.sinkTaskBuilder === undefined) {
        throw new ConnectException(
          'Sink tasks are not available in this build (no sink task loop registered)',
        );
      }
      const chain = this.opts.buildChain<SinkRecord>(connectorConfig, this.opts.registry);
      return this.opts.sinkTaskBuilder({
        id,
        task,
        taskConfig,
        connectorConfig,
        workerConfig: this.opts.workerConfig,
        converters,
        chain,
        statusListener: listener,
        initialState: target,
        log: getLogger('WorkerSinkTask').withContext(`${id.connector}|task-${id.task}`),
      });
    }
    throw new ConnectException(
      `Tasks must be a subclass of either SourceTask or SinkTask and current is ${className}`,
    );
  }

  /**
   * Signals every task, then waits for them in turn within ONE total budget of
   * `task.shutdown.graceful.timeout.ms` (Kafka's rule); a task that misses it is cancelled.
   */
  async stopAndAwaitTasks(
    ids: readonly ConnectorTaskId[],
    timeoutMs = this.gracefulTimeoutMs,
  ): Promise<void> {
    const entries = ids
      .map((id) => this.tasks.get(taskIdString(id)))
      .filter((e): e is NonNullable<typeof e> => e !== undefined);
    for (const e of entries) {
      const log = getLogger('Worker').withContext(`${e.id.connector}|task-${e.id.task}`);
      log.info(`Stopping task ${taskIdString(e.id)}`);
      this.committer.remove(e.id);
      e.task.stop();
    }
    const deadline = Date.now() + timeoutMs;
    for (const e of entries) {
      const stopped = await e.task.awaitStop(Math.max(0, deadline - Date.now()));
      if (!stopped) {
        getLogger('Worker')
          .withContext(`${e.id.connector}|task-${e.id.task}`)
          .error(`Graceful stop of task ${taskIdString(e.id)} failed.`);
        e.task.cancel();
      }
      this.tasks.delete(taskIdString(e.id));
    }
  }
}
