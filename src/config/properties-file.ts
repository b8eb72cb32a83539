/**
 * A reader for `.properties` files that gives exactly what `java.util.Properties.load(InputStream)`
 * gives, plus the line each key starts on (every config error names `file:line`).
 *
 * Written here rather than taken from dot-properties: dot-properties parses a string and reports
 * character ranges, but it misses `\` continuations over CR-only line ends, keeps malformed
 * `\uXXXX` escapes instead of failing as Java does, and has no notion of bytes. Java's grammar is
 * small, so we follow its two steps directly: join physical lines into logical lines (Java's
 * `LineReader`), then split each logical line into key and value and unescape both (`load0`,
 * `loadConvert`). test/config/properties-file.test.ts compares the result with the JDK's.
 */
import { readFile } from 'node:fs/promises';
import type { LocatedConfigProblem } from './config-problems.js';
import { ConfigProblemsException } from './config-problems.js';
import { ConfigSource } from './config-source.js';

export interface PropertyEntry {
  key: string;
  value: string;
  /** 1-based physical line on which the logical line starts. */
  line: number;
}

/** A syntax error Java would throw on (`IllegalArgumentException`), with its line. */
export interface PropertiesSyntaxProblem {
  line: number;
  message: string;
}

export interface ParsedProperties {
  /** Every key/value in file order, duplicates included. */
  entries: PropertyEntry[];
  problems: PropertiesSyntaxProblem[];
}

/** A loaded file: the values (a later duplicate wins) and where each key was set. */
export interface PropertiesFile {
  path: string;
  values: Record<string, string>;
  source: ConfigSource;
}

interface LogicalLine {
  text: string;
  line: number;
}

const isBlank = (c: string) => c === ' ' || c === '\t' || c === '\f';
const isEol = (c: string) => c === '\n' || c === '\r';

/**
 * Java's `LineReader`: skips blank and comment lines, joins `\`-continued lines (dropping the
 * backslash, the line break and the next line's leading blanks) and reports each logical line
 * with the physical line it started on.
 */
function* logicalLines(s: string): Generator<LogicalLine> {
  let line = 1;
  let buf = '';
  let start = 0;
  let skipWhite = true; // at the start of a logical line or of a continued line
  let continued = false; // a continued line began: a line break there ends the logical line
  let newLine = true; // next non-blank char is the first of a logical line
  let comment = false;
  let backslash = false; // an odd run of backslashes ends the buffer so far
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (isEol(c)) {
      // Count a CRLF once: the line number moves on the LF.
      if (!(c === '\r' && s.charAt(i + 1) === '\n')) line++;
    }
    if (skipWhite) {
      if (isBlank(c)) continue;
      if (!continued && isEol(c)) continue;
      skipWhite = false;
      continued = false;
    }
    if (newLine) {
      newLine = false;
      start = line;
      if (c === '#' || c === '!') comment = true;
    }
    if (!isEol(c)) {
      buf += c;
      backslash = c === '\\' ? !backslash : false;
      continue;
    }
    if (comment || buf.length === 0) {
      comment = false;
      backslash = false;
      newLine = true;
      skipWhite = true;
      buf = '';
      continue;
    }
    if (backslash) {
      buf = buf.slice(0, -1);
      skipWhite = true;
      continued = true;
      backslash = false;
      if (c === '\r' && s.charAt(i + 1) === '\n') {
        // Java skips the LF of an escaped CRLF, or it would end the continued line.
        i++;
        line++;
      }
      continue;
    }
    yield { text: buf, line: start };
    buf = '';
    newLine = true;
    skipWhite = true;
  }
  if (buf.length > 0 && !comment) {
    yield { text: backslash ? buf.slice(0, -1) : buf, line: start };
  }
}

class MalformedEscape extends Error {}

