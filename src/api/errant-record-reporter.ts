import type { SinkRecord } from './sink-record.js';

/**
 * Lets a sink task report a record it could not process (KIP-610), so that the runtime's
 * error handling (`errors.tolerance`, the dead letter queue, error logging) deals with it
 * while the task goes on with the rest of the batch. The returned promise settles once the
 * report is durable (for a DLQ: acknowledged by Kafka); the task need not wait for it, since
 * the runtime commits the record's offset only after that. With `errors.tolerance=none`,
 * `report` throws a ConnectException ("Tolerance exceeded in error handler") as Kafka's does,
 * and the task fails after its `put` returns even if it caught the exception.
 */
export interface ErrantRecordReporter {
  report(record: SinkRecord, error: Error): Promise<void>;
}
