import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/util/sleep.js';
import {
  WorkerTask,
  type ConnectorTaskId,
  type TargetState,
  type TaskStatusListener,
} from '../../src/runtime/worker-task.js';
import { captureLogger } from './log-capture.js';

class RecordingListener implements TaskStatusListener {
  events: string[] = [];
  onStartup(): void {
    this.events.push('RUNNING');
  }
  onPause(): void {
    this.events.push('PAUSED');
  }
  onResume(): void {
    this.events.push('RESUMED');
  }
  onFailure(_id: ConnectorTaskId, cause: unknown): void {
    this.events.push(`FAILED ${(cause as Error).message}`);
  }
  onShutdown(): void {
    this.events.push('SHUTDOWN');
  }
}

class LoopTask extends WorkerTask {
  iterations = 0;
  closed = 0;
  constructor(
    listener: TaskStatusListener,
    state: TargetState,
    private readonly failAt: number | null,
    lines: string[] = [],
  ) {
    super({ connector: 'c', task: 0 }, listener, state, captureLogger(lines));
  }
  toString(): string {
    return 'LoopTask{id=c-0}';
  }
  protected async initializeAndStart(): Promise<void> {}
  protected async execute(): Promise<void> {
    while (!this.isStopping()) {
      if (!(await this.pauseIfRequested())) return;
      this.iterations++;
      if (this.failAt !== null && this.iterations === this.failAt) throw new Error('kaput');
      await sleep(5, this.stopSignal);
    }
  }
  protected async close(): Promise<void> {
    this.closed++;
  }
}

describe('WorkerTask', () => {
  it('reports RUNNING then a clean shutdown, closing once', async () => {
    const l = new RecordingListener();
    const t = new LoopTask(l, 'STARTED', null);
    const done = t.run();
    await sleep(20);
    t.stop();
    expect(await t.awaitStop(1000)).toBe(true);
    await done;
    expect(l.events).toEqual(['RUNNING', 'SHUTDOWN']);
    expect(t.closed).toBe(1);
  });

  it('never rejects: a failure becomes FAILED with the cause, and the Kafka log line', async () => {
    const l = new RecordingListener();
    const lines: string[] = [];
    const t = new LoopTask(l, 'STARTED', 2, lines);
    await expect(t.run()).resolves.toBeUndefined();
    expect(l.events).toEqual(['RUNNING', 'FAILED kaput']);
    expect(t.hasFailed()).toBe(true);
    expect(t.closed).toBe(1);
    expect(lines).toContain(
      'ERROR LoopTask{id=c-0} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted',
    );
  });

  it('pauses (no iterations) and resumes', async () => {
    const l = new RecordingListener();
    const t = new LoopTask(l, 'STARTED', null);
    const done = t.run();
    await sleep(20);
    t.transitionTo('PAUSED');
    await sleep(20);
    const atPause = t.iterations;
    await sleep(40);
    expect(t.iterations).toBe(atPause);
    t.transitionTo('STARTED');
    await sleep(30);
    expect(t.iterations).toBeGreaterThan(atPause);
    t.stop();
    await done;
    expect(l.events).toEqual(['RUNNING', 'PAUSED', 'RESUMED', 'SHUTDOWN']);
  });

  it('a task created paused waits before starting, and a stop while paused ends it', async () => {
    const l = new RecordingListener();
    const t = new LoopTask(l, 'PAUSED', null);
    const done = t.run();
    await sleep(10);
    expect(t.iterations).toBe(0);
    t.stop();
    await done;
    expect(l.events).toEqual(['PAUSED', 'SHUTDOWN']);
  });

  it('awaitStop times out for a task that does not stop', async () => {
    class Stuck extends LoopTask {
      protected override async execute(): Promise<void> {
        await sleep(300);
      }
    }
    const t = new Stuck(new RecordingListener(), 'STARTED', null);
    void t.run();
    await sleep(5);
    t.stop();
    expect(await t.awaitStop(20)).toBe(false);
    expect(await t.awaitStop(1000)).toBe(true);
  });
});
