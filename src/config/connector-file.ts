/**
 * Connector files named on the command line, read in Kafka 3.7+'s order
 * (`ConnectStandalone.parseConnectorConfigurationFile`): a flat JSON map of strings, else a
 * JSON `{name, config, initial_state}` request, else a `.properties` file.
 *
 * One deliberate difference: a file that starts like JSON (`{` or `[`) or is named `*.json` but
 * is not valid JSON gets a JSON syntax error with its line, where Kafka would read it as a
 * properties file and then complain that `name` is missing.
 */
import { readFile } from 'node:fs/promises';
import type { LocatedConfigProblem } from './config-problems.js';
import { ConfigProblemsException } from './config-problems.js';
import { ConfigSource } from './config-source.js';
import { JsonSyntaxError, type LocatedJson, parseLocatedJson } from './located-json.js';
import { propertiesFromBytes, unreadableFile } from './properties-file.js';

export type InitialState = 'RUNNING' | 'PAUSED' | 'STOPPED';
const INITIAL_STATES: readonly InitialState[] = ['RUNNING', 'PAUSED', 'STOPPED'];

export interface ConnectorFile {
  name: string;
  /** The raw config as written, `${...}` variables kept; includes `name`. */
  config: Record<string, string>;
  /** From `initial_state` of the JSON request form; `undefined` means the default (RUNNING). */
  initialState: InitialState | undefined;
  format: 'json-map' | 'json-request' | 'properties';
  source: ConfigSource;
}

const NULL_VALUE = 'Null value can not be supplied as the configuration value.';

function missingName(path: string): LocatedConfigProblem {
  return {
    file: path,
    key: 'name',
    message: `Connector configuration at '${path}' is missing the mandatory 'name' configuration`,
  };
}

type Entries = { key: string; line: number; value: LocatedJson }[];

/** Jackson's view of a JSON object as `Map<String,String>`: scalars coerced, nulls kept as null. */
function asStringMap(
  entries: Entries,
): Map<string, { value: string | null; line: number }> | undefined {
  const out = new Map<string, { value: string | null; line: number }>();
  for (const { key, line, value } of entries) {
    const text = scalarText(value);
    if (text === undefined) return undefined;
    out.set(key, { value: text, line });
  }
  return out;
}

function scalarText(v: LocatedJson): string | null | undefined {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'number':
      return v.text;
    case 'boolean':
      return String(v.value);
    case 'null':
      return null;
    default:
      return undefined;
  }
}

function fromMap(
  path: string,
  map: Map<string, { value: string | null; line: number }>,
  problems: LocatedConfigProblem[],
): { config: Record<string, string>; lines: Map<string, number> } {
  const config = Object.create(null) as Record<string, string>;
  const lines = new Map<string, number>();
  for (const [key, { value, line }] of map) {
    lines.set(key, line);
    if (value === null) problems.push({ file: path, line, key, message: NULL_VALUE });
    else config[key] = value;
  }
  return { config, lines };
}

function neitherForm(path: string, line: number): ConfigProblemsException {
  return new ConfigProblemsException([
    {
      file: path,
      line,
      key: '',
      message:
        'a JSON connector file must be either a flat object of string values including "name", ' +
        'or {"name": ..., "config": {...}, "initial_state": ...}',
    },
  ]);
}

function fromJson(path: string, doc: LocatedJson): ConnectorFile {
  if (doc.kind !== 'object') throw neitherForm(path, doc.line);
  const problems: LocatedConfigProblem[] = [];

  const flat = asStringMap(doc.entries);
  if (flat) {
    const { config, lines } = fromMap(path, flat, problems);
    const source = new ConfigSource(path, lines);
    if (!flat.has('name')) problems.push(missingName(path));
    if (problems.length > 0) throw new ConfigProblemsException(problems);
    return { name: config['name']!, config, initialState: undefined, format: 'json-map', source };
  }

  // The request form: unknown top-level fields are ignored, as Jackson is told to.
  const field = (name: string) => {
    let found: Entries[number] | undefined;
    for (const e of doc.entries) if (e.key === name) found = e;
    return found;
  };
  const nameField = field('name');
  const configField = field('config');
  const stateField = field('initial_state');
  if (!configField || configField.value.kind !== 'object') {
    throw neitherForm(path, configField?.line ?? doc.line);
  }
  const configMap = asStringMap(configField.value.entries);
  if (!configMap) throw neitherForm(path, configField.line);
  const name = nameField ? scalarText(nameField.value) : null;
  if (name === undefined) throw neitherForm(path, nameField!.line);

  let initialState: InitialState | undefined;
  if (stateField && stateField.value.kind !== 'null') {
    const text = scalarText(stateField.value);
    const upper = typeof text === 'string' ? text.toUpperCase() : '';
    if (!(INITIAL_STATES as readonly string[]).includes(upper)) {
      problems.push({
        file: path,
        line: stateField.line,
        key: 'initial_state',
        message: `Invalid initial state ${text ?? stateField.value.kind}: must be one of ${INITIAL_STATES.join(', ')} (case-insensitive)`,
      });
    } else initialState = upper as InitialState;
  }

  const { config, lines } = fromMap(path, configMap, problems);
  if (configMap.has('name')) {
    if (configMap.get('name')?.value !== name) {
      problems.push({
        file: path,
        line: lines.get('name'),
        key: 'name',
        message: `Connector name configuration in 'config' doesn't match the one specified in 'name' at '${path}'`,
      });
    }
  } else if (name === null) {
    problems.push(missingName(path));
  } else {
    config['name'] = name;
    if (nameField) lines.set('name', nameField.line);
  }
  if (problems.length > 0) throw new ConfigProblemsException(problems);
  return {
    name: config['name']!,
    config,
    initialState,
    format: 'json-request',
    source: new ConfigSource(path, lines),
  };
}

/**
 * Reads a connector file. Throws {@link ConfigProblemsException}: one line for an unreadable
 * file, a missing `name`, a JSON file in neither form, or a name mismatch; each with file, line
 * (where there is one) and key.
 */
export async function loadConnectorFile(path: string): Promise<ConnectorFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw unreadableFile(path, e);
  }
  return connectorFileFromBytes(path, bytes);
}

/** Parses the bytes of a connector file (`path` is used in messages only). */
export function connectorFileFromBytes(path: string, bytes: Uint8Array): ConnectorFile {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const start = text.replace(/^\uFEFF/, '').trimStart()[0];
  if (start === '{' || start === '[' || /\.json$/i.test(path)) {
    let doc: LocatedJson;
    try {
      doc = parseLocatedJson(text);
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      throw new ConfigProblemsException([
        { file: path, line: e.line, key: '', message: `invalid JSON: ${e.message}` },
      ]);
    }
    return fromJson(path, doc);
  }
  const props = propertiesFromBytes(path, bytes);
  if (!Object.hasOwn(props.values, 'name')) {
    throw new ConfigProblemsException([missingName(path)]);
  }
  return {
    name: props.values['name']!,
    config: props.values,
    initialState: undefined,
    format: 'properties',
    source: props.source,
  };
}
