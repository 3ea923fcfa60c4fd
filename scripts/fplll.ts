/**
 * fplll (Debian's fplll-tools, github.com/fplll/fplll) as an independent reference for
 * src/lattice/: the `fplll` binary run on a basis in its text format, [[a b …]\n[…]\n].
 * Tests skip without the binary unless SEPKA_REQUIRE_FPLLL=1 (.ci/run installs it), where they fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export const FPLLL = process.env.SEPKA_FPLLL ?? 'fplll';

export function haveFplll(): boolean {
  return spawnSync(FPLLL, ['-h'], { stdio: 'ignore' }).error === undefined;
}

export function fplllRequired(): boolean {
  return process.env.SEPKA_REQUIRE_FPLLL === '1';
}

export function toFplll(rows: readonly (readonly number[])[]): string {
  return `[${rows.map((r) => `[${r.join(' ')}]`).join('\n')}]\n`;
}

/** Integer rows from fplll's output (a matrix, or one vector for -a svp). */
export function fromFplll(text: string): number[][] {
  return [...text.matchAll(/\[([-\d\s]+)\]/g)].map((m) => m[1].trim().split(/\s+/).map(Number));
}

/** Runs `fplll args` on `rows`; returns the output rows. */
export function fplll(args: readonly string[], rows: readonly (readonly number[])[]): number[][] {
  const out = execFileSync(FPLLL, [...args], { input: toFplll(rows), encoding: 'utf8', timeout: 60_000 });
  return fromFplll(out);
}

/**
 * `fplll -a bkz -b β -bkzmaxloops tours` on `rows`: BKZ cut off after `tours` tours. fplll then
 * exits with status 8 ("loops limit exceeded") but prints the basis, which is what is wanted.
 */
export function fplllBkzTours(beta: number, tours: number, rows: readonly (readonly number[])[]): number[][] {
  const r = spawnSync(FPLLL, ['-a', 'bkz', '-b', String(beta), '-bkzmaxloops', String(tours)], {
    input: toFplll(rows),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error || (r.status !== 0 && r.status !== 8)) throw new Error(`fplll failed: ${r.stderr || r.error}`);
  return fromFplll(r.stdout);
}
