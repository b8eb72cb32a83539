import { ConfigException } from '../../api/errors.js';

/**
 * Java's `SimpleDateFormat` in UTC (as TimestampRouter and TimestampConverter set it up), for
 * the pattern letters real configs use: `G y M L d D E u a H k K h m s S z Z X` and quoted
 * literals. Any other letter (week-based `Y`, `w`, `W`, `F`) is a ConfigException naming it,
 * so a pattern never silently formats differently. Parsing is lenient as Java's default:
 * out-of-range fields roll over and trailing text is ignored.
 */
export class SimpleDateFormat {
  private readonly tokens: Token[];

  /** Throws a ConfigException for an illegal or unsupported pattern. */
  constructor(
    readonly pattern: string,
    key?: string,
  ) {
    this.tokens = compile(pattern, key);
  }

  format(date: Date): string {
    const d = calendarFields(date.getTime());
    let out = '';
    for (const t of this.tokens) {
      if (t.kind === 'literal') {
        out += t.text;
        continue;
      }
      out += formatField(t.letter, t.count, d);
    }
    return out;
  }

  /** Java's `parse`: the date, or null where Java throws ParseException. */
  parse(text: string): Date | null {
    const f: Fields = {
      era: 1,
      year: 1970,
      month: 0,
      day: 1,
      dayOfYear: null,
      hour: 0,
      hour12: null,
      pm: null,
      minute: 0,
      second: 0,
      milli: 0,
      offsetMinutes: 0,
    };
    let pos = 0;
    for (let i = 0; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.kind === 'literal') {
        // Java skips leading whitespace of the input when the literal is whitespace-free? No:
        // literals must match exactly.
        if (!text.startsWith(t.text, pos)) return null;
        pos += t.text.length;
        continue;
      }
      const next = this.tokens[i + 1];
      const abutting =
        next !== undefined && next.kind === 'field' && isNumeric(next.letter, next.count);
      const r = parseField(t.letter, t.count, text, pos, abutting, f);
      if (r < 0) return null;
      pos = r;
    }
    return resolve(f);
  }
}

type Token = { kind: 'literal'; text: string } | { kind: 'field'; letter: string; count: number };

const SUPPORTED = new Set([...'GyMLdDEuaHkKhmsSzZX']);
const JAVA_LETTERS = new Set([...'GyYMLwWdDFEuaHkKhmsSzZX']);

function compile(pattern: string, key: string | undefined): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const addLiteral = (s: string): void => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') last.text += s;
    else tokens.push({ kind: 'literal', text: s });
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        addLiteral("'");
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = '';
      while (true) {
        if (j >= pattern.length) {
          throw new ConfigException(
            `Invalid date format pattern '${pattern}': Unterminated quote`,
            key,
          );
        }
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      addLiteral(text);
      i = j + 1;
      continue;
    }
    if (/[a-zA-Z]/.test(c)) {
      if (!JAVA_LETTERS.has(c)) {
        throw new ConfigException(
          `Invalid date format pattern '${pattern}': Illegal pattern character '${c}'`,
          key,
        );
      }
      if (!SUPPORTED.has(c)) {
        throw new ConfigException(
          `Invalid date format pattern '${pattern}': the pattern letter '${c}' is not supported by ts-connect`,
          key,
        );
      }
      let n = 1;
      while (pattern[i + n] === c) n++;
      if (c === 'X' && n > 3) {
        throw new ConfigException(
          `Invalid date format pattern '${pattern}': invalid ISO 8601 format: length=${n}`,
          key,
        );
      }
      tokens.push({ kind: 'field', letter: c, count: n });
      i += n;
      continue;
    }
    addLiteral(c);
    i++;
  }
  return tokens;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}

function formatField(letter: string, count: number, d: CalendarFields): string {
  const year = d.year;
  switch (letter) {
    case 'G':
      return year > 0 ? 'AD' : 'BC';
    case 'y': {
      const y = year > 0 ? year : 1 - year;
      if (count === 2) return pad(y % 100, 2);
      return pad(y, count);
    }
    case 'M':
    case 'L': {
      const m = d.month;
      if (count >= 4) return MONTHS[m]!;
      if (count === 3) return MONTHS[m]!.slice(0, 3);
      return pad(m + 1, count);
    }
    case 'd':
      return pad(d.day, count);
    case 'D':
      return pad(d.dayOfYear, count);
    case 'E': {
      const name = DAYS[d.dow]!;
      return count >= 4 ? name : name.slice(0, 3);
    }
    case 'u': {
      const dow = d.dow;
      return pad(dow === 0 ? 7 : dow, count);
    }
    case 'a':
      return d.hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(d.hour, count);
    case 'k':
      return pad(d.hour === 0 ? 24 : d.hour, count);
    case 'K':
      return pad(d.hour % 12, count);
    case 'h': {
      const h = d.hour % 12;
      return pad(h === 0 ? 12 : h, count);
    }
    case 'm':
      return pad(d.minute, count);
    case 's':
      return pad(d.second, count);
    case 'S':
      return pad(d.milli, count);
    case 'z':
      return count >= 4 ? 'Coordinated Universal Time' : 'UTC';
    case 'Z':
      return '+0000';
    case 'X':
      return 'Z';
    default:
      return '';
  }
}

