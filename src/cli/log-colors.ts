import chalk from 'chalk';
import type { LogLevel } from '../util/logger.js';

/** Colours for log levels on a terminal; chalk lives in cli/ only. */
export function colorLevel(level: LogLevel, text: string): string {
  switch (level) {
    case 'ERROR':
      return chalk.red(text);
    case 'WARN':
      return chalk.yellow(text);
    case 'INFO':
      return chalk.green(text);
    default:
      return chalk.gray(text);
  }
}
