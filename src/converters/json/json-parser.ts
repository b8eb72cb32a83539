import { JsonDecimal, type JsonTree } from './json-tree.js';

/** A syntax error in a JSON document. */
export class JsonSyntaxError extends Error {}

/**
 * Whether the native parser keeps everything Kafka's reader keeps: no number token with an
 * exponent, a fraction ending in zero (`1.0`, `1.50`: kind or scale lost) or more than 15
 * digits (precision), and no integer-like object key (JS objects move those first). One pass
 * over the text; strings are skipped except to spot integer-like keys.
 */
export function nativeSafe(text: string): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === 34) {
      const start = ++i;
      let allDigits = true;
      while (i < n) {
        c = text.charCodeAt(i);
        if (c === 34) break;
        if (c === 92) {
          allDigits = false;
          i += 2;
          continue;
        }
        if (c < 48 || c > 57) allDigits = false;
        i++;
      }
      if (allDigits && i > start && !(text.charCodeAt(start) === 48 && i - start > 1)) {
        let j = i + 1;
        while (j < n && isWs(text.charCodeAt(j))) j++;
        if (text.charCodeAt(j) === 58) return false;
      }
      i++;
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      let digits = 0;
      if (c === 45) i++;
      while (i < n && isDigit(text.charCodeAt(i))) {
        digits++;
        i++;
      }
      if (text.charCodeAt(i) === 46) {
        i++;
        let last = 0;
        while (i < n && isDigit((c = text.charCodeAt(i)))) {
          digits++;
          last = c;
          i++;
        }
        if (last === 48) return false;
      }
      c = text.charCodeAt(i);
      if (c === 101 || c === 69 || digits > 15) return false;
      continue;
    }
    i++;
  }
  return true;
}

/**
 * Parses JSON as Kafka's JsonConverter reads it (Jackson with leading zeros allowed and
 * trailing content after the first value ignored). Returns `undefined` for empty input
 * (Jackson's MissingNode). Uses the native `JSON.parse` when the text has nothing it would
 * change, the exact parser otherwise.
 */
export function parseJson(text: string, strict = false): JsonTree | undefined {
  if (nativeSafe(text)) {
    try {
      return JSON.parse(text) as JsonTree;
    } catch {
      // Leading zeros, trailing content, empty input: the exact parser decides.
    }
  }
  return parseJsonExact(text, strict);
}

/**
 * The exact parser alone (always keeps kinds, precision and key order). With `strict`, text
 * after the first value is an error instead of being ignored.
 */
export function parseJsonExact(text: string, strict = false): JsonTree | undefined {
  return new ExactParser(text).parseDocument(strict);
}

class ExactParser {
  private pos = 0;
  constructor(private readonly s: string) {}