interface Fields {
  era: number;
  year: number;
  month: number;
  day: number;
  dayOfYear: number | null;
  hour: number;
  hour12: number | null;
  pm: boolean | null;
  minute: number;
  second: number;
  milli: number;
  offsetMinutes: number;
}

function isNumeric(letter: string, count: number): boolean {
  if (letter === 'M' || letter === 'L') return count <= 2;
  return 'yDduHkKhmsS'.includes(letter);
}

/** Reads a number at `pos` (optionally limited to `width` digits); returns [value, end] or null. */
function readNumber(text: string, pos: number, width: number): [number, number] | null {
  let i = pos;
  let neg = false;
  if (text[i] === '-' && width === 0) {
    neg = true;
    i++;
  }
  const start = i;
  while (
    i < text.length &&
    text[i]! >= '0' &&
    text[i]! <= '9' &&
    (width === 0 || i - start < width)
  )
    i++;
  if (i === start) return null;
  const n = Number.parseInt(text.slice(start, i), 10);
  return [neg ? -n : n, i];
}

function matchName(
  text: string,
  pos: number,
  names: string[],
  allowShort: boolean,
): [number, number] | null {
  let best: [number, number] | null = null;
  const lower = text.toLowerCase();
  names.forEach((name, idx) => {
    for (const candidate of allowShort ? [name, name.slice(0, 3)] : [name]) {
      if (lower.startsWith(candidate.toLowerCase(), pos)) {
        if (best === null || candidate.length > best[1] - pos) best = [idx, pos + candidate.length];
      }
    }
  });
  return best;
}

function parseField(
  letter: string,
  count: number,
  text: string,
  pos: number,
  abutting: boolean,
  f: Fields,
): number {
  // Java lets whitespace precede a field when parsing? It does not skip; keep exact.
  const width = abutting ? count : 0;
  switch (letter) {
    case 'G': {
      const m = matchName(text, pos, ['BC', 'AD'], false);
      if (m === null) return -1;
      f.era = m[0];
      return m[1];
    }
    case 'M':
    case 'L': {
      if (count >= 3) {
        const m = matchName(text, pos, MONTHS, true);
        if (m === null) return -1;
        f.month = m[0];
        return m[1];
      }
      const n = readNumber(text, pos, width);
      if (n === null) return -1;
      f.month = n[0] - 1;
      return n[1];
    }
    case 'E': {
      const m = matchName(text, pos, DAYS, true);
      if (m === null) return -1;
      return m[1];
    }
    case 'a': {
      const m = matchName(text, pos, ['AM', 'PM'], false);
      if (m === null) return -1;
      f.pm = m[0] === 1;
      return m[1];
    }
    case 'z':
    case 'Z':
    case 'X':
      return parseZone(text, pos, f);
    default:
      break;
  }
  const n = readNumber(text, pos, width);
  if (n === null) return -1;
  const [v, end] = n;
  switch (letter) {
    case 'y':
      f.year = v;
      // Two digits for a `y`/`yy` pattern: Java picks the century within 80 years before now.
      if (count <= 2 && end - pos === 2 && v >= 0) {
        const now = new Date();
        const start = now.getUTCFullYear() - 80;
        let y = Math.floor(start / 100) * 100 + v;
        const startMs = Date.UTC(start, now.getUTCMonth(), now.getUTCDate());
        if (Date.UTC(y, 0, 1) < startMs) y += 100;
        f.year = y;
      }
      break;
    case 'd':
      f.day = v;
      break;
    case 'D':
      f.dayOfYear = v;
      break;
    case 'u':
      break;
    case 'H':
      f.hour = v;
      break;
    case 'k':
      f.hour = v === 24 ? 0 : v;
      break;
    case 'K':
      f.hour12 = v;
      break;
    case 'h':
      f.hour12 = v === 12 ? 0 : v;
      break;
    case 'm':
      f.minute = v;
      break;
    case 's':
      f.second = v;
      break;
    case 'S':
      f.milli = v;
      break;
    default:
      return -1;
  }
  return end;
}

