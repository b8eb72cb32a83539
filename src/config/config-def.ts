/**
 * Config as data: a component declares its keys once (type, default, validator, importance,
 * doc, group) and gets parsing, validation, docs and masked logging from that one definition.
 *
 * Parsing follows Kafka's `ConfigDef.parseType`: every string value is trimmed as Java's
 * `String.trim()` trims (code points <= U+0020), LIST splits on `\s*,\s*`, BOOLEAN is
 * case-insensitive, numbers are parsed with Java's rules and ranges, CLASS stays a name (the
 * plugin registry resolves it), PASSWORD is wrapped so it never prints.
 */
import { ConfigException } from '../api/errors.js';

export type ConfigType =
  'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD';

export type Importance = 'HIGH' | 'MEDIUM' | 'LOW';
export type Width = 'NONE' | 'SHORT' | 'MEDIUM' | 'LONG';

/** A secret value: prints as `[hidden]` everywhere; `value()` gives the secret. */
export class Password {
  static readonly HIDDEN = '[hidden]';
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  value(): string {
    return this.#value;
  }
  toString(): string {
    return Password.HIDDEN;
  }
  toJSON(): string {
    return Password.HIDDEN;
  }
  equals(other: unknown): boolean {
    return other instanceof Password && other.#value === this.#value;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return Password.HIDDEN;
  }
}

/** A parsed value. LONG is a JS number (exact up to 2^53; Long.MAX_VALUE-like values round). */
export type ConfigValue = boolean | string | number | string[] | Password | null;

/** A problem found while validating: the key and Kafka's message. */
export interface ConfigProblem {
  key: string;
  message: string;
}

/**
 * A validator checks a parsed value and throws {@link ConfigException} with Kafka's message.
 * `toString()` describes the valid values for docs (as Kafka's validators do).
 */
export interface Validator {
  ensureValid(name: string, value: ConfigValue): void;
  toString(): string;
}

export interface ConfigKeyDefinition {
  name: string;
  type: ConfigType;
  /** Omitted: the key is required. `null`: optional with a null default. */
  defaultValue?: ConfigValue | undefined;
  importance: Importance;
  doc: string;
  group?: string | undefined;
  orderInGroup?: number | undefined;
  width?: Width | undefined;
  displayName?: string | undefined;
  dependents?: string[] | undefined;
  validator?: Validator | undefined;
  /** Values shown by REST validate as recommended; purely informational. */
  recommendedValues?: string[] | undefined;
}

/** A defined key, with its default already parsed. */
export interface ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  readonly hasDefault: boolean;
  /** The parsed default; `null` for an optional key without a value, `undefined` when required. */
  readonly defaultValue: ConfigValue | undefined;
  readonly importance: Importance;
  readonly doc: string;
  readonly group: string | null;
  readonly orderInGroup: number;
  readonly width: Width;
  readonly displayName: string;
  readonly dependents: readonly string[];
  readonly validator: Validator | undefined;
  readonly recommendedValues: readonly string[];
}

/** One key's validation outcome, the shape behind REST's `/config/validate` answer. */
export interface ConfigValueResult {
  name: string;
  value: ConfigValue | undefined;
  errors: string[];
  recommendedValues: string[];
  visible: boolean;
}

/** `ConfigException(name, value, message)` of Kafka: `Invalid value V for configuration K: M`. */
export function invalidValue(name: string, value: unknown, message?: string): ConfigException {
  const shown = valueToJavaString(value);
  return new ConfigException(
    `Invalid value ${shown} for configuration ${name}${message === undefined ? '' : `: ${message}`}`,
    name,
  );
}

export function missingRequired(name: string): ConfigException {
  return new ConfigException(
    `Missing required configuration "${name}" which has no default value.`,
    name,
  );
}

/** Java's `String.trim()`: strips code points <= U+0020 (not Unicode spaces like JS trim). */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

const INT_RANGE: Record<'INT' | 'SHORT' | 'LONG', [bigint, bigint]> = {
  SHORT: [-32768n, 32767n],
  INT: [-2147483648n, 2147483647n],
  LONG: [-9223372036854775808n, 9223372036854775807n],
};

/** Java's Integer/Short/Long.parseXxx on an already trimmed string (ASCII digits only). */
function parseJavaInteger(s: string, type: 'INT' | 'SHORT' | 'LONG'): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  const [min, max] = INT_RANGE[type];
  if (n < min || n > max) return undefined;
  return Number(n);
}

