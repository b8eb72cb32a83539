/** The states Kafka's status endpoint reports for a connector or a task. */
export type ConnectState =
  'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'RESTARTING' | 'STOPPED';

/** One connector's or task's state, as kept by the herder. */
export interface StateInfo {
  state: ConnectState;
  workerId: string;
  /** The failure's full trace (Java's printStackTrace form), only when FAILED. */
  trace?: string;
}

/** Kafka's `GET /connectors/{name}/status` shape. */
export interface ConnectorStateInfo {
  name: string;
  connector: { state: ConnectState; worker_id: string; trace?: string };
  tasks: { id: number; state: ConnectState; worker_id: string; trace?: string }[];
  type: 'source' | 'sink' | 'unknown';
}

/** Kafka's `GET /connectors/{name}/tasks/{id}/status` shape. */
export interface TaskStateInfo {
  id: number;
  state: ConnectState;
  worker_id: string;
  trace?: string;
}

/**
 * A failure as Java's printStackTrace shows it: the error and its stack, then each cause as
 * "Caused by: …", so the status trace carries the whole chain.
 */
export function formatTrace(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  const seen = new Set<unknown>();
  let first = true;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    let text: string;
    if (current instanceof Error) {
      text = current.stack ?? `${current.name}: ${current.message}`;
      // Node's stack starts with "Error: msg" even for subclasses that only set name later.
      const header = `${current.name}: ${current.message}`;
      if (!text.startsWith(header)) {
        const firstFrame = text.indexOf('\n    at ');
        text = header + (firstFrame >= 0 ? text.slice(firstFrame) : '');
      }
    } else {
      text = String(current);
    }
    parts.push(first ? text : `Caused by: ${text}`);
    first = false;
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}
