/**
 * Do two builds print the same figures? Runs `demo --seed 1 --json`, `measure --protocol
 * demo-256 --sessions 5 --seed 1 --json` and `estimate --protocol paper-1024 --json` in this
 * checkout and in a git worktree of REF (default: HEAD~1), and compares the JSON with the
 * fields that depend on the clock removed: every `ms`-like field, trial and iteration counts,
 * and the figures of learners whose work is bounded by wall-clock time rather than by trials
 * (logistic regression's epochs). Pooled Gauss and Stern stop at a deadline too, but on these
 * seeds their outcome is far from the deadline, so their figures are compared. Of each `meta`
 * object (src/meta.ts) only what the figures depend on is compared: the seed, the rng and the
 * profile's parameter hash; which commit, machine and start time produced them is volatile.
 *
 *   npx tsx scripts/sameOutputs.ts [REF]      exit 0 when identical, 1 with the differences
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const ref = process.argv[2] ?? 'HEAD~1';
const RUNS: Record<string, string[]> = {
  demo: ['demo', '--seed', '1', '--json'],
  measure: ['measure', '--protocol', 'demo-256', '--sessions', '5', '--seed', '1', '--json'],
  estimate: ['estimate', '--protocol', 'paper-1024', '--json'],
};
const CLOCK = /(^ms$|Ms$|msMean|^trials|trialsMean|iterations|perSec|PerSec|attempted$)/;
const BUDGET_BOUND = new Set(['logreg']);
const META_COMPARED = ['seed', 'rng', 'paramsHash'];

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => !(x && typeof x === 'object' && BUDGET_BOUND.has((x as { name?: string }).name ?? ''))).map(strip);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !CLOCK.test(k))
        .map(([k, x]) => [k, k === 'meta' && x && typeof x === 'object' ? Object.fromEntries(META_COMPARED.filter((m) => m in x).map((m) => [m, (x as Record<string, unknown>)[m]])) : strip(x)]),
    );
  }
  return v;
}

function run(dir: string, args: string[]): unknown {
  const out = execFileSync('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
  return strip(JSON.parse(out));
}

function diff(a: unknown, b: unknown, at: string, out: string[]): void {
  if (out.length > 20) return;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`, out);
  } else if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${at}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
}

const base = mkdtempSync(path.join(tmpdir(), 'sepka-base-'));
try {
  execFileSync('git', ['worktree', 'add', '--detach', base, ref], { cwd: ROOT, stdio: 'ignore' });
  if (!existsSync(path.join(base, 'node_modules'))) symlinkSync(path.join(ROOT, 'node_modules'), path.join(base, 'node_modules'));
  let same = true;
  for (const [name, args] of Object.entries(RUNS)) {
    const d: string[] = [];
    diff(run(base, args), run(ROOT, args), name, d);
    console.log(`${name}: ${d.length ? 'DIFFERS' : 'identical'} (sepka ${args.join(' ')}; ${ref} vs working tree)`);
    for (const l of d) console.log(`  ${l}`);
    same &&= d.length === 0;
  }
  process.exitCode = same ? 0 : 1;
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', base], { cwd: ROOT, stdio: 'ignore' });
  rmSync(base, { recursive: true, force: true });
}
