import type { ConfigDef } from '../config/config-def.js';
import type { Headers } from './headers.js';
import type { Schema } from './schema.js';
import type { SchemaAndValue } from './schema-and-value.js';

/**
 * Converts record keys or values between Connect data (schema and value) and the bytes stored
 * in Kafka, as Kafka's `org.apache.kafka.connect.storage.Converter`.
 *
 * Lifecycle: constructed with no arguments; {@link configure} once, with the converter's own
 * keys (the worker's `key.converter.*` / `value.converter.*` sub-keys with the prefix removed,
 * or the connector's overrides, which do not inherit the worker's) and `isKey` telling whether it
 * converts keys; then {@link fromConnectData} for each record a source task produces and
 * {@link toConnectData} for each record a sink task consumes; {@link close} when the task stops.
 *
 * Errors: a ConfigException from `configure` is a configuration error of the worker or the
 * connector (the task does not start). A DataException from either conversion is handled by the
 * connector's error tolerance at stage KEY_CONVERTER or VALUE_CONVERTER (the runtime adds the
 * stage); with `errors.tolerance=none` it fails the task. Any other error fails the task.
 * Conversions are synchronous and run once per record: keep them free of I/O.
 */
export interface Converter {
  /** Configures the converter; `configs` holds only its own keys. */
  configure(configs: Record<string, string>, isKey: boolean): void;
  /**
   * Serializes a key or value. `schema` may be null (schemaless data); `headers` are the
   * record's headers, which a converter may read or add to. Returns `null` for a tombstone.
   */
  fromConnectData(
    topic: string,
    headers: Headers | null,
    schema: Schema | null,
    value: unknown,
  ): Uint8Array | null;
  /** Deserializes a key or value; `value` is `null` for a null key or a tombstone. */
  toConnectData(topic: string, headers: Headers | null, value: Uint8Array | null): SchemaAndValue;
  /** The converter's configuration definition (keys and defaults as Kafka's). */
  config(): ConfigDef;
  /** Releases resources, when the task stops. */
  close?(): void;
}

/** A converter class, as the plugin registry holds it. */
export type ConverterClass = new () => Converter;
