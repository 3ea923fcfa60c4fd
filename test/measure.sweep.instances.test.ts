/**
 * `sweep` and `learn` on the instances that are not LPN: LWE (src/learners/lweExperiment.ts,
 * src/cost/lweSession.ts) and the natural control, gaussian-regression (learners/regression.ts,
 * cost/leastSquares.ts). Tiny seeded sweeps (two n, one instance, small budgets) write records
 * that validate against the schema and say what theory says: A_μ exact everywhere; on LWE Eve's
 * lattice route recovers s at the smallest n (LLL alone reduces the embedding there) and least
 * squares mod q never does; on the natural control Eve's least squares wins at every n. The
 * preset grids of LPN keep their point ids, and bad input is refused in one line.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gridFromOptions } from '../src/cli/sweep.ts';
import { expandGrid, pointId } from '../src/measure/sweep/grid.ts';
import type { SweepRecord } from '../src/measure/sweep/record.ts';
import { countPointMarks } from '../src/measure/plot.ts';
import { loadProfile, withOverrides } from '../src/protocol/profile.ts';
import { leastSquaresOps } from '../src/cost/leastSquares.ts';
import { expectValid } from './helpers/schema.ts';
import { runCli } from './helpers/cli.ts';

const records = (dir: string): SweepRecord[] =>
  readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as SweepRecord)
    .sort((a, b) => a.params.n - b.params.n);

async function sweep(args: string[]): Promise<{ dir: string; recs: SweepRecord[]; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sepka-inst-'));
  const r = await runCli(['sweep', ...args, '--reps', '1', '--sessions', '1', '--test', '1000', '--no-controls', '--workers', '0', '--seed', '1', '--out', dir]);
  expect(r.code, r.err).toBe(0);
  return { dir, recs: records(dir), out: r.out };
}

describe('a new n on LWE and the natural control (withOverrides)', () => {
  it('keeps q, θ and w and scales m by the profile\'s m/n; LPN keeps its own rule', () => {
    const lwe = withOverrides(loadProfile('lwe-toy'), { n: 32 });
    expect(lwe).toMatchObject({ n: 32, q: 257, theta: 1 / 257, m: 80, w: 4 });
    const gr = withOverrides(loadProfile('gaussian-regression'), { n: 64 });
    expect(gr).toMatchObject({ n: 64, theta: 0.3, m: 256, w: 16 });
    const lpn = withOverrides(loadProfile('toy-insecure'), { n: 64 });
    expect(lpn).toMatchObject({ n: 64, theta: 1 / 8, m: 256 });
    expect(() => withOverrides(loadProfile('lwe-toy'), { w: 'balanced' })).toThrow(/no such balance/);
  });
});

describe('sweep on LWE', () => {
  it('records A_μ exact, Eve\'s lattice route recovering s at n = 8, least squares mod q never', async () => {
    const { dir, recs, out } = await sweep(['--protocol', 'lwe-toy', '--n', '8,16', '--eve-budget-ms', '1500', '--parts', 'learn,estimate']);
    try {
      expect(recs.map((r) => [r.params.n, r.params.m, r.params.q, r.params.w])).toEqual([
        [8, 20, 257, 4],
        [16, 40, 257, 4],
      ]);
      for (const r of recs) {
        expectValid('results-record', r);
        const L = r.learn!;
        expect(L.separation).toBe('lwe');
        expect(L.amu.recovered).toMatchObject({ k: 1, n: 1 });
        const ls = L.eve.learners.find((l) => l.name === 'least-squares-mod-q')!;
        expect(ls.recovered.k).toBe(0);
        // The LWE cost model: the key's level and a column's uSVP β, finite at these sizes.
        expect(r.estimate!.log2BitOps).toBeGreaterThan(0);
        expect(r.estimate!.lwe!.usvpBeta).toBeGreaterThan(0);
        expect(r.estimate!.log2PrangeTrials).toBeNull();
      }
      // At n = 8 the embedding has dimension 21: LLL alone (β = 2) reveals s, far within 1.5 s.
      const usvp = recs[0].learn!.eve.learners.find((l) => l.name === 'usvp')!;
      expect(usvp.recovered).toMatchObject({ k: 1, n: 1 });
      expect(usvp.beta).toBe(2);
      // … as the small-β prediction on the same embedding (d = 21) says: median β 2, LLL alone.
      expect(recs[0].estimate!.lwe!.smallBeta).toMatchObject({ d: 21, median: 2 });
      expect(recs[0].learn!.eve.best).toBe('usvp');
      // The separation plot draws A_μ and Eve at both n, as for LPN.
      expect(countPointMarks(readFileSync(join(dir, 'separation.svg'), 'utf8'))).toEqual({ pt_amu: 2, pt_eve: 2 });
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/LWE: Eve&#39;s lattice route|LWE: Eve's lattice route/);
      expect(out).toMatch(/Eve recovered s at every size measured, up to n = 16/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sweep on the natural control', () => {
  it('Eve\'s least squares wins at every n; the estimate part prices no hardness', async () => {
    const { dir, recs, out } = await sweep(['--protocol', 'gaussian-regression', '--n', '16,32', '--parts', 'learn,estimate']);
    try {
      for (const r of recs) {
        expectValid('results-record', r);
        expect(r.learn!.separation).toBe('gaussian-regression');
        expect(r.learn!.amu.recovered.k).toBe(1);
        // Her relative error ≈ θ·√(n/(m − n)) = 0.3/√3 ≈ 0.17 < θ = 0.3: she reads Alice's values better than Bob.
        expect(r.learn!.eve.anyRecovered).toMatchObject({ k: 1, n: 1 });
        expect(r.estimate!.log2BitOps).toBeNull();
        expect(r.estimate!.noHardness!.log2Ops).toBeCloseTo(Math.log2(leastSquaresOps(r.params.m, r.params.n, r.params.L)), 9);
      }
      expect(recs.map((r) => r.params.m)).toEqual([64, 128]);
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/No separation \(the natural control\)/);
      expect(out.replace(/\s+/g, " ")).toMatch(/no separation: .* in 2 of 2 instances, at every n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('learn --protocol lwe-toy', () => {
  it('--json validates; A_μ and the lattice route recover s, least squares mod q sits at chance', async () => {
    const r = await runCli(['learn', '--protocol', 'lwe-toy', '--test', '3000', '--seed', '1', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expectValid('learn', j);
    expect(j).toMatchObject({ separation: 'lwe', n: 16, q: 257, samples: 40 });
    expect(j.multimodal.recoveredSecret).toBe(true);
    // A_μ is the Bayes hypothesis: its 99% interval holds (2/q)·E|e|.
    expect(j.multimodal.ci[0] <= j.multimodal.bayesRisk && j.multimodal.bayesRisk <= j.multimodal.ci[1]).toBe(true);
    const by = Object.fromEntries(j.unimodal.map((u: { name: string }) => [u.name, u]));
    expect(by.usvp.recoveredSecret).toBe(true);
    const ls = by['least-squares-mod-q'];
    expect(ls.recoveredSecret).toBe(false);
    // ŝ uniform mod q: the top bits agree by chance, 1/2 inside the 99% interval.
    expect(ls.ci[0] <= 0.5 && 0.5 <= ls.ci[1]).toBe(true);
    // Its residual on the rows it did not absorb is that of a uniform residue (q/√12 ≈ 74), not σ ≈ 1.
    expect(ls.details.residualRms).toBeGreaterThan(20 * ls.details.chiStd);
  });
});

describe('bad input on these instances', () => {
  it('is refused in one line, exit 2', async () => {
    for (const args of [
      ['sweep', '--protocol', 'lwe-toy', '--w', 'balanced', '--out', '/nonexistent/x'],
      ['sweep', '--protocol', 'gaussian-regression', '--learners', 'prange', '--out', '/nonexistent/x'],
      ['learn', '--protocol', 'lwe-toy', '--learners', 'prange'],
      ['learn', '--protocol', 'lwe-toy', '--n', '1'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('LPN grids keep their point ids', () => {
  it('the separation and agreement presets give the ids they had before the other instances', () => {
    // Computed with main's code before sweep accepted LWE and the natural control (commit 734b0e8).
    expect(expandGrid(gridFromOptions({ preset: 'separation', seed: '1' })).map(pointId)).toEqual([
      'b69147c3c12ef873', '81848b5565256e57', '34e6dd2541f1843c', 'a42f281f18340b57', '1fb0178009540ca4',
      '33214e7aab05d68a', 'f97b0eabdae3bda3', 'd76de56fa8599782', '7bcd93fcb8e19c0b',
    ]);
    expect(expandGrid(gridFromOptions({ preset: 'agreement', seed: '1' })).map(pointId).slice(0, 3)).toEqual(['049b1ed8854ba3c5', '9bf47372c8a528e8', '4687226b9a835b43']);
  });
  it('the separation preset on lwe-toy is its own grid: n = 8…64, no balanced w', () => {
    const pts = expandGrid(gridFromOptions({ preset: 'separation', protocol: 'lwe-toy' }));
    expect(pts.map((p) => p.n)).toEqual([8, 16, 24, 32, 40, 48, 56, 64]);
    expect(pts.every((p) => p.w === null)).toBe(true);
  });
});
