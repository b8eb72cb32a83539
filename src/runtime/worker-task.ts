import type { Logger } from '../util/logger.js';
import { TaskMetrics } from './metrics/task-metrics.js';

/** A task's identity, Kafka's ConnectorTaskId: JSON `{"connector":…,"task":n}`. */
export interface ConnectorTaskId {
  readonly connector: string;
  readonly task: number;
}

/** `conn-0`, as Kafka prints a ConnectorTaskId. */
export function taskIdString(id: ConnectorTaskId): string {
  return `${id.connector}-${id.task}`;
}

/** What the herder asks a connector and its tasks to be (Kafka's TargetState). */
export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

/**
 * Receives a task's state changes (Kafka's TaskStatus.Listener); the herder turns them into the
 * RUNNING/PAUSED/FAILED/UNASSIGNED states it reports.
 */
export interface TaskStatusListener {
  onStartup(id: ConnectorTaskId): void;
  onPause(id: ConnectorTaskId): void;
  onResume(id: ConnectorTaskId): void;
  onFailure(id: ConnectorTaskId, cause: unknown): void;
  onShutdown(id: ConnectorTaskId): void;
}

/**
 * The life of one task, shared by source and sink loops (Kafka's WorkerTask): start, the
 * loop, pause/resume and a stop that the loop notices through {@link stopSignal}. `run()` never
 * rejects: a failure is logged, reported to the listener as FAILED with its trace, and the
 * task's resources are released.
 */
export abstract class WorkerTask {
  private readonly stopController = new AbortController();
  private targetState: TargetState;
  private resumeWaiters: (() => void)[] = [];
  private finished: Promise<void> | null = null;
  private resolveFinished!: () => void;
  private readonly done: Promise<void>;
  private cancelled = false;
  protected failed = false;
  /** The task's figures (records, commits, errors), read by /metrics, REST and progress lines. */
  readonly metrics: TaskMetrics;

  protected constructor(
    readonly id: ConnectorTaskId,
    protected readonly statusListener: TaskStatusListener,
    initialState: TargetState,
    protected readonly log: Logger,
  ) {
    this.targetState = initialState;
    this.metrics = new TaskMetrics(id);
    this.statusListener = this.metrics.trackStates(statusListener);
    this.done = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
  }

  /** `WorkerSourceTask{id=conn-0}` etc., the prefix of Kafka's task log lines. */
  abstract toString(): string;

  /** Creates clients, starts the user's task; runs before the task is reported RUNNING. */
  protected abstract initializeAndStart(): Promise<void>;

  /** The loop; returns when {@link isStopping} becomes true, throws to fail the task. */
  protected abstract execute(): Promise<void>;

  /** Releases resources; called once after the loop ended, whether it failed or not. */
  protected abstract close(): Promise<void>;

  /** Aborted when the task is asked to stop: loops and waits listen to it to end promptly. */
  get stopSignal(): AbortSignal {
    return this.stopController.signal;
  }

  isStopping(): boolean {
    return this.stopController.signal.aborted;
  }

  isCancelled(): boolean {
    return this.cancelled;
  }

  hasFailed(): boolean {
    return this.failed;
  }

  /** True while the connector is paused (the loop should not poll or consume). */
  shouldPause(): boolean {
    return this.targetState === 'PAUSED';
  }

  /** Runs the task to its end. Never rejects; the outcome goes to the status listener. */
  run(): Promise<void> {
    if (this.finished === null) this.finished = this.doRun();
    return this.finished;
  }

  private async doRun(): Promise<void> {
    try {
      try {
        await this.startAndExecute();
      } catch (error) {
        this.failed = true;
        this.metrics.noteError(error);
        if (this.cancelled) {
          this.log.warn(
            `${this.toString()} After being scheduled for shutdown, the orphan task threw an uncaught exception. A newer instance of this task might be already running`,
            error,
          );
        } else if (this.isStopping()) {
          this.log.warn(
            `${this.toString()} After being scheduled for shutdown, task threw an uncaught exception.`,
            error,
          );
        } else {
          this.log.error(
            `${this.toString()} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted`,
            error,
          );
          this.statusListener.onFailure(this.id, error);
        }
      } finally {
        try {
          await this.close();
        } catch (error) {
          this.log.warn(`${this.toString()} Failed to close task resources`, error);
        }
      }
      if (!this.failed && !this.cancelled) this.statusListener.onShutdown(this.id);
    } catch (error) {
      // A listener must never take the task's promise down with it.
      this.log.error(`${this.toString()} Status listener failed`, error);
    } finally {
      this.resolveFinished();
    }
  }

  private async startAndExecute(): Promise<void> {
    if (this.isStopping()) return;
    if (this.shouldPause()) {
      this.statusListener.onPause(this.id);
      if (!(await this.awaitUnpause())) return;
    }
    await this.initializeAndStart();
    if (!this.isStopping()) this.statusListener.onStartup(this.id);
    await this.execute();
  }

  /** Asks the loop to end; returns at once (see {@link awaitStop}). */
  stop(): void {
    if (this.isStopping()) return;
    this.stopController.abort();
    this.wakeResumeWaiters();
  }

  /** Waits until the task ended, up to `timeoutMs`; true if it did. */
  async awaitStop(timeoutMs: number): Promise<boolean> {
    if (this.finished === null) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
    });
    try {
      return await Promise.race([this.done.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** After a missed graceful stop: whatever the task does later no longer changes its status. */
  cancel(): void {
    this.cancelled = true;
    this.stop();
  }

  /** Changes the target state; a paused task stops polling/consuming until resumed. */
  transitionTo(state: TargetState): void {
    if (this.isStopping() || state === this.targetState) return;
    const wasPaused = this.targetState === 'PAUSED';
    this.targetState = state;
    if (state === 'PAUSED') {
      this.onPause();
    } else if (wasPaused) {
      this.wakeResumeWaiters();
    }
  }

  /** Called when the target state becomes PAUSED; the sink loop overrides to pause its consumer. */
  protected onPause(): void {
    // The loop reports PAUSED itself when it next checks shouldPause().
  }

  /** Waits while paused; resolves false when the task is stopped instead of resumed. */
  protected async awaitUnpause(): Promise<boolean> {
    while (this.shouldPause() && !this.isStopping()) {
      await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
    }
    return !this.isStopping();
  }

  /**
   * For loops: if paused, report PAUSED, wait for resume (RUNNING again) or stop. Returns false
   * when the task should end.
   */
  protected async pauseIfRequested(): Promise<boolean> {
    if (!this.shouldPause() || this.isStopping()) return !this.isStopping();
    this.statusListener.onPause(this.id);
    const resumed = await this.awaitUnpause();
    if (resumed) this.statusListener.onResume(this.id);
    return resumed;
  }

  private wakeResumeWaiters(): void {
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const w of waiters) w();
  }
}