  parseDocument(strict: boolean): JsonTree | undefined {
    if (this.s.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipWs();
    if (this.pos >= this.s.length) return undefined;
    const c = this.s.charCodeAt(this.pos);
    const scalarNumber = c === 45 || (c >= 48 && c <= 57);
    const v = this.value();
    if (scalarNumber && this.pos < this.s.length && !isWs(this.s.charCodeAt(this.pos))) {
      this.fail('Expected space separating root-level values');
    }
    if (strict) {
      this.skipWs();
      if (this.pos < this.s.length) this.fail('Trailing content');
    }
    return v;
  }

  private fail(msg: string): never {
    throw new JsonSyntaxError(`${msg} at position ${this.pos}`);
  }

  private skipWs(): void {
    const s = this.s;
    while (this.pos < s.length && isWs(s.charCodeAt(this.pos))) this.pos++;
  }

  private value(): JsonTree {
    this.skipWs();
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    switch (c) {
      case 123:
        return this.object();
      case 91:
        return this.array();
      case 34:
        return this.string();
      case 116:
        return this.literal('true', true);
      case 102:
        return this.literal('false', false);
      case 110:
        return this.literal('null', null);
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        return this.fail(this.pos >= s.length ? 'Unexpected end-of-input' : 'Unexpected character');
    }
  }

  private literal(word: string, v: JsonTree): JsonTree {
    if (this.s.startsWith(word, this.pos)) {
      const next = this.s.charCodeAt(this.pos + word.length);
      // Jackson reads a whole identifier-like token: `truex` is an unrecognized token.
      if (
        !(next >= 48 && next <= 57) &&
        !(next >= 65 && next <= 90) &&
        !(next >= 97 && next <= 122) &&
        next !== 95
      ) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail('Unrecognized token');
  }

  private object(): Map<string, JsonTree> {
    const m = new Map<string, JsonTree>();
    this.pos++;
    this.skipWs();
    if (this.s.charCodeAt(this.pos) === 125) {
      this.pos++;
      return m;
    }
    for (;;) {
      this.skipWs();
      if (this.s.charCodeAt(this.pos) !== 34)
        this.fail('Unexpected character: was expecting double-quote to start field name');
      const key = this.string();
      this.skipWs();
      if (this.s.charCodeAt(this.pos) !== 58)
        this.fail('Unexpected character: was expecting a colon to separate field name and value');
      this.pos++;
      m.set(key, this.value());
      this.skipWs();
      const c = this.s.charCodeAt(this.pos++);
      if (c === 125) return m;
      if (c !== 44)
        this.fail('Unexpected character: was expecting comma to separate Object entries');
    }
  }

  private array(): JsonTree[] {
    const a: JsonTree[] = [];
    this.pos++;
    this.skipWs();
    if (this.s.charCodeAt(this.pos) === 93) {
      this.pos++;
      return a;
    }
    for (;;) {
      a.push(this.value());
      this.skipWs();
      const c = this.s.charCodeAt(this.pos++);
      if (c === 93) return a;
      if (c !== 44)
        this.fail('Unexpected character: was expecting comma to separate Array entries');
    }
  }

  private string(): string {
    const s = this.s;
    const start = ++this.pos;
    // Fast scan for the common case without escapes.
    let i = start;
    for (;;) {
      if (i >= s.length) this.fail('Unexpected end-of-input in a String value');
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return s.slice(start, i);
      }
      if (c === 92) break;
      if (c < 0x20) {
        this.pos = i;
        this.fail(
          'Illegal unquoted character: has to be escaped using backslash to be included in string value',
        );
      }
      i++;
    }
    let out = s.slice(start, i);
    for (;;) {
      if (i >= s.length) this.fail('Unexpected end-of-input in a String value');
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return out;
      }
      if (c < 0x20) {
        this.pos = i;
        this.fail(
          'Illegal unquoted character: has to be escaped using backslash to be included in string value',
        );
      }
      if (c !== 92) {
        out += s[i];
        i++;
        continue;
      }
      const e = s.charCodeAt(i + 1);
      i += 2;
      switch (e) {
        case 34:
          out += '"';
          break;
        case 92:
          out += '\\';
          break;
        case 47:
          out += '/';
          break;
        case 98:
          out += '\b';
          break;
        case 102:
          out += '\f';
          break;
        case 110:
          out += '\n';
          break;
        case 114:
          out += '\r';
          break;
        case 116:
          out += '\t';
          break;
        case 117: {
          const hex = s.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.pos = i;
            this.fail('Unexpected character: expected a hex-digit for character escape sequence');
          }
          out += String.fromCharCode(Number.parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          this.pos = i - 1;
          this.fail('Unrecognized character escape');
      }
    }
  }

  private number(): JsonTree {
    const s = this.s;
    const start = this.pos;
    let i = start;
    if (s.charCodeAt(i) === 45) i++;
    const intStart = i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    if (i === intStart) {
      this.pos = i;
      this.fail('Unexpected character: expected digit after minus sign');
    }
    let isFloat = false;
    let fracEnd = i;
    if (s.charCodeAt(i) === 46) {
      isFloat = true;
      i++;
      const fracStart = i;
      while (i < s.length && isDigit(s.charCodeAt(i))) i++;
      if (i === fracStart) {
        this.pos = i;
        this.fail('Unexpected character: Decimal point not followed by a digit');
      }
      fracEnd = i;
    }
    let hasExp = false;
    const ec = s.charCodeAt(i);
    if (ec === 101 || ec === 69) {
      isFloat = true;
      hasExp = true;
      i++;
      const sc = s.charCodeAt(i);
      if (sc === 43 || sc === 45) i++;
      const expStart = i;
      while (i < s.length && isDigit(s.charCodeAt(i))) i++;
      if (i === expStart) {
        this.pos = i;
        this.fail('Unexpected character: Exponent indicator not followed by a digit');
      }
    }
    this.pos = i;
    const token = s.slice(start, i);
    if (!isFloat) {
      // Leading zeros are allowed (Jackson ALLOW_LEADING_ZEROS_FOR_NUMBERS).
      const digits = i - intStart;
      if (digits <= 15) return Number(token);
      const big = BigInt(token);
      return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
    }
    if (!hasExp && s.charCodeAt(fracEnd - 1) !== 48 && fracEnd - intStart - 1 <= 15) {
      const n = Number(token);
      if (!Number.isInteger(n)) return n;
    }
    return new JsonDecimal(token);
  }
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
