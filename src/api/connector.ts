import type { ConfigDef } from '../config/config-def.js';
import type { SinkTask } from './sink-task.js';
import type { SourceTask } from './source-task.js';

/** A connector's or task's configuration: Kafka's `Map<String, String>`. */
export type TaskConfig = Record<string, string>;

/** What the runtime offers a running connector. */
export interface ConnectorContext {
  /**
   * Ask the runtime to call {@link Connector.taskConfigs} again and restart the tasks if
   * their configs changed (for example when the set of input tables changed).
   */
  requestTaskReconfiguration(): void;
  /** Fail the connector with this error; its state becomes FAILED with the error's trace. */
  raiseError(error: Error): void;
}

/**
 * A connector: it reads its configuration, decides how many tasks to run and what each
 * one does, and watches its source or destination for changes. It moves no data itself.
 *
 * Lifecycle, as the runtime drives it:
 * 1. constructed with no arguments, then {@link initialize} with its context;
 * 2. {@link validate} (optional) and {@link start} with the connector's config (with
 *    config-provider references resolved) — a throw fails the connector (exit 3 for a
 *    connector named on the command line);
 * 3. {@link taskConfigs}`(tasks.max)` — one config per task to start; a throw fails it;
 * 4. {@link stop} when the connector is deleted, reconfigured, paused to STOPPED or the worker
 *    stops. It must release every resource; a throw is logged, not fatal.
 */
export abstract class Connector {
  protected context!: ConnectorContext;

  /** Called once, before {@link start}. */
  initialize(context: ConnectorContext): void {
    this.context = context;
  }

  /** The plugin's version, shown in logs and by the REST API. */
  abstract version(): string;

  /** Start with this configuration. */
  abstract start(props: TaskConfig): void | Promise<void>;

  /** The task class this connector's tasks are instances of. */
  abstract taskClass(): new () => SourceTask | SinkTask;

  /** At most `maxTasks` task configurations; one task is started per element. */
  abstract taskConfigs(maxTasks: number): TaskConfig[] | Promise<TaskConfig[]>;

  /** Stop and release resources. */
  abstract stop(): void | Promise<void>;

  /** The connector's own configuration keys (beyond the common connector config). */
  abstract config(): ConfigDef;
}

/** A connector whose tasks read from a system and write into Kafka. */
export abstract class SourceConnector extends Connector {
  abstract override taskClass(): new () => SourceTask;
}

/** A connector whose tasks read from Kafka and write into a system. */
export abstract class SinkConnector extends Connector {
  abstract override taskClass(): new () => SinkTask;
}

/** A connector class, as the plugin registry holds it. */
export type ConnectorClass = new () => Connector;
