// What the figures were measured on: machine, versions, commit.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** First line matching `pattern` of a shell command's stdout and stderr, or null. */
function shell(command, pattern = /./) {
  try {
    const out = execFileSync('sh', ['-c', `${command} 2>&1`], { encoding: 'utf8' });
    return (
      out
        .split('\n')
        .find((line) => pattern.test(line))
        ?.trim() ?? null
    );
  } catch {
    return null;
  }
}

export function describeMachine(root, hasKcat) {
  const changed = execFileSync(
    'git',
    ['status', '--porcelain', '--', 'src', 'bin', 'package.json'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  ).trim();
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    java: shell('java -version', /version/),
    kafka: shell(`bash '${root}/scripts/kafka.sh' version`),
    kcat: hasKcat ? shell('kcat -V', /^Version/) : null,
    commit: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
    // What was measured is the working tree as built, which may hold uncommitted edits.
    uncommittedChanges: changed ? changed.split('\n') : [],
  };
}
