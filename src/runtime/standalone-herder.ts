import type { TaskConfig } from '../api/connector.js';
import type { SourceOffsetMap } from '../api/source-record.js';
import { AlreadyExistsException, ConnectException, NotFoundException } from '../api/errors.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { InitialState } from '../config/connector-file.js';
import { getLogger } from '../util/logger.js';
import {
  autoRestartPolicy,
  RestartSchedule,
  type RestartClock,
  type RestartDecision,
} from './auto-restart.js';
import { validateConnectorConfig, type ConnectorType } from './connector-validation.js';
import {
  formatTrace,
  type ConnectState,
  type ConnectorStateInfo,
  type StateInfo,
  type TaskStateInfo,
} from './status.js';
import type { Worker } from './worker.js';
import { taskIdString, type ConnectorTaskId, type TargetState } from './worker-task.js';

/** How a connector starts: Kafka's `initial_state` (RUNNING = target STARTED). */
export type { InitialState };

/** Kafka's ConnectorInfo: `{name, config, tasks: [{connector, task}], type}`. */
export interface ConnectorInfo {
  name: string;
  config: Record<string, string>;
  tasks: ConnectorTaskId[];
  type: ConnectorType;
}

/** Kafka's TaskInfo for `GET /connectors/{name}/tasks`. */
export interface TaskInfo {
  id: ConnectorTaskId;
  config: TaskConfig;
}

export interface RestartRequest {
  includeTasks?: boolean;
  onlyFailed?: boolean;
}

export interface HerderOptions {
  worker: Worker;
  registry: PluginRegistry;
  /** Checks `transforms`/`predicates` by building the chain; throws ConfigException(s). */
  checkTransforms: (config: Record<string, string>) => void;
  /** Config providers (`${file:…}`): the raw config is kept, the resolved one is what runs. */
  resolveConfig?: (config: Record<string, string>) => Promise<Record<string, string>>;
  /** Time for automatic restarts (src/runtime/auto-restart.ts); tests pass a manual clock. */
  restartClock?: RestartClock;
}

interface ConnectorEntry {
  /** As given (config-provider variables unresolved), what REST shows. */
  config: Record<string, string>;
  type: ConnectorType;
  target: TargetState;
  /** Task configs currently applied, and the resolved connector config they were made for. */
  taskConfigs: TaskConfig[];
  appliedConfig: Record<string, string> | null;
}

function targetOf(initial: InitialState | undefined): TargetState {
  if (initial === 'PAUSED') return 'PAUSED';
  if (initial === 'STOPPED') return 'STOPPED';
  return 'STARTED';
}

