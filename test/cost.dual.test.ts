/**
 * src/cost/dual.ts: the dual route's counts against DESIGN.md §2, dual Stern's plan against the
 * estimator's dual-stern optimum, and Eve's Prange-vs-Stern choice. (The learners' measured
 * per-trial / per-iteration success is checked against these formulas in
 * test/learners.prange.test.ts and test/learners.dualStern.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  collisionIsdLog2Success,
  dualLog2Trials,
  dualPlan,
  dualPrangeLog2Trials,
  dualPrangeSuccessPerTrial,
  dualSternLog2Success,
  dualSternPlan,
} from '../src/cost/index.ts';
import { estimateCosts } from '../src/measure/estimate.ts';
import { loadProfile } from '../src/protocol/profile.ts';
import { log2Binom, probFullRank } from '../src/stats.ts';

describe('dual route cost formulas', () => {
  it('matches the DESIGN.md §2 dual figure at n = 256, w = 13: C(m,w)/C(n,w) ≈ 2^26, plus the rank factor', () => {
    const noRank = log2Binom(1024, 13) - log2Binom(256, 13);
    expect(Math.round(noRank)).toBe(26);
    expect(dualPrangeLog2Trials(1024, 256, 13) - noRank).toBeCloseTo(-Math.log2(probFullRank(256, 256)), 9);
    expect(dualLog2Trials(256, 1024, 13)).toBeCloseTo(noRank, 12);
    expect(dualPrangeSuccessPerTrial(1024, 256, 13)).toBeCloseTo(2 ** -dualPrangeLog2Trials(1024, 256, 13), 20);
  });

  it('dual Stern\'s success is isd.ts\'s Stern formula on the [m, m − n] code', () => {
    for (const [m, n, w, p, ell] of [[128, 32, 4, 1, 4], [131, 40, 4, 2, 31], [1024, 256, 13, 2, 23]] as const) {
      const k = m - n;
      const direct = log2Binom(Math.floor(k / 2), p) + log2Binom(Math.ceil(k / 2), p) + log2Binom(n - ell, w - 2 * p) - log2Binom(m, w);
      expect(dualSternLog2Success(m, n, w, { p, ell })).toBeCloseTo(direct, 9);
      expect(dualSternLog2Success(m, n, w, { p, ell })).toBe(collisionIsdLog2Success('stern', { N: m, K: m - n, W: w }, p, ell));
    }
  });

  it('plans the estimator’s dual-stern optimum on every shipped profile (default: p = 2, ℓ = 23, 2^12.9)', () => {
    // The p ≤ 2, ℓ ≤ 31 limits must not make Eve run something other than what is priced.
    for (const name of ['toy-insecure', 'demo-256', 'paper-1024']) {
      const prof = loadProfile(name);
      const plan = dualSternPlan(prof.m, prof.n, prof.w);
      const row = estimateCosts({ n: prof.n, theta: prof.theta, m: prof.m, w: prof.w }).attacks.find((x) => x.route === 'dual' && x.algorithm === 'stern')!;
      expect(plan, name).toEqual({ p: row.p, ell: row.ell });
      expect(-dualSternLog2Success(prof.m, prof.n, prof.w, plan)).toBeCloseTo(row.log2Trials, 6);
      // Eve runs Stern on every shipped profile (src/eve/dual.ts).
      expect(dualPlan(prof.m, prof.n, prof.w), name).toEqual(plan);
    }
    expect(dualSternPlan(1024, 256, 13)).toEqual({ p: 2, ell: 23 });
  });

  it('Eve has no Stern plan without two ones to split or without a redundancy', () => {
    expect(dualPlan(128, 32, 1)).toBeNull();
    expect(dualPlan(32, 32, 4)).toBeNull();
    expect(() => dualSternPlan(128, 32, 1)).toThrow(/w ≥ 2/);
  });
});
