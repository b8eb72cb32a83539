/**
 * Every plugin that ships with ts-connect, registered explicitly (no scanning): the
 * counterpart of what Kafka finds on its classpath. Built-ins are registered exactly as a
 * third-party plugin would be.
 */
import type { ConnectorClass } from '../api/connector.js';
import { registerBuiltinConfigProviders } from '../config/config-providers/config-providers.js';
import { FileStreamSinkConnector } from '../connectors/file/file-stream-sink-connector.js';
import { FileStreamSourceConnector } from '../connectors/file/file-stream-source-connector.js';
import { BUILTIN_CONVERTERS, BUILTIN_HEADER_CONVERTERS } from '../converters/index.js';
import { BUILTIN_PREDICATES, BUILTIN_TRANSFORMATIONS } from '../transforms/index.js';
import { PluginRegistry } from './plugin-registry.js';

const CONNECTORS: readonly (readonly [string, ConnectorClass])[] = [
  ['org.apache.kafka.connect.file.FileStreamSourceConnector', FileStreamSourceConnector],
  ['org.apache.kafka.connect.file.FileStreamSinkConnector', FileStreamSinkConnector],
];

/** A registry holding every built-in plugin, under Kafka's class names. */
export function createBuiltinRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  for (const [fqcn, ctor] of CONNECTORS) {
    registry.register('connector', fqcn, ctor, { version: new ctor().version() });
  }
  for (const { fqcn, ctor } of BUILTIN_CONVERTERS) registry.register('converter', fqcn, ctor);
  for (const { fqcn, ctor } of BUILTIN_HEADER_CONVERTERS)
    registry.register('header-converter', fqcn, ctor);
  for (const { fqcn, ctor } of BUILTIN_TRANSFORMATIONS)
    registry.register('transformation', fqcn, ctor);
  for (const { fqcn, ctor } of BUILTIN_PREDICATES) registry.register('predicate', fqcn, ctor);
  registerBuiltinConfigProviders(registry);
  return registry;
}
