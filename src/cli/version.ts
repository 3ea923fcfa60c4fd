/**
 * `sepka --version` and `sepka <command> --version` (DESIGN.md §6): the package version, the
 * git commit of the checkout when there is one, and the code version distributed jobs carry
 * (src/net/version.ts), so a figure can be tied to the code that produced it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { codeVersion } from '../net/version.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The checkout's commit (short), with "+dirty" for uncommitted changes; null outside git. */
function gitCommit(): string | null {
  try {
    const run = (args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = run(['rev-parse', '--short=12', 'HEAD']);
    return run(['status', '--porcelain', '--untracked-files=no']) ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

export function versionLine(): string {
  const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${ROOT}`), 'utf8')) as { version: string };
  const commit = gitCommit();
  return `sepka ${pkg.version} (${commit ? `commit ${commit}` : 'not a git checkout'}; code ${codeVersion()})`;
}
