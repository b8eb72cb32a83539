import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigException } from '../../api/errors.js';
import { getLogger } from '../../util/logger.js';
import { ALLOWED_PATHS_CONFIG, AllowedPaths } from './allowed-paths.js';
import type { ConfigData, ConfigProvider } from './config-provider.js';

const log = getLogger('DirectoryConfigProvider');

/**
 * `${directory:/run/secrets:db-password}`: each regular file of a directory is one value, its
 * whole content as UTF-8, not trimmed (Kafka's `DirectoryConfigProvider`, the Kubernetes/Docker
 * secrets layout).
 */
export class DirectoryConfigProvider implements ConfigProvider {
  #allowedPaths: AllowedPaths | undefined;

  configure(configs: Readonly<Record<string, string>>): void {
    this.#allowedPaths = new AllowedPaths(configs[ALLOWED_PATHS_CONFIG]);
  }

  async get(path: string, keys?: ReadonlySet<string>): Promise<ConfigData> {
    if (!this.#allowedPaths) throw new Error('The provider has not been configured yet.');
    if (path === '') return { data: {} };
    const dir = this.#allowedPaths.parseUntrustedPath(path);
    if (dir === undefined) {
      log.warn(`The path ${path} is not allowed to be accessed`);
      return { data: {} };
    }
    const isDir = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) {
      log.warn(`The path ${path} is not a directory`);
      return { data: {} };
    }
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e) {
      throw new ConfigException(`Could not list directory ${dir}`, undefined, { cause: e });
    }
    const data: Record<string, string> = {};
    for (const name of names) {
      if (keys !== undefined && !keys.has(name)) continue;
      const file = join(dir, name);
      const isFile = await stat(file).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!isFile) continue;
      try {
        data[name] = await readFile(file, 'utf8');
      } catch (e) {
        throw new ConfigException(`Could not read file ${file} for property ${name}`, undefined, {
          cause: e,
        });
      }
    }
    return { data };
  }
}
