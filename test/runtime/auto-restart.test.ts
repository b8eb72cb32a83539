import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigProblemsException } from '../../src/config/config-problems.js';
import { ConfigSource } from '../../src/config/config-source.js';
import { workerConfigFrom } from '../../src/config/worker-config.js';
import {
  autoRestartPolicy,
  restartDelayMs,
  RestartSchedule,
  type RestartClock,
} from '../../src/runtime/auto-restart.js';
import { ConnectorConfigInvalidException } from '../../src/runtime/connector-validation.js';
import type { StandaloneHerder } from '../../src/runtime/standalone-herder.js';
import { configureLogging } from '../../src/util/logger.js';
import { sleep } from '../../src/util/sleep.js';
import { buildHerder, CountingConnector, CountingTask } from './herder-fixtures.js';

/** A clock that moves only when the test says so; `random()` is fixed at the middle. */
class ManualClock implements RestartClock {
  private t = 0;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];
  now(): number {
    return this.t;
  }
  random(): number {
    return 0.5;
  }
  schedule(fn: () => void, ms: number): () => void {
    const timer = { at: this.t + ms, fn, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  }
  /** Delays of the restarts still waiting. */
  pending(): number[] {
    return this.timers.filter((x) => x.live).map((x) => x.at - this.t);
  }
  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.live && x.at <= this.t);
    this.timers = this.timers.filter((x) => x.live && x.at > this.t);
    for (const x of due) x.fn();
  }
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await sleep(5);
  }
}

const base = { 'connector.class': CountingConnector.CLASS, topic: 'out' };
const on = {
  'auto.restart.enable': 'true',
  'auto.restart.initial.backoff.ms': '100',
  'auto.restart.max.backoff.ms': '1000',
  'auto.restart.max.attempts': '3',
};

