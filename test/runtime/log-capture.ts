import type { Logger } from '../../src/util/logger.js';

/** A logger that records `LEVEL message` lines, for asserting on Kafka's log texts. */
export function captureLogger(lines: string[]): Logger {
  const log: Logger = {
    trace: () => {},
    debug: () => {},
    info: (m) => lines.push(`INFO ${m}`),
    warn: (m) => lines.push(`WARN ${m}`),
    error: (m) => lines.push(`ERROR ${m}`),
    withContext: () => log,
  };
  return log;
}
