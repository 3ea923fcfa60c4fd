/**
 * Pooled Gauss (primal) and dual Prange: the per-trial success of the real trial kernels
 * against C(m−t, n)/C(m, n)·Pr[full rank] and C(n, w)/C(m, w)·Pr[full rank] (src/cost/primal.ts,
 * src/cost/dual.ts) within 99% Wilson intervals, and the learners' behaviour.
 * The cost formulas against DESIGN.md §2 are in test/cost.primal.test.ts and test/cost.dual.test.ts. Seeded.
 */
import { describe, expect, it } from 'vitest';
import { vecMat, vecEqual, weight, fromIndices } from '../src/gf2/index.ts';
import { dualPrangeLog2Trials, dualPrangeSuccessPerTrial, pooledGaussSuccessPerTrial } from '../src/cost/index.ts';
import { DualPrange, dualPrange } from '../src/learners/dualPrange.ts';
import { pooledGauss, PooledGaussTrial } from '../src/learners/pooledGauss.ts';
import { fixedWeightIndices, seededRng } from '../src/rng.ts';
import { contains, log2Binom, probFullRank, wilson, Z99 } from '../src/stats.ts';
import { sampleExamples, sampleSecret, taskParams } from '../src/task/bimodal.ts';
import { estimateRisk } from '../src/task/risk.ts';

function instance(n: number, seed: string) {
  const p = taskParams(n);
  const rng = seededRng(seed, 'task');
  const s = sampleSecret(n, rng);
  return { p, s, ex: sampleExamples(p, s, rng) };
}

// The per-trial success rate of the real trial kernel matches
// C(m−t, n)/C(m, n) × Pr[full rank], with t the instance's actual noise count. Trials are pooled
// over a few instances; the expected count is Σ trials·p_i, and a sum of binomials with
// different p_i has less variance than one binomial at their mean, so the Wilson interval of
// the pooled rate is a fair (slightly conservative) check.
describe('pooled Gauss per-trial success matches the formula', () => {
  for (const [n, trialsPerInstance] of [
    [24, 40_000],
    [32, 60_000],
    [48, 90_000],
  ] as const) {
    it(`n = ${n}`, () => {
      let successes = 0;
      let total = 0;
      let expected = 0;
      for (let k = 0; k < 3; k++) {
        const { p, s, ex } = instance(n, `pg-rate-${n}-${k}`);
        const kernel = new PooledGaussTrial({ params: p, A: ex.A, z: ex.z });
        const rng = seededRng(`pg-rate-${n}-${k}`, 'trials');
        for (let i = 0; i < trialsPerInstance; i++) if (kernel.run(rng) >= 0 && vecEqual(kernel.candidate, s)) successes++;
        total += trialsPerInstance;
        expected += trialsPerInstance * pooledGaussSuccessPerTrial(p.m, n, weight(ex.e));
      }
      expect(successes).toBeGreaterThan(30); // enough events for the interval to mean something
      expect(contains(wilson(successes, total, Z99), expected / total)).toBe(true);
    });
  }
});

describe('pooled Gauss learner', () => {
  it('recovers s on an easy instance (n = 32, θ = n^-1/2, m = 4n) within its budget; risk interval contains θ', () => {
    const { p, s, ex } = instance(32, 'pg-easy');
    const fit = pooledGauss.fit({ params: p, A: ex.A, z: ex.z }, { trials: 200_000 }, seededRng('pg-easy', 'eve'));
    expect(vecEqual(fit.sHat!, s)).toBe(true);
    expect(fit.accepted).toBe(true);
    expect(fit.budgetExhausted).toBe(false);
    const risk = estimateRisk(fit.h, p, s, 20_000, seededRng('pg-easy', 'test'), Z99);
    expect(contains(risk, p.theta)).toBe(true);
  });

  it('accepts by the strict 2^-40 test at n = 64 (θ = 1/32, to keep it quick) and reports that test', () => {
    const p = taskParams(64, 1 / 32);
    const rng = seededRng('pg-64', 'task');
    const s = sampleSecret(64, rng);
    const ex = sampleExamples(p, s, rng);
    const fit = pooledGauss.fit({ params: p, A: ex.A, z: ex.z }, { trials: 2_000_000 }, seededRng('pg-64', 'eve'));
    expect(vecEqual(fit.sHat!, s)).toBe(true);
    expect(fit.details!.log2FalseAccept as number).toBeLessThanOrEqual(-40);
    expect(fit.note).toMatch(/strict/);
  });

  it('stops at its trial budget and says so', () => {
    const { p, ex } = instance(128, 'pg-budget');
    const fit = pooledGauss.fit({ params: p, A: ex.A, z: ex.z }, { trials: 50 }, seededRng('pg-budget', 'eve'));
    expect(fit.trials).toBe(50);
    expect(fit.budgetExhausted).toBe(true);
    expect(fit.accepted).toBe(false);
  });
});

describe('dual Prange (syndrome decoding of x* = rᵀA)', () => {
  it('per-trial success matches C(n, w)/C(m, w) × Pr[full rank] (n = 32, m = 128, w = 4)', () => {
    const n = 32;
    const w = 4;
    const { ex } = instance(n, 'dual-rate');
    const dp = new DualPrange(ex.A);
    const rng = seededRng('dual-rate', 'trials');
    let successes = 0;
    let total = 0;
    for (let c = 0; c < 4; c++) {
      const r = fromIndices(ex.A.rows, fixedWeightIndices(seededRng(`dual-rate-${c}`, 'bob'), ex.A.rows, w));
      const xStar = vecMat(r, ex.A);
      for (let i = 0; i < 50_000; i++) {
        const got = dp.trial(xStar, w, rng);
        if (got && vecEqual(got, r)) successes++;
        total++;
      }
    }
    const p = dualPrangeSuccessPerTrial(ex.A.rows, n, w);
    // Same as the "all w ones among the n chosen" count C(m−w, n−w)/C(m, n).
    expect(p).toBeCloseTo(2 ** (log2Binom(128 - w, n - w) - log2Binom(128, n)) * probFullRank(n, n), 12);
    expect(successes).toBeGreaterThan(30);
    expect(contains(wilson(successes, total, Z99), p)).toBe(true);
  });

  it('finds Bob’s r within a budget, and returns null (budget exhausted) when the budget is too small', () => {
    const { ex } = instance(48, 'dual-find');
    const w = 5;
    const r = fromIndices(ex.A.rows, fixedWeightIndices(seededRng('dual-find', 'bob'), ex.A.rows, w));
    const xStar = vecMat(r, ex.A);
    const found = dualPrange(ex.A, xStar, w, { trials: 1_000_000 }, seededRng('dual-find', 'eve'));
    expect(found.r && vecEqual(found.r, r)).toBe(true);
    expect(found.budgetExhausted).toBe(false);
    const starved = dualPrange(ex.A, xStar, w, { trials: 3 }, seededRng('dual-find', 'eve2'));
    expect(starved.r).toBeNull();
    expect(starved.trials).toBe(3);
    expect(starved.budgetExhausted).toBe(true);
    expect(starved.log2TrialsExpected).toBeCloseTo(dualPrangeLog2Trials(192, 48, 5), 9);
  });
});
