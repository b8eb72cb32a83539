import { BigDecimal } from '../../api/big-decimal.js';
import { TypedNumber } from '../../api/typed-number.js';

/**
 * Java's `Number` accessors (`intValue()`, `longValue()`...) on the number forms Connect values
 * take in TypeScript: `number`, `bigint` (Long), {@link TypedNumber} and {@link BigDecimal}.
 */
export type JavaNumber = number | bigint | TypedNumber | BigDecimal;

export function isJavaNumber(v: unknown): v is JavaNumber {
  return (
    typeof v === 'number' ||
    typeof v === 'bigint' ||
    v instanceof TypedNumber ||
    v instanceof BigDecimal
  );
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Java's `(long) d`: NaN → 0, saturating at the long range, truncating toward zero. */
function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= 9.223372036854776e18) return LONG_MAX;
  if (d <= -9.223372036854776e18) return LONG_MIN;
  return BigInt(Math.trunc(d));
}

/** Java's `(int) d`. */
function doubleToInt(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= 2147483647) return 2147483647;
  if (d <= -2147483648) return -2147483648;
  return Math.trunc(d) | 0;
}

function truncDecimal(d: BigDecimal): bigint {
  if (d.scale <= 0) return d.unscaled * 10n ** BigInt(-d.scale);
  return d.unscaled / 10n ** BigInt(d.scale);
}

/** Whether a plain number stands for an integral Java type (its schema says so). */
export function longValue(v: JavaNumber): bigint {
  if (typeof v === 'bigint') return BigInt.asIntN(64, v);
  if (v instanceof BigDecimal) return BigInt.asIntN(64, truncDecimal(v));
  const n = v instanceof TypedNumber ? v.value : v;
  return doubleToLong(n);
}

export function intValue(v: JavaNumber): number {
  if (typeof v === 'bigint') return Number(BigInt.asIntN(32, v));
  if (v instanceof BigDecimal) return Number(BigInt.asIntN(32, truncDecimal(v)));
  const n = v instanceof TypedNumber ? v.value : v;
  return doubleToInt(n);
}

export function shortValue(v: JavaNumber): number {
  return (intValue(v) << 16) >> 16;
}

export function byteValue(v: JavaNumber): number {
  return (intValue(v) << 24) >> 24;
}

export function doubleValue(v: JavaNumber): number {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof BigDecimal) return Number(v.toString());
  return v instanceof TypedNumber ? v.value : v;
}

export function floatValue(v: JavaNumber): number {
  return Math.fround(doubleValue(v));
}

/** Java's `Long.parseLong` etc.: strict decimal digits with an optional sign, in range. */
export function parseJavaInteger(s: string, bits: 8 | 16 | 32 | 64): bigint | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const n = BigInt(s);
  const max = 2n ** BigInt(bits - 1);
  if (n < -max || n >= max) return null;
  return n;
}

/** Java's `Double.parseDouble` (decimal forms, NaN, Infinity, optional f/d suffix; trimmed). */
export function parseJavaDouble(s: string): number | null {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
  const m = /^([+-]?)(NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?$/.exec(t);
  if (m === null) return null;
  if (m[2] === 'NaN') return t.length === m[0].length && !/[fFdD]$/.test(t) ? NaN : null;
  if (m[2] === 'Infinity') {
    if (/[fFdD]$/.test(t)) return null;
    return m[1] === '-' ? -Infinity : Infinity;
  }
  return Number(`${m[1]}${m[2]}`);
}