const DECIMAL_DOUBLE =
  /^[+-]?(NaN|Infinity|(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)[fFdD]?)$/;
const HEX_DOUBLE = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)[fFdD]?$/;

/** Java's `Double.parseDouble`, which also trims and accepts `1f`, `1d`, `NaN`, hex floats. */
function parseJavaDouble(raw: string): number | undefined {
  const s = javaTrim(raw);
  if (DECIMAL_DOUBLE.test(s)) {
    if (s.endsWith('NaN')) return NaN;
    const body = s.replace(/[fFdD]$/, '');
    return Number(body);
  }
  const hex = HEX_DOUBLE.exec(s);
  if (hex && (hex[2] !== '' || hex[3] !== '')) {
    const [, sign, int = '', frac = '', exp = '0'] = hex;
    const mantissa = Number.parseInt(int + frac || '0', 16);
    const value = mantissa * 2 ** (Number(exp) - 4 * frac.length);
    return sign === '-' ? -value : value;
  }
  return undefined;
}

/**
 * Parses one value as Kafka's `ConfigDef.parseType` does. Typed values (from code defaults)
 * are checked for kind; strings are trimmed and parsed.
 */
export function parseType(name: string, value: ConfigValue, type: ConfigType): ConfigValue {
  if (value === null) return null;
  if (typeof value !== 'string') return checkTyped(name, value, type);
  const trimmed = javaTrim(value);
  switch (type) {
    case 'BOOLEAN': {
      const lower = trimmed.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      throw invalidValue(name, value, 'Expected value to be either true or false');
    }
    case 'PASSWORD':
      return new Password(trimmed);
    case 'STRING':
    case 'CLASS':
      return trimmed;
    case 'INT':
    case 'SHORT':
    case 'LONG': {
      const n = parseJavaInteger(trimmed, type);
      if (n === undefined) throw invalidValue(name, value, `Not a number of type ${type}`);
      return n;
    }
    case 'DOUBLE': {
      const n = parseJavaDouble(trimmed);
      if (n === undefined) throw invalidValue(name, value, 'Not a number of type DOUBLE');
      return n;
    }
    case 'LIST':
      return trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
  }
}

function checkTyped(name: string, value: Exclude<ConfigValue, string | null>, type: ConfigType) {
  const ok =
    (type === 'BOOLEAN' && typeof value === 'boolean') ||
    ((type === 'INT' || type === 'SHORT' || type === 'LONG') &&
      typeof value === 'number' &&
      Number.isInteger(value)) ||
    (type === 'DOUBLE' && typeof value === 'number') ||
    (type === 'LIST' && Array.isArray(value)) ||
    (type === 'PASSWORD' && value instanceof Password);
  if (!ok) {
    throw invalidValue(name, value, `Expected value to be of type ${type}`);
  }
  return Array.isArray(value) ? [...value] : value;
}

