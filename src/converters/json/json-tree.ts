/**
 * The parsed form of a JSON document that keeps what Kafka's Jackson-based reader keeps:
 *
 * - an integer token is a `number` when it is an exact safe integer, else a `bigint`;
 * - a float token is a non-integral `number` when that number prints back as the same decimal,
 *   else a {@link JsonDecimal} holding the token's text (`1.0`, `1e3`, `1.5600`, 20 digits);
 * - an object is a `Map` (exact parser, keeps key order for every key) or a plain object (the
 *   native fast path, used only when it keeps order and number kinds).
 *
 * So a `number` is integral exactly when the token was an integer, and a float token never
 * looks like an integer.
 */
export type JsonTree =
  null | boolean | string | number | bigint | JsonDecimal | JsonTree[] | JsonObject;

/** A JSON object, in either representation (see {@link JsonTree}). */
export type JsonObject = Map<string, JsonTree> | { [key: string]: JsonTree };

/** A float token kept verbatim, so its value, scale and kind survive. */
export class JsonDecimal {
  constructor(readonly text: string) {}
}

export function isJsonObject(node: JsonTree | undefined): node is JsonObject {
  return (
    node !== null &&
    typeof node === 'object' &&
    !Array.isArray(node) &&
    !(node instanceof JsonDecimal)
  );
}

/** The entries of a JSON object, in document order. */
export function objectEntries(node: JsonObject): Iterable<[string, JsonTree]> {
  return node instanceof Map ? node : Object.entries(node);
}

/** The member of a JSON object, or `undefined` when missing (Jackson's `get` returning null). */
export function objectGet(node: JsonObject, key: string): JsonTree | undefined {
  if (node instanceof Map) return node.get(key);
  return Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
}

export function objectSize(node: JsonObject): number {
  return node instanceof Map ? node.size : Object.keys(node).length;
}

/** Jackson's `JsonNode.getNodeType()` name, for Kafka's messages. */
export function nodeType(node: JsonTree | undefined): string {
  if (node === undefined) return 'MISSING';
  if (node === null) return 'NULL';
  switch (typeof node) {
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'STRING';
    case 'number':
    case 'bigint':
      return 'NUMBER';
    default:
      break;
  }
  if (node instanceof JsonDecimal) return 'NUMBER';
  return Array.isArray(node) ? 'ARRAY' : 'OBJECT';
}

/** Whether the node is a number token without fraction or exponent (Jackson `isIntegralNumber`). */
export function isIntegral(node: JsonTree | undefined): node is number | bigint {
  return typeof node === 'bigint' || (typeof node === 'number' && Number.isInteger(node));
}

export function isNumber(node: JsonTree | undefined): node is number | bigint | JsonDecimal {
  return typeof node === 'number' || typeof node === 'bigint' || node instanceof JsonDecimal;
}
