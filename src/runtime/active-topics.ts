import { SinkRecord } from '../api/sink-record.js';
import type { RecordSender, RecordTransformer } from './worker-source-task.js';

/**
 * Kafka's topic tracking (KIP-558): the topics each connector has produced to (sources, after a
 * successful send) or consumed from (sinks, each record's original topic), until reset over REST.
 */
export class ActiveTopics {
  private readonly byConnector = new Map<string, Set<string>>();

  record(connector: string, topic: string): void {
    let topics = this.byConnector.get(connector);
    if (topics === undefined) this.byConnector.set(connector, (topics = new Set()));
    topics.add(topic);
  }

  /** The connector's active topics, sorted. */
  topics(connector: string): string[] {
    return [...(this.byConnector.get(connector) ?? [])].sort();
  }

  reset(connector: string): void {
    this.byConnector.delete(connector);
  }

  /** A recorder for one connector that skips the map when the topic repeats (the usual case). */
  recorder(connector: string): (topic: string) => void {
    let last: string | null = null;
    return (topic) => {
      if (topic === last && this.byConnector.get(connector)?.has(topic)) return;
      last = topic;
      this.record(connector, topic);
    };
  }
}

/** A sender that records each topic once Kafka acknowledged a batch sent to it. */
export function trackingSender(
  sender: RecordSender,
  record: (topic: string) => void,
): RecordSender {
  return {
    connect: () => sender.connect(),
    close: () => sender.close(),
    send: async (records, signal) => {
      const metadata = await sender.send(records, signal);
      for (const r of records) record(r.topic);
      return metadata;
    },
  };
}

/** A chain that records the original topic of each sink record it sees. */
export function trackingChain<R>(
  chain: RecordTransformer<R>,
  record: (topic: string) => void,
): RecordTransformer<R> {
  return {
    apply: (r) => {
      if (r instanceof SinkRecord) record(r.topic);
      return chain.apply(r);
    },
    close: () => chain.close(),
    toString: () => chain.toString(),
  };
}
