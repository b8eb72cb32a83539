import { ConfigException } from '../../api/errors.js';
import { invalidValue, lambdaValidator, type Validator } from '../../config/config-def.js';
import { JavaPattern } from './java-regex.js';

/** The transforms' own `NonEmptyListValidator` (`Empty list`), not ConfigDef's ValidList. */
export function nonEmptyListValidator(): Validator {
  return lambdaValidator((name, value) => {
    if (value === null || (Array.isArray(value) && value.length === 0))
      throw invalidValue(name, value ?? [], 'Empty list');
  }, 'non-empty list');
}

/** The transforms' `RegexValidator`: the value must compile as a Java regex we can translate. */
export function javaRegexValidator(): Validator {
  return lambdaValidator((name, value) => {
    if (typeof value !== 'string') return;
    try {
      JavaPattern.compile(value, name);
    } catch (e) {
      const detail = (e as Error).message.replace(/^Invalid regex: /, '');
      throw invalidValue(name, value, `Invalid regex: ${detail}`);
    }
  }, 'valid regex');
}

/** Compiles a Java regex, turning a failure into a ConfigException for `key`. */
export function compileJavaRegex(value: string, key: string): JavaPattern {
  try {
    return JavaPattern.compile(value, key);
  } catch (e) {
    if (e instanceof ConfigException) throw e;
    throw new ConfigException(`Invalid regex: ${(e as Error).message}`, key);
  }
}

/** `ConfigDef.NonNullValidator` as Kafka 4.x words it. */
export function nonNullValidator(): Validator {
  return lambdaValidator((name, value) => {
    if (value === null) throw invalidValue(name, null, 'entry must be non null');
  }, 'non-null string');
}
