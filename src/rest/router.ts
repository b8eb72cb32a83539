import { RestError } from './rest-error.js';
import type { HttpMethod, Route } from './route.js';

interface CompiledRoute {
  route: Route;
  segments: string[];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: HttpMethod[] }
  | { kind: 'not-found' };

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/**
 * Matches a request path against route templates segment by segment. A literal segment beats a
 * `{param}` (so `/connectors/{name}/tasks` never shadows a literal route). A path some route
 * has but not for this method is a 405, as Jersey answers; no route at all is a 404.
 */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.routes = routes.map((route) => ({ route, segments: splitPath(route.path) }));
  }

  /** The methods of the most literal templates matching `rawPath` (none: no route). */
  allowed(rawPath: string): HttpMethod[] {
    const m = this.match('\u0000', rawPath);
    return m.kind === 'method-not-allowed' ? m.allowed : [];
  }

  /** `rawPath` is still percent-encoded, so that `%2F` inside a name stays one segment. */
  match(method: string, rawPath: string): RouteMatch {
    const parts = rawPath.split('/').filter((s) => s !== '');
    const candidates: { r: CompiledRoute; params: Record<string, string>; literals: number }[] = [];
    for (const r of this.routes) {
      if (r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = r.segments[i]!;
        const part = parts[i]!;
        if (seg.startsWith('{') && seg.endsWith('}')) {
          params[seg.slice(1, -1)] = decodeSegment(part);
        } else if (seg === part) {
          literals++;
        } else {
          ok = false;
        }
      }
      if (ok) candidates.push({ r, params, literals });
    }
    if (candidates.length === 0) return { kind: 'not-found' };
    // Jersey picks the most literal template first, then checks the method on it.
    const best = Math.max(...candidates.map((c) => c.literals));
    const top = candidates.filter((c) => c.literals === best);
    const hit = top.find((c) => c.r.route.method === method);
    if (hit !== undefined) return { kind: 'found', route: hit.r.route, params: hit.params };
    return { kind: 'method-not-allowed', allowed: top.map((c) => c.r.route.method) };
  }
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new RestError(400, `Malformed URI segment: ${part}`);
  }
}
