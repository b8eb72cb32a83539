import { ConfigDef, inValues } from '../config/config-def.js';

/** `converter.type`: how a converter is used; the runtime sets it from `configure(configs, isKey)`. */
export const CONVERTER_TYPE_CONFIG = 'converter.type';

/** Kafka's `ConverterConfig.newConfigDef()`: the `converter.type` key every converter has. */
export function newConverterConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: CONVERTER_TYPE_CONFIG,
    type: 'STRING',
    validator: inValues('key', 'value', 'header'),
    importance: 'LOW',
    doc: 'How this converter will be used.',
  });
}

/** The configs with `converter.type` set as Kafka's `configure(configs, isKey)` sets it. */
export function withConverterType(
  configs: Record<string, string>,
  isKey: boolean,
): Record<string, string> {
  return { ...configs, [CONVERTER_TYPE_CONFIG]: isKey ? 'key' : 'value' };
}
