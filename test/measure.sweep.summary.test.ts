/**
 * The figures the sweep report states in words (sweep/summary.ts): the crossover n and A_μ's
 * growth exponent, on hand-made records whose answers are known.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRID, expandGrid } from '../src/measure/sweep/grid.ts';
import { amuExponent, crossovers, powerFit } from '../src/measure/sweep/summary.ts';
import { rate, type SweepRecord } from '../src/measure/sweep/record.ts';
import { runMeta } from '../src/meta.ts';

/** A record at n where Eve recovered s in k of 5 instances and A_μ took c·n^2 ms. */
function rec(n: number, k: number, budgetMs = 1000): SweepRecord {
  const spec = expandGrid({ ...DEFAULT_GRID, n: [n], eveBudgetMs: [budgetMs] })[0];
  return {
    v: 1,
    id: String(n),
    spec,
    seed: 'x',
    params: { n, theta: n ** -0.5, m: 4 * n, w: 5, ell: 'auto', L: 1 },
    learn: {
      reps: 5,
      amu: { risk: { p: 0.1, ci: [0, 1] }, recovered: rate(5, 5), ms: 3e-4 * n * n },
      eve: {
        budgetMs,
        learners: [],
        anyRecovered: rate(k, 5),
        best: k ? 'pooled-gauss' : null,
        bestMsToRecover: k ? 10 : null,
        unidentifiable: 0,
      },
    },
    estimate: null,
    measure: null,
    ms: 0,
    meta: runMeta({ startedAt: new Date(0), seed: 'x' }),
  };
}

describe('sweep summary', () => {
  it('fits the exponent of a power law exactly', () => {
    const pts = [8, 16, 64, 256].map((x) => ({ x, y: 3 * x ** 2.5 }));
    expect(powerFit(pts)!.k).toBeCloseTo(2.5, 10);
    expect(powerFit([{ x: 4, y: 1 }])).toBeNull();
    expect(amuExponent([24, 48, 96, 192].map((n) => rec(n, 0)))).toBeCloseTo(2, 10);
  });

  it('finds the last success, the first all-fail size and the below-half size', () => {
    const [c] = crossovers([rec(24, 5), rec(32, 4), rec(48, 2), rec(64, 1), rec(96, 0), rec(128, 0)]);
    expect(c).toMatchObject({ budgetMs: 1000, lastRecoveredN: 64, firstFailedN: 96, belowHalfN: 48 });
    expect(c.text).toContain('between n = 64 and n = 96');
  });

  it('says so when there is no crossover in range, per budget', () => {
    const cs = crossovers([rec(24, 5, 100), rec(32, 5, 100), rec(24, 0, 200), rec(32, 0, 200)]);
    expect(cs.map((c) => [c.budgetMs, c.lastRecoveredN, c.firstFailedN])).toEqual([
      [100, 32, null],
      [200, null, 24],
    ]);
    expect(cs[0].text).toMatch(/every size measured/);
    expect(cs[1].text).toMatch(/none of the sizes/);
  });
});
