/** The version the FileStream connectors report (Kafka's report the Kafka version; ours, ts-connect's). */
export const FILE_CONNECTORS_VERSION = '0.1.0';
