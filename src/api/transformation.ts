import type { ConfigDef } from '../config/config-def.js';
import type { ConnectRecord } from './connect-record.js';

/**
 * A single message transform (SMT): changes one record at a time.
 *
 * Lifecycle: constructed with no arguments; {@link configure} with its own keys (the
 * `transforms.<alias>.` prefix removed, without `type`, `predicate` and `negate`) — a
 * {@link ConfigException} there is a config error of the connector; {@link apply} per record;
 * {@link close} when the task stops.
 *
 * {@link apply} must not mutate its input: it returns the same record, a new record made with
 * `newRecord`, or `null` to drop the record (later transforms do not see it). A
 * {@link DataException} is handled by the connector's error tolerance (stage TRANSFORMATION).
 */
export interface Transformation<R extends ConnectRecord<R>> {
  configure(configs: Record<string, string>): void;
  apply(record: R): R | null;
  config(): ConfigDef;
  close(): void;
}

/** A transformation class, as the plugin registry holds it. */
/** Generic, because one class serves source and sink records alike. */
export type TransformationClass = new <R extends ConnectRecord<R>>() => Transformation<R>;

/**
 * A predicate decides whether a transformation applies to a record
 * (`transforms.<alias>.predicate`, negated by `transforms.<alias>.negate`).
 */
export interface Predicate<R extends ConnectRecord<R>> {
  configure(configs: Record<string, string>): void;
  test(record: R): boolean;
  config(): ConfigDef;
  close(): void;
}

/** A predicate class, as the plugin registry holds it. */
export type PredicateClass = new <R extends ConnectRecord<R>>() => Predicate<R>;
