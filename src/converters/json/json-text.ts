import { javaDoubleToString, javaFloatToString } from '../../api/java-number-format.js';

const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const LOWER_HEX_ESCAPE = /\\(?:\\|u(00[0-9a-f]{2}|d[89a-f][0-9a-f]{2}))/g;
const SURROGATE = /[\ud800-\udfff]/g;

/**
 * A JSON string literal as Jackson writes it: `"` and `\` escaped, control characters as
 * `\b \t \n \f \r` or `\u00XX` with upper-case hex, characters outside the BMP as escaped
 * surrogate pairs (`\uD83D\uDE00`), everything else (other non-ASCII, `/`) raw UTF-8.
 */
export function quoteJson(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let json = JSON.stringify(s);
  // Jackson writes characters outside the BMP as escaped surrogate pairs (upper-case hex).
  json = json.replace(SURROGATE, (c: string) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (!json.includes('\\u')) return json;
  return json.replace(LOWER_HEX_ESCAPE, (m: string, hex: string | undefined) =>
    hex === undefined ? m : `\\u${hex.toUpperCase()}`,
  );
}

/** A float64 as Jackson writes a Double: Java's `Double.toString`, non-finite values quoted. */
export function jsonDouble(x: number): string {
  return Number.isFinite(x) ? javaDoubleToString(x) : `"${javaDoubleToString(x)}"`;
}

/** A float32 as Jackson writes a Float: Java's `Float.toString`, non-finite values quoted. */
export function jsonFloat(x: number): string {
  return Number.isFinite(x) ? javaFloatToString(x) : `"${javaFloatToString(x)}"`;
}

/** Standard Base64 with padding, as Jackson writes binary nodes. */
export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
