import type { PredicateClass, TransformationClass } from '../api/transformation.js';
import { CastKey, CastValue } from './cast.js';
import { DropKey, DropValue } from './drop.js';
import { DropHeaders } from './drop-headers.js';
import { ExtractFieldKey, ExtractFieldValue } from './extract-field.js';
import { Filter } from './filter.js';
import { FlattenKey, FlattenValue } from './flatten.js';
import { HeaderFromKey, HeaderFromValue } from './header-from.js';
import { HoistFieldKey, HoistFieldValue } from './hoist-field.js';
import { InsertFieldKey, InsertFieldValue } from './insert-field.js';
import { InsertHeader } from './insert-header.js';
import { MaskFieldKey, MaskFieldValue } from './mask-field.js';
import { HasHeaderKey } from './predicates/has-header-key.js';
import { RecordIsTombstone } from './predicates/record-is-tombstone.js';
import { TopicNameMatches } from './predicates/topic-name-matches.js';
import { RegexRouter } from './regex-router.js';
import { ReplaceFieldKey, ReplaceFieldValue } from './replace-field.js';
import { SetSchemaMetadataKey, SetSchemaMetadataValue } from './set-schema-metadata.js';
import { TimestampConverterKey, TimestampConverterValue } from './timestamp-converter.js';
import { TimestampRouter } from './timestamp-router.js';
import { ValueToKey } from './value-to-key.js';

const TRANSFORMATION_CLASSES = [
  CastKey,
  CastValue,
  ExtractFieldKey,
  ExtractFieldValue,
  InsertFieldKey,
  InsertFieldValue,
  ReplaceFieldKey,
  ReplaceFieldValue,
  MaskFieldKey,
  MaskFieldValue,
  ValueToKey,
  HoistFieldKey,
  HoistFieldValue,
  FlattenKey,
  FlattenValue,
  RegexRouter,
  TimestampRouter,
  TimestampConverterKey,
  TimestampConverterValue,
  SetSchemaMetadataKey,
  SetSchemaMetadataValue,
  Filter,
  InsertHeader,
  DropHeaders,
  HeaderFromKey,
  HeaderFromValue,
  DropKey,
  DropValue,
];

/** Every built-in SMT under Kafka's (or Confluent's) class name, for the plugin registry. */
export const BUILTIN_TRANSFORMATIONS: readonly { fqcn: string; ctor: TransformationClass }[] =
  TRANSFORMATION_CLASSES.map((c) => ({ fqcn: c.FQCN, ctor: c as unknown as TransformationClass }));

/** Kafka's three predicates, for the plugin registry. */
export const BUILTIN_PREDICATES: readonly { fqcn: string; ctor: PredicateClass }[] = [
  TopicNameMatches,
  HasHeaderKey,
  RecordIsTombstone,
].map((c) => ({ fqcn: c.FQCN, ctor: c as unknown as PredicateClass }));
