import type { Converter } from '../../src/api/converter.js';
import type { HeaderConverter } from '../../src/api/header-converter.js';
import { DataException } from '../../src/api/errors.js';
import type { SchemaAndValue } from '../../src/api/schema-and-value.js';
import type { ConfigDef } from '../../src/config/config-def.js';
import type { TaskConverters } from '../../src/runtime/task-plugins.js';

/** UTF-8 of String(value); a value 'bad' fails, to exercise error handling. */
export class Utf8TestConverter implements Converter, HeaderConverter {
  configure(): void {}
  fromConnectData(_t: string, _h: unknown, _s: unknown, value: unknown): Uint8Array | null {
    if (value === 'bad') throw new DataException('cannot convert bad');
    return value === null || value === undefined ? null : Buffer.from(String(value));
  }
  fromConnectHeader(_t: string, _k: string, _s: unknown, value: unknown): Uint8Array | null {
    return value === null ? null : Buffer.from(String(value));
  }
  toConnectData(): SchemaAndValue {
    throw new Error('not used');
  }
  toConnectHeader(): SchemaAndValue {
    throw new Error('not used');
  }
  config(): ConfigDef {
    throw new Error('not used');
  }
}

export function testConverters(): TaskConverters {
  const c = new Utf8TestConverter();
  return {
    key: { plugin: c, className: 'test.Utf8', source: 'worker' },
    value: { plugin: c, className: 'test.Utf8', source: 'worker' },
    header: { plugin: c, className: 'test.Utf8', source: 'worker' },
  };
}
