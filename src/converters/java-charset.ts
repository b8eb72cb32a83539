import { ConfigException } from '../api/errors.js';

/** Encoding and decoding with a Java charset, for the charsets Node can do exactly. */
export interface JavaCharset {
  readonly name: string;
  encode(s: string): Uint8Array;
  decode(b: Uint8Array): string;
}

const utf8Decoder = new TextDecoder('utf-8');

/**
 * UTF-8 as Java decodes it. Node's (WHATWG) decoder and Java's replace malformed input with
 * U+FFFD alike except after 0xED: WHATWG accepts only 0x80–0x9F as its second byte, so an
 * encoded surrogate (`ED A0 80`, as CESU-8 writes them) becomes three U+FFFD; Java reads the
 * sequence whole and replaces the surrogate it decodes with one U+FFFD (and a truncated `ED A0`
 * with one). 0xED is never a continuation byte, so decoding around it changes nothing else.
 */
export function decodeUtf8(b: Uint8Array): string {
  const text = utf8Decoder.decode(b);
  if (!text.includes('\uFFFD')) return text;
  let out = '';
  let start = 0;
  for (let i = 0; i + 1 < b.length; i++) {
    const second = b[i + 1]!;
    if (b[i] !== 0xed || second < 0xa0 || second > 0xbf) continue;
    out += utf8Decoder.decode(b.subarray(start, i)) + '\uFFFD';
    const third = b[i + 2];
    i += third !== undefined && (third & 0xc0) === 0x80 ? 2 : 1;
    start = i + 1;
  }
  return out + utf8Decoder.decode(b.subarray(start));
}

const UTF8: JavaCharset = {
  name: 'UTF-8',
  encode: (s) => Buffer.from(s, 'utf8'),
  decode: decodeUtf8,
};

function singleByte(name: string, max: number): JavaCharset {
  return {
    name,
    encode: (s) => {
      const out = new Uint8Array(s.length);
      let n = 0;
      for (let i = 0; i < s.length; i++) {
        const c = s.codePointAt(i)!;
        if (c > 0xffff) i++;
        // Java replaces an unmappable character with '?'.
        out[n++] = c <= max ? c : 0x3f;
      }
      return out.subarray(0, n);
    },
    decode: (b) => {
      let s = '';
      for (const x of b) s += x <= max ? String.fromCharCode(x) : '\ufffd';
      return s;
    },
  };
}

function utf16(name: string, littleEndian: boolean, bomOnEncode: boolean): JavaCharset {
  return {
    name,
    encode: (s) => {
      const offset = bomOnEncode ? 2 : 0;
      const out = Buffer.alloc(offset + s.length * 2);
      if (bomOnEncode) {
        out[0] = 0xfe;
        out[1] = 0xff;
      }
      for (let i = 0; i < s.length; i++) {
        if (littleEndian) out.writeUInt16LE(s.charCodeAt(i), offset + i * 2);
        else out.writeUInt16BE(s.charCodeAt(i), offset + i * 2);
      }
      return out;
    },
    decode: (b) => {
      let le = littleEndian;
      let start = 0;
      if (bomOnEncode && b.length >= 2) {
        // Java's UTF-16 decoder honours a byte-order mark and defaults to big-endian.
        if (b[0] === 0xfe && b[1] === 0xff) start = 2;
        else if (b[0] === 0xff && b[1] === 0xfe) {
          start = 2;
          le = true;
        }
      }
      const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
      let s = '';
      for (let i = start; i + 1 < b.length; i += 2)
        s += String.fromCharCode(le ? buf.readUInt16LE(i) : buf.readUInt16BE(i));
      if ((b.length - start) % 2 === 1) s += '\ufffd';
      return s;
    },
  };
}

const CHARSETS: Record<string, JavaCharset> = {
  'UTF-8': UTF8,
  UTF8: UTF8,
  'US-ASCII': singleByte('US-ASCII', 0x7f),
  ASCII: singleByte('US-ASCII', 0x7f),
  'ISO-8859-1': singleByte('ISO-8859-1', 0xff),
  'ISO8859-1': singleByte('ISO-8859-1', 0xff),
  ISO8859_1: singleByte('ISO-8859-1', 0xff),
  LATIN1: singleByte('ISO-8859-1', 0xff),
  'UTF-16': utf16('UTF-16', false, true),
  UTF16: utf16('UTF-16', false, true),
  'UTF-16BE': utf16('UTF-16BE', false, false),
  UTF_16BE: utf16('UTF-16BE', false, false),
  'UTF-16LE': utf16('UTF-16LE', true, false),
  UTF_16LE: utf16('UTF-16LE', true, false),
};

/** The charset for a Java charset name (case-insensitive, common aliases); a ConfigException otherwise. */
export function javaCharset(name: string, key: string): JavaCharset {
  const cs = CHARSETS[name.toUpperCase()];
  if (cs === undefined)
    throw new ConfigException(`Unsupported encoding ${name} for configuration ${key}`, key);
  return cs;
}
