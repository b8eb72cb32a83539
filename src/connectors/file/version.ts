import { TS_CONNECT_VERSION } from '../../util/package-version.js';

/** The version the FileStream connectors report (Kafka's report the Kafka version; ours, ts-connect's). */
export const FILE_CONNECTORS_VERSION = TS_CONNECT_VERSION;