/** Formats a value as Java's `toString()` would (lists `[a, b]`, doubles `1.0`). */
export function valueToJavaString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(valueToJavaString).join(', ')}]`;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : javaDouble(value);
  return String(value);
}

/** Java's `Double.toString` for the values configs hold. */
export function javaDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e7)) {
    const [mant = '', exp = ''] = n.toExponential().split('e');
    return `${mant.includes('.') ? mant : `${mant}.0`}E${exp.replace('+', '')}`;
  }
  const s = String(n);
  return s.includes('.') ? s : `${s}.0`;
}

/**
 * Kafka's `ConfigDef.convertToString`: how a parsed value is shown as text (REST defaults,
 * validate results). Lists join with `,`; passwords stay hidden; doubles print as Java does.
 */
export function convertToString(value: ConfigValue | undefined, type: ConfigType): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'LIST' && Array.isArray(value)) return value.join(',');
  if (type === 'DOUBLE' && typeof value === 'number') return javaDouble(value);
  return String(value);
}

// ---- validators (Kafka's messages) ----

function validator(description: string, check: (name: string, value: ConfigValue) => void) {
  return { ensureValid: check, toString: () => description };
}

function numberRange(min: number | undefined, max: number | undefined): Validator {
  const description =
    min === undefined ? `[...,${max}]` : max === undefined ? `[${min},...]` : `[${min},...,${max}]`;
  return validator(description, (name, value) => {
    if (value === null) throw invalidValue(name, null, 'Value must be non-null');
    const n = Number(value);
    if (min !== undefined && n < min)
      throw invalidValue(name, value, `Value must be at least ${min}`);
    if (max !== undefined && n > max)
      throw invalidValue(name, value, `Value must be no more than ${max}`);
  });
}

/** `ConfigDef.Range.atLeast`. */
export function atLeast(min: number): Validator {
  return numberRange(min, undefined);
}

/** `ConfigDef.Range.between` (inclusive). */
export function between(min: number, max: number): Validator {
  return numberRange(min, max);
}

/** `ConfigDef.ValidString.in`: exact match (null is rejected as Kafka does). */
export function inValues(...valid: string[]): Validator {
  return validator(`[${valid.join(', ')}]`, (name, value) => {
    if (typeof value !== 'string' || !valid.includes(value)) {
      throw invalidValue(name, value, `String must be one of: ${valid.join(', ')}`);
    }
  });
}

/** `ConfigDef.CaseInsensitiveValidString.in`. */
export function inValuesCaseInsensitive(...valid: string[]): Validator {
  const upper = valid.map((v) => v.toUpperCase());
  return validator(`(case insensitive) [${valid.join(', ')}]`, (name, value) => {
    if (typeof value !== 'string' || !upper.includes(value.toUpperCase())) {
      throw invalidValue(
        name,
        value,
        `String must be one of (case insensitive): ${valid.join(', ')}`,
      );
    }
  });
}

/** `ConfigDef.NonEmptyString`. */
export function nonEmptyString(): Validator {
  return validator('non-empty string', (name, value) => {
    if (typeof value === 'string' && value === '') {
      throw invalidValue(name, value, 'String must be non-empty');
    }
  });
}

/** `ConfigDef.NonNullValidator`. */
export function nonNullString(): Validator {
  return validator('non-null string', (name, value) => {
    if (value === null) throw invalidValue(name, null, 'Entry must be non null');
  });
}

/** `ConfigDef.NonEmptyStringWithoutControlChars` (used for connector `name`). */
export function nonEmptyStringWithoutControlChars(): Validator {
  return validator('non-empty string without ISO control characters', (name, value) => {
    if (value === null) throw invalidValue(name, null, 'String may not be null');
    const s = String(value);
    if (s === '') throw invalidValue(name, s, 'String may not be empty');
    const found: number[] = [];
    for (const ch of s) {
      const c = ch.codePointAt(0) ?? 0;
      if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) found.push(c);
    }
    if (found.length > 0) {
      throw invalidValue(
        name,
        s,
        `String may not contain control sequences but had the following ASCII chars: ${found.join(', ')}`,
      );
    }
  });
}

/**
 * Kafka's `ConfigDef.ValidList`: a LIST that may be required non-null and non-empty, whose
 * elements must be non-empty and unique and, when `validStrings` is given, one of them.
 */
export function validList(options: {
  allowEmpty: boolean;
  allowNull: boolean;
  validStrings?: string[];
}): Validator {
  const valid = options.validStrings ?? [];
  const described = valid.length === 0 ? 'any non-empty value' : `[${valid.join(', ')}]`;
  return validator(described, (name, value) => {
    if (value === null) {
      if (options.allowNull) return;
      throw new ConfigException(`Configuration '${name}' values must not be null.`, name);
    }
    if (!Array.isArray(value)) return;
    if (value.length === 0) {
      if (options.allowEmpty) return;
      throw new ConfigException(
        `Configuration '${name}' must not be empty. Valid values include: ${described}`,
        name,
      );
    }
    if (new Set(value).size !== value.length) {
      throw new ConfigException(`Configuration '${name}' values must not be duplicated.`, name);
    }
    for (const v of value) {
      if (v === '')
        throw new ConfigException(`Configuration '${name}' values must not be empty.`, name);
      if (valid.length > 0 && !valid.includes(v)) {
        throw invalidValue(name, v, `String must be one of: ${valid.join(', ')}`);
      }
    }
  });
}

/** `ValidList.anyNonDuplicateValues(isEmptyAllowed, isNullAllowed)`. */
export function anyNonDuplicateValues(allowEmpty: boolean, allowNull: boolean): Validator {
  return validList({ allowEmpty, allowNull });
}

/** A LIST that must be non-null with at least one element (Kafka's ValidList wording). */
export function nonEmptyList(): Validator {
  return validList({ allowEmpty: false, allowNull: false });
}

/** A STRING that must compile as a regular expression (null allowed); Kafka's wording. */
export function validRegex(): Validator {
  return validator('valid regex', (name, value) => {
    if (typeof value !== 'string') return;
    try {
      new RegExp(value);
    } catch (e) {
      throw invalidValue(name, value, `Invalid regex: ${(e as Error).message}`);
    }
  });
}

/** A LIST of aliases without duplicates (ConnectorConfig's check for `transforms`, `predicates`). */
export function uniqueAliases(): Validator {
  return validator('unique aliases', (name, value) => {
    if (!Array.isArray(value)) return;
    if (new Set(value).size !== value.length) {
      throw invalidValue(name, value, 'Duplicate alias provided.');
    }
  });
}

/** Chains validators; the first failure wins (`ConfigDef.CompositeValidator`). */
export function compositeValidator(...validators: Validator[]): Validator {
  return validator(validators.map(String).join(', '), (name, value) => {
    for (const v of validators) v.ensureValid(name, value);
  });
}

/** A validator from a function and a description (`ConfigDef.LambdaValidator`). */
export function lambdaValidator(
  check: (name: string, value: ConfigValue) => void,
  description: string,
): Validator {
  return validator(description, check);
}

// ---- the definition ----

export class ConfigDef {
  readonly #keys = new Map<string, ConfigKey>();

  /** A copy of `base`'s keys, to extend (Kafka's `new ConfigDef(base)`). */
  constructor(base?: ConfigDef) {
    if (base) for (const [k, v] of base.#keys) this.#keys.set(k, v);
  }

  define(def: ConfigKeyDefinition): this {
    if (this.#keys.has(def.name)) {
      throw new ConfigException(`Configuration ${def.name} is defined twice.`, def.name);
    }
    const hasDefault = def.defaultValue !== undefined;
    const defaultValue = hasDefault
      ? parseType(def.name, def.defaultValue as ConfigValue, def.type)
      : undefined;
    if (hasDefault && def.validator) def.validator.ensureValid(def.name, defaultValue ?? null);
    this.#keys.set(def.name, {
      name: def.name,
      type: def.type,
      hasDefault,
      defaultValue,
      importance: def.importance,
      doc: def.doc,
      group: def.group ?? null,
      orderInGroup: def.orderInGroup ?? -1,
      width: def.width ?? 'NONE',
      displayName: def.displayName ?? def.name,
      dependents: def.dependents ?? [],
      validator: def.validator,
      recommendedValues: def.recommendedValues ?? [],
    });
    return this;
  }

  /** Adds every key of `child` under `prefix` (Kafka's `ConfigDef.embed`), in `group`. */
  embed(prefix: string, group: string, startingOrd: number, child: ConfigDef): this {
    let ord = startingOrd;
    for (const key of child.#keys.values()) {
      this.#keys.set(prefix + key.name, {
        ...key,
        name: prefix + key.name,
        group,
        orderInGroup: ord++,
        displayName: key.displayName === key.name ? prefix + key.name : key.displayName,
        dependents: key.dependents.map((d) => prefix + d),
      });
    }
    return this;
  }

  has(name: string): boolean {
    return this.#keys.has(name);
  }

  names(): string[] {
    return [...this.#keys.keys()];
  }

  configKey(name: string): ConfigKey | undefined {
    return this.#keys.get(name);
  }

  /** Every definition, in definition order: what REST `/connector-plugins/{p}/config` lists. */
  configKeys(): ConfigKey[] {
    return [...this.#keys.values()];
  }

  /** Parses `raw`; throws a {@link ConfigException} for the first problem (Kafka's `parse`). */
  parse(raw: Readonly<Record<string, string>>): ParsedConfig {
    const values = new Map<string, ConfigValue>();
    for (const key of this.#keys.values()) {
      values.set(key.name, parseKey(key, raw));
    }
    return new ParsedConfig(this, values, raw);
  }

  /** Every problem of `raw`, in definition order, each with Kafka's message. */
  validate(raw: Readonly<Record<string, string>>): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const result of this.validateAll(raw)) {
      for (const message of result.errors) problems.push({ key: result.name, message });
    }
    return problems;
  }

  /**
   * Per-key results, as Kafka's `ConfigDef.validateAll`. Unlike Kafka, a key whose value did
   * not parse is not also run through its validator, so each mistake gives one message.
   */
  validateAll(raw: Readonly<Record<string, string>>): ConfigValueResult[] {
    const results: ConfigValueResult[] = [];
    for (const key of this.#keys.values()) {
      const result: ConfigValueResult = {
        name: key.name,
        value: undefined,
        errors: [],
        recommendedValues: [...key.recommendedValues],
        visible: true,
      };
      try {
        result.value = parseKey(key, raw);
      } catch (e) {
        if (!(e instanceof ConfigException)) throw e;
        result.errors.push(e.message);
      }
      results.push(result);
    }
    return results;
  }
}

function parseKey(key: ConfigKey, raw: Readonly<Record<string, string>>): ConfigValue {
  let value: ConfigValue;
  const given = Object.prototype.hasOwnProperty.call(raw, key.name) ? raw[key.name] : undefined;
  if (given !== undefined) value = parseType(key.name, given, key.type);
  else if (!key.hasDefault) throw missingRequired(key.name);
  else value = cloneValue(key.defaultValue ?? null);
  key.validator?.ensureValid(key.name, value);
  return value;
}

function cloneValue(v: ConfigValue): ConfigValue {
  return Array.isArray(v) ? [...v] : v;
}

/** Parsed, typed values (Kafka's `AbstractConfig`). */
export class ParsedConfig {
  readonly #def: ConfigDef;
  readonly #values: Map<string, ConfigValue>;
  readonly #originals: Readonly<Record<string, string>>;

  constructor(
    def: ConfigDef,
    values: Map<string, ConfigValue>,
    originals: Readonly<Record<string, string>>,
  ) {
    this.#def = def;
    this.#values = values;
    this.#originals = { ...originals };
  }

  definition(): ConfigDef {
    return this.#def;
  }

  /** The parsed value of a defined key; throws for an undefined key, as Kafka does. */
  get(key: string): ConfigValue {
    if (!this.#values.has(key)) {
      throw new ConfigException(`Unknown configuration '${key}'`, key);
    }
    return this.#values.get(key) ?? null;
  }

  /**
   * The value of a defined key of one of `types`. An optional key whose default is null gives
   * null here, as in Kafka, whatever the getter's declared type: check it where that matters.
   */
  #typed<T>(key: string, types: ConfigType[]): T {
    const def = this.#def.configKey(key);
    if (def && !types.includes(def.type)) {
      throw new ConfigException(
        `Configuration ${key} is of type ${def.type}, not ${types[0]}`,
        key,
      );
    }
    const v = this.get(key);
    return (Array.isArray(v) ? [...v] : v) as T;
  }

  getBoolean(key: string): boolean {
    return this.#typed(key, ['BOOLEAN']);
  }
  getString(key: string): string {
    return this.#typed(key, ['STRING']);
  }
  getInt(key: string): number {
    return this.#typed(key, ['INT']);
  }
  getShort(key: string): number {
    return this.#typed(key, ['SHORT']);
  }
  getLong(key: string): number {
    return this.#typed(key, ['LONG']);
  }
  getDouble(key: string): number {
    return this.#typed(key, ['DOUBLE']);
  }
  getList(key: string): string[] {
    return this.#typed(key, ['LIST']);
  }
  getPassword(key: string): Password {
    return this.#typed(key, ['PASSWORD']);
  }
  /** A CLASS value stays a name; the plugin registry resolves it. */
  getClass(key: string): string {
    return this.#typed(key, ['CLASS']);
  }

  /** The raw strings this config was built from, defined keys or not. */
  originals(): Record<string, string> {
    return { ...this.#originals };
  }

  /** Raw values whose key starts with `prefix`, the prefix stripped (unless `strip` is false). */
  originalsWithPrefix(prefix: string, strip = true): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.#originals)) {
      if (k.startsWith(prefix) && k.length > prefix.length) {
        out[strip ? k.slice(prefix.length) : k] = v;
      }
    }
    return out;
  }

  /** Parsed values of the defined keys. */
  values(): Record<string, ConfigValue> {
    return Object.fromEntries(this.#values);
  }

  /**
   * The config as Kafka's `AbstractConfig.logAll` prints it: a title, then each defined key
   * sorted, one per line as `\tkey = value`, passwords `[hidden]`, classes `class X`.
   */
  render(title: string): string {
    const lines = [`${title} values: `];
    const names = [...this.#values.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      const v = this.#values.get(name) ?? null;
      const type = this.#def.configKey(name)?.type;
      const shown = type === 'CLASS' && v !== null ? `class ${String(v)}` : valueToJavaString(v);
      lines.push(`\t${name} = ${shown}`);
    }
    return lines.join('\n') + '\n';
  }
}
