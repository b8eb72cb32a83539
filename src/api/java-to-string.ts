import { javaDoubleToString, javaFloatToString } from './java-number-format.js';
import { type Schema, Type } from './schema.js';
import { Struct } from './struct.js';
import { TypedNumber } from './typed-number.js';

/**
 * Java's `String.valueOf(value)` for Connect values, as `StringConverter` and
 * `Struct.toString` print them: `12`, `1.0`, `[1, 2]`, `{a=1, b=2}`, `Struct{a=1}`.
 */
export function javaToString(value: unknown, schema: Schema | null = null): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'number':
      // The schema tells which Java class a plain number stands for (see TypedNumber).
      switch (schema?.type) {
        case Type.INT8:
        case Type.INT16:
        case Type.INT32:
          return String(value === 0 ? 0 : value);
        case Type.FLOAT32:
          return javaFloatToString(value);
        default:
          return javaDoubleToString(value);
      }
    default:
      break;
  }
  if (value instanceof TypedNumber) {
    return value.type === 'FLOAT32' ? javaFloatToString(value.value) : String(value.value);
  }
  if (value instanceof Uint8Array) return `[B@${identityHash(value).toString(16)}`;
  if (Array.isArray(value)) {
    const elementSchema = schema?.type === Type.ARRAY ? schema.valueSchema() : null;
    return `[${value.map((e) => javaToString(e, elementSchema)).join(', ')}]`;
  }
  if (value instanceof Map) {
    const keySchema = schema?.type === Type.MAP ? schema.keySchema() : null;
    const valueSchema = schema?.type === Type.MAP ? schema.valueSchema() : null;
    const parts: string[] = [];
    for (const [k, v] of value)
      parts.push(`${javaToString(k, keySchema)}=${javaToString(v, valueSchema)}`);
    return `{${parts.join(', ')}}`;
  }
  if (value instanceof Struct) return value.toString();
  if (value instanceof Date) return javaDateToString(value);
  return String(value);
}

const identities = new WeakMap<object, number>();
let nextIdentity = 0x1b6d3586;

/** A stable per-object number standing in for Java's identity hash code. */
function identityHash(o: object): number {
  let h = identities.get(o);
  if (h === undefined) {
    nextIdentity = (Math.imul(nextIdentity, 1103515245) + 12345) >>> 0;
    h = nextIdentity;
    identities.set(o, h);
  }
  return h;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Java's `Date.toString()` (`EEE MMM dd HH:mm:ss zzz yyyy`) in the process's time zone. */
function javaDateToString(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const zone =
    new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
      .formatToParts(d)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${pad(d.getDate())} ${pad(d.getHours())}:${pad(
    d.getMinutes(),
  )}:${pad(d.getSeconds())} ${zone} ${d.getFullYear()}`;
}
