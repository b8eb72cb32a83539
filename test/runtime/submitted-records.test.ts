import { describe, expect, it } from 'vitest';
import { SubmittedRecords, partitionKey } from '../../src/runtime/submitted-records.js';

describe('SubmittedRecords', () => {
  it('commits a partition only up to its first unacknowledged record', () => {
    const s = new SubmittedRecords();
    const a = { f: 'a' };
    const b = { f: 'b' };
    const a1 = s.submit(a, { p: 1 });
    const a2 = s.submit(a, { p: 2 });
    const b1 = s.submit(b, { p: 10 });
    const a3 = s.submit(a, { p: 3 });
    a2.ack();
    a3.ack();
    b1.ack();
    let c = s.committableOffsets();
    expect([...c.offsets.values()]).toEqual([{ partition: b, offset: { p: 10 } }]);
    expect(c.committableMessages).toBe(1);
    expect(c.uncommittableMessages).toBe(3);
    expect(s.inFlight()).toBe(1);
    a1.ack();
    c = s.committableOffsets();
    expect([...c.offsets.values()]).toEqual([{ partition: a, offset: { p: 3 } }]);
    expect(c.committableMessages).toBe(3);
    expect(s.committableOffsets().offsets.size).toBe(0);
  });

  it('awaits all messages, with a timeout', async () => {
    const s = new SubmittedRecords();
    const r = s.submit({ f: 'a' }, { p: 1 });
    expect(await s.awaitAllMessages(10)).toBe(false);
    setTimeout(() => r.ack(), 5);
    expect(await s.awaitAllMessages(1000)).toBe(true);
  });

  it('keys partitions independently of key order', () => {
    expect(partitionKey({ b: 1, a: 'x' })).toBe(partitionKey({ a: 'x', b: 1 }));
  });
});
