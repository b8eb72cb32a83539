import { DataException } from './errors.js';

/**
 * An immutable arbitrary-precision decimal, `unscaled × 10^-scale`, as Java's `BigDecimal`:
 * the value of Connect's Decimal logical type. The scale is part of the value (`1.50` and `1.5`
 * are not equal), as in Java.
 */
export class BigDecimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {
    if (!Number.isInteger(scale))
      throw new RangeError(`BigDecimal scale must be an integer: ${scale}`);
  }

  /**
   * Parses a decimal in Java's `new BigDecimal(String)` syntax (`-1.5600`, `1e3`, `1.5E+2`),
   * keeping the scale the text implies. Throws a `RangeError` on anything else.
   */
  static parse(text: string): BigDecimal {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (m === null || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
      throw new RangeError(`Not a decimal number: ${text}`);
    }
    const intPart = m[2] ?? '';
    const fracPart = m[3] ?? '';
    const exponent = m[4] !== undefined ? Number.parseInt(m[4], 10) : 0;
    let unscaled = BigInt(intPart + fracPart === '' ? '0' : intPart + fracPart);
    if (m[1] === '-') unscaled = -unscaled;
    return new BigDecimal(unscaled, fracPart.length - exponent);
  }

  /** The decimal for a JS number, with the digits of its shortest representation. */
  static fromNumber(value: number): BigDecimal {
    if (!Number.isFinite(value)) throw new DataException(`Cannot convert ${value} to a BigDecimal`);
    return BigDecimal.parse(String(value));
  }

  /** Decodes Connect's Decimal bytes: a two's-complement big-endian unscaled value. */
  static fromBytes(bytes: Uint8Array, scale: number): BigDecimal {
    return new BigDecimal(bigIntFromBytes(bytes), scale);
  }

  /** The two's-complement big-endian bytes of the unscaled value (Java's `BigInteger.toByteArray`). */
  unscaledBytes(): Uint8Array {
    return bigIntToBytes(this.unscaled);
  }

  /** Java's `BigDecimal.signum()`. */
  signum(): number {
    return this.unscaled > 0n ? 1 : this.unscaled < 0n ? -1 : 0;
  }

  /** Java's `BigDecimal.precision()`: the number of digits of the unscaled value. */
  precision(): number {
    const abs = this.unscaled < 0n ? -this.unscaled : this.unscaled;
    return abs === 0n ? 1 : abs.toString().length;
  }

  /** Java's `stripTrailingZeros()` (zero becomes `0` with scale 0). */
  stripTrailingZeros(): BigDecimal {
    if (this.unscaled === 0n) return new BigDecimal(0n, 0);
    let u = this.unscaled;
    let s = this.scale;
    while (u % 10n === 0n) {
      u /= 10n;
      s--;
    }
    return new BigDecimal(u, s);
  }

  /** The value with another scale; throws a RangeError when digits would be lost. */
  setScale(scale: number): BigDecimal {
    if (scale >= this.scale)
      return new BigDecimal(this.unscaled * 10n ** BigInt(scale - this.scale), scale);
    const divisor = 10n ** BigInt(this.scale - scale);
    if (this.unscaled % divisor !== 0n) throw new RangeError('Rounding necessary');
    return new BigDecimal(this.unscaled / divisor, scale);
  }

  /** Numeric comparison ignoring scale, as Java's `compareTo`. */
  compareTo(other: BigDecimal): number {
    const s = Math.max(this.scale, other.scale);
    const a = this.unscaled * 10n ** BigInt(s - this.scale);
    const b = other.unscaled * 10n ** BigInt(s - other.scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Java's `equals`: same unscaled value and same scale. */
  equals(other: unknown): boolean {
    return (
      other instanceof BigDecimal && other.unscaled === this.unscaled && other.scale === this.scale
    );
  }

  /** The nearest double (Java's `doubleValue()`). */
  toNumber(): number {
    return Number(this.toString());
  }

  /**
   * The nearest float32 (Java's `floatValue()`), rounded once from the exact decimal: going
   * through a double first can land on a midpoint between two floats and round the wrong way.
   */
  toFloat32(): number {
    const d = this.toNumber();
    const f = Math.fround(d);
    if (f === d || Number.isNaN(d)) return f;
    // The two floats around d; only when d is exactly their midpoint can the double have misled.
    const lo = f > d ? nextFloat32(f, -1) : f;
    const hi = f > d ? f : nextFloat32(f, 1);
    const mid = hi === Infinity ? lo + 2 ** 103 : lo === -Infinity ? hi - 2 ** 103 : (lo + hi) / 2;
    if (d !== mid) return f;
    const c = this.compareTo(exactDecimal(mid));
    if (c < 0) return lo;
    if (c > 0) return hi;
    return (float32Bits(lo) & 1) === 0 ? lo : hi;
  }

  /**
   * The exact integer value if the decimal has no fractional part (Java's
   * `toBigIntegerExact`), else `null`.
   */
  toBigIntExact(): bigint | null {
    if (this.scale <= 0) return this.unscaled * 10n ** BigInt(-this.scale);
    const divisor = 10n ** BigInt(this.scale);
    return this.unscaled % divisor === 0n ? this.unscaled / divisor : null;
  }

  /** Java's `BigDecimal.toString()`: scientific notation when the scale is negative or the exponent small. */
  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    const sign = negative ? '-' : '';
    if (this.scale === 0) return sign + digits;
    const adjusted = -this.scale + (digits.length - 1);
    if (this.scale > 0 && adjusted >= -6) {
      const point = digits.length - this.scale;
      if (point > 0) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
      return `${sign}0.${'0'.repeat(-point)}${digits}`;
    }
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const exp = adjusted >= 0 ? `+${adjusted}` : `${adjusted}`;
    return `${sign}${mantissa}E${exp}`;
  }

  /** Java's `toPlainString()`: never scientific. */
  toPlainString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    const sign = negative ? '-' : '';
    if (this.scale <= 0)
      return sign + digits + (this.unscaled === 0n ? '' : '0'.repeat(-this.scale));
    const point = digits.length - this.scale;
    if (point > 0) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
    return `${sign}0.${'0'.repeat(-point)}${digits}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function float32Bits(x: number): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x);
  return dv.getUint32(0);
}

/** The adjacent float32 above (`dir` 1) or below (-1) a finite float32. */
function nextFloat32(x: number, dir: 1 | -1): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x);
  let bits = dv.getUint32(0);
  if (x === 0) {
    bits = dir > 0 ? 1 : 0x80000001;
  } else if (x > 0 === dir > 0) {
    bits += 1;
  } else {
    bits -= 1;
  }
  dv.setUint32(0, bits >>> 0);
  return dv.getFloat32(0);
}

/** The exact decimal value of a finite double. */
function exactDecimal(x: number): BigDecimal {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const bits = dv.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let e = exponent - 1075;
  if (exponent === 0) e = -1074;
  else mantissa |= 1n << 52n;
  if (negative) mantissa = -mantissa;
  if (e >= 0) return new BigDecimal(mantissa << BigInt(e), 0);
  return new BigDecimal(mantissa * 5n ** BigInt(-e), -e);
}

/** Java's `BigInteger.toByteArray()`: minimal two's-complement big-endian bytes. */
export function bigIntToBytes(value: bigint): Uint8Array {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(BigInt.asUintN(8, v));
    out.push(byte);
    v >>= 8n;
    // Done when the remaining bits are pure sign extension of the byte just written.
    if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break;
  }
  return Uint8Array.from(out.reverse());
}

/** Java's `new BigInteger(byte[])`: two's-complement big-endian. Empty input is an error, as in Java. */
export function bigIntFromBytes(bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw new DataException('Zero length BigInteger');
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return BigInt.asIntN(bytes.length * 8, v);
}
