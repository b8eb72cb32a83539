/**
 * Automatic restart of failed connectors and tasks — where ts-connect goes beyond Kafka, which
 * leaves them FAILED until someone calls the REST restart endpoint. A failure is followed by a
 * restart after an exponential backoff with jitter and a cap; after `auto.restart.max.attempts`
 * restarts in a row the connector or task stays FAILED with its last trace. The keys are read
 * from the worker config and may be overridden per connector with the same names.
 */
import { ConfigDef, atLeast } from '../config/config-def.js';

export const AUTO_RESTART_ENABLE = 'auto.restart.enable';
export const AUTO_RESTART_INITIAL_BACKOFF_MS = 'auto.restart.initial.backoff.ms';
export const AUTO_RESTART_MAX_BACKOFF_MS = 'auto.restart.max.backoff.ms';
export const AUTO_RESTART_MAX_ATTEMPTS = 'auto.restart.max.attempts';

const GROUP = 'Automatic restart';

/** The keys, as worker keys and as per-connector overrides. */
export const AUTO_RESTART_CONFIG: ConfigDef = new ConfigDef()
  .define({
    name: AUTO_RESTART_ENABLE,
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'MEDIUM',
    group: GROUP,
    orderInGroup: 1,
    doc: 'Restart a failed connector or task automatically, with exponential backoff (Kafka leaves it FAILED).',
  })
  .define({
    name: AUTO_RESTART_INITIAL_BACKOFF_MS,
    type: 'LONG',
    defaultValue: 1000,
    importance: 'LOW',
    group: GROUP,
    orderInGroup: 2,
    validator: atLeast(0),
    doc: 'Backoff before the first automatic restart; it doubles with each further failure in a row.',
  })
  .define({
    name: AUTO_RESTART_MAX_BACKOFF_MS,
    type: 'LONG',
    defaultValue: 60000,
    importance: 'LOW',
    group: GROUP,
    orderInGroup: 3,
    validator: atLeast(0),
    doc:
      'Cap of the backoff. A connector or task that then ran this long without failing counts ' +
      'its failures from zero again.',
  })
  .define({
    name: AUTO_RESTART_MAX_ATTEMPTS,
    type: 'INT',
    defaultValue: 5,
    importance: 'LOW',
    group: GROUP,
    orderInGroup: 4,
    validator: atLeast(0),
    doc: 'Automatic restarts in a row before a connector or task stays FAILED (a manual restart resets the count).',
  });

export interface AutoRestartPolicy {
  enabled: boolean;
  initialBackoffMs: number;
  maxBackoffMs: number;
  maxAttempts: number;
}

/** The policy for one connector: its own `auto.restart.*` keys win over the worker's. */
export function autoRestartPolicy(
  workerConfig: Readonly<Record<string, string>>,
  connectorConfig: Readonly<Record<string, string>> = {},
): AutoRestartPolicy {
  const raw: Record<string, string> = {};
  for (const key of AUTO_RESTART_CONFIG.names()) {
    const value = connectorConfig[key] ?? workerConfig[key];
    if (value !== undefined) raw[key] = value;
  }
  // Both configs were validated before anything ran; a value that slipped through falls back
  // to the defaults rather than taking the herder down while it handles a failure.
  const parsed =
    AUTO_RESTART_CONFIG.validate(raw).length === 0
      ? AUTO_RESTART_CONFIG.parse(raw)
      : AUTO_RESTART_CONFIG.parse({});
  return {
    enabled: parsed.getBoolean(AUTO_RESTART_ENABLE),
    initialBackoffMs: parsed.getLong(AUTO_RESTART_INITIAL_BACKOFF_MS),
    maxBackoffMs: parsed.getLong(AUTO_RESTART_MAX_BACKOFF_MS),
    maxAttempts: parsed.getInt(AUTO_RESTART_MAX_ATTEMPTS),
  };
}

/**
 * The wait before restart number `attempt` (1-based): `initial × 2^(attempt−1)`, capped, then
 * "equal jitter" — a random point in its upper half — so that many tasks failing together (a
 * broker outage) do not all come back in the same millisecond, yet none comes back sooner than
 * half its backoff.
 */
export function restartDelayMs(
  attempt: number,
  policy: AutoRestartPolicy,
  random: () => number = Math.random,
): number {
  const exp = policy.initialBackoffMs * 2 ** Math.max(0, attempt - 1);
  const base = Math.min(policy.maxBackoffMs, exp);
  return Math.round(base / 2 + random() * (base / 2));
}

/** Time and randomness, injectable so that tests need no real waiting. */
export interface RestartClock {
  now(): number;
  /** Runs `fn` after `ms`; returns a function that cancels it. */
  schedule(fn: () => void, ms: number): () => void;
  random(): number;
}

export const systemRestartClock: RestartClock = {
  now: () => Date.now(),
  schedule: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
  random: Math.random,
};

/** What happens after a failure. */
export type RestartDecision =
  | { kind: 'disabled' }
  | { kind: 'restart'; attempt: number; maxAttempts: number; delayMs: number }
  | { kind: 'give-up'; attempts: number };

interface Entry {
  connector: string;
  attempts: number;
  /** When the last automatic restart began; a long healthy run since then resets the count. */
  restartedAt: number;
  cancel: (() => void) | null;
}

/**
 * The failure counts and pending restarts of one herder's connectors and tasks, by key (the
 * caller's names, e.g. `conn` and `conn-0`). Knows nothing of the herder: it decides and
 * schedules, the herder restarts.
 */
export class RestartSchedule {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: RestartClock = systemRestartClock) {}

  /**
   * Records a failure of `key` (belonging to `connector`) and, unless disabled or out of
   * attempts, schedules `restart` after the backoff.
   */
  onFailure(
    key: string,
    connector: string,
    policy: AutoRestartPolicy,
    restart: () => void,
  ): RestartDecision {
    if (!policy.enabled) return { kind: 'disabled' };
    const now = this.clock.now();
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { connector, attempts: 0, restartedAt: now, cancel: null };
      this.entries.set(key, entry);
    } else if (entry.attempts > 0 && now - entry.restartedAt >= policy.maxBackoffMs) {
      entry.attempts = 0;
    }
    entry.cancel?.();
    entry.cancel = null;
    if (entry.attempts >= policy.maxAttempts) return { kind: 'give-up', attempts: entry.attempts };
    const attempt = ++entry.attempts;
    const delayMs = restartDelayMs(attempt, policy, () => this.clock.random());
    const current = entry;
    current.cancel = this.clock.schedule(() => {
      current.cancel = null;
      current.restartedAt = this.clock.now();
      restart();
    }, delayMs);
    return { kind: 'restart', attempt, maxAttempts: policy.maxAttempts, delayMs };
  }

  /** True while a restart of `key` waits for its backoff. */
  isPending(key: string): boolean {
    return this.entries.get(key)?.cancel != null;
  }

  /** A manual restart or a new config: the count starts over, a pending restart is dropped. */
  reset(key: string): void {
    this.entries.get(key)?.cancel?.();
    this.entries.delete(key);
  }

  /** {@link reset} for every key of `connector` that `match` accepts (all by default). */
  resetConnector(connector: string, match: (key: string) => boolean = () => true): void {
    for (const [key, entry] of [...this.entries]) {
      if (entry.connector === connector && match(key)) this.reset(key);
    }
  }

  /** Drops every pending restart (the herder is stopping). */
  cancelAll(): void {
    for (const key of [...this.entries.keys()]) this.reset(key);
  }
}
