import { ConfigException } from '../../api/errors.js';

/**
 * A Java `java.util.regex.Pattern` translated to a JS RegExp, for the configs that take Java
 * regular expressions (RegexRouter's `regex`, TopicNameMatches' `pattern`).
 *
 * The translation is exact for what it accepts, and throws a ConfigException naming the construct
 * for what it cannot reproduce (possessive quantifiers, atomic groups, `\G`, nested or intersected
 * character classes, Unicode `\p{...}` classes, the `d`, `m`, `u`, `U`, `x` flags), so a config
 * never silently means something else. Case-insensitivity (`(?i)`, scoped or not) is expanded by
 * hand into ASCII case pairs, because Java's `(?i)` is ASCII-only and JS's `i` flag is global.
 *
 * Known difference: the JS pattern runs on UTF-16 code units, so `.` or a negated class meets a
 * supplementary character as two units where Java sees one code point.
 */
export class JavaPattern {
  readonly source: string;
  readonly groupCount: number;
  readonly groupNames: ReadonlyMap<string, number>;
  /** Anchored at both ends, for Java's `matches()`. */
  readonly full: RegExp;

  private constructor(source: string, js: string, groupCount: number, names: Map<string, number>) {
    this.source = source;
    this.groupCount = groupCount;
    this.groupNames = names;
    this.full = new RegExp(`^(?:${js})$`);
  }

  /** Translates `regex`; a construct that cannot be translated faithfully is a ConfigException. */
  static compile(regex: string, key?: string): JavaPattern {
    const t = new Translator(regex, key);
    const js = t.translate();
    try {
      return new JavaPattern(regex, js, t.groupCount, t.names);
    } catch (e) {
      throw new ConfigException(`Invalid regex: ${(e as Error).message}`, key);
    }
  }

  /** Java's `matcher(input).matches()`: the groups of a full match, or null. */
  matches(input: string): RegExpExecArray | null {
    return this.full.exec(input);
  }

  /**
   * Java's `Matcher.replaceFirst(replacement)` after a successful `matches()`: the match covers
   * the whole input, so the result is the expanded replacement alone. Throws Java's
   * IllegalArgumentException / IndexOutOfBoundsException messages for a bad reference.
   */
  expandReplacement(match: RegExpExecArray, replacement: string): string {
    let out = '';
    let i = 0;
    while (i < replacement.length) {
      const c = replacement[i]!;
      if (c === '\\') {
        i++;
        if (i >= replacement.length)
          throw new IllegalArgumentError('character to be escaped is missing');
        out += replacement[i];
        i++;
      } else if (c === '$') {
        i++;
        if (i >= replacement.length)
          throw new IllegalArgumentError('Illegal group reference: group index is missing');
        let group: number;
        if (replacement[i] === '{') {
          i++;
          let name = '';
          while (i < replacement.length && /[A-Za-z0-9]/.test(replacement[i]!)) {
            name += replacement[i];
            i++;
          }
          if (name.length === 0)
            throw new IllegalArgumentError('named capturing group has 0 length name');
          if (replacement[i] !== '}')
            throw new IllegalArgumentError("named capturing group is missing trailing '}'");
          i++;
          const g = this.groupNames.get(name);
          if (g === undefined) throw new IllegalArgumentError(`No group with name {${name}}`);
          group = g;
        } else {
          const d = replacement.charCodeAt(i) - 48;
          if (d < 0 || d > 9) throw new IllegalArgumentError('Illegal group reference');
          group = d;
          i++;
          // Java takes further digits while the number still names an existing group.
          while (i < replacement.length) {
            const n = replacement.charCodeAt(i) - 48;
            if (n < 0 || n > 9) break;
            const next = group * 10 + n;
            if (next > this.groupCount) break;
            group = next;
            i++;
          }
          if (group > this.groupCount) throw new IndexOutOfBoundsError(`No group ${group}`);
        }
        out += match[group] ?? '';
      } else {
        out += c;
        i++;
      }
    }
    return out;
  }
}

/** Java's IllegalArgumentException, as thrown by Matcher for a bad replacement. */
export class IllegalArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IllegalArgumentException';
  }
}

