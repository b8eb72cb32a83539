import { describe, expect, it } from 'vitest';
import { TopicCreation } from '../../src/runtime/topic-creation.js';
import { runJavaSync } from '../helpers/java.js';

describe('TopicCreation', () => {
  it('is off without topic.creation keys or with topic.creation.enable=false', () => {
    expect(TopicCreation.fromConfig({}, { name: 'c' })).toBeNull();
    expect(
      TopicCreation.fromConfig(
        { 'topic.creation.enable': 'false' },
        {
          'topic.creation.default.partitions': '1',
          'topic.creation.default.replication.factor': '1',
        },
      ),
    ).toBeNull();
  });

  it('requires the default group sizes', () => {
    expect(() =>
      TopicCreation.fromConfig({}, { 'topic.creation.default.partitions': '3' }),
    ).toThrow(
      'Missing required configuration "topic.creation.default.replication.factor" which has no default value.',
    );
  });

  it('picks groups as Kafka does: first match, exclusion wins, default last, other keys as topic configs', () => {
    const connector: Record<string, string> = {
      name: 'c',
      'connector.class': 'x.Y',
      'topic.creation.groups': 'compacted, big',
      'topic.creation.default.partitions': '1',
      'topic.creation.default.replication.factor': '-1',
      'topic.creation.default.retention.ms': '1000',
      'topic.creation.compacted.include': 'log-.*, state',
      'topic.creation.compacted.exclude': 'log-skip',
      'topic.creation.compacted.cleanup.policy': 'compact',
      'topic.creation.big.include': 'log-.*',
      'topic.creation.big.partitions': '12',
    };
    const topics = ['log-a', 'log-skip', 'other', 'xlog-a', 'state'];
    const kafka = runJavaSync('test/java/TopicCreationGroups.java', topics, {
      stdin: Object.entries(connector)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    });
    expect(kafka.code, kafka.stderr).toBe(0);
    const tc = TopicCreation.fromConfig({}, connector)!;
    const ours = topics.map((t) => {
      const spec = tc.specFor(t);
      const configs = Object.entries(spec.configs)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      return `${t}|${spec.partitions}|${spec.replicationFactor}|{${configs}}`;
    });
    expect(ours).toEqual(kafka.stdout.trim().split('\n'));
  });
});
