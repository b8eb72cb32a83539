import type { ConsumedMessage } from '../kafka/consumer.js';
import type { Stage } from './stage.js';

/** The record a sink task consumed, as raw bytes: what a dead letter queue writes back out. */
export interface ConsumedOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly message: ConsumedMessage;
}

/** What the error handler knows about the record being processed when it fails. */
export interface ErrorContext {
  /** The record (SourceRecord before transforms, or SinkRecord) for the error log and the message. */
  record?: unknown;
  /** For sinks: the consumed record, for the dead letter queue. */
  consumed?: ConsumedOrigin;
}

/** One failed operation, as Kafka's ProcessingContext hands it to its ErrorReporters. */
export interface ReportedFailure {
  readonly stage: Stage;
  /** FQCN of the plugin that failed (converter, transformation, `org.apache.kafka.connect.sink.SinkTask`). */
  readonly pluginClass: string;
  readonly error: unknown;
  readonly connector: string;
  readonly task: number;
  readonly context: ErrorContext | undefined;
}

/**
 * Where failures go besides the error log (Kafka's ErrorReporter): the dead letter queue.
 * `report` returns a promise that settles once the report is durable, or null when there was
 * nothing to do for this failure.
 */
export interface ErrorReporter {
  report(failure: ReportedFailure): Promise<void> | null;
  close(): Promise<void>;
}