describe('restart backoff', () => {
  const policy = { enabled: true, initialBackoffMs: 100, maxBackoffMs: 1000, maxAttempts: 9 };

  it('doubles from the initial backoff, is capped, and jitters within the upper half', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => restartDelayMs(a, policy, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect([1, 2, 3, 4, 5].map((a) => restartDelayMs(a, policy, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    for (let i = 0; i < 100; i++) {
      const d = restartDelayMs(3, policy);
      expect(d).toBeGreaterThanOrEqual(200);
      expect(d).toBeLessThanOrEqual(400);
    }
  });

  it('takes connector keys over worker keys, and defaults otherwise', () => {
    expect(autoRestartPolicy({})).toEqual({
      enabled: true,
      initialBackoffMs: 1000,
      maxBackoffMs: 60000,
      maxAttempts: 5,
    });
    expect(
      autoRestartPolicy(
        { 'auto.restart.enable': 'false', 'auto.restart.max.attempts': '2' },
        { 'auto.restart.enable': 'true' },
      ),
    ).toEqual({ enabled: true, initialBackoffMs: 1000, maxBackoffMs: 60000, maxAttempts: 2 });
  });

  it('counts failures in a row, gives up after the limit, and starts over after a healthy run', () => {
    const clock = new ManualClock();
    const schedule = new RestartSchedule(clock);
    const p = { ...policy, maxAttempts: 2 };
    let restarts = 0;
    const fail = () => schedule.onFailure('k', 'c', p, () => restarts++);
    expect(fail()).toEqual({ kind: 'restart', attempt: 1, maxAttempts: 2, delayMs: 75 });
    clock.advance(75);
    expect(fail()).toEqual({ kind: 'restart', attempt: 2, maxAttempts: 2, delayMs: 150 });
    clock.advance(150);
    expect(fail()).toEqual({ kind: 'give-up', attempts: 2 });
    expect(restarts).toBe(2);
    expect(schedule.isPending('k')).toBe(false);
    // Ran for max.backoff.ms since its last restart: a new failure is the first of a new run.
    clock.advance(1000);
    expect(fail()).toMatchObject({ kind: 'restart', attempt: 1 });
    schedule.reset('k');
    expect(clock.pending()).toEqual([]);
    expect(schedule.onFailure('k', 'c', { ...p, enabled: false }, () => {})).toEqual({
      kind: 'disabled',
    });
  });
});

describe('automatic restart in the standalone herder', () => {
  let herder: StandaloneHerder | null = null;
  const lines: string[] = [];

  beforeEach(() => {
    lines.length = 0;
    CountingTask.starts.clear();
    CountingConnector.failStarts = 0;
    configureLogging({ write: (line) => lines.push(line) });
  });

  afterEach(async () => {
    await herder?.stop();
    herder = null;
    configureLogging({ write: (line) => process.stderr.write(line + '\n') });
  });

  function start(worker: Record<string, string> = on) {
    const clock = new ManualClock();
    const built = buildHerder(worker, { restartClock: clock });
    herder = built.herder;
    return { ...built, clock, herder: built.herder };
  }

  it('restarts a failing task with growing backoff, shows RESTARTING and logs each cause', async () => {
    const { herder, sender, clock } = start();
    await herder.start();
    await herder.createConnector({ name: 'good', ...base, topic: 'good', count: '30' });
    await herder.createConnector({ name: 'flaky', ...base, 'fail.starts': '2', count: '20' });
    await until(() => herder.taskStatus('flaky', 0).state === 'RESTARTING');
    const waiting = herder.taskStatus('flaky', 0);
    expect(waiting.trace).toContain('Error: start 1 fails');
    expect(clock.pending()).toEqual([75]);
    expect(lines.filter((l) => l.includes('Restarting task'))).toEqual([
      expect.stringMatching(
        /WARN Restarting task flaky-0 in 75 ms \(automatic restart 1 of 3\) after: Error: start 1 fails \(StandaloneHerder\)$/,
      ),
    ]);

    clock.advance(75);
    await until(() => clock.pending().length === 1);
    expect(clock.pending()).toEqual([150]);
    expect(herder.taskStatus('flaky', 0).state).toBe('RESTARTING');
    clock.advance(150);
    await until(() => sender.sent.filter((r) => r.topic === 'out').length === 20);
    expect(herder.taskStatus('flaky', 0)).toEqual({
      id: 0,
      state: 'RUNNING',
      worker_id: 'localhost:8083',
    });
    expect(lines.filter((l) => l.includes('Automatically restarting task flaky-0'))).toHaveLength(
      2,
    );
    // The other connector never noticed.
    await until(() => sender.sent.filter((r) => r.topic === 'good').length === 30);
    expect(herder.connectorStatus('good').tasks[0]?.state).toBe('RUNNING');
  });

  it('leaves a task that keeps failing FAILED with its last trace; a manual restart resets the count', async () => {
    const { herder, clock } = start();
    await herder.start();
    await herder.createConnector({ name: 'cursed', ...base, 'fail.at': '0' });
    for (const delay of [75, 150, 300]) {
      await until(() => clock.pending().length === 1);
      expect(clock.pending()).toEqual([delay]);
      clock.advance(delay);
    }
    await until(() => herder.taskStatus('cursed', 0).state === 'FAILED');
    expect(clock.pending()).toEqual([]);
    expect(herder.taskStatus('cursed', 0).trace).toContain('Caused by: Error: record 0 is cursed');
    expect(lines.filter((l) => l.includes('stays FAILED'))).toEqual([
      expect.stringMatching(
        /ERROR Task cursed-0 failed again after 3 automatic restarts; it stays FAILED until restarted by hand\. Last cause: StageError: .*record 0 is cursed/,
      ),
    ]);
    expect(CountingTask.starts.get('cursed')).toBe(4);

    await herder.restartTask('cursed', 0);
    await until(() => clock.pending().length === 1);
    expect(clock.pending()).toEqual([75]);
    expect(herder.taskStatus('cursed', 0).state).toBe('RESTARTING');
  });

  it('a manual restart of failed tasks includes one waiting for its automatic restart', async () => {
    const { herder, clock } = start();
    await herder.start();
    await herder.createConnector({ name: 'waiting', ...base, 'fail.at': '0' });
    await until(() => clock.pending().length === 1);
    expect(herder.taskStatus('waiting', 0).state).toBe('RESTARTING');
    const answer = await herder.restartConnector('waiting', {
      includeTasks: true,
      onlyFailed: true,
    });
    expect(answer?.tasks).toEqual([expect.objectContaining({ id: 0, state: 'RESTARTING' })]);
    // Restarted by hand at once: started a second time, and its count began again at 1.
    await until(() => CountingTask.starts.get('waiting') === 2 && clock.pending().length === 1);
    expect(clock.pending()).toEqual([75]);
  });

  it('is off by worker key, on again by a connector override; deleting drops a pending restart', async () => {
    const { herder, clock } = start({ 'auto.restart.enable': 'false' });
    await herder.start();
    await herder.createConnector({ name: 'off', ...base, 'fail.at': '0' });
    await until(() => herder.taskStatus('off', 0).state === 'FAILED');
    expect(clock.pending()).toEqual([]);

    await herder.createConnector({
      name: 'override',
      ...base,
      'fail.at': '0',
      'auto.restart.enable': 'true',
      'auto.restart.initial.backoff.ms': '10',
    });
    await until(() => herder.taskStatus('override', 0).state === 'RESTARTING');
    expect(clock.pending()).toEqual([8]);
    await herder.deleteConnector('override');
    expect(clock.pending()).toEqual([]);
  });

  it('restarts a failed connector and then its tasks', async () => {
    const { herder, sender, clock } = start();
    await herder.start();
    CountingConnector.failStarts = 1;
    await expect(herder.createConnector({ name: 'late', ...base, count: '5' })).rejects.toThrow(
      'Failed to transition connector late to state STARTED',
    );
    expect(herder.connectorStatus('late').connector).toMatchObject({
      state: 'RESTARTING',
      trace: expect.stringContaining('connector not ready yet'),
    });
    expect(lines.some((l) => l.includes('WARN Restarting connector late in 75 ms'))).toBe(true);
    clock.advance(75);
    await until(() => sender.sent.length === 5);
    expect(herder.connectorStatus('late')).toMatchObject({
      connector: { state: 'RUNNING' },
      tasks: [{ id: 0, state: 'RUNNING' }],
    });
  });

  it('rejects bad values in the worker file and in a connector config, naming the key', async () => {
    const err = await workerConfigFrom(
      {
        'bootstrap.servers': 'localhost:9092',
        'key.converter': 'x',
        'value.converter': 'x',
        'offset.storage.file.filename': '/tmp/o',
        'auto.restart.max.attempts': '-1',
        'auto.restart.enable': 'maybe',
      },
      new ConfigSource('worker.properties'),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigProblemsException);
    expect((err as Error).message).toContain(
      'Invalid value -1 for configuration auto.restart.max.attempts: Value must be at least 0',
    );
    expect((err as Error).message).toContain(
      'Invalid value maybe for configuration auto.restart.enable: Expected value to be either true or false',
    );

    const { herder } = start();
    await herder.start();
    const bad = await herder
      .createConnector({ name: 'b', ...base, 'auto.restart.initial.backoff.ms': 'soon' })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ConnectorConfigInvalidException);
    expect((bad as Error).message).toContain(
      'Invalid value soon for configuration auto.restart.initial.backoff.ms: Not a number of type LONG',
    );
  });
});
