import { loggerLevel, loggerLevels, setLoggerLevel, type LogLevel } from '../../util/logger.js';
import { expectObject } from '../body.js';
import { RestError } from '../rest-error.js';
import { json, type Route } from '../route.js';

const LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * Kafka's LoggingResource. Logger names are ts-connect's (the component names in log lines,
 * e.g. `WorkerSourceTask`), plus `root`.
 */
export const loggerRoutes: Route[] = [
  {
    method: 'GET',
    path: '/admin/loggers',
    handle: () => json(200, loggerLevels()),
  },
  {
    method: 'GET',
    path: '/admin/loggers/{logger}',
    handle: (req) => {
      const name = req.params['logger']!;
      const level = loggerLevel(name);
      if (level === null) throw new RestError(404, `Logger ${name} not found.`);
      return json(200, level);
    },
  },
  {
    method: 'PUT',
    path: '/admin/loggers/{logger}',
    handle: (req) => {
      const name = req.params['logger']!;
      const body = expectObject(req.json(), 'a level: {"level": "DEBUG"}');
      const raw = body['level'];
      if (raw === undefined || raw === null)
        throw new RestError(400, "Desired 'level' parameter was not specified in request.");
      const level = String(raw).toUpperCase() as LogLevel;
      if (!LEVELS.includes(level)) throw new RestError(404, `invalid log level '${String(raw)}'.`);
      const scope = (req.query.get('scope') ?? 'worker').toLowerCase();
      const affected = setLoggerLevel(name, level);
      // A standalone worker is its own cluster: scope=cluster applies here and answers 204.
      return scope === 'cluster' ? json(204) : json(200, affected);
    },
  },
];
