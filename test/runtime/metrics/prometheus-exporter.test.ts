import { describe, expect, it } from 'vitest';
import {
  exportedMetricNames,
  prometheusName,
  renderPrometheus,
} from '../../../src/runtime/metrics/prometheus-exporter.js';
import { TaskMetrics } from '../../../src/runtime/metrics/task-metrics.js';
import { WorkerMetrics } from '../../../src/runtime/metrics/worker-metrics.js';

function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('Prometheus exposition of Kafka Connect metrics', () => {
  it('maps Kafka group and metric names to Prometheus names', () => {
    expect(prometheusName('source-task-metrics', 'source-record-poll-total')).toBe(
      'kafka_connect_source_task_source_record_poll_total',
    );
    expect(prometheusName('task-error-metrics', 'total-record-errors')).toBe(
      'kafka_connect_task_error_total_record_errors',
    );
    expect(prometheusName('connect-worker-metrics', 'connector-count')).toBe(
      'kafka_connect_connect_worker_connector_count',
    );
    for (const n of exportedMetricNames()) expect(n).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
  });

  it('renders worker, connector and task metrics with connector and task labels', async () => {
    let now = 1_000_000;
    const source = new TaskMetrics({ connector: 'src "a"', task: 0 }, () => now);
    source.type = 'source';
    source.recordPoll(10, 5);
    source.recordWrite(8);
    source.recordCommit(true, 12);
    source.recordSkipped(2);
    const sink = new TaskMetrics({ connector: 'snk', task: 1 }, () => now);
    sink.type = 'sink';
    sink.trackPartitionCount(() => 3);
    sink.recordRead(4);
    sink.recordPut(4, 1);
    sink.recordLag('t', 0, 10n, 4n);
    sink.recordLag('t', 1, 7n, 7n);
    now += 1000;
    const worker = new WorkerMetrics();
    worker.recordConnectorStartup(true);
    worker.recordConnectorStartup(false);
    worker.recordTaskStartup(true);
    const { text, contentType } = await renderPrometheus(
      {
        connectors: [
          {
            name: 'src "a"',
            type: 'source',
            className: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
            state: 'RUNNING',
            tasks: [{ id: 0, state: 'RUNNING' }],
          },
          {
            name: 'snk',
            type: 'sink',
            className: 'FileStreamSink',
            state: 'RUNNING',
            tasks: [
              { id: 0, state: 'FAILED' },
              { id: 1, state: 'RUNNING' },
            ],
          },
        ],
        tasks: [source, sink],
        worker,
      },
      now,
    );
    expect(contentType).toContain('text/plain');
    expect(text).toContain('# TYPE kafka_connect_source_task_source_record_poll_total counter');
    expect(text).toContain('# TYPE kafka_connect_source_task_source_record_poll_rate gauge');
    const src = 'connector="src \\"a\\"",task="0"';
    expect(sample(text, 'kafka_connect_source_task_source_record_poll_total', src)).toBe(10);
    expect(sample(text, 'kafka_connect_source_task_source_record_write_total', src)).toBe(8);
    expect(sample(text, 'kafka_connect_task_error_total_records_skipped', src)).toBe(2);
    expect(sample(text, 'kafka_connect_connector_task_offset_commit_max_time_ms', src)).toBe(12);
    expect(sample(text, 'kafka_connect_connector_task_offset_commit_success_percentage', src)).toBe(
      1,
    );
    // 10 records in a window stretched to one full 30 s sample plus the 1 s elapsed.
    expect(sample(text, 'kafka_connect_source_task_source_record_poll_rate', src)).toBeCloseTo(
      10 / 31,
      9,
    );
    // Sink-only metrics are not given to source tasks.
    expect(text).not.toMatch(/kafka_connect_sink_task_sink_record_read_total\{connector="src/);
    const snk = 'connector="snk",task="1"';
    expect(sample(text, 'kafka_connect_sink_task_sink_record_read_total', snk)).toBe(4);
    expect(sample(text, 'kafka_connect_sink_task_sink_record_send_total', snk)).toBe(4);
    expect(sample(text, 'kafka_connect_sink_task_sink_record_lag_max', snk)).toBe(6);
    expect(sample(text, 'kafka_connect_sink_task_partition_count', snk)).toBe(3);
    // No commit yet: the max time has no observation and is left out rather than NaN.
    expect(sample(text, 'kafka_connect_connector_task_offset_commit_max_time_ms', snk)).toBe(
      undefined,
    );
    expect(text).toContain('kafka_connect_connect_worker_connector_count 2');
    expect(text).toContain('kafka_connect_connect_worker_connector_startup_attempts_total 2');
    expect(text).toContain('kafka_connect_connect_worker_connector_startup_failure_total 1');
    expect(text).toContain('kafka_connect_connect_worker_task_startup_success_total 1');
    expect(text).toContain('kafka_connect_connect_worker_task_count 3');
    expect(
      sample(text, 'kafka_connect_connect_worker_connector_failed_task_count', 'connector="snk"'),
    ).toBe(1);
    expect(sample(text, 'kafka_connect_connector_status', 'connector="snk",status="running"')).toBe(
      1,
    );
    expect(
      sample(
        text,
        'kafka_connect_connector_task_status',
        'connector="snk",task="0",status="failed"',
      ),
    ).toBe(1);
  });
});
