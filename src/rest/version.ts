import { readFileSync } from 'node:fs';

function packageVersion(): string {
  try {
    const url = new URL('../../package.json', import.meta.url);
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** What `GET /` reports as `version`: ts-connect's own (Kafka reports its AppInfo version). */
export const TS_CONNECT_VERSION = packageVersion();
/** Kafka's AppInfoParser says "unknown" when the build did not record a commit; so do we. */
export const TS_CONNECT_COMMIT = process.env.TS_CONNECT_COMMIT ?? 'unknown';
