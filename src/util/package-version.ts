import { readFileSync } from 'node:fs';

function readPackageVersion(): string {
  try {
    const url = new URL('../../package.json', import.meta.url);
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * ts-connect's version, from package.json: what `--version` prints, `GET /` reports and the
 * built-in connectors give as theirs (Kafka's report the Kafka version, from its AppInfoParser).
 */
export const TS_CONNECT_VERSION = readPackageVersion();
