import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { producerSettings } from '../../src/kafka/client-settings.js';
import { createKafka, describeKafkaError, isTransient } from '../../src/kafka/kafka-client.js';
import { configureLogging } from '../../src/util/logger.js';

/** A protocol error as kafkajs builds it from a broker's error code. */
function protocolError(type: string, retriable: boolean): KafkaJSProtocolError {
  return new KafkaJSProtocolError({
    message: `broker says ${type}`,
    type,
    code: 1,
    retriable,
  } as never);
}

describe('kafkajs error classification', () => {
  it('connection loss behind exhausted kafkajs retries is transient', () => {
    const inner = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1');
    const outer = new KafkaJSNumberOfRetriesExceeded(inner, { retryCount: 5, retryTime: 1000 });
    expect(isTransient(outer)).toBe(true);
    expect(describeKafkaError(outer)).toContain('ECONNREFUSED');
  });

  it('retriable broker errors are transient; MESSAGE_TOO_LARGE and authorization are not', () => {
    expect(isTransient(protocolError('NOT_LEADER_OR_FOLLOWER', true))).toBe(true);
    const tooLarge = new KafkaJSNonRetriableError(protocolError('MESSAGE_TOO_LARGE', false));
    expect(isTransient(tooLarge)).toBe(false);
    expect(describeKafkaError(protocolError('TOPIC_AUTHORIZATION_FAILED', false))).toBe(
      'broker says TOPIC_AUTHORIZATION_FAILED (TOPIC_AUTHORIZATION_FAILED)',
    );
    expect(isTransient(new Error('something else'))).toBe(false);
  });
});

describe('kafkajs logging', () => {
  it("routes kafkajs's lines into our logger: INFO as DEBUG, errors as one WARN, repeats demoted", () => {
    const lines: string[] = [];
    configureLogging({ write: (l) => lines.push(l), level: 'DEBUG' });
    try {
      const settings = producerSettings({ 'bootstrap.servers': '127.0.0.1:1' }, {}, 'c', 0);
      const logger = createKafka(settings, 'c|task-0').logger();
      logger.info('Starting', { groupId: 'g' });
      logger.error('Connection error', { broker: '127.0.0.1:1', retryCount: 1 });
      logger.error('Connection error', { broker: '127.0.0.1:1', retryCount: 2 });
      expect(lines).toHaveLength(3);
      expect(lines[0]).toContain(
        ' DEBUG [c|task-0] [Producer clientId=connector-producer-c-0] Starting (groupId=g)',
      );
      expect(lines[1]).toContain(
        ' WARN [c|task-0] [Producer clientId=connector-producer-c-0] Connection error (broker=127.0.0.1:1)',
      );
      expect(lines[2]).toContain(' DEBUG ');
    } finally {
      configureLogging({ write: () => undefined, level: 'INFO' });
    }
  });
});