function parseZone(text: string, pos: number, f: Fields): number {
  if (text[pos] === 'Z') {
    f.offsetMinutes = 0;
    return pos + 1;
  }
  for (const name of ['Coordinated Universal Time', 'UTC', 'GMT']) {
    if (text.startsWith(name, pos)) {
      let end = pos + name.length;
      const m = /^([+-])(\d{1,2})(?::?(\d{2}))?/.exec(text.slice(end));
      f.offsetMinutes = 0;
      if (name === 'GMT' && m !== null) {
        f.offsetMinutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
        end += m[0].length;
      }
      return end;
    }
  }
  const m = /^([+-])(\d{2}):?(\d{2})?/.exec(text.slice(pos));
  if (m === null) return -1;
  f.offsetMinutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  return pos + m[0].length;
}

const MILLIS_PER_DAY = 86_400_000;
/** Java's GregorianCalendar switches to the Julian calendar before 1582-10-15. */
const GREGORIAN_CUTOVER_MS = -12219292800000;
const JDN_EPOCH = 2440588;

/** Epoch day of a Julian-calendar date (month 0-based, already normalised). */
function julianEpochDay(year: number, month: number, day: number): number {
  const a = Math.floor((14 - (month + 1)) / 12);
  const y = year + 4800 - a;
  const m = month + 1 + 12 * a - 3;
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - 32083 - JDN_EPOCH;
}

interface CalendarFields {
  year: number;
  month: number;
  day: number;
  dow: number;
  dayOfYear: number;
  hour: number;
  minute: number;
  second: number;
  milli: number;
}

function calendarFields(ms: number): CalendarFields {
  const epochDay = Math.floor(ms / MILLIS_PER_DAY);
  const timeOfDay = ms - epochDay * MILLIS_PER_DAY;
  let year: number;
  let month: number;
  let day: number;
  let dayOfYear: number;
  if (ms >= GREGORIAN_CUTOVER_MS) {
    const d = new Date(ms);
    year = d.getUTCFullYear();
    month = d.getUTCMonth();
    day = d.getUTCDate();
    const jan1 = new Date(0);
    jan1.setUTCFullYear(year, 0, 1);
    dayOfYear = Math.floor((ms - jan1.getTime()) / MILLIS_PER_DAY) + 1;
  } else {
    const c = epochDay + JDN_EPOCH + 32082;
    const dd = Math.floor((4 * c + 3) / 1461);
    const e = c - Math.floor((1461 * dd) / 4);
    const m = Math.floor((5 * e + 2) / 153);
    day = e - Math.floor((153 * m + 2) / 5) + 1;
    month = m + 2 - 12 * Math.floor(m / 10);
    year = dd - 4800 + Math.floor(m / 10);
    dayOfYear = epochDay - julianEpochDay(year, 0, 1) + 1;
  }
  return {
    year,
    month,
    day,
    dow: (((epochDay + 4) % 7) + 7) % 7,
    dayOfYear,
    hour: Math.floor(timeOfDay / 3_600_000),
    minute: Math.floor(timeOfDay / 60_000) % 60,
    second: Math.floor(timeOfDay / 1000) % 60,
    milli: timeOfDay % 1000,
  };
}

function resolve(f: Fields): Date {
  let hour = f.hour;
  if (f.hour12 !== null) hour = f.hour12 + (f.pm ? 12 : 0);
  else if (f.pm !== null && f.pm) hour = f.hour + 12;
  const year = f.era === 0 ? 1 - f.year : f.year;
  // Date.UTC treats 0..99 as 1900+; set the year separately so it stays literal.
  const d = new Date(0);
  if (f.dayOfYear !== null) d.setUTCFullYear(year, 0, f.dayOfYear);
  else d.setUTCFullYear(year, f.month, f.day);
  d.setUTCHours(hour, f.minute, f.second, f.milli);
  let ms = d.getTime();
  if (ms < GREGORIAN_CUTOVER_MS) {
    const totalMonths = year * 12 + (f.dayOfYear !== null ? 0 : f.month);
    const y = Math.floor(totalMonths / 12);
    const m = totalMonths - y * 12;
    const dayIndex = f.dayOfYear !== null ? f.dayOfYear : f.day;
    const epochDay = julianEpochDay(y, m, 1) + dayIndex - 1;
    ms =
      epochDay * MILLIS_PER_DAY + hour * 3_600_000 + f.minute * 60_000 + f.second * 1000 + f.milli;
  }
  return new Date(ms - f.offsetMinutes * 60_000);
}
