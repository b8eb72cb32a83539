import { Counter, Gauge, Registry } from 'prom-client';
import type { ConnectState } from '../status.js';
import type { TaskMetrics } from './task-metrics.js';
import type { WorkerMetrics } from './worker-metrics.js';

/** One connector as the herder reports it, for the worker- and connector-level metrics. */
export interface ConnectorView {
  name: string;
  type: 'source' | 'sink' | 'unknown';
  className: string;
  state: ConnectState;
  tasks: { id: number; state: ConnectState }[];
}

/** What a scrape reads: the herder's connectors and the worker's task figures. */
export interface MetricsView {
  connectors: readonly ConnectorView[];
  tasks: readonly TaskMetrics[];
  /** The worker's start-up counters; absent, they are not exported. */
  worker?: WorkerMetrics;
}

/**
 * Kafka's metric group and name → a Prometheus name, as the common JMX-exporter rules for Kafka
 * Connect (Strimzi's) name them: `kafka_connect_` + group without `-metrics` + `_` + name, dashes
 * to underscores. `source-task-metrics`/`source-record-poll-total` →
 * `kafka_connect_source_task_source_record_poll_total`.
 */
export function prometheusName(group: string, name: string): string {
  const g = group.replace(/-metrics$/, '');
  return `kafka_connect_${g}_${name}`.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** The task states Kafka's connect-worker-metrics count per connector. */
const TASK_COUNT_STATES: readonly [string, ConnectState][] = [
  ['connector-running-task-count', 'RUNNING'],
  ['connector-paused-task-count', 'PAUSED'],
  ['connector-failed-task-count', 'FAILED'],
  ['connector-unassigned-task-count', 'UNASSIGNED'],
  ['connector-restarting-task-count', 'RESTARTING'],
];

type TaskLabels = { connector: string; task: string };

interface TaskMetricDef {
  group: string;
  name: string;
  help: string;
  counter?: boolean;
  only?: 'source' | 'sink';
  value(m: TaskMetrics, now: number): number | null;
}

function stat(n: number): number | null {
  return Number.isNaN(n) ? null : n;
}

/** Every per-task metric we export; Kafka's descriptions, shortened. */
const TASK_METRICS: readonly TaskMetricDef[] = [
  // connector-task-metrics
  {
    group: 'connector-task-metrics',
    name: 'offset-commit-max-time-ms',
    help: 'The maximum time in milliseconds taken by this task to commit offsets.',
    value: (m, now) => stat(m.commitTime.max.measure(now)),
  },
  {
    group: 'connector-task-metrics',
    name: 'offset-commit-avg-time-ms',
    help: 'The average time in milliseconds taken by this task to commit offsets.',
    value: (m, now) => stat(m.commitTime.avg.measure(now)),
  },
  {
    group: 'connector-task-metrics',
    name: 'offset-commit-success-percentage',
    help: "The average fraction (0..1) of this task's offset commit attempts that succeeded.",
    value: (m) => m.commitSuccessRatio(),
  },
  {
    group: 'connector-task-metrics',
    name: 'offset-commit-failure-percentage',
    help: "The average fraction (0..1) of this task's offset commit attempts that failed.",
    value: (m) => m.commitFailureRatio(),
  },
  {
    group: 'connector-task-metrics',
    name: 'running-ratio',
    help: 'The fraction of time this task has spent in the running state.',
    value: (m) => m.stateRatio('RUNNING'),
  },
  {
    group: 'connector-task-metrics',
    name: 'pause-ratio',
    help: 'The fraction of time this task has spent in the pause state.',
    value: (m) => m.stateRatio('PAUSED'),
  },
  {
    group: 'connector-task-metrics',
    name: 'batch-size-max',
    help: 'The maximum size of the batches processed by the connector.',
    value: (m, now) => stat(m.batchSize.max.measure(now)),
  },
  {
    group: 'connector-task-metrics',
    name: 'batch-size-avg',
    help: 'The average size of the batches processed by the connector.',
    value: (m, now) => stat(m.batchSize.avg.measure(now)),
  },
  // source-task-metrics
  {
    group: 'source-task-metrics',
    name: 'source-record-poll-total',
    help: 'The total number of records produced/polled (before transformation) by this task.',
    counter: true,
    only: 'source',
    value: (m) => m.recordsIn.total,
  },
  {
    group: 'source-task-metrics',
    name: 'source-record-poll-rate',
    help: 'The average per-second number of records produced/polled (before transformation) by this task.',
    only: 'source',
    value: (m, now) => m.recordsIn.ratePerSecond(now),
  },
  {
    group: 'source-task-metrics',
    name: 'source-record-write-total',
    help: 'The number of records output from the transformations and written to Kafka for this task.',
    counter: true,
    only: 'source',
    value: (m) => m.recordsOut.total,
  },
  {
    group: 'source-task-metrics',
    name: 'source-record-write-rate',
    help: 'The average per-second number of records output from the transformations and written to Kafka for this task.',
    only: 'source',
    value: (m, now) => m.recordsOut.ratePerSecond(now),
  },
  {
    group: 'source-task-metrics',
    name: 'poll-batch-max-time-ms',
    help: 'The maximum time in milliseconds taken by this task to poll for a batch of source records.',
    only: 'source',
    value: (m, now) => stat(m.batchTime.max.measure(now)),
  },
  {
    group: 'source-task-metrics',
    name: 'poll-batch-avg-time-ms',
    help: 'The average time in milliseconds taken by this task to poll for a batch of source records.',
    only: 'source',
    value: (m, now) => stat(m.batchTime.avg.measure(now)),
  },
  {
    group: 'source-task-metrics',
    name: 'source-record-active-count',
    help: 'The number of records that have been produced by this task but not yet completely written to Kafka.',
    only: 'source',
    value: (m) => m.activeRecords(),
  },
  // sink-task-metrics
  {
    group: 'sink-task-metrics',
    name: 'sink-record-read-total',
    help: 'The total number of records read from Kafka by this task.',
    counter: true,
    only: 'sink',
    value: (m) => m.recordsIn.total,
  },
  {
    group: 'sink-task-metrics',
    name: 'sink-record-read-rate',
    help: 'The average per-second number of records read from Kafka for this task (before transformations).',
    only: 'sink',
    value: (m, now) => m.recordsIn.ratePerSecond(now),
  },
  {
    group: 'sink-task-metrics',
    name: 'sink-record-send-total',
    help: 'The total number of records output from the transformations and sent/put to this task.',
    counter: true,
    only: 'sink',
    value: (m) => m.recordsOut.total,
  },
  {
    group: 'sink-task-metrics',
    name: 'sink-record-send-rate',
    help: 'The average per-second number of records output from the transformations and sent/put to this task.',
    only: 'sink',
    value: (m, now) => m.recordsOut.ratePerSecond(now),
  },
  {
    group: 'sink-task-metrics',
    name: 'sink-record-lag-max',
    help: "The maximum lag in number of records that the sink task is behind the consumer's position for any partition (as of the last fetch).",
    only: 'sink',
    value: (m) => stat(m.lagMax()),
  },
  {
    group: 'sink-task-metrics',
    name: 'partition-count',
    help: 'The number of topic partitions assigned to this task.',
    only: 'sink',
    value: (m) => m.partitions(),
  },
  {
    group: 'sink-task-metrics',
    name: 'offset-commit-seq-no',
    help: 'The current sequence number for offset commits.',
    only: 'sink',
    value: (m) => m.commitSeqNo,
  },
  {
    group: 'sink-task-metrics',
    name: 'offset-commit-completion-total',
    help: 'The total number of offset commit completions that were completed successfully.',
    counter: true,
    only: 'sink',
    value: (m) => m.commitCompletions.total,
  },
  {
    group: 'sink-task-metrics',
    name: 'offset-commit-completion-rate',
    help: 'The average per-second number of offset commit completions that were completed successfully.',
    only: 'sink',
    value: (m, now) => m.commitCompletions.ratePerSecond(now),
  },
  {
    group: 'sink-task-metrics',
    name: 'offset-commit-skip-total',
    help: 'The total number of offset commit completions that were received too late and skipped/ignored.',
    counter: true,
    only: 'sink',
    value: (m) => m.commitSkipTotal,
  },
  {
    group: 'sink-task-metrics',
    name: 'put-batch-max-time-ms',
    help: 'The maximum time taken by this task to put a batch of sinks records.',
    only: 'sink',
    value: (m, now) => stat(m.batchTime.max.measure(now)),
  },
  {
    group: 'sink-task-metrics',
    name: 'put-batch-avg-time-ms',
    help: 'The average time taken by this task to put a batch of sinks records.',
    only: 'sink',
    value: (m, now) => stat(m.batchTime.avg.measure(now)),
  },
  {
    group: 'sink-task-metrics',
    name: 'sink-record-active-count',
    help: 'The number of records that have been read from Kafka but not yet completely committed/flushed/acknowledged by the sink task.',
    only: 'sink',
    value: (m) => m.activeRecords(),
  },
  // task-error-metrics
  {
    group: 'task-error-metrics',
    name: 'total-record-failures',
    help: 'The number of record processing failures in this task.',
    counter: true,
    value: (m) => m.recordFailures,
  },
  {
    group: 'task-error-metrics',
    name: 'total-record-errors',
    help: 'The number of record processing errors in this task.',
    counter: true,
    value: (m) => m.recordErrors,
  },
  {
    group: 'task-error-metrics',
    name: 'total-records-skipped',
    help: 'The number of records skipped due to errors.',
    counter: true,
    value: (m) => m.recordsSkipped,
  },
  {
    group: 'task-error-metrics',
    name: 'total-retries',
    help: 'The number of operations retried.',
    counter: true,
    value: (m) => m.retries,
  },
  {
    group: 'task-error-metrics',
    name: 'total-errors-logged',
    help: 'The number of errors that were logged.',
    counter: true,
    value: (m) => m.errorsLogged,
  },
  {
    group: 'task-error-metrics',
    name: 'deadletterqueue-produce-requests',
    help: 'The number of attempted writes to the dead letter queue.',
    counter: true,
    value: (m) => m.dlqProduceRequests,
  },
  {
    group: 'task-error-metrics',
    name: 'deadletterqueue-produce-failures',
    help: 'The number of failed writes to the dead letter queue.',
    counter: true,
    value: (m) => m.dlqProduceFailures,
  },
  {
    group: 'task-error-metrics',
    name: 'last-error-timestamp',
    help: 'The epoch timestamp when this task last encountered an error.',
    value: (m) => m.lastError?.timestamp ?? 0,
  },
];

/** Every metric name we export, for docs and tests. */
export function exportedMetricNames(): string[] {
  return [
    prometheusName('connect-worker-metrics', 'connector-count'),
    prometheusName('connect-worker-metrics', 'task-count'),
    prometheusName('connect-worker-metrics', 'connector-total-task-count'),
    ...['connector', 'task'].flatMap((k) =>
      ['attempts', 'success', 'failure'].map((r) =>
        prometheusName('connect-worker-metrics', `${k}-startup-${r}-total`),
      ),
    ),
    ...TASK_COUNT_STATES.map(([n]) => prometheusName('connect-worker-metrics', n)),
    prometheusName('connector-metrics', 'status'),
    prometheusName('connector-metrics', 'info'),
    prometheusName('connector-task-metrics', 'status'),
    ...TASK_METRICS.map((d) => prometheusName(d.group, d.name)),
  ];
}

/**
 * The scrape: a fresh registry filled from the view each time, so removed connectors and tasks
 * disappear at once and nothing runs between scrapes. Values are read now, never on the hot path.
 * A statistic without observations in its window (Kafka's NaN) is left out.
 */
export async function renderPrometheus(
  view: MetricsView,
  now: number = Date.now(),
): Promise<{ contentType: string; text: string }> {
  const registry = new Registry();
  const gauge = (group: string, name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name: prometheusName(group, name), help, labelNames, registers: [registry] });

  gauge(
    'connect-worker-metrics',
    'connector-count',
    'The number of connectors run in this worker.',
  ).set(view.connectors.length);
  gauge('connect-worker-metrics', 'task-count', 'The number of tasks run in this worker.').set(
    view.connectors.reduce((n, c) => n + c.tasks.length, 0),
  );
  if (view.worker !== undefined) {
    const w = view.worker;
    const counter = (name: string, help: string, value: number): void => {
      new Counter({
        name: prometheusName('connect-worker-metrics', name),
        help,
        registers: [registry],
      }).inc(value);
    };
    counter(
      'connector-startup-attempts-total',
      'The total number of connector startups that this worker has attempted.',
      w.connectorStartupSuccess + w.connectorStartupFailure,
    );
    counter(
      'connector-startup-success-total',
      'The total number of connector starts that succeeded.',
      w.connectorStartupSuccess,
    );
    counter(
      'connector-startup-failure-total',
      'The total number of connector starts that failed.',
      w.connectorStartupFailure,
    );
    counter(
      'task-startup-attempts-total',
      'The total number of task startups that this worker has attempted.',
      w.taskStartupSuccess + w.taskStartupFailure,
    );
    counter(
      'task-startup-success-total',
      'The total number of task starts that succeeded.',
      w.taskStartupSuccess,
    );
    counter(
      'task-startup-failure-total',
      'The total number of task starts that failed.',
      w.taskStartupFailure,
    );
  }
  const total = gauge(
    'connect-worker-metrics',
    'connector-total-task-count',
    'The number of tasks of the connector on the worker.',
    ['connector'],
  );
  const byState = TASK_COUNT_STATES.map(
    ([name, state]) =>
      [
        gauge(
          'connect-worker-metrics',
          name,
          `The number of ${state.toLowerCase()} tasks of the connector on the worker.`,
          ['connector'],
        ),
        state,
      ] as const,
  );
  const connectorStatus = gauge(
    'connector-metrics',
    'status',
    "The status of the connector (1 for the current one of 'unassigned', 'running', 'paused', 'failed', 'restarting', 'stopped').",
    ['connector', 'status'],
  );
  const connectorInfo = gauge(
    'connector-metrics',
    'info',
    "The connector's type and class (Kafka's connector-type and connector-class), value 1.",
    ['connector', 'connector_type', 'connector_class'],
  );
  const taskStatus = gauge(
    'connector-task-metrics',
    'status',
    "The status of the connector task (1 for the current one of 'unassigned', 'running', 'paused', 'failed', 'restarting').",
    ['connector', 'task', 'status'],
  );
  for (const c of view.connectors) {
    total.set({ connector: c.name }, c.tasks.length);
    for (const [g, state] of byState)
      g.set({ connector: c.name }, c.tasks.filter((t) => t.state === state).length);
    connectorStatus.set({ connector: c.name, status: c.state.toLowerCase() }, 1);
    connectorInfo.set(
      { connector: c.name, connector_type: c.type, connector_class: c.className },
      1,
    );
    for (const t of c.tasks)
      taskStatus.set({ connector: c.name, task: String(t.id), status: t.state.toLowerCase() }, 1);
  }

  for (const def of TASK_METRICS) {
    const name = prometheusName(def.group, def.name);
    const labelNames = ['connector', 'task'];
    const metric = def.counter
      ? new Counter({ name, help: def.help, labelNames, registers: [registry] })
      : new Gauge({ name, help: def.help, labelNames, registers: [registry] });
    for (const m of view.tasks) {
      if (def.only !== undefined && def.only !== m.type) continue;
      const value = def.value(m, now);
      if (value === null) continue;
      const labels: TaskLabels = { connector: m.id.connector, task: String(m.id.task) };
      if (metric instanceof Counter) metric.inc(labels, value);
      else metric.set(labels, value);
    }
  }
  return { contentType: registry.contentType, text: await registry.metrics() };
}
