import { afterEach, describe, expect, it } from 'vitest';
import { AlreadyExistsException, NotFoundException } from '../../src/api/errors.js';
import { ConnectorConfigInvalidException } from '../../src/runtime/connector-validation.js';
import type { StandaloneHerder } from '../../src/runtime/standalone-herder.js';
import { sleep } from '../../src/util/sleep.js';
import { buildHerder, CountingConnector } from './herder-fixtures.js';

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await sleep(10);
  }
}

const base = { 'connector.class': CountingConnector.CLASS, topic: 'out' };
let current: StandaloneHerder | null = null;

afterEach(async () => {
  await current?.stop();
  current = null;
});

describe('StandaloneHerder', () => {
  it('creates a connector whose task runs, sends every record and commits offsets', async () => {
    const { herder, sender, offsets } = buildHerder();
    current = herder;
    await herder.start();
    const { created, info } = await herder.createConnector({ name: 'a', ...base, count: '120' });
    expect(created).toBe(true);
    expect(info).toEqual({
      name: 'a',
      config: { name: 'a', ...base, count: '120' },
      tasks: [{ connector: 'a', task: 0 }],
      type: 'source',
    });
    await until(() => sender.sent.length === 120);
    await until(() => offsets.data.get(JSON.stringify(['a', { source: 'a' }]))?.['n'] === 119);
    expect(herder.connectorStatus('a')).toEqual({
      name: 'a',
      connector: { state: 'RUNNING', worker_id: 'localhost:8083' },
      tasks: [{ id: 0, state: 'RUNNING', worker_id: 'localhost:8083' }],
      type: 'source',
    });
    expect(herder.taskConfigs('a')[0]?.config['task.class']).toBe('CountingTask');
  });

  it('rejects a duplicate name and reports all validation problems at once', async () => {
    const { herder } = buildHerder();
    current = herder;
    await herder.start();
    await herder.createConnector({ name: 'a', ...base });
    await expect(herder.createConnector({ name: 'a', ...base })).rejects.toThrow(
      new AlreadyExistsException('Connector a already exists'),
    );
    const err = await herder
      .createConnector({
        name: 'b',
        'connector.class': CountingConnector.CLASS,
        'tasks.max': '0',
        count: 'x',
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorConfigInvalidException);
    expect((err as Error).message).toBe(
      'Connector configuration is invalid and contains the following 3 error(s):\n' +
        'Invalid value 0 for configuration tasks.max: Value must be at least 1\n' +
        'Missing required configuration "topic" which has no default value.\n' +
        'Invalid value x for configuration count: Not a number of type INT\n' +
        'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
    );
    expect(() => herder.connectorStatus('b')).toThrow(NotFoundException);
  });

  it('a failing task goes FAILED with its trace while another connector keeps running', async () => {
    const { herder, sender } = buildHerder();
    current = herder;
    await herder.start();
    await herder.createConnector({
      name: 'bad',
      ...base,
      topic: 'bad',
      'fail.at': '3',
      count: '10',
    });
    await herder.createConnector({ name: 'good', ...base, topic: 'good', count: '100' });
    await until(() => herder.connectorStatus('bad').tasks[0]?.state === 'FAILED');
    const failed = herder.connectorStatus('bad');
    expect(failed.connector.state).toBe('RUNNING');
    expect(failed.tasks[0]?.trace).toMatch(
      /^StageError: Failed to poll records: stage TASK_POLL with class 'CountingTask' failed in task bad-0: Error: record 3 is cursed\n/,
    );
    expect(failed.tasks[0]?.trace).toContain('Caused by: Error: record 3 is cursed');
    await until(() => sender.sent.filter((r) => r.topic === 'good').length === 100);
    expect(herder.connectorStatus('good').tasks[0]?.state).toBe('RUNNING');
  });

  it('a connector whose start fails is FAILED and the create rejects', async () => {
    const { herder } = buildHerder();
    current = herder;
    await herder.start();
    await expect(
      herder.createConnector({ name: 'c', ...base, 'connector.fail': 'true' }),
    ).rejects.toThrow('Failed to transition connector c to state STARTED');
    const s = herder.connectorStatus('c');
    expect(s.connector.state).toBe('FAILED');
    expect(s.connector.trace).toContain('connector refuses to start');
    expect(s.tasks).toEqual([]);
  });

  it('enforces tasks.max', async () => {
    const { herder } = buildHerder();
    current = herder;
    await herder.start();
    await herder.createConnector({ name: 'm', ...base, 'generate.tasks': '2' });
    const s = herder.connectorStatus('m');
    expect(s.connector.state).toBe('FAILED');
    expect(s.connector.trace).toContain(
      'The connector m has generated 2 tasks, which is greater than 1, the maximum number of tasks it is configured to create.',
    );
  });

  it('pauses, resumes, stops, restarts and deletes', async () => {
    const { herder, sender } = buildHerder();
    current = herder;
    await herder.start();
    await herder.createConnector({ name: 'p', ...base, count: '50' }, { initialState: 'PAUSED' });
    // A connector created paused is not started, so it has no task configs yet (as in Kafka).
    expect(herder.connectorStatus('p')).toMatchObject({
      connector: { state: 'PAUSED' },
      tasks: [],
    });
    await herder.resumeConnector('p');
    await until(() => sender.sent.length === 50);
    expect(herder.connectorStatus('p').connector.state).toBe('RUNNING');
    await until(() => herder.connectorStatus('p').tasks[0]?.state === 'RUNNING');
    await herder.pauseConnector('p');
    await until(() => herder.connectorStatus('p').tasks[0]?.state === 'PAUSED');
    expect(herder.connectorStatus('p').connector.state).toBe('PAUSED');
    await herder.resumeConnector('p');
    await until(() => herder.connectorStatus('p').tasks[0]?.state === 'RUNNING');
    await herder.stopConnector('p');
    expect(herder.connectorStatus('p')).toMatchObject({
      connector: { state: 'STOPPED' },
      tasks: [],
    });
    await herder.resumeConnector('p');
    await until(() => herder.connectorStatus('p').tasks[0]?.state === 'RUNNING');
    const restarting = await herder.restartConnector('p', { includeTasks: true });
    expect(restarting?.connector.state).toBe('RESTARTING');
    expect(restarting?.tasks[0]?.state).toBe('RESTARTING');
    await until(() => herder.connectorStatus('p').tasks[0]?.state === 'RUNNING');
    await herder.deleteConnector('p');
    expect(herder.connectorNames()).toEqual([]);
  });

  it('reconfiguring restarts the tasks with the new config', async () => {
    const { herder, sender } = buildHerder();
    current = herder;
    await herder.start();
    await herder.createConnector({ name: 'r', ...base, topic: 't1', count: '5' });
    await until(() => sender.sent.length === 5);
    const { created } = await herder.putConnectorConfig(
      'r',
      { ...base, topic: 't2', count: '8' },
      { allowReplace: true },
    );
    expect(created).toBe(false);
    await until(() => sender.sent.filter((r) => r.topic === 't2').length === 3);
    expect(herder.connectorConfig('r')['topic']).toBe('t2');
  });

  it("rejects client overrides the worker's override policy forbids", async () => {
    const { herder } = buildHerder({ 'connector.client.config.override.policy': 'None' });
    current = herder;
    await herder.start();
    await expect(
      herder.createConnector({ name: 'o', ...base, 'producer.override.acks': '1' }),
    ).rejects.toThrow(
      "Connector configuration is invalid and contains the following 1 error(s):\nThe 'None' policy does not allow 'acks' to be overridden in the connector configuration.\n",
    );
  });

  it('a connector asking for reconfiguration gets its new task set', async () => {
    const { herder } = buildHerder();
    current = herder;
    await herder.start();
    await herder.createConnector({ name: 'g', ...base, 'tasks.max': '3' });
    expect(herder.connectorInfo('g').tasks).toHaveLength(1);
    CountingConnector.taskCount = 3;
    try {
      CountingConnector.latest!.requestReconfiguration();
      await until(
        () => herder.connectorStatus('g').tasks.filter((t) => t.state === 'RUNNING').length === 3,
      );
      expect(herder.connectorInfo('g').tasks).toEqual(
        [0, 1, 2].map((task) => ({ connector: 'g', task })),
      );
    } finally {
      CountingConnector.taskCount = null;
    }
  });

  it('stops within task.shutdown.graceful.timeout.ms as one total budget, cancelling stragglers', async () => {
    const { herder } = buildHerder({
      'task.shutdown.graceful.timeout.ms': '300',
      'offset.flush.timeout.ms': '100',
    });
    await herder.start();
    await herder.createConnector({
      name: 's',
      ...base,
      stubborn: 'true',
      'tasks.max': '3',
      'generate.tasks': '3',
    });
    await until(() => herder.connectorStatus('s').tasks.every((t) => t.state === 'RUNNING'));
    const started = Date.now();
    await herder.stop();
    // Three stuck tasks share 300 ms (not 3 x 300 ms), plus the bounded wait before the store closes.
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
