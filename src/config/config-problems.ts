import { ConfigException } from '../api/errors.js';

/** One mistake in a config file: where it is (file, line when known), which key, what is wrong. */
export interface LocatedConfigProblem {
  file: string;
  line?: number | undefined;
  /** The key; empty when the problem is not about one key (a syntax error, an unreadable file). */
  key: string;
  message: string;
}

/** `file:line: key: message`, leaving out the parts that are unknown. */
export function formatProblem(p: LocatedConfigProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return p.key === '' ? `${where}: ${p.message}` : `${where}: ${p.key}: ${p.message}`;
}

/**
 * Every problem of a config file at once. The message has one line per problem, so the CLI
 * can print it as is; `problems` keeps them structured for REST answers and tests.
 */
export class ConfigProblemsException extends ConfigException {
  readonly problems: readonly LocatedConfigProblem[];
  constructor(problems: readonly LocatedConfigProblem[]) {
    super(
      problems.map(formatProblem).join('\n'),
      problems.length === 1 ? problems[0]?.key : undefined,
    );
    this.problems = problems;
  }
}

/** Throws a {@link ConfigProblemsException} when `problems` is not empty. */
export function throwIfProblems(problems: readonly LocatedConfigProblem[]): void {
  if (problems.length > 0) throw new ConfigProblemsException(problems);
}

/** File order (by line); problems without a line (missing keys) last, in their given order. */
export function sortProblems(problems: readonly LocatedConfigProblem[]): LocatedConfigProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => {
      const la = a.p.line ?? Number.MAX_SAFE_INTEGER;
      const lb = b.p.line ?? Number.MAX_SAFE_INTEGER;
      return la - lb || a.i - b.i;
    })
    .map(({ p }) => p);
}
