/**
 * The steps a record passes through inside a task, named as Kafka's
 * `org.apache.kafka.connect.runtime.errors.Stage`. Errors and error-log lines name the stage
 * so a user can tell a converter problem from a transform or a producer problem.
 */
export type Stage =
  | 'TASK_POLL'
  | 'TRANSFORMATION'
  | 'KEY_CONVERTER'
  | 'VALUE_CONVERTER'
  | 'HEADER_CONVERTER'
  | 'KAFKA_PRODUCE'
  | 'KAFKA_CONSUME'
  | 'TASK_PUT';

/**
 * Stages where any exception is subject to `errors.tolerance`; in the others only a
 * RetriableException is retried and everything else fails the task (Kafka's TOLERABLE_EXCEPTIONS).
 */
export const TOLERABLE_STAGES: ReadonlySet<Stage> = new Set<Stage>([
  'TRANSFORMATION',
  'HEADER_CONVERTER',
  'KEY_CONVERTER',
  'VALUE_CONVERTER',
]);
