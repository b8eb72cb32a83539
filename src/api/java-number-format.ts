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
  let [digits, exp] = splitExponential(abs.toExponential());
  if (digits.length === 1) {
    // Java chooses among 2-digit decimals when the shortest has one digit (e.g. 4.9E-324).
    [digits, exp] = splitExponential(abs.toExponential(1));
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
    const candidate = abs.toExponential(p - 1);
    if (Math.fround(Number(candidate)) === abs) {
      text = candidate;
      break;
    }
  }
  const [digits, exp] = splitExponential(text);
  return (x < 0 ? '-' : '') + layout(digits, exp, abs);
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