/** Java's `loadConvert`: `\t \n \r \f`, `\uXXXX`, and `\x` → `x` for anything else. */
function unescape(s: string): string {
  const first = s.indexOf('\\');
  // Java returns the text untouched when its only backslash is the last char.
  if (first === -1 || first === s.length - 1) return s;
  let out = s.slice(0, first);
  for (let i = first; i < s.length; i++) {
    let c = s.charAt(i);
    if (c !== '\\') {
      out += c;
      continue;
    }
    c = s.charAt(++i);
    if (c === 'u') {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new MalformedEscape('Malformed \\uxxxx encoding.');
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 4;
    } else if (c === 't') out += '\t';
    else if (c === 'r') out += '\r';
    else if (c === 'n') out += '\n';
    else if (c === 'f') out += '\f';
    else out += c;
  }
  return out;
}

/** Splits a logical line as Java's `load0` does: key up to the first unescaped `=`, `:` or blank. */
function splitLine(text: string): [string, string] {
  let keyLen = 0;
  let valueStart = text.length;
  let hasSep = false;
  let backslash = false;
  while (keyLen < text.length) {
    const c = text.charAt(keyLen);
    if ((c === '=' || c === ':') && !backslash) {
      valueStart = keyLen + 1;
      hasSep = true;
      break;
    }
    if (isBlank(c) && !backslash) {
      valueStart = keyLen + 1;
      break;
    }
    backslash = c === '\\' ? !backslash : false;
    keyLen++;
  }
  while (valueStart < text.length) {
    const c = text.charAt(valueStart);
    if (!isBlank(c)) {
      if (!hasSep && (c === '=' || c === ':')) hasSep = true;
      else break;
    }
    valueStart++;
  }
  return [text.slice(0, keyLen), text.slice(valueStart)];
}

/** Parses already decoded text (each char one ISO-8859-1 byte for a file read as Java reads it). */
export function parseProperties(text: string): ParsedProperties {
  const entries: PropertyEntry[] = [];
  const problems: PropertiesSyntaxProblem[] = [];
  for (const { text: logical, line } of logicalLines(text)) {
    const [rawKey, rawValue] = splitLine(logical);
    try {
      entries.push({ key: unescape(rawKey), value: unescape(rawValue), line });
    } catch (e) {
      if (!(e instanceof MalformedEscape)) throw e;
      problems.push({ line, message: e.message });
    }
  }
  return { entries, problems };
}

/** Decodes bytes as Java's `Properties.load(InputStream)` does: ISO-8859-1, one char per byte. */
export function decodeLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Builds values (a later duplicate wins, as in Java) and the key → line map. */
export function toPropertiesFile(path: string, parsed: ParsedProperties): PropertiesFile {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  const lines = new Map<string, number>();
  for (const e of parsed.entries) {
    values[e.key] = e.value;
    lines.set(e.key, e.line);
  }
  return { path, values, source: new ConfigSource(path, lines) };
}

/** A one-problem error naming the file, for a file that cannot be read at all. */
export function unreadableFile(path: string, e: unknown): ConfigProblemsException {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const message =
    code === 'ENOENT'
      ? 'file not found'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied: the file cannot be read'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : `cannot read the file: ${e instanceof Error ? e.message : String(e)}`;
  return new ConfigProblemsException([{ file: path, key: '', message }]);
}

/**
 * Reads a `.properties` file as Java does. Throws {@link ConfigProblemsException}: one line for
 * a file that cannot be read, or one line per malformed escape, each with its line number.
 */
export async function readPropertiesFile(path: string): Promise<PropertiesFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw unreadableFile(path, e);
  }
  return propertiesFromBytes(path, bytes);
}

/** Parses bytes already read from `path` (the name is used in messages only). */
export function propertiesFromBytes(path: string, bytes: Uint8Array): PropertiesFile {
  const parsed = parseProperties(decodeLatin1(bytes));
  if (parsed.problems.length > 0) {
    const problems: LocatedConfigProblem[] = parsed.problems.map((p) => ({
      file: path,
      line: p.line,
      key: '',
      message: p.message,
    }));
    throw new ConfigProblemsException(problems);
  }
  return toPropertiesFile(path, parsed);
}
