import { inValuesCaseInsensitive } from '../../config/config-def.js';
import { newConverterConfigDef } from '../converter-config.js';

/** JsonConverter's keys and defaults, as Kafka's `JsonConverterConfig`. */
export const JSON_CONVERTER_CONFIG = newConverterConfigDef()
  .define({
    name: 'schemas.enable',
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'HIGH',
    doc: 'Include schemas within each of the serialized values and keys.',
    group: 'Schemas',
    orderInGroup: 0,
    width: 'MEDIUM',
    displayName: 'Enable Schemas',
  })
  .define({
    name: 'schemas.cache.size',
    type: 'INT',
    defaultValue: 1000,
    importance: 'HIGH',
    doc: 'The maximum number of schemas that can be cached in this converter instance.',
    group: 'Schemas',
    orderInGroup: 1,
    width: 'MEDIUM',
    displayName: 'Schema Cache Size',
  })
  .define({
    name: 'decimal.format',
    type: 'STRING',
    defaultValue: 'BASE64',
    validator: inValuesCaseInsensitive('BASE64', 'NUMERIC'),
    importance: 'LOW',
    doc:
      'Controls which format this converter will serialize decimals in. This value is case insensitive and ' +
      "can be either 'BASE64' (default) or 'NUMERIC'",
    group: 'Serialization',
    orderInGroup: 0,
    width: 'MEDIUM',
    displayName: 'Decimal Format',
  })
  .define({
    name: 'replace.null.with.default',
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'LOW',
    doc:
      'Whether to replace fields that have a default value and that are null to the default value. When set ' +
      'to true, the default value is used, otherwise null is used.',
    group: 'Serialization',
    orderInGroup: 1,
    width: 'MEDIUM',
    displayName: 'Replace null with default',
  });
