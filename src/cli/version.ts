/**
 * `sepka --version` and `sepka <command> --version` (DESIGN.md §6): the package version, the
 * git commit of the checkout when there is one, and the code version distributed jobs carry
 * (all three from src/meta.ts, as in every --json object's `meta`), so a figure can be tied
 * to the code that produced it.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { codeVersion, gitCommit, packageVersion } from '../meta.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** "+dirty" when tracked files have uncommitted changes (asks git; a human line, not a record). */
function dirty(): string {
  try {
    const out = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim() ? '+dirty' : '';
  } catch {
    return '';
  }
}

export function versionLine(): string {
  const commit = gitCommit();
  return `sepka ${packageVersion()} (${commit ? `commit ${commit.slice(0, 12)}${dirty()}` : 'not a git checkout'}; code ${codeVersion()})`;
}
