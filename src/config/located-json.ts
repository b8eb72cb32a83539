/**
 * A strict JSON reader that keeps what connector files need and `JSON.parse` drops: the line of
 * every value and object key (for `file:line: key` messages) and the text of numbers as written
 * (Jackson turns `1.50` into the string "1.50" when a config value is a number).
 */

export type LocatedJson =
  | { kind: 'object'; line: number; entries: { key: string; line: number; value: LocatedJson }[] }
  | { kind: 'array'; line: number; items: LocatedJson[] }
  | { kind: 'string'; line: number; value: string }
  | { kind: 'number'; line: number; text: string }
  | { kind: 'boolean'; line: number; value: boolean }
  | { kind: 'null'; line: number };

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Parses a whole JSON document; throws {@link JsonSyntaxError} with the line of the mistake. */
export function parseLocatedJson(text: string): LocatedJson {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, line);
  };
  const skipSpace = () => {
    for (; pos < text.length; pos++) {
      const c = text[pos];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
    }
  };
  const describe = () => (pos >= text.length ? 'end of file' : `'${text[pos]}'`);

  const parseString = (): string => {
    pos++; // opening quote
    let out = '';
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const c = text[pos++]!;
      if (c === '"') return out;
      if (c === '\n' || c.charCodeAt(0) < 0x20) fail('control character in a string');
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[pos++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = text.slice(pos, pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape in a string');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          pos += 4;
          break;
        }
        default:
          fail(`bad escape \\${e ?? ''} in a string`);
      }
    }
  };

  const parseValue = (depth: number): LocatedJson => {
    if (depth > 512) fail('nesting too deep');
    skipSpace();
    const at = line;
    const c = text[pos];
    if (c === '{') {
      pos++;
      const entries: { key: string; line: number; value: LocatedJson }[] = [];
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', line: at, entries };
      }
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') fail(`expected a quoted key, found ${describe()}`);
        const keyLine = line;
        const key = parseString();
        skipSpace();
        if (text[pos] !== ':') fail(`expected ':' after key "${key}", found ${describe()}`);
        pos++;
        entries.push({ key, line: keyLine, value: parseValue(depth + 1) });
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return { kind: 'object', line: at, entries };
        }
        fail(`expected ',' or '}', found ${describe()}`);
      }
    }
    if (c === '[') {
      pos++;
      const items: LocatedJson[] = [];
      skipSpace();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', line: at, items };
      }
      for (;;) {
        items.push(parseValue(depth + 1));
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return { kind: 'array', line: at, items };
        }
        fail(`expected ',' or ']', found ${describe()}`);
      }
    }
    if (c === '"') return { kind: 'string', line: at, value: parseString() };
    for (const [word, value] of [
      ['true', true],
      ['false', false],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { kind: 'boolean', line: at, value };
      }
    }
    if (text.startsWith('null', pos)) {
      pos += 4;
      return { kind: 'null', line: at };
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m && m[0] !== '' && m[0] !== '-') {
      pos += m[0].length;
      return { kind: 'number', line: at, text: m[0] };
    }
    return fail(`unexpected ${describe()}`);
  };

  const value = parseValue(0);
  skipSpace();
  if (pos < text.length) fail(`unexpected ${describe()} after the JSON value`);
  return value;
}
