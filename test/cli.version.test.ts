/**
 * `--version` on the dispatcher and on every command (DESIGN.md §6): one line on stdout with
 * the package version and the checkout's commit, exit 0, nothing on stderr.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const sepka = (...args: string[]) => spawnSync('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('--version', () => {
  it.each([[], ['demo'], ['alice'], ['measure'], ['estimate'], ['attack'], ['worker']])('sepka %s --version', (...cmd) => {
    const r = sepka(...(cmd as string[]), '--version');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^sepka ${version.replace(/\./g, '\\.')} \\((commit [0-9a-f]{12}(\\+dirty)?|not a git checkout); code [^)]+\\)\\n$`));
  });
});
