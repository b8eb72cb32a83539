/** What `GET /` reports as `version`: ts-connect's own (Kafka reports its AppInfo version). */
export { TS_CONNECT_VERSION } from '../util/package-version.js';
/** Kafka's AppInfoParser says "unknown" when the build did not record a commit; so do we. */
export const TS_CONNECT_COMMIT = process.env.TS_CONNECT_COMMIT ?? 'unknown';
