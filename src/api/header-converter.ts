import type { ConfigDef } from '../config/config-def.js';
import type { Schema } from './schema.js';
import type { SchemaAndValue } from './schema-and-value.js';

/**
 * Converts one header value between Connect data and bytes, as Kafka's
 * `org.apache.kafka.connect.storage.HeaderConverter` (the worker's default is
 * `SimpleHeaderConverter`).
 *
 * Lifecycle: constructed with no arguments; {@link configure} once with its own keys (the
 * `header.converter.*` sub-keys without the prefix, or the connector's overrides); then
 * {@link fromConnectHeader} for each header of each produced record and
 * {@link toConnectHeader} for each header of each consumed record; {@link close} when the task
 * stops.
 *
 * Errors: a ConfigException from `configure` is a configuration error. A DataException from a
 * conversion is handled by the connector's error tolerance at stage HEADER_CONVERTER.
 */
export interface HeaderConverter {
  configure(configs: Record<string, string>): void;
  /** Deserializes the value of header `headerKey`; `value` is `null` for a null header value. */
  toConnectHeader(topic: string, headerKey: string, value: Uint8Array | null): SchemaAndValue;
  /** Serializes a header value; returns `null` for a null value. */
  fromConnectHeader(
    topic: string,
    headerKey: string,
    schema: Schema | null,
    value: unknown,
  ): Uint8Array | null;
  config(): ConfigDef;
  close?(): void;
}

/** A header converter class, as the plugin registry holds it. */
export type HeaderConverterClass = new () => HeaderConverter;
