import { ConfigException } from '../../api/errors.js';
import type { Field, Schema } from '../../api/schema.js';
import type { Struct } from '../../api/struct.js';
import { inValuesCaseInsensitive } from '../../config/config-def.js';
import type { ConfigKeyDefinition } from '../../config/config-def.js';
import { requireMapOrNull, requireStructOrNull } from './requirements.js';

/** KIP-821's `field.syntax.version`: V1 = one top-level name, V2 = dotted nested paths. */
export const FIELD_SYNTAX_VERSION_CONFIG: ConfigKeyDefinition = {
  name: 'field.syntax.version',
  type: 'STRING',
  defaultValue: 'V1',
  importance: 'HIGH',
  doc: 'Defines the version of the syntax to access fields. If set to <code>V1</code>, then the field paths are limited to access the elements at the root level of the struct or map. If set to <code>V2</code>, the syntax will support accessing nested elements. To access nested elements, dotted notation is used. If dots are already included in the field name, then backtick pairs can be used to wrap field names containing dots.',
  validator: inValuesCaseInsensitive('V1', 'V2'),
};

/** Kafka's `SingleFieldPath`: the steps of a field path and how to read them. */
export class SingleFieldPath {
  readonly steps: readonly string[];

  constructor(
    readonly path: string,
    version: 'V1' | 'V2',
  ) {
    this.steps = version === 'V1' ? [path] : parseV2(path);
  }

  /** The field at this path in a struct schema, or null. */
  fieldFrom(schema: Schema | null): Field | null {
    if (schema === null) return null;
    let current = schema;
    for (let i = 0; i < this.steps.length - 1; i++) {
      const f = current.field(this.steps[i]!);
      if (f === null) return null;
      current = f.schema;
    }
    return current.field(this.steps[this.steps.length - 1]!);
  }

  valueFromStruct(struct: Struct | null, withDefault: boolean): unknown {
    if (struct === null) return null;
    let current: Struct | null = struct;
    for (let i = 0; i < this.steps.length - 1; i++) {
      const step = this.steps[i]!;
      if (current.schema.field(step) === null) return null;
      current = requireStructOrNull(
        withDefault ? current.get(step) : current.getWithoutDefault(step),
        'nested field access',
      );
      if (current === null) return null;
    }
    const last = this.steps[this.steps.length - 1]!;
    if (current.schema.field(last) === null) return null;
    return withDefault ? current.get(last) : current.getWithoutDefault(last);
  }

  valueFromMap(map: Map<unknown, unknown> | null): unknown {
    if (map === null) return null;
    let current: Map<unknown, unknown> | null = map;
    for (let i = 0; i < this.steps.length - 1; i++) {
      current = requireMapOrNull(current.get(this.steps[i]!) ?? null, 'nested field access');
      if (current === null) return null;
    }
    return current.get(this.steps[this.steps.length - 1]!) ?? null;
  }
}

function incomplete(path: string, at: number): never {
  throw new ConfigException(
    `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${at} to escape it`,
  );
}

/** Splits on dots; a backtick-wrapped step may contain dots; `\`` before a dot is literal. */
function parseV2(path: string): string[] {
  const steps: string[] = [];
  let idx = 0;
  while (idx < path.length && idx >= 0) {
    if (path[idx] !== '`') {
      const start = idx;
      idx = path.indexOf('.', idx);
      if (idx >= 0) {
        steps.push(path.slice(start, idx));
        idx++;
      } else {
        steps.push(path.slice(start));
      }
      continue;
    }
    const backtickAt = idx;
    idx++;
    let field = '';
    let start = idx;
    while (true) {
      idx = path.indexOf('`', idx);
      if (idx === -1) incomplete(path, backtickAt);
      const escaped = path[idx - 1] === '\\';
      if (idx >= path.length - 1) {
        if (escaped) incomplete(path, backtickAt);
        field += path.slice(start, idx);
        steps.push(field);
        idx++;
        break;
      }
      if (path[idx + 1] !== '.') {
        idx++;
        continue;
      }
      if (escaped) {
        field += path.slice(start, idx - 1) + '`';
        idx++;
        start = idx;
        continue;
      }
      field += path.slice(start, idx);
      steps.push(field);
      idx += 2;
      break;
    }
  }
  if (path.length > 0 && path[path.length - 1] === '.') steps.push('');
  return steps;
}
