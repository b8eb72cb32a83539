import type { ConfigProblem } from './config-def.js';
import type { LocatedConfigProblem } from './config-problems.js';

/**
 * Where a config came from: the file as the user named it and, when known, the line each key
 * was set on. Turns `{key, message}` problems from a ConfigDef into `file:line: key: message`.
 */
export class ConfigSource {
  readonly file: string;
  readonly #lines: ReadonlyMap<string, number>;

  constructor(file: string, lines: ReadonlyMap<string, number> = new Map()) {
    this.file = file;
    this.#lines = lines;
  }

  /** The 1-based line the key's (last) definition starts on, if known. */
  lineOf(key: string): number | undefined {
    return this.#lines.get(key);
  }

  problem(key: string, message: string): LocatedConfigProblem {
    return { file: this.file, line: this.lineOf(key), key, message };
  }

  locate(problems: readonly ConfigProblem[]): LocatedConfigProblem[] {
    return problems.map((p) => this.problem(p.key, p.message));
  }
}