/** Java's IndexOutOfBoundsException, as thrown by Matcher for a missing group. */
export class IndexOutOfBoundsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexOutOfBoundsException';
  }
}

const LINE_TERMINATORS = '\\n\\r\\u0085\\u2028\\u2029';
const SPACE = ' \\t\\n\\x0B\\f\\r';
const HSPACE = ' \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000';
const VSPACE = '\\n\\x0B\\f\\r\\x85\\u2028\\u2029';
const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: SPACE,
};
const JS_SYNTAX = new Set([...'^$\\.*+?()[]{}|/-']);

interface Flags {
  i: boolean;
  s: boolean;
}

/** A recursive-descent walk over the Java pattern that writes the JS pattern. */
class Translator {
  private pos = 0;
  groupCount = 0;
  readonly names = new Map<string, number>();

  constructor(
    private readonly src: string,
    private readonly key: string | undefined,
  ) {}

  private unsupported(what: string): never {
    throw new ConfigException(
      `Invalid regex: ${what} in '${this.src}' has no exact JavaScript equivalent in ts-connect`,
      this.key,
    );
  }

  /** Java's PatternSyntaxException text: description, index, the pattern and a caret. */
  private syntax(what: string): never {
    const caret = this.pos < this.src.length ? `\n${' '.repeat(this.pos)}^` : '';
    throw new ConfigException(
      `Invalid regex: ${what} near index ${this.pos}\n${this.src}${caret}`,
      this.key,
    );
  }

  translate(): string {
    const out = this.alternation({ i: false, s: false });
    if (this.pos < this.src.length) this.syntax("Unmatched closing ')'");
    // Back references must point to groups that exist, as Java checks at compile time.
    return out;
  }

