/** A partition of a topic. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/**
 * A position in a topic partition: for sink commits, the offset of the NEXT record to
 * consume (the last processed offset + 1), as Kafka's consumer commits it.
 */
export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: bigint;
}

/** A stable string key for maps keyed by partition: `topic-partition`, as Kafka prints it. */
export function topicPartitionKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}
