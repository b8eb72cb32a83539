import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from './run-cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('ts-connect usage', () => {
  test('--help describes the standalone command and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('standalone');
    expect(run.stdout).toContain('transform');
  });

  test('standalone --help names the worker and connector file arguments', async () => {
    const run = await runCli(['standalone', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('<worker.properties>');
    expect(run.stdout).toContain('[connector-files...]');
  });

  test('--version prints the package version', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  });

  test('standalone without a worker file is a usage error: exit 1, one line', async () => {
    const run = await runCli(['standalone']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/missing required argument 'worker.properties'/);
  });

  test('an unknown command is a usage error: exit 1', async () => {
    const run = await runCli(['distributed', 'x.properties']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown command 'distributed'/);
  });

  test('no arguments prints usage and exits 1, as connect-standalone.sh does', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('Usage: ts-connect');
  });
});
