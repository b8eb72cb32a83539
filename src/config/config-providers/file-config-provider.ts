import { readFile } from 'node:fs/promises';
import { ConfigException } from '../../api/errors.js';
import { getLogger } from '../../util/logger.js';
import { parseProperties } from '../properties-file.js';
import { ALLOWED_PATHS_CONFIG, AllowedPaths } from './allowed-paths.js';
import type { ConfigData, ConfigProvider } from './config-provider.js';

const log = getLogger('FileConfigProvider');

/**
 * `${file:/path/to/file.properties:key}`: values from a properties file read as UTF-8 (Kafka's
 * `FileConfigProvider`, which loads through a Reader, so `\uXXXX` escapes apply but not Latin-1).
 */
export class FileConfigProvider implements ConfigProvider {
  #allowedPaths: AllowedPaths | undefined;

  configure(configs: Readonly<Record<string, string>>): void {
    this.#allowedPaths = new AllowedPaths(configs[ALLOWED_PATHS_CONFIG]);
  }

  async get(path: string, keys?: ReadonlySet<string>): Promise<ConfigData> {
    if (!this.#allowedPaths) throw new Error('The provider has not been configured yet.');
    if (path === '') return { data: {} };
    const filePath = this.#allowedPaths.parseUntrustedPath(path);
    if (filePath === undefined) {
      log.warn(`The path ${path} is not allowed to be accessed`);
      return { data: {} };
    }
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (e) {
      log.error(`Could not read properties from file ${path}`, e);
      throw new ConfigException(`Could not read properties from file ${path}`);
    }
    const parsed = parseProperties(text);
    if (parsed.problems.length > 0) {
      throw new ConfigException(
        `Could not read properties from file ${path}: line ${parsed.problems[0]!.line}: ${parsed.problems[0]!.message}`,
      );
    }
    const data: Record<string, string> = {};
    for (const { key, value } of parsed.entries) {
      if (keys === undefined || keys.has(key)) data[key] = value;
    }
    return { data };
  }
}
