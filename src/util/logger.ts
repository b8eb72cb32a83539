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
  return LEVEL_RANK[level] >= LEVEL_RANK[settings.level];
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
    if (!isLevelEnabled(level)) return;
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
  return new ComponentLogger(component, null);
}