  private alternation(flags: Flags): string {
    let out = '';
    // Inline flags without a group change the flags until the end of the enclosing group.
    const f: Flags = { ...flags };
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === ')') break;
      if (c === '|') {
        out += '|';
        this.pos++;
        continue;
      }
      const atom = this.atom(f);
      if (atom === null) continue;
      out += atom + this.quantifier();
    }
    return out;
  }

  private quantifier(): string {
    const c = this.src[this.pos];
    let q = '';
    if (c === '*' || c === '+' || c === '?') {
      q = c;
      this.pos++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (m === null) {
        const open = /^\{\d+(,\d*)?/.exec(this.src.slice(this.pos));
        if (open === null) this.syntax('Illegal repetition');
        this.pos += open[0].length;
        this.syntax('Unclosed counted closure');
      }
      q = m[0];
      this.pos += m[0].length;
    } else {
      return '';
    }
    const next = this.src[this.pos];
    if (next === '?') {
      this.pos++;
      return q + '?';
    }
    if (next === '+') this.unsupported(`the possessive quantifier '${q}+'`);
    if (next === '*' || next === '+' || next === '{') this.syntax('Dangling meta character');
    return q;
  }

  /** One atom; null when it was an inline flag setting that produces nothing. */
  private atom(flags: Flags): string | null {
    const c = this.src[this.pos]!;
    switch (c) {
      case '(':
        return this.group(flags);
      case '[':
        return this.charClass(flags);
      case '.':
        this.pos++;
        return flags.s ? '[\\s\\S]' : `[^${LINE_TERMINATORS}]`;
      case '^':
        this.pos++;
        return '^';
      case '$':
        this.pos++;
        // Java's `$` also matches before a final line terminator.
        return '(?=(?:\\r\\n|[\\n\\r\\u0085\\u2028\\u2029])?$)';
      case '\\':
        return this.escape(flags, false);
      case '*':
      case '+':
      case '?':
        this.syntax(`Dangling meta character '${c}'`);
        break;
      case '{':
        this.syntax('Illegal repetition');
        break;
      default:
        break;
    }
    this.pos++;
    return this.literal(c.charCodeAt(0), flags);
  }

  private literal(code: number, flags: Flags): string {
    const ch = String.fromCharCode(code);
    if (flags.i && /[A-Za-z]/.test(ch)) {
      return `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    }
    return escapeJs(code);
  }

  private group(outer: Flags): string | null {
    this.pos++; // (
    const rest = this.src.slice(this.pos);
    let prefix: string;
    let inner: Flags = outer;
    if (rest.startsWith('?')) {
      if (rest.startsWith('?:')) {
        prefix = '(?:';
        this.pos += 2;
      } else if (rest.startsWith('?=') || rest.startsWith('?!')) {
        prefix = `(${rest.slice(0, 2)}`;
        this.pos += 2;
      } else if (rest.startsWith('?<=') || rest.startsWith('?<!')) {
        prefix = `(${rest.slice(0, 3)}`;
        this.pos += 3;
      } else if (rest.startsWith('?<')) {
        const m = /^\?<([a-zA-Z][a-zA-Z0-9]*)>/.exec(rest);
        if (m === null) this.syntax("named capturing group is missing trailing '>'");
        const name = m[1]!;
        if (this.names.has(name)) this.syntax(`Named capturing group <${name}> is already defined`);
        this.groupCount++;
        this.names.set(name, this.groupCount);
        prefix = `(?<${name}>`;
        this.pos += m[0].length;
      } else if (rest.startsWith('?>')) {
        this.unsupported("the atomic group '(?>...)'");
      } else {
        const m = /^\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(rest);
        if (m === null) this.syntax('Unknown inline modifier');
        const next = applyFlags(outer, m[1]!, m[2] ?? '', (f) =>
          this.unsupported(`the inline flag '${f}'`),
        );
        this.pos += m[0].length;
        if (m[3] === ')') {
          // `(?i)`: applies to the rest of the enclosing group.
          outer.i = next.i;
          outer.s = next.s;
          return null;
        }
        prefix = '(?:';
        inner = next;
      }
    } else {
      this.groupCount++;
      prefix = '(';
    }
    const body = this.alternation({ ...inner });
    if (this.src[this.pos] !== ')') this.syntax('Unclosed group');
    this.pos++;
    return `${prefix}${body})`;
  }

  /** A backslash escape, outside (inClass false) or inside a character class. */
  private escape(flags: Flags, inClass: boolean): string {
    this.pos++; // backslash
    if (this.pos >= this.src.length) this.syntax('Unexpected internal error');
    const c = this.src[this.pos]!;
    this.pos++;
    const set = (body: string, negated: boolean): string =>
      inClass
        ? negated
          ? this.unsupported(`'\\${c}' inside a character class`)
          : body
        : `[${negated ? '^' : ''}${body}]`;
    switch (c) {
      case 'd':
        return inClass ? '0-9' : '[0-9]';
      case 'D':
        return inClass ? this.unsupported("'\\D' inside a character class") : '[^0-9]';
      case 'w':
        return inClass ? 'a-zA-Z0-9_' : '[a-zA-Z0-9_]';
      case 'W':
        return inClass ? this.unsupported("'\\W' inside a character class") : '[^a-zA-Z0-9_]';
      case 's':
        return set(SPACE, false);
      case 'S':
        return set(SPACE, true);
      case 'h':
        return set(HSPACE, false);
      case 'H':
        return set(HSPACE, true);
      case 'v':
        return set(VSPACE, false);
      case 'V':
        return set(VSPACE, true);
      case 'R':
        if (inClass) this.syntax('Illegal/unsupported escape sequence');
        return `(?:\\r\\n|[${VSPACE}])`;
      case 'b':
      case 'B':
        if (inClass) this.syntax('Illegal/unsupported escape sequence');
        return `\\${c}`;
      case 'A':
        if (inClass) this.syntax('Illegal/unsupported escape sequence');
        return '^';
      case 'z':
        if (inClass) this.syntax('Illegal/unsupported escape sequence');
        return '$';
      case 'Z':
        if (inClass) this.syntax('Illegal/unsupported escape sequence');
        return '(?=(?:\\r\\n|[\\n\\r\\u0085\\u2028\\u2029])?$)';
      case 'G':
        return this.unsupported("'\\G'");
      case 'X':
        return this.unsupported("'\\X'");
      case 'N':
        return this.unsupported("'\\N{...}'");
      case 'p':
      case 'P': {
        const m = /^\{(?:Is)?([A-Za-z]+)\}/.exec(this.src.slice(this.pos));
        const name = m?.[1];
        if (m === null || name === undefined || POSIX[name] === undefined) {
          return this.unsupported(`the character class '\\${c}${m?.[0] ?? ''}'`);
        }
        if (flags.i && (name === 'Lower' || name === 'Upper'))
          this.unsupported(`'\\${c}{${name}}' under case-insensitive matching`);
        this.pos += m[0].length;
        const body = POSIX[name]!;
        if (c === 'P' && inClass) this.unsupported("'\\P{...}' inside a character class");
        return inClass ? body : `[${c === 'P' ? '^' : ''}${body}]`;
      }
      case 'Q': {
        const end = this.src.indexOf('\\E', this.pos);
        const text = end < 0 ? this.src.slice(this.pos) : this.src.slice(this.pos, end);
        this.pos = end < 0 ? this.src.length : end + 2;
        let out = '';
        for (let i = 0; i < text.length; i++) {
          const code = text.charCodeAt(i);
          out += inClass ? escapeJs(code) : this.literal(code, flags);
        }
        return out;
      }
      case 'k': {
        const m = /^<([a-zA-Z][a-zA-Z0-9]*)>/.exec(this.src.slice(this.pos));
        if (m === null || inClass)
          this.syntax("\\k is not followed by '<' for named capturing group");
        if (!this.names.has(m[1]!)) this.syntax(`named capturing group <${m[1]}> does not exist`);
        this.pos += m[0].length;
        if (flags.i) this.unsupported('a back reference under case-insensitive matching');
        return `\\k<${m[1]}>`;
      }
      default:
        break;
    }
    if (c >= '1' && c <= '9') {
      if (inClass) this.syntax('Illegal/unsupported escape sequence');
      let n = c.charCodeAt(0) - 48;
      while (this.pos < this.src.length) {
        const d = this.src.charCodeAt(this.pos) - 48;
        if (d < 0 || d > 9 || n * 10 + d > this.groupCount) break;
        n = n * 10 + d;
        this.pos++;
      }
      if (flags.i) this.unsupported('a back reference under case-insensitive matching');
      // Java treats a reference to a group not yet defined as failing to match.
      if (n > this.groupCount) return '(?!)';
      return `(?:\\${n})`;
    }
    const code = this.escapedCode(c);
    if (inClass) return escapeJs(code);
    return this.literal(code, flags);
  }

  /** The character code of a single-character escape (`\t`, `\x41`, `\u0041`, `\0101`, `\.`). */
  private escapedCode(c: string): number {
    switch (c) {
      case 't':
        return 9;
      case 'n':
        return 10;
      case 'r':
        return 13;
      case 'f':
        return 12;
      case 'a':
        return 7;
      case 'e':
        return 27;
      case '0': {
        const m =
          /^[0-3]?[0-7]{1,2}/.exec(this.src.slice(this.pos)) ??
          /^[0-7]/.exec(this.src.slice(this.pos));
        if (m === null) this.syntax('Illegal octal escape sequence');
        this.pos += m[0].length;
        return Number.parseInt(m[0], 8);
      }
      case 'x': {
        const rest = this.src.slice(this.pos);
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(rest);
        if (braced !== null) {
          const cp = Number.parseInt(braced[1]!, 16);
          if (cp > 0xffff) this.unsupported('a supplementary code point escape');
          this.pos += braced[0].length;
          return cp;
        }
        const m = /^[0-9a-fA-F]{2}/.exec(rest);
        if (m === null) this.syntax('Illegal hexadecimal escape sequence');
        this.pos += 2;
        return Number.parseInt(m[0], 16);
      }
      case 'u': {
        const m = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.pos));
        if (m === null) this.syntax('Illegal Unicode escape sequence');
        this.pos += 4;
        return Number.parseInt(m[0], 16);
      }
      case 'c': {
        if (this.pos >= this.src.length) this.syntax('Illegal control escape sequence');
        const code = this.src.charCodeAt(this.pos) ^ 64;
        this.pos++;
        return code;
      }
      default:
        if (/[a-zA-Z]/.test(c)) this.syntax('Illegal/unsupported escape sequence');
        return c.charCodeAt(0);
    }
  }

  private charClass(flags: Flags): string {
    this.pos++; // [
    let negated = false;
    if (this.src[this.pos] === '^') {
      negated = true;
      this.pos++;
    }
    let body = '';
    const ranges: [number, number][] = [];
    let first = true;
    while (true) {
      if (this.pos >= this.src.length) this.syntax('Unclosed character class');
      const c = this.src[this.pos]!;
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[') this.unsupported('a nested character class (union)');
      if (c === '&' && this.src[this.pos + 1] === '&')
        this.unsupported("a character class intersection '&&'");
      let lo: number;
      if (c === '\\') {
        const save = this.pos;
        const esc = this.escape(flags, true);
        // A multi-character result is a predefined class; it cannot start a range.
        if (esc.length > 1 && !/^\\(?:x[0-9A-F]{2}|u[0-9A-F]{4}|.)$/.test(esc)) {
          body += esc;
          continue;
        }
        lo = this.codeOfEscapeAt(save);
      } else {
        lo = c.charCodeAt(0);
        this.pos++;
      }
      let hi = lo;
      if (this.src[this.pos] === '-' && this.pos + 1 >= this.src.length) {
        this.pos++;
        this.syntax('Illegal character range');
      }
      if (
        this.src[this.pos] === '-' &&
        this.pos + 1 < this.src.length &&
        this.src[this.pos + 1] !== ']'
      ) {
        this.pos++;
        const d = this.src[this.pos]!;
        if (d === '[') this.unsupported('a nested character class (union)');
        if (d === '\\') {
          const save = this.pos;
          const esc = this.escape(flags, true);
          if (esc.length > 1 && !/^\\(?:x[0-9A-F]{2}|u[0-9A-F]{4}|.)$/.test(esc))
            this.syntax('Illegal character range');
          hi = this.codeOfEscapeAt(save);
        } else {
          hi = d.charCodeAt(0);
          this.pos++;
        }
        if (hi < lo) this.syntax('Illegal character range');
      }
      ranges.push([lo, hi]);
      body += lo === hi ? escapeJs(lo) : `${escapeJs(lo)}-${escapeJs(hi)}`;
    }
    if (flags.i) body += caseCounterparts(ranges);
    if (body === '') return negated ? '[\\s\\S]' : '(?!)';
    return `[${negated ? '^' : ''}${body}]`;
  }

  /** Re-reads the single character an escape at `at` stands for (the escape was validated). */
  private codeOfEscapeAt(at: number): number {
    const end = this.pos;
    this.pos = at + 1;
    const c = this.src[this.pos]!;
    this.pos++;
    const code = this.escapedCode(c);
    this.pos = end;
    return code;
  }
}

function applyFlags(base: Flags, on: string, off: string, reject: (flag: string) => never): Flags {
  const out = { ...base };
  for (const [letters, value] of [
    [on, true],
    [off, false],
  ] as const) {
    for (const f of letters) {
      if (f === 'i') out.i = value;
      else if (f === 's') out.s = value;
      else reject(f);
    }
  }
  return out;
}

/** The other-case ASCII letters of the given ranges, for case-insensitive classes. */
function caseCounterparts(ranges: [number, number][]): string {
  let out = '';
  const inRanges = (code: number): boolean => ranges.some(([lo, hi]) => code >= lo && code <= hi);
  for (let code = 65; code <= 90; code++) {
    const lower = code + 32;
    if (inRanges(code) && !inRanges(lower)) out += String.fromCharCode(lower);
    if (inRanges(lower) && !inRanges(code)) out += String.fromCharCode(code);
  }
  return out;
}

function escapeJs(code: number): string {
  const ch = String.fromCharCode(code);
  if (JS_SYNTAX.has(ch)) return `\\${ch}`;
  if (code < 0x20 || code > 0x7e)
    return code <= 0xff
      ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
      : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return ch;
}
