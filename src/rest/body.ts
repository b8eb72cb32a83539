import { RestError } from './rest-error.js';

/**
 * Reading request bodies as Kafka's Jackson entities do, but answering a wrong shape with a 400
 * that names the problem (Kafka answers 500 with Jackson's message).
 */

/** A JSON object, or a 400. */
export function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined) throw new RestError(400, `Request body is empty; expected ${what}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new RestError(
      400,
      `Request body must be ${what}, not ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
    );
  return value as Record<string, unknown>;
}

/** Fields of an entity other than `known` are refused, as Jackson refuses unknown properties. */
export function rejectUnknownFields(
  obj: Record<string, unknown>,
  known: readonly string[],
  entity: string,
): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key))
      throw new RestError(
        400,
        `Unrecognized field "${key}" in ${entity} (known fields: ${known.map((k) => `"${k}"`).join(', ')})`,
      );
  }
}

/**
 * A config map: string values as they are, numbers and booleans as their text (Jackson coerces
 * scalars to String); null only where `allowNull` (PATCH removes such keys). Anything else is a 400.
 */
export function configMap(
  value: unknown,
  what: string,
  allowNull: true,
): Record<string, string | null>;
export function configMap(value: unknown, what: string, allowNull?: false): Record<string, string>;
export function configMap(
  value: unknown,
  what: string,
  allowNull = false,
): Record<string, string | null> {
  const obj = expectObject(value, what);
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else if (v === null && allowNull) out[k] = null;
    else if (v === null)
      throw new RestError(
        400,
        'Connector configuration is invalid and contains the following 1 error(s):\n' +
          'Null value can not be supplied as the configuration value.\n' +
          'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
      );
    else
      throw new RestError(400, `Config value of "${k}" must be a string, not ${JSON.stringify(v)}`);
  }
  return out;
}

/** Kafka's boolean query parameters: "true" (any case) is true, anything else false. */
export function booleanParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const v = query.get(name);
  if (v === null) return fallback;
  return v.toLowerCase() === 'true';
}

/** A path parameter that must be an int (Jersey gives 404 when it is not). */
export function intParam(value: string | undefined): number {
  if (value === undefined || !/^[-+]?\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new RestError(404, 'HTTP 404 Not Found');
  return Number(value);
}
