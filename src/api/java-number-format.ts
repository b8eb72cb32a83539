/**
 * Java's `Double.toString` and `Float.toString` (JDK 19+ specification: the shortest decimal
 * that rounds to the value, at least two significant digits considered), which Kafka's JSON
 * writer (Jackson) and `toString`-based converters use. These decide bytes on the wire:
 * `1.0`, `1.0E7`, `1.0E-4`, `-0.0`, `NaN`.
 */

/** Java's `Double.toString(x)`. */
export function javaDoubleToString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    // Here JavaScript prints the same shortest digits in plain notation; Java only adds `.0`.
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  let [digits, exp] = splitExponential(abs.toExponential());
  if (digits.length === 1) {
    // Java chooses among 2-digit decimals when the shortest has one digit (e.g. 4.9E-324).
    [digits, exp] = splitExponential(evenTie(abs, 1));
  }
  return (x < 0 ? '-' : '') + layout(digits, exp, abs);
}

/** Java's `Float.toString(f)`, for a value already rounded to single precision. */
export function javaFloatToString(value: number): string {
  const x = Math.fround(value);
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  // Starting at two digits also applies Java's rule for values whose shortest form has one.
  let text = abs.toExponential(8);
  for (let p = 2; p <= 8; p++) {
    const candidate = evenTie(abs, p - 1);
    if (Math.fround(Number(candidate)) === abs) {
      text = candidate;
      break;
    }
  }
  const [digits, exp] = splitExponential(text);
  return (x < 0 ? '-' : '') + layout(digits, exp, abs);
}

/**
 * `x.toExponential(f)` for a positive x, except that an exact tie between two candidates goes
 * to the even last digit (Java's rule) instead of the larger one (JavaScript's).
 */
function evenTie(x: number, f: number): string {
  const text = x.toExponential(f);
  const e = text.indexOf('e');
  if ((text.charCodeAt(e - 1) - 48) % 2 === 0) return text;
  // A tie means x is exactly an (f+2)-digit decimal ending in 5; toExponential(f+1) shows it.
  const longer = x.toExponential(f + 1);
  if (longer.charAt(longer.indexOf('e') - 1) !== '5') return text;
  const [digits, exp10] = exactDecimal(x);
  if (digits.length !== f + 2 || !digits.endsWith('5')) return text;
  const lower = digits.slice(0, f + 1);
  return `${lower[0]}.${lower.slice(1)}e${exp10}`;
}

/** The exact decimal value of a positive finite double: significant digits and exponent. */
function exactDecimal(x: number): [string, number] {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const bits = dv.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  const e = biased === 0 ? -1074 : biased - 1075;
  if (biased !== 0) mantissa |= 1n << 52n;
  const all =
    e >= 0 ? (mantissa << BigInt(e)).toString() : (mantissa * 5n ** BigInt(-e)).toString();
  const exp10 = all.length - 1 + (e >= 0 ? 0 : e);
  return [all.replace(/0+$/, ''), exp10];
}

/** Splits `d.ddde±n` into significant digits without trailing zeros and the exponent. */
function splitExponential(s: string): [string, number] {
  const e = s.indexOf('e');
  let digits = s.slice(0, e).replace('.', '');
  const exp = Number.parseInt(s.slice(e + 1), 10);
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  return [digits, exp];
}

function layout(digits: string, exp: number, abs: number): string {
  if (abs >= 1e-3 && abs < 1e7) {
    const point = exp + 1;
    if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
    if (point >= digits.length) return `${digits}${'0'.repeat(point - digits.length)}.0`;
    return `${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  return `${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}E${exp}`;
}
