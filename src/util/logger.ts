/**
 * The one logger. Lines look like Kafka Connect's log4j layout
 * (`[%d] %p %X{connector.context}%m (%c)`), e.g.
 * `[2026-11-24 10:53:39,123] INFO [file-source|task-0] Source task started (WorkerSourceTask)`,
 * and go to stderr so that a console sink can own stdout. The CLI may install a colouring
 * function (chalk lives in cli/ only) and a level.
 */

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

const LEVEL_RANK: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

export interface LogSettings {
  level: LogLevel;
  /** Where finished lines go; stderr by default. */
  write: (line: string) => void;
  /** Colours a level name for a terminal; identity when output is not a terminal. */
  colorize: (level: LogLevel, text: string) => string;
}

const settings: LogSettings = {
  level: (process.env.TS_CONNECT_LOG_LEVEL?.toUpperCase() as LogLevel | undefined) ?? 'INFO',
  write: (line) => process.stderr.write(line + '\n'),
  colorize: (_level, text) => text,
};

/** Change where and how much is logged (the CLI does this once at start). */
export function configureLogging(changes: Partial<LogSettings>): void {
  Object.assign(settings, changes);
}

export function isLevelEnabled(level: LogLevel): boolean {
  if (LEVEL_RANK[level] >= LEVEL_RANK[settings.level]) return true;
  // Some single logger may have been set lower (REST /admin/loggers).
  for (const o of overrides.values()) if (LEVEL_RANK[level] >= LEVEL_RANK[o.level]) return true;
  return false;
}

/**
 * Levels set at run time for single loggers (REST `/admin/loggers`), by logger name; a name
 * covers itself and every `name.`-prefixed logger. Loggers without one follow the root level.
 */
const overrides = new Map<string, { level: LogLevel; lastModified: number }>();
const knownLoggers = new Set<string>();
let rootModified: number | null = null;

function levelOf(component: string): LogLevel {
  if (overrides.size === 0) return settings.level;
  let name = component;
  for (;;) {
    const o = overrides.get(name);
    if (o !== undefined) return o.level;
    const dot = name.lastIndexOf('.');
    if (dot < 0) return settings.level;
    name = name.slice(0, dot);
  }
}

/** Kafka's LoggerLevel: the effective level and when it was last set (null: never). */
export interface LoggerLevel {
  level: LogLevel;
  last_modified: number | null;
}

/** Every logger created so far plus `root`, with its effective level. */
export function loggerLevels(): Record<string, LoggerLevel> {
  const out: Record<string, LoggerLevel> = {
    root: { level: settings.level, last_modified: rootModified },
  };
  for (const name of [...knownLoggers].sort())
    out[name] = { level: levelOf(name), last_modified: overrides.get(name)?.lastModified ?? null };
  return out;
}

/** One logger's level, or null when no logger of that name exists. */
export function loggerLevel(name: string): LoggerLevel | null {
  return loggerLevels()[name] ?? null;
}

/**
 * Sets the level of `namespace` and every logger under it (`root`: every logger), as Kafka's
 * Loggers.setLevel; returns the affected logger names, sorted.
 */
export function setLoggerLevel(namespace: string, level: LogLevel): string[] {
  const now = Date.now();
  const covered = (n: string) =>
    namespace === 'root' || n === namespace || n.startsWith(namespace + '.');
  const names = ['root', ...knownLoggers, namespace].filter(
    (n, i, all) => covered(n) && all.indexOf(n) === i,
  );
  const before = new Map(names.map((n) => [n, n === 'root' ? settings.level : levelOf(n)]));
  if (namespace === 'root') {
    settings.level = level;
    rootModified = now;
    overrides.clear();
  } else {
    for (const key of [...overrides.keys()])
      if (key.startsWith(namespace + '.')) overrides.delete(key);
    overrides.set(namespace, { level, lastModified: now });
  }
  // As Kafka's Loggers.setLevel: only the loggers whose level actually changed.
  return names.filter((n) => before.get(n) !== level).sort();
}

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
  /** The same component with a Kafka-style context such as `file-source|task-0`. */
  withContext(context: string): Logger;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Kafka's log4j date form: `2026-11-24 10:53:39,123`, in local time. */
function timestamp(d: Date): string {
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

class ComponentLogger implements Logger {
  constructor(
    private readonly component: string,
    private readonly context: string | null,
  ) {}

  private log(level: LogLevel, message: string, error?: unknown): void {
    if (LEVEL_RANK[level] < LEVEL_RANK[levelOf(this.component)]) return;
    const ctx = this.context ? `[${this.context}] ` : '';
    let line = `[${timestamp(new Date())}] ${settings.colorize(level, level)} ${ctx}${message} (${this.component})`;
    if (error !== undefined) line += '\n' + describe(error);
    settings.write(line);
  }

  trace(message: string): void {
    this.log('TRACE', message);
  }
  debug(message: string): void {
    this.log('DEBUG', message);
  }
  info(message: string): void {
    this.log('INFO', message);
  }
  warn(message: string, error?: unknown): void {
    this.log('WARN', message, error);
  }
  error(message: string, error?: unknown): void {
    this.log('ERROR', message, error);
  }
  withContext(context: string): Logger {
    return new ComponentLogger(this.component, context);
  }
}

/** A logger for a component, named like the Java class it stands for (`WorkerSourceTask`). */
export function getLogger(component: string): Logger {
  knownLoggers.add(component);
  return new ComponentLogger(component, null);
}
