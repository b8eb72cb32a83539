import type { ConverterClass } from '../api/converter.js';
import type { HeaderConverterClass } from '../api/header-converter.js';
import { BooleanConverter } from './boolean-converter.js';
import { ByteArrayConverter } from './byte-array-converter.js';
import { JsonConverter } from './json/json-converter.js';
import {
  DoubleConverter,
  FloatConverter,
  IntegerConverter,
  LongConverter,
  ShortConverter,
} from './number-converters.js';
import { SimpleHeaderConverter } from './simple-header-converter.js';
import { StringConverter } from './string-converter.js';

export {
  BooleanConverter,
  ByteArrayConverter,
  DoubleConverter,
  FloatConverter,
  IntegerConverter,
  JsonConverter,
  LongConverter,
  ShortConverter,
  SimpleHeaderConverter,
  StringConverter,
};

/** The built-in key/value converters, by Kafka's class name, for the plugin registry. */
export const BUILTIN_CONVERTERS: readonly { fqcn: string; ctor: ConverterClass }[] = [
  { fqcn: JsonConverter.FQCN, ctor: JsonConverter },
  { fqcn: StringConverter.FQCN, ctor: StringConverter },
  { fqcn: ByteArrayConverter.FQCN, ctor: ByteArrayConverter },
  { fqcn: ShortConverter.FQCN, ctor: ShortConverter },
  { fqcn: IntegerConverter.FQCN, ctor: IntegerConverter },
  { fqcn: LongConverter.FQCN, ctor: LongConverter },
  { fqcn: FloatConverter.FQCN, ctor: FloatConverter },
  { fqcn: DoubleConverter.FQCN, ctor: DoubleConverter },
  { fqcn: BooleanConverter.FQCN, ctor: BooleanConverter },
];

/**
 * The built-in header converters. As in Kafka, every converter above that also implements
 * HeaderConverter can serve as `header.converter`, plus SimpleHeaderConverter (the default).
 */
export const BUILTIN_HEADER_CONVERTERS: readonly { fqcn: string; ctor: HeaderConverterClass }[] = [
  { fqcn: SimpleHeaderConverter.FQCN, ctor: SimpleHeaderConverter },
  { fqcn: JsonConverter.FQCN, ctor: JsonConverter },
  { fqcn: StringConverter.FQCN, ctor: StringConverter },
  { fqcn: ByteArrayConverter.FQCN, ctor: ByteArrayConverter },
  { fqcn: ShortConverter.FQCN, ctor: ShortConverter },
  { fqcn: IntegerConverter.FQCN, ctor: IntegerConverter },
  { fqcn: LongConverter.FQCN, ctor: LongConverter },
  { fqcn: FloatConverter.FQCN, ctor: FloatConverter },
  { fqcn: DoubleConverter.FQCN, ctor: DoubleConverter },
  { fqcn: BooleanConverter.FQCN, ctor: BooleanConverter },
];
