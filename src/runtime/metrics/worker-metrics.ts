/**
 * The worker's start-up counters (Kafka's connect-worker-metrics `connector-startup-*` and
 * `task-startup-*`). As in Kafka, a connector start "succeeds" once the worker has created and
 * initialized it (its own start() failing later makes it FAILED, not a failed start-up), and a
 * task start once its loop was built and launched.
 */
export class WorkerMetrics {
  connectorStartupSuccess = 0;
  connectorStartupFailure = 0;
  taskStartupSuccess = 0;
  taskStartupFailure = 0;

  recordConnectorStartup(success: boolean): void {
    if (success) this.connectorStartupSuccess++;
    else this.connectorStartupFailure++;
  }

  recordTaskStartup(success: boolean): void {
    if (success) this.taskStartupSuccess++;
    else this.taskStartupFailure++;
  }
}