function sameConfigs(a: readonly TaskConfig[], b: readonly TaskConfig[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((c, i) => sameMap(c, b[i]!));
}

function sameMap(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/** Keys of the restart schedule: a connector and a task of the same name must not collide. */
function connectorKey(name: string): string {
  return `connector:${name}`;
}

function taskKey(id: ConnectorTaskId): string {
  return `task:${taskIdString(id)}`;
}

/** The cause in one line, for the restart log line (the full trace is in status and the log). */
function causeLine(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message.split('\n')[0] ?? ''}`;
  return String(cause);
}

/**
 * Kafka's StandaloneHerder: connectors live in memory (name → config, target state, task
 * configs); every request runs one after the other, as on Kafka's single herder thread. Each
 * method is one REST endpoint's work, so the REST layer stays thin.
 */
export class StandaloneHerder {
  private readonly log = getLogger('StandaloneHerder');
  private readonly connectors = new Map<string, ConnectorEntry>();
  private readonly connectorStates = new Map<string, StateInfo>();
  private readonly taskStates = new Map<string, Map<number, StateInfo>>();
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private readonly restarts: RestartSchedule;

  constructor(private readonly opts: HerderOptions) {
    this.restarts = new RestartSchedule(opts.restartClock);
  }

  private get worker(): Worker {
    return this.opts.worker;
  }

  /** Runs `fn` after every earlier request finished. */
  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.queue.then(fn);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async start(): Promise<void> {
    this.log.info('Herder starting');
    await this.worker.start();
    this.log.info('Herder started');
  }

  /** Stops every connector and its tasks (tasks first, one shared graceful budget), then the worker. */
  stop(): Promise<void> {
    return this.enqueue(async () => {
      if (this.stopped) return;
      this.stopped = true;
      this.restarts.cancelAll();
      this.log.info('Herder stopping');
      const ids = [...this.connectors.keys()].flatMap((n) => this.worker.taskIds(n));
      await this.worker.stopAndAwaitTasks(ids);
      for (const name of this.connectors.keys()) await this.worker.stopAndAwaitConnector(name);
      await this.worker.stop();
      this.log.info('Herder stopped');
    });
  }

  /** Resolves once every earlier request has run: REST `/health` uses it to see the herder is alive. */
  ping(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  connectorNames(): string[] {
    return [...this.connectors.keys()].sort();
  }

  private entry(name: string): ConnectorEntry {
    const e = this.connectors.get(name);
    if (e === undefined) throw new NotFoundException(`Connector ${name} not found`);
    return e;
  }

  connectorInfo(name: string): ConnectorInfo {
    const e = this.entry(name);
    return {
      name,
      config: { ...e.config },
      tasks: e.taskConfigs.map((_, task) => ({ connector: name, task })),
      type: e.type,
    };
  }

  connectorConfig(name: string): Record<string, string> {
    return { ...this.entry(name).config };
  }

  taskConfigs(name: string): TaskInfo[] {
    return this.entry(name).taskConfigs.map((config, task) => ({
      id: { connector: name, task },
      config: { ...config },
    }));
  }

  targetState(name: string): TargetState {
    return this.entry(name).target;
  }

  /** Kafka's `GET /connectors/{name}/offsets` (source connectors; sinks use their consumer group). */
  connectorOffsets(name: string): {
    offsets: { partition: SourceOffsetMap; offset: SourceOffsetMap }[];
  } {
    this.entry(name);
    return { offsets: this.worker.connectorOffsets(name) };
  }

  /** Whether the connector is STOPPED with no tasks, as KIP-875 offset changes require. */
  isStopped(name: string): boolean {
    const e = this.entry(name);
    return (
      e.target === 'STOPPED' && e.taskConfigs.length === 0 && this.worker.taskIds(name).length === 0
    );
  }

  /**
   * `PATCH`/`DELETE /connectors/{name}/offsets` for a source connector: writes the offsets file
   * (a null offset removes the partition). The REST layer checks the connector is STOPPED.
   */
  alterSourceOffsets(
    name: string,
    entries: readonly { partition: SourceOffsetMap; offset: SourceOffsetMap | null }[],
  ): Promise<void> {
    return this.enqueue(async () => {
      this.entry(name);
      await this.worker.alterConnectorOffsets(name, entries);
    });
  }

  /** Kafka's `GET /connectors/{name}/status`. */
  connectorStatus(name: string): ConnectorStateInfo {
    const e = this.entry(name);
    const c = this.connectorStates.get(name) ?? {
      state: 'UNASSIGNED',
      workerId: this.worker.workerId,
    };
    const tasks = [...(this.taskStates.get(name) ?? new Map<number, StateInfo>()).entries()]
      .sort(([a], [b]) => a - b)
      .map(([id, s]) => this.taskStateInfo(id, s));
    return {
      name,
      connector: {
        state: c.state,
        worker_id: c.workerId,
        ...(c.trace !== undefined ? { trace: c.trace } : {}),
      },
      tasks,
      type: e.type,
    };
  }

  /** Kafka's `GET /connectors/{name}/tasks/{id}/status`. */
  taskStatus(name: string, task: number): TaskStateInfo {
    this.entry(name);
    const s = this.taskStates.get(name)?.get(task);
    if (s === undefined) throw new NotFoundException(`No status found for task ${name}-${task}`);
    return this.taskStateInfo(task, s);
  }

  private taskStateInfo(id: number, s: StateInfo): TaskStateInfo {
    return {
      id,
      state: s.state,
      worker_id: s.workerId,
      ...(s.trace !== undefined ? { trace: s.trace } : {}),
    };
  }

  private setConnectorState(name: string, state: ConnectState, cause?: unknown): void {
    if (!this.connectors.has(name)) return;
    const info: StateInfo = { state, workerId: this.worker.workerId };
    if (cause !== undefined) info.trace = formatTrace(cause);
    this.connectorStates.set(name, info);
  }

  private setTaskState(id: ConnectorTaskId, state: ConnectState, cause?: unknown): void {
    if (!this.connectors.has(id.connector)) return;
    let tasks = this.taskStates.get(id.connector);
    if (tasks === undefined) this.taskStates.set(id.connector, (tasks = new Map()));
    const info: StateInfo = { state, workerId: this.worker.workerId };
    if (cause !== undefined) info.trace = formatTrace(cause);
    tasks.set(id.task, info);
  }

  /**
   * Kafka's `POST /connectors` and `PUT /connectors/{name}/config`: validates (every problem at
   * once), then creates or (with allowReplace) reconfigures. `created` says which, for 201 vs 200.
   * Rejects with AlreadyExistsException, ConnectorConfigInvalidException, or ConnectException
   * when the connector could not be started (it then stays, FAILED, as in Kafka).
   */
  putConnectorConfig(
    name: string,
    config: Record<string, string>,
    options: { allowReplace: boolean; initialState?: InitialState },
  ): Promise<{ created: boolean; info: ConnectorInfo }> {
    return this.enqueue(async () => {
      if (this.stopped) throw new ConnectException('Herder is stopping');
      const full = { ...config, name };
      const resolved = await this.resolve(full);
      const { type } = validateConnectorConfig(
        resolved,
        this.opts.registry,
        this.opts.checkTransforms,
        this.worker.workerConfig,
      );
      const existing = this.connectors.get(name);
      if (existing !== undefined && !options.allowReplace) {
        throw new AlreadyExistsException(`Connector ${name} already exists`);
      }
      if (existing !== undefined) {
        this.restarts.resetConnector(name);
        existing.config = full;
        existing.type = type;
        await this.worker.stopAndAwaitConnector(name);
        await this.startConnector(name, existing.target);
        await this.updateConnectorTasks(name);
        return { created: false, info: this.connectorInfo(name) };
      }
      const target = targetOf(options.initialState);
      this.connectors.set(name, {
        config: full,
        type,
        target,
        taskConfigs: [],
        appliedConfig: null,
      });
      this.setConnectorState(name, 'UNASSIGNED');
      this.log.info(`Created connector ${name}`);
      await this.startConnector(name, target);
      await this.updateConnectorTasks(name);
      return { created: true, info: this.connectorInfo(name) };
    });
  }

  /** `POST /connectors` with a flat config or `{name, config, initial_state}`. */
  createConnector(
    config: Record<string, string>,
    options: { allowReplace?: boolean; initialState?: InitialState } = {},
  ): Promise<{ created: boolean; info: ConnectorInfo }> {
    const name = config['name']?.trim() ?? '';
    return this.putConnectorConfig(name, config, {
      allowReplace: options.allowReplace ?? false,
      ...(options.initialState !== undefined ? { initialState: options.initialState } : {}),
    });
  }

  /** `PATCH /connectors/{name}/config`: merge, a null value removes the key. */
  async patchConnectorConfig(
    name: string,
    patch: Record<string, string | null>,
  ): Promise<ConnectorInfo> {
    const merged: Record<string, string> = { ...this.entry(name).config };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    return (await this.putConnectorConfig(name, merged, { allowReplace: true })).info;
  }

  private async resolve(config: Record<string, string>): Promise<Record<string, string>> {
    return this.opts.resolveConfig ? this.opts.resolveConfig(config) : { ...config };
  }

  private async startConnector(name: string, target: TargetState): Promise<void> {
    const e = this.entry(name);
    const resolved = await this.resolve(e.config);
    await this.worker.startConnector(
      name,
      resolved,
      {
        requestTaskReconfiguration: () => {
          void this.enqueue(() => this.updateConnectorTasks(name)).catch((error: unknown) => {
            this.log.error(
              `Failed to reconfigure connector's tasks (${name}), retrying after backoff.`,
              error,
            );
          });
        },
        raiseError: (error: Error) => this.worker.failConnector(name, error),
      },
      {
        onStartup: (n) => this.setConnectorState(n, 'RUNNING'),
        onPause: (n) => this.setConnectorState(n, 'PAUSED'),
        onStop: (n) => this.setConnectorState(n, 'STOPPED'),
        onFailure: (n, cause) => this.onConnectorFailure(n, cause),
        onShutdown: (n) => this.setConnectorState(n, 'UNASSIGNED'),
      },
      target,
    );
  }

  /**
   * Recomputes the task configs; if they or the connector config they came from changed, stops
   * the tasks and starts the new ones (Kafka's updateConnectorTasks, KAFKA-9228 included).
   */
  private async updateConnectorTasks(name: string): Promise<void> {
    const e = this.connectors.get(name);
    if (e === undefined || e.target !== 'STARTED' || !this.worker.isRunning(name)) return;
    const resolved = await this.resolve(e.config);
    let configs: TaskConfig[];
    try {
      configs = await this.worker.connectorTaskConfigs(name);
    } catch (error) {
      this.log.error(`Failed to generate task configs for connector ${name}`, error);
      this.worker.failConnector(name, error);
      await this.removeConnectorTasks(name);
      return;
    }
    const changed =
      !sameConfigs(configs, e.taskConfigs) ||
      e.appliedConfig === null ||
      !sameMap(resolved, e.appliedConfig);
    if (!changed && this.worker.taskIds(name).length === configs.length) return;
    await this.removeConnectorTasks(name);
    e.taskConfigs = configs;
    e.appliedConfig = resolved;
    configs.forEach((_, task) => this.startTask({ connector: name, task }, resolved));
  }

  private startTask(id: ConnectorTaskId, connectorConfig: Record<string, string>): boolean {
    const e = this.entry(id.connector);
    const taskConfig = e.taskConfigs[id.task];
    if (taskConfig === undefined)
      throw new NotFoundException(`Task ${id.connector}-${id.task} not found`);
    this.setTaskState(id, 'UNASSIGNED');
    return this.worker.startTask(
      id,
      connectorConfig,
      taskConfig,
      {
        onStartup: (t) => this.setTaskState(t, 'RUNNING'),
        onPause: (t) => this.setTaskState(t, 'PAUSED'),
        onResume: (t) => this.setTaskState(t, 'RUNNING'),
        onFailure: (t, cause) => this.onTaskFailure(t, cause),
        onShutdown: (t) => this.setTaskState(t, 'UNASSIGNED'),
      },
      e.target,
    );
  }

  private async removeConnectorTasks(name: string): Promise<void> {
    this.restarts.resetConnector(name, (key) => key.startsWith('task:'));
    const ids = this.worker.taskIds(name);
    if (ids.length > 0) await this.worker.stopAndAwaitTasks(ids);
    this.taskStates.delete(name);
  }

  /** `DELETE /connectors/{name}`. Offsets stay in the store, as in Kafka. */
  deleteConnector(name: string): Promise<ConnectorInfo> {
    return this.enqueue(async () => {
      const info = this.connectorInfo(name);
      this.restarts.resetConnector(name);
      await this.removeConnectorTasks(name);
      await this.worker.stopAndAwaitConnector(name);
      this.connectors.delete(name);
      this.connectorStates.delete(name);
      this.taskStates.delete(name);
      this.log.info(`Removed connector ${name}`);
      return info;
    });
  }

  /** `PUT /connectors/{name}/pause`. */
  pauseConnector(name: string): Promise<void> {
    return this.enqueue(async () => {
      const e = this.entry(name);
      if (e.target === 'STOPPED') await this.startConnector(name, 'PAUSED').catch(() => undefined);
      e.target = 'PAUSED';
      await this.worker.setTargetState(name, 'PAUSED');
    });
  }

  /** `PUT /connectors/{name}/resume`. */
  resumeConnector(name: string): Promise<void> {
    return this.enqueue(async () => {
      const e = this.entry(name);
      e.target = 'STARTED';
      await this.worker.setTargetState(name, 'STARTED');
      await this.updateConnectorTasks(name);
    });
  }

  /** `PUT /connectors/{name}/stop` (KIP-875): tasks removed, connector STOPPED. */
  stopConnector(name: string): Promise<void> {
    return this.enqueue(async () => {
      const e = this.entry(name);
      e.target = 'STOPPED';
      this.restarts.resetConnector(name);
      await this.removeConnectorTasks(name);
      e.taskConfigs = [];
      e.appliedConfig = null;
      await this.worker.setTargetState(name, 'STOPPED');
    });
  }

  /**
   * `POST /connectors/{name}/restart`. Without options only the connector restarts (Kafka's 204,
   * returns null); with includeTasks/onlyFailed the chosen ones are marked RESTARTING, that status
   * is returned (Kafka's 202), and they restart.
   */
  restartConnector(name: string, request: RestartRequest = {}): Promise<ConnectorStateInfo | null> {
    return this.enqueue(async () => {
      const e = this.entry(name);
      const includeTasks = request.includeTasks ?? false;
      const onlyFailed = request.onlyFailed ?? false;
      const plain = !includeTasks && !onlyFailed;
      // A failure waiting for its automatic restart counts as failed: the manual one goes first.
      const connectorFailed =
        this.connectorStates.get(name)?.state === 'FAILED' ||
        this.restarts.isPending(connectorKey(name));
      const restartConnector = !onlyFailed || connectorFailed;
      const tasks = includeTasks
        ? [...(this.taskStates.get(name) ?? new Map<number, StateInfo>()).entries()]
            .filter(
              ([task, s]) =>
                !onlyFailed ||
                s.state === 'FAILED' ||
                this.restarts.isPending(taskKey({ connector: name, task })),
            )
            .map(([task]) => task)
        : [];
      if (restartConnector) this.restarts.reset(connectorKey(name));
      for (const task of tasks) this.restarts.reset(taskKey({ connector: name, task }));
      // Kafka's restart plan keeps each instance's last trace beside its RESTARTING state.
      if (restartConnector && !plain) {
        const trace = this.connectorStates.get(name)?.trace;
        this.setConnectorState(name, 'RESTARTING');
        if (trace !== undefined) this.connectorStates.get(name)!.trace = trace;
      }
      for (const task of tasks) {
        const trace = this.taskStates.get(name)?.get(task)?.trace;
        this.setTaskState({ connector: name, task }, 'RESTARTING');
        if (trace !== undefined) this.taskStates.get(name)!.get(task)!.trace = trace;
      }
      const answer = plain ? null : this.connectorStatus(name);
      if (restartConnector) {
        await this.worker.stopAndAwaitConnector(name);
        try {
          await this.startConnector(name, e.target);
        } catch (error) {
          if (plain) throw error;
        }
      }
      if (tasks.length > 0) {
        const ids = tasks.map((task) => ({ connector: name, task }));
        await this.worker.stopAndAwaitTasks(
          ids.filter((id) => this.worker.taskIds(name).some((t) => t.task === id.task)),
        );
        const resolved = e.appliedConfig ?? (await this.resolve(e.config));
        for (const id of ids)
          if (e.taskConfigs[id.task] !== undefined) this.startTask(id, resolved);
      }
      await this.updateConnectorTasks(name);
      return answer;
    });
  }

  /** `POST /connectors/{name}/tasks/{id}/restart`. */
  restartTask(name: string, task: number): Promise<void> {
    return this.enqueue(async () => {
      const e = this.entry(name);
      if (e.taskConfigs[task] === undefined)
        throw new NotFoundException(`Task ${name}-${task} not found`);
      const id = { connector: name, task };
      this.restarts.reset(taskKey(id));
      await this.worker.stopAndAwaitTasks([id]);
      const resolved = e.appliedConfig ?? (await this.resolve(e.config));
      if (!this.startTask(id, resolved))
        throw new ConnectException(`Failed to start task ${name}-${task}`);
    });
  }

  /** A connector failed: FAILED with its trace, then an automatic restart if the policy allows. */
  private onConnectorFailure(name: string, cause: unknown): void {
    this.setConnectorState(name, 'FAILED', cause);
    const e = this.connectors.get(name);
    if (this.stopped || e === undefined) return;
    const decision = this.restarts.onFailure(
      connectorKey(name),
      name,
      autoRestartPolicy(this.worker.workerConfig, e.config),
      () => this.runAutoRestart(() => this.autoRestartConnector(name)),
    );
    this.reportDecision(`connector ${name}`, decision, cause);
    if (decision.kind === 'restart') this.setConnectorState(name, 'RESTARTING', cause);
  }

  /** A task failed: FAILED with its trace, then an automatic restart if the policy allows. */
  private onTaskFailure(id: ConnectorTaskId, cause: unknown): void {
    this.setTaskState(id, 'FAILED', cause);
    const e = this.connectors.get(id.connector);
    if (this.stopped || e === undefined) return;
    const decision = this.restarts.onFailure(
      taskKey(id),
      id.connector,
      autoRestartPolicy(this.worker.workerConfig, e.config),
      () => this.runAutoRestart(() => this.autoRestartTask(id)),
    );
    this.reportDecision(`task ${taskIdString(id)}`, decision, cause);
    if (decision.kind === 'restart') this.setTaskState(id, 'RESTARTING', cause);
  }

  private reportDecision(what: string, decision: RestartDecision, cause: unknown): void {
    if (decision.kind === 'restart') {
      this.log.warn(
        `Restarting ${what} in ${decision.delayMs} ms (automatic restart ${decision.attempt} of ${decision.maxAttempts}) after: ${causeLine(cause)}`,
      );
    } else if (decision.kind === 'give-up') {
      this.log.error(
        `${what[0]!.toUpperCase()}${what.slice(1)} failed again after ${decision.attempts} automatic restarts; it stays FAILED until restarted by hand. Last cause: ${causeLine(cause)}`,
      );
    }
  }

  private runAutoRestart(fn: () => Promise<void>): void {
    void this.enqueue(fn).catch((error: unknown) =>
      this.log.error('Automatic restart failed', error),
    );
  }

  /** Runs when the backoff ended, unless a manual action or a stop came first. */
  private async autoRestartConnector(name: string): Promise<void> {
    const e = this.connectors.get(name);
    if (this.stopped || e === undefined) return;
    if (this.connectorStates.get(name)?.state !== 'RESTARTING') return;
    this.log.info(`Automatically restarting connector ${name}`);
    await this.worker.stopAndAwaitConnector(name);
    try {
      await this.startConnector(name, e.target);
    } catch {
      return; // the failure listener already decided what comes next
    }
    await this.updateConnectorTasks(name);
  }

  private async autoRestartTask(id: ConnectorTaskId): Promise<void> {
    const e = this.connectors.get(id.connector);
    if (this.stopped || e === undefined || e.taskConfigs[id.task] === undefined) return;
    if (this.taskStates.get(id.connector)?.get(id.task)?.state !== 'RESTARTING') return;
    this.log.info(`Automatically restarting task ${taskIdString(id)}`);
    await this.worker.stopAndAwaitTasks([id]);
    this.startTask(id, e.appliedConfig ?? (await this.resolve(e.config)));
  }
}
