/**
 * `npm run results`: every measured figure quoted in README.md and docs/ is generated here from
 * a recorded run committed under docs/results/, so a figure cannot drift from the run it
 * comes from.
 *
 *   npm run results                      rewrite every generated block and the committed report
 *   npm run results -- --check           exit 1 (naming the blocks) when a file is not up to date
 *   npm run results -- --rerun [NAME…]   re-run the recorded commands first (all short ones, or
 *                                        the NAMEs given, long ones included), timing each
 *
 * A generated block sits between marker comments in a Markdown file:
 *     <!-- results:NAME -->  …  <!-- /results:NAME -->
 * and BLOCKS (results/blocks.ts) says how NAME is rendered from which recorded runs (RUNS,
 * results/registry.ts). A recorded run is
 * the command's own `--json` output (with its `meta`: code version, machine, seed, paramsHash);
 * a command whose human output is what docs show (the demo) is recorded as that text together
 * with the `meta` src/meta.ts builds for it, in this process, at the same moment. Timings are
 * stated with the machine `meta` names and the load average the recorder saw
 * (docs/results/runs.json), never by hand. test/docs.results.test.ts checks that each run's
 * paramsHash is the one of the profile the registry says it is about, and that regenerating
 * gives the committed bytes.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRecorded, loadRun, read, ROOT, RUNS, shown, staleness } from './results/registry.ts';
import { BLOCKS } from './results/blocks.ts';
import { rebuildReports, rerun } from './results/rerun.ts';

export {
  isRecorded,
  loadRun,
  OTHER_PROFILES,
  PROFILES,
  readManifest,
  RESULTS_DIR,
  ROOT,
  RUNS,
  staleness,
  type Recorded,
  type Run,
  type RunNote,
} from './results/registry.ts';
export { BLOCKS, machine, type Block } from './results/blocks.ts';
export { rerun } from './results/rerun.ts';

const MARKER = /<!-- results:([a-z0-9-]+) -->\n[\s\S]*?<!-- \/results:\1 -->/g;

/** The Markdown files that may hold generated blocks. */
export function docFiles(): string[] {
  const out = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md'].filter((f) => existsSync(join(ROOT, f)));
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push(p);
    }
  };
  walk('docs');
  return out;
}

/** Each doc file's text with every generated block rendered afresh; unknown block names throw. */
export function regenerate(): { file: string; before: string; after: string; blocks: string[] }[] {
  const cache = new Map<string, string>();
  return docFiles().map((file) => {
    const before = read(file);
    const blocks: string[] = [];
    const after = before.replace(MARKER, (_m, name: string) => {
      const block = BLOCKS.find((b) => b.name === name);
      if (!block) throw new Error(`${file}: no generated block named ${name} (scripts/results/blocks.ts BLOCKS)`);
      blocks.push(name);
      if (!cache.has(name)) cache.set(name, block.render());
      return `<!-- results:${name} -->\n${cache.get(name)}\n<!-- /results:${name} -->`;
    });
    return { file, before, after, blocks };
  });
}

function main(args: string[]): number {
  const check = args.includes('--check');
  const at = args.indexOf('--rerun');
  if (at >= 0) {
    const names = args.slice(at + 1).filter((a) => !a.startsWith('--'));
    const unknown = names.filter((n) => !RUNS.some((r) => r.name === n));
    if (unknown.length) {
      process.stderr.write(`results: no recorded run named ${unknown.join(', ')} (known: ${RUNS.map((r) => r.name).join(', ')})\n`);
      return 2;
    }
    const todo = names.length ? RUNS.filter((r) => names.includes(r.name)) : RUNS.filter((r) => !r.long);
    for (const run of todo) {
      process.stderr.write(`results: running ${shown(run)} …\n`);
      const note = rerun(run);
      process.stderr.write(`results: ${run.name}: ${(note.wallMs / 1000).toFixed(1)} s (load average ${note.loadAvg[0]} → ${note.loadAvg[1]})\n`);
    }
  }
  const stale = RUNS.filter((r) => isRecorded(r.name)).flatMap((r) => staleness(loadRun(r.name)));
  for (const s of stale) process.stderr.write(`results: STALE ${s}\n`);
  const files = regenerate();
  const changed = files.filter((f) => f.before !== f.after);
  if (check) {
    for (const f of changed) process.stderr.write(`results: ${f.file} is not up to date (npm run results)\n`);
    return changed.length || stale.length ? 1 : 0;
  }
  for (const f of changed) writeFileSync(join(ROOT, f.file), f.after);
  rebuildReports();
  const blocks = files.reduce((k, f) => k + f.blocks.length, 0);
  process.stdout.write(`results: ${blocks} generated block(s) in ${files.filter((f) => f.blocks.length).length} file(s); ${changed.length} file(s) rewritten; reports rebuilt\n`);
  return stale.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
