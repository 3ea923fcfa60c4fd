/**
 * Points of one's own: `sepka estimate --n N [--theta θ] [--m M] [--w W]`
 * prices any point, deriving what is not given as a profile does (withOverrides), and `sweep`
 * takes θ and m as grid axes beside n, w, ℓ and L; plus `sepka help CMD` and the seed a sweep
 * without --seed says it used.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gridFromOptions } from '../src/cli/sweep.ts';
import { balancedW } from '../src/cost/index.ts';
import { expandGrid, pointId } from '../src/measure/sweep/grid.ts';
import { runPoint } from '../src/measure/sweep/job.ts';
import { expectValid } from './helpers/schema.ts';
import { runCli } from './helpers/cli.ts';

const run = runCli;

describe('estimate at a point of your own', () => {
  it('--n alone: θ = n^-1/2, m = 4n, w balanced, the rest from the default profile paper-128; said on the first lines', async () => {
    const r = await run(['estimate', '--n', '2048', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.params).toMatchObject({ n: 2048, m: 8192, w: balancedW(2048, 1 / Math.sqrt(2048), 8192), L: 128 });
    expect(j.params.theta).toBeCloseTo(2048 ** -0.5, 12);
    expect(j).toMatchObject({ derivedFrom: 'paper-128', overrides: { n: 2048 } });
    expectValid('estimate', j);
    const h = await run(['estimate', '--n', '2048']);
    const [title, note] = h.out.split('\n');
    expect(title).toBe(`sepka estimate: protocol paper-128  (n = 2048, θ = 0.02210, m = 8192, w = ${j.params.w})`);
    expect(note).toBe('  point: n = 2048 given; θ = n^-1/2, m = 4n, w balanced derived; the rest from protocol paper-128');
  });
  it('given values are kept, and prices move the right way: a heavier w costs Eve more on the dual route', async () => {
    const a = JSON.parse((await run(['estimate', '--n', '1024', '--theta', '0.02', '--w', '20', '--json'])).out);
    expect(a.params).toMatchObject({ n: 1024, theta: 0.02, m: 4096, w: 20 });
    const b = JSON.parse((await run(['estimate', '--n', '1024', '--theta', '0.02', '--w', '30', '--json'])).out);
    const dual = (x: { attacks: { route: string; algorithm: string; log2Trials: number }[] }) => x.attacks.find((t) => t.route === 'dual' && t.algorithm === 'prange')!.log2Trials;
    expect(dual(b)).toBeGreaterThan(dual(a) + 1);
    // and the raw agreement follows (1 + (1 − 2θ)^w)/2
    expect(a.pAgree).toBeCloseTo((1 + (1 - 0.04) ** 20) / 2, 12);
  });
  it('on a named profile: --protocol paper-1024 --m 3072 keeps n and θ, re-balances w', async () => {
    const j = JSON.parse((await run(['estimate', '--protocol', 'paper-1024', '--m', '3072', '--json'])).out);
    expect(j.params).toMatchObject({ n: 1024, theta: 1 / 32, m: 3072, w: balancedW(1024, 1 / 32, 3072) });
    // the shipped profile alone is unchanged (no override note)
    const p = await run(['estimate', '--protocol', 'paper-1024']);
    expect(p.out.split('\n')[1]).toMatch(/^ {2}raw agreement/);
  });
});

describe('sweep: θ and m as grid axes', () => {
  it('--theta and --m (integers or multiples of n) expand into the product, in order', () => {
    const g = gridFromOptions({ protocol: 'toy-insecure', n: '16,20', theta: '0.1,0.2', m: '3n,100', parts: 'estimate' });
    const pts = expandGrid(g);
    expect(pts.map((p) => [p.n, p.theta, p.m])).toEqual([
      [16, 0.1, '3n'],
      [16, 0.1, 100],
      [16, 0.2, '3n'],
      [16, 0.2, 100],
      [20, 0.1, '3n'],
      [20, 0.1, 100],
      [20, 0.2, '3n'],
      [20, 0.2, 100],
    ]);
    expect(() => gridFromOptions({ theta: '0.6' })).toThrow(/--theta must be in/);
    expect(() => gridFromOptions({ m: '0.5n' })).toThrow(/at least 1n/);
  });
  it('a grid without them leaves them out of the spec, so older points keep their ids', () => {
    const [p] = expandGrid(gridFromOptions({ protocol: 'toy-insecure', n: '16' }));
    expect('theta' in p || 'm' in p).toBe(false);
    expect(pointId(p)).toBe(pointId({ ...p }));
  });
  it('a point runs with them: m = 3n at n = 20 is 60, θ as given, w re-balanced', async () => {
    const [p] = expandGrid(gridFromOptions({ protocol: 'toy-insecure', n: '20', theta: '0.15', m: '3n', parts: 'estimate' }));
    const rec = await runPoint(p);
    expect(rec.params).toMatchObject({ n: 20, theta: 0.15, m: 60, w: balancedW(20, 0.15, 60) });
    expect(rec.estimate!.pAgree).toBeCloseTo((1 + (1 - 0.3) ** rec.params.w) / 2, 12);
    expectValid('results-record', rec);
  });
});

describe('CLI conventions', () => {
  it('sepka help CMD prints what sepka CMD --help prints', async () => {
    for (const c of ['measure', 'sweep', 'estimate']) {
      const a = await run(['help', c]);
      const b = await run([c, '--help']);
      expect(a.code).toBe(0);
      expect(a.out).toBe(b.out);
    }
  });
  it('a sweep without --seed says which seed it used, and that seed gives the same records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sepka-seed-'));
    try {
      const args = ['sweep', '--protocol', 'toy-insecure', '--n', '16', '--parts', 'learn', '--learners', 'pooled-gauss', '--reps', '1', '--test', '200', '--eve-budget-ms', '600000', '--eve-budget-trials', '300', '--no-controls', '--workers', '0'];
      const a = await run([...args, '--out', join(dir, 'a')]);
      expect(a.code, a.err).toBe(0);
      const said = /sepka sweep: no --seed given: sweep seed (\S+) \(the default; --seed \1 gives the same points\)/.exec(a.err);
      expect(said).not.toBeNull();
      const b = await run([...args, '--seed', said![1], '--out', join(dir, 'b')]);
      expect(b.err).not.toMatch(/no --seed given/);
      const rec = (d: string) => JSON.parse(readFileSync(join(dir, d, 'results.jsonl'), 'utf8').trim());
      const [ra, rb] = [rec('a'), rec('b')];
      expectValid('results-record', ra);
      expect(rb.id).toBe(ra.id);
      expect(rb.seed).toBe(ra.seed);
      const figures = (r: { learn: { amu: { risk: unknown }; eve: { learners: { name: string; recovered: unknown; trials: number }[] } } }) => ({
        amu: r.learn.amu.risk,
        eve: r.learn.eve.learners.map((l) => [l.name, l.recovered, l.trials]),
      });
      expect(figures(rb)).toEqual(figures(ra));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
