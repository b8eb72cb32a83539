import type { SourceOffsetMap } from '../api/source-record.js';

/** A stable key for a source partition map: JSON with sorted keys. */
export function partitionKey(partition: SourceOffsetMap): string {
  const keys = Object.keys(partition).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (i > 0) out += ',';
    out += JSON.stringify(k) + ':' + JSON.stringify(partition[k]);
  }
  return out + '}';
}

/** One record handed to the producer, waiting for its acknowledgement. */
export class SubmittedRecord {
  acked = false;
  constructor(
    readonly key: string | null,
    readonly partition: SourceOffsetMap | null,
    readonly offset: SourceOffsetMap | null,
    private readonly owner: SubmittedRecords,
  ) {}

  /** Kafka acknowledged it (or it was dropped or tolerated, which counts the same). */
  ack(): void {
    if (this.acked) return;
    this.acked = true;
    this.owner.onAck(this);
  }
}

/** Offsets that may be written to the store: for each source partition, the latest safe one. */
export interface CommittableOffsets {
  readonly offsets: Map<string, { partition: SourceOffsetMap; offset: SourceOffsetMap | null }>;
  /** Records whose offsets are covered by `offsets`. */
  readonly committableMessages: number;
  /** Records still held back by an unacknowledged earlier record of their partition. */
  readonly uncommittableMessages: number;
  readonly largestDequeSize: number;
  readonly largestDequePartition: SourceOffsetMap | null;
}

interface Deque {
  readonly partition: SourceOffsetMap;
  records: SubmittedRecord[];
  head: number;
  /** The last record of the acknowledged prefix taken off the deque since the last commit. */
  pendingLast: SubmittedRecord | null;
  /** How many records that prefix held. */
  pendingCount: number;
}

/**
 * At-least-once bookkeeping, as Kafka's SubmittedRecords: one deque per source partition, in
 * submission order. A record's offset becomes committable only when it and every earlier record
 * of its partition are acknowledged, so a restart never skips an unacknowledged record.
 */
export class SubmittedRecords {
  private readonly deques = new Map<string, Deque>();
  /** Tasks usually reuse one partition object per source; keying it once saves work per record. */
  private readonly keys = new WeakMap<object, string>();
  private unacked = 0;
  private waiters: (() => void)[] = [];

  /** Registers a record in submission order; records without a source partition are not tracked. */
  submit(partition: SourceOffsetMap | null, offset: SourceOffsetMap | null): SubmittedRecord {
    if (partition === null) return new SubmittedRecord(null, null, offset, this);
    let key = this.keys.get(partition);
    if (key === undefined) {
      key = partitionKey(partition);
      this.keys.set(partition, key);
    }
    const record = new SubmittedRecord(key, partition, offset, this);
    let deque = this.deques.get(key);
    if (deque === undefined) {
      deque = { partition, records: [], head: 0, pendingLast: null, pendingCount: 0 };
      this.deques.set(key, deque);
    }
    deque.records.push(record);
    this.unacked++;
    return record;
  }

  /** Records submitted but not yet acknowledged. */
  inFlight(): number {
    return this.unacked;
  }

  /** @internal called by SubmittedRecord.ack. */
  onAck(record: SubmittedRecord): void {
    if (record.key !== null) {
      this.unacked--;
      const deque = this.deques.get(record.key);
      if (deque !== undefined && deque.records[deque.head] === record) this.advance(deque);
    }
    this.wake();
  }

  /**
   * Takes the acknowledged prefix off a deque as soon as it forms, keeping only its last record:
   * memory then follows the records in flight, not everything sent since the last offset flush
   * (a million records at the bench's rates and a 10 s flush interval).
   */
  private advance(deque: Deque): void {
    const { records } = deque;
    while (deque.head < records.length && records[deque.head]!.acked) {
      deque.pendingLast = records[deque.head]!;
      deque.pendingCount++;
      deque.head++;
    }
    if (deque.head === records.length) {
      deque.records = [];
      deque.head = 0;
    } else if (deque.head > 1024 && deque.head * 2 > records.length) {
      deque.records = records.slice(deque.head);
      deque.head = 0;
    }
  }

  /** Wakes waiters so they re-check their condition (e.g. after a producer failure). */
  wake(): void {
    if (this.waiters.length > 0) {
      const w = this.waiters;
      this.waiters = [];
      for (const resolve of w) resolve();
    }
  }

  /** Takes the committable offsets out of the deques (each record is reported once). */
  committableOffsets(): CommittableOffsets {
    const offsets = new Map<
      string,
      { partition: SourceOffsetMap; offset: SourceOffsetMap | null }
    >();
    let committable = 0;
    let uncommittable = 0;
    let largest = 0;
    let largestPartition: SourceOffsetMap | null = null;
    for (const [key, deque] of this.deques) {
      this.advance(deque);
      if (deque.pendingLast !== null) {
        offsets.set(key, { partition: deque.partition, offset: deque.pendingLast.offset });
        committable += deque.pendingCount;
        deque.pendingLast = null;
        deque.pendingCount = 0;
      }
      const remaining = deque.records.length - deque.head;
      uncommittable += remaining;
      if (remaining > largest) {
        largest = remaining;
        largestPartition = deque.partition;
      }
      if (remaining === 0) this.deques.delete(key);
    }
    return {
      offsets,
      committableMessages: committable,
      uncommittableMessages: uncommittable,
      largestDequeSize: largest,
      largestDequePartition: largestPartition,
    };
  }

  /** Waits until fewer than `limit` records are unacknowledged, or the signal aborts. */
  async awaitBelow(limit: number, signal?: AbortSignal): Promise<void> {
    while (this.unacked >= limit && signal?.aborted !== true) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          signal?.removeEventListener('abort', done);
          resolve();
        };
        this.waiters.push(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  /** Waits up to `timeoutMs` until every submitted record is acknowledged; true if so. */
  async awaitAllMessages(timeoutMs: number): Promise<boolean> {
    if (this.unacked === 0) return true;
    const timeout = AbortSignal.timeout(Math.max(0, timeoutMs));
    await this.awaitBelow(1, timeout);
    return this.unacked === 0;
  }
}
