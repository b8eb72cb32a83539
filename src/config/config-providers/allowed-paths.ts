import { existsSync } from 'node:fs';
import { isAbsolute, normalize } from 'node:path';
import { ConfigException } from '../../api/errors.js';

export const ALLOWED_PATHS_CONFIG = 'allowed.paths';

/** Java's `Path.normalize()` for POSIX paths: `.`/`..` folded, no trailing slash. */
function javaNormalize(p: string): string {
  if (p === '') return '';
  const n = normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n === '.' ? '' : n;
}

/** Java's component-wise `Path.startsWith`. */
function startsWithPath(path: string, prefix: string): boolean {
  if (prefix === '/') return path.startsWith('/');
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * Kafka's `AllowedPaths` (3.8+): the `allowed.paths` parameter of the file and directory
 * providers, a comma list of absolute, existing paths. Unset or empty allows every path.
 */
export class AllowedPaths {
  readonly #allowed: string[] | undefined;

  constructor(configValue: string | undefined) {
    if (configValue === undefined || configValue === '') {
      this.#allowed = undefined;
      return;
    }
    this.#allowed = configValue.split(',').map((entry) => {
      const path = javaNormalize(entry);
      if (!isAbsolute(path)) {
        throw new ConfigException(`Path ${path} is not absolute`, ALLOWED_PATHS_CONFIG);
      }
      if (!existsSync(path)) {
        throw new ConfigException(`Path ${path} does not exist`, ALLOWED_PATHS_CONFIG);
      }
      return path;
    });
  }

  /** The path to read, or `undefined` when it lies outside every allowed path. */
  parseUntrustedPath(path: string): string | undefined {
    if (this.#allowed === undefined) return path;
    const normalised = javaNormalize(path);
    return this.#allowed.some((a) => startsWithPath(normalised, a)) ? normalised : undefined;
  }
}
