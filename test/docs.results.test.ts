/**
 * The figures docs quote cannot go stale (scripts/results.ts, `npm run results`):
 *   - every recorded run under docs/results/ (and the committed separation sweep) still has the
 *     paramsHash of the profile the registry says docs quote it for, loaded by name now, and
 *     was recorded by this package version;
 *   - the check can fail: a scratch copy of protocols/ with one value of a profile changed makes
 *     that profile's recorded runs stale, and the separation sweep (recorded on the blocks
 *     design) is stale when quoted for demo-256, whose amplification differs;
 *   - every generated block in README.md and docs/ is what `npm run results` writes, every
 *     block the registry renders is placed somewhere, and the committed report is what
 *     `sepka report` rebuilds from its records, byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BLOCKS, isRecorded, loadRun, regenerate, ROOT, RUNS, staleness } from '../scripts/results.ts';

describe('recorded runs match the profiles docs quote them for', () => {
  const recorded = RUNS.filter((r) => isRecorded(r.name));
  it('the short runs are all recorded', () => {
    expect(RUNS.filter((r) => !r.long && !isRecorded(r.name)).map((r) => r.name)).toEqual([]);
  });
  it.each(recorded.map((r) => r.name))('%s: paramsHash and package version', (name) => {
    expect(staleness(loadRun(name))).toEqual([]);
  });
});

describe('the staleness check fails on a changed profile', () => {
  it('a scratch copy of protocols/ with paper-128 changed makes its runs stale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sepka-docs-'));
    try {
      cpSync(join(ROOT, 'protocols'), dir, { recursive: true });
      const file = join(dir, 'paper-128.json');
      const p = JSON.parse(readFileSync(file, 'utf8')) as { rawSlack: number };
      p.rawSlack = 1.5;
      writeFileSync(file, JSON.stringify(p, null, 2));
      const profiles = pathToFileURL(dir + '/');
      for (const name of ['demo-paper-128', 'estimate-paper-128', 'measure-paper-128']) {
        const why = staleness(loadRun(name), profiles);
        expect(why.length, name).toBe(1);
        expect(why[0]).toMatch(/paramsHash .* profile paper-128 now has/);
      }
      // The other profiles' runs are untouched by the change.
      expect(staleness(loadRun('estimate-toy-insecure'), profiles)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('the separation sweep quoted for demo-256 (not the blocks design it ran on) is stale', () => {
    const rec = loadRun('separation');
    const asDemo = { ...rec, run: { ...rec.run, profile: 'demo-256' } };
    const why = staleness(asDemo);
    const points = rec.records!.filter((r) => !(r.spec as { control: unknown }).control).length;
    expect(why.length).toBe(points); // every grid point; the two controls run on toy-insecure
  });
});

describe('npm run results output is up to date', () => {
  it('every generated block is what scripts/results.ts renders', () => {
    const files = regenerate();
    const stale = files.filter((f) => f.before !== f.after).map((f) => f.file);
    expect(stale, 'run `npm run results`').toEqual([]);
    const placed = new Set(files.flatMap((f) => f.blocks));
    expect(BLOCKS.map((b) => b.name).filter((n) => !placed.has(n))).toEqual([]);
  });
  it('the committed separation report is what sepka report rebuilds from its records', () => {
    const out = mkdtempSync(join(tmpdir(), 'sepka-report-'));
    try {
      const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'report', 'docs/separation', '--out', out], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      for (const f of ['report.html', 'results.csv', 'separation.svg', 'eve-success.svg'])
        expect(readFileSync(join(out, f), 'utf8') === readFileSync(join(ROOT, 'docs/separation', f), 'utf8'), f).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
