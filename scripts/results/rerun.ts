/**
 * Re-running recorded commands (`npm run results -- --rerun`): each run's command again, its
 * output stored where the registry says (registry.ts), with what the recorder saw (wall time,
 * load average) in docs/results/runs.json; and the committed sweep reports rebuilt from their
 * records.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runMeta } from '../../src/meta.ts';
import { loadProfile, paramsHash } from '../../src/protocol/profile.ts';
import { MANIFEST, readManifest, ROOT, RUNS, shown, type Run, type RunNote } from './registry.ts';

const cli = (argv: string[]) => spawnSync('npx', ['tsx', 'src/cli/main.ts', ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
/** `npm run bench -- …argv` on a fresh build of dist/ (the code it times). */
function bench(argv: string[]) {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (b.status !== 0) return b;
  return spawnSync('npx', ['tsx', 'scripts/bench.ts', ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** Re-run one recorded command, store its output and what the recorder saw. */
export function rerun(run: Run): RunNote {
  const command = shown(run);
  const load0 = loadavg()[0];
  const startedAt = new Date();
  const t0 = performance.now();
  const argv = run.argv;
  const r = run.kind === 'bench' ? bench(argv) : cli(argv);
  const wallMs = Math.round(performance.now() - t0);
  if (r.status !== 0) throw new Error(`${command}: exit ${r.status}\n${r.stderr.trim().split('\n').slice(-3).join('\n')}`);
  if (run.kind === 'json' || run.kind === 'bench') writeFileSync(join(ROOT, run.file), JSON.stringify(JSON.parse(r.stdout), null, 2) + '\n');
  else if (run.kind === 'text') {
    const seedAt = run.argv.indexOf('--seed');
    const meta = runMeta({ startedAt, seed: seedAt >= 0 ? run.argv[seedAt + 1] : null, paramsHash: run.profile ? paramsHash(loadProfile(run.profile)) : null });
    writeFileSync(join(ROOT, run.file), JSON.stringify({ command, stdout: r.stdout, meta }, null, 2) + '\n');
  }
  const note: RunNote = { command, wallMs, loadAvg: [Number(load0.toFixed(2)), Number(loadavg()[0].toFixed(2))] };
  const manifest = readManifest();
  manifest[run.name] = note;
  writeFileSync(join(ROOT, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return note;
}

/** Rebuild the committed sweep reports from their records (`sepka report`, no recomputation). */
export function rebuildReports(): void {
  for (const run of RUNS.filter((r) => r.kind === 'sweep')) {
    const r = cli(['report', run.file, '--png']);
    if (r.status !== 0) throw new Error(`sepka report ${run.file}: exit ${r.status}: ${r.stderr.trim()}`);
  }
}
