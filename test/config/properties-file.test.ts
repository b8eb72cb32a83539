import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigProblemsException } from '../../src/config/config-problems.js';
import {
  decodeLatin1,
  parseProperties,
  readPropertiesFile,
} from '../../src/config/properties-file.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'config');
const DUMP = join(import.meta.dirname, '..', 'java', 'PropertiesDump.java');

type JavaResult = { values: Record<string, string> } | { error: string };

/** Loads every file with the JDK's java.util.Properties, in one JVM. */
function loadWithJava(files: string[]): JavaResult[] {
  const out = execFileSync('java', ['-XX:TieredStopAtLevel=1', DUMP, ...files], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return out
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as JavaResult);
}

/** What our reader gives, in the same shape as PropertiesDump prints it. */
function loadWithOurs(file: string): JavaResult {
  const parsed = parseProperties(decodeLatin1(readFileSync(file)));
  if (parsed.problems.length > 0) return { error: parsed.problems[0]!.message };
  const values: Record<string, string> = {};
  for (const e of parsed.entries) values[e.key] = e.value;
  const sorted: Record<string, string> = {};
  // Java's TreeMap orders by UTF-16 code units, as JS's default comparison does.
  for (const k of Object.keys(values).sort()) sorted[k] = values[k]!;
  return { values: sorted };
}

const FUZZ = Number(process.env.FUZZ_FILES ?? 400);
const fixtureFiles = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.properties'))
  .sort()
  .map((f) => join(FIXTURES, f));

describe('properties reader against the JDK (java.util.Properties.load)', () => {
  const java = loadWithJava(fixtureFiles);

  it('reads at least the tricky fixture files', () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(15);
    expect(java).toHaveLength(fixtureFiles.length);
  });

  fixtureFiles.forEach((file, i) => {
    it(`gives every key and value Java gives for ${file.split('/').pop()}`, () => {
      expect(loadWithOurs(file)).toEqual(java[i]);
    });
  });

  it(`agrees with Java on ${FUZZ} random files over the grammar’s special characters`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'props-fuzz-'));
    const alphabet = [
      'a',
      'b',
      'k',
      '=',
      ':',
      ' ',
      '\t',
      '\f',
      '\\',
      '\\',
      '\n',
      '\r',
      '\r\n',
      '#',
      '!',
      'u',
      '0',
      'e',
      '9',
      'E',
      '\xe9',
      '\xa0',
      't',
      'n',
    ];
    let seed = Number(process.env.FUZZ_SEED ?? 42);
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const files: string[] = [];
    for (let f = 0; f < FUZZ; f++) {
      let s = '';
      const len = 1 + rand(80);
      for (let i = 0; i < len; i++) s += alphabet[rand(alphabet.length)];
      const file = join(dir, `f${f}.properties`);
      writeFileSync(file, Buffer.from(s, 'latin1'));
      files.push(file);
    }
    const java = loadWithJava(files);
    const mismatches = files.filter((file, i) => {
      return JSON.stringify(loadWithOurs(file)) !== JSON.stringify(java[i]);
    });
    expect(mismatches.map((f) => readFileSync(f, 'latin1'))).toEqual([]);
  });
});

describe('properties reader details', () => {
  it('reports the line each logical line starts on, across CRLF, CR and continuations', () => {
    const text = '# c\r\na=1\r\n\r\nb=x\\\r\n  y\rc=3\n\nd=\\\n\\\n 4\ne';
    const lines = Object.fromEntries(parseProperties(text).entries.map((e) => [e.key, e.line]));
    expect(lines).toEqual({ a: 2, b: 4, c: 6, d: 8, e: 11 });
  });

  it('keeps the line of the later duplicate, whose value wins', async () => {
    const file = await readPropertiesFile(join(FIXTURES, 'duplicates.properties'));
    expect(file.values['a']).toBe('2');
    expect(file.source.lineOf('a')).toBe(3);
    expect(file.source.lineOf('b')).toBe(4);
  });

  it('keeps a key named __proto__ as a plain key', () => {
    const parsed = parseProperties('__proto__=x\n');
    expect(parsed.entries).toEqual([{ key: '__proto__', value: 'x', line: 1 }]);
  });

  it('names the file and line of a malformed \\u escape', async () => {
    const path = join(FIXTURES, 'malformed-unicode.properties');
    await expect(readPropertiesFile(path)).rejects.toThrow(
      new ConfigProblemsException([
        { file: path, line: 2, key: '', message: 'Malformed \\uxxxx encoding.' },
      ]),
    );
    await expect(readPropertiesFile(path)).rejects.toThrow(
      `${path}:2: Malformed \\uxxxx encoding.`,
    );
  });

  it('gives one line naming a missing file', async () => {
    await expect(readPropertiesFile('no/such/worker.properties')).rejects.toThrow(
      /^no\/such\/worker\.properties: file not found$/,
    );
  });

  it('gives one line naming an unreadable file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'props-'));
    const file = join(dir, 'secret.properties');
    writeFileSync(file, 'a=1\n');
    chmodSync(file, 0o000);
    const readable = (() => {
      try {
        readFileSync(file);
        return true; // running as root: permissions do not apply
      } catch {
        return false;
      }
    })();
    const target = readable ? dir : file; // a directory is unreadable as a file for everyone
    await expect(readPropertiesFile(target)).rejects.toThrow(
      new RegExp(`^${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: [^\\n]+$`),
    );
  });
});

describe('properties-reader 3.0.1 failures (the issue’s list) are not ours', () => {
  // Each line is one that properties-reader gets wrong; expected values are Java's, checked above
  // through the fixtures (separators, escapes, continuations).
  const cases: [string, string, string][] = [
    ['b: two', 'b', 'two'],
    ['c three', 'c', 'three'],
    ['unicode=caf\\u00e9', 'unicode', 'caf\u00e9'],
    ['multi = a,\\\n        b', 'multi', 'a,b'],
    ['my\\ key=space', 'my key', 'space'],
    ['back\\\\slash=v', 'back\\slash', 'v'],
    ['trailing=value   ', 'trailing', 'value   '],
  ];
  const dir = mkdtempSync(join(tmpdir(), 'props-'));
  const files = cases.map(([line], i) => {
    const file = join(dir, `case${i}.properties`);
    writeFileSync(file, line);
    return file;
  });
  const java = loadWithJava(files);
  it.each(cases.map((c, i) => [...c, i] as const))('%j', (line, key, value, i) => {
    const parsed = parseProperties(line);
    expect(parsed.entries.map((e) => [e.key, e.value])).toEqual([[key, value]]);
    expect(java[i]).toEqual({ values: { [key]: value } });
  });
});
