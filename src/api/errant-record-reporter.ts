import type { SinkRecord } from './sink-record.js';

/**
 * Lets a sink task report a record it could not process (KIP-610), so that the runtime's
 * error handling (`errors.tolerance`, the dead letter queue, error logging) deals with it
 * while the task goes on with the rest of the batch. The returned promise settles once the
 * report is durable (for a DLQ: acknowledged by Kafka). With `errors.tolerance=none` the
 * promise rejects and the task fails.
 */
export interface ErrantRecordReporter {
  report(record: SinkRecord, error: Error): Promise<void>;
}
