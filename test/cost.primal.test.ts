/**
 * src/cost/primal.ts and src/cost/balance.ts: the primal route's counts against DESIGN.md §2,
 * the per-trial success and planned trials of pooled Gauss, and balanced w. (The learner's
 * measured per-trial success is checked against `pooledGaussSuccessPerTrial` in
 * test/learners.prange.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import {
  balancedW,
  dualLog2Trials,
  LOG2_BETA,
  log2NoiseFreeSubsets,
  pooledGaussLog2Trials,
  pooledGaussPlannedTrials,
  pooledGaussSuccessPerTrial,
  primalLog2Trials,
} from '../src/cost/index.ts';
import { log2Binom, probFullRank } from '../src/stats.ts';

describe('pooled Gauss cost formula', () => {
  it('gives the DESIGN.md §2 figure at n = 256: 2^27.6 noise-free subsets, 2^29.4 trials with the rank factor', () => {
    const m = 1024;
    const n = 256;
    const t = m / 16;
    // C(m, t)/C(m−n, t) (DESIGN.md §2) equals C(m, n)/C(m−t, n).
    const design = log2Binom(m, t) - log2Binom(m - n, t);
    expect(design).toBeCloseTo(27.56, 1);
    expect(pooledGaussLog2Trials(m, n, t)).toBeCloseTo(design - Math.log2(probFullRank(n, n)), 9);
    expect(pooledGaussLog2Trials(m, n, t) - design).toBeCloseTo(1.79, 2);
    // The two forms of the count agree; primalLog2Trials is the DESIGN.md one at t = round(θm).
    expect(log2NoiseFreeSubsets(m, n, t)).toBeCloseTo(design, 9);
    expect(primalLog2Trials(n, 1 / 16, m)).toBeCloseTo(design, 12);
    expect(pooledGaussSuccessPerTrial(m, n, t)).toBeCloseTo(2 ** -pooledGaussLog2Trials(m, n, t), 20);
  });

  it('plans enough trials to miss s with probability ≤ 2^LOG2_BETA, and no more than one extra', () => {
    for (const [m, n, tHat] of [[128, 32, 23], [256, 64, 30], [1024, 256, 64]]) {
      const p = pooledGaussSuccessPerTrial(m, n, tHat);
      const T = pooledGaussPlannedTrials(m, n, tHat);
      expect(T * Math.log1p(-p) / Math.LN2).toBeLessThanOrEqual(LOG2_BETA + 1e-9);
      expect(T - 1).toBeLessThan((-LOG2_BETA * Math.LN2) / p);
    }
  });
});

describe('balanced w', () => {
  it('matches the DESIGN.md §2 table: the dual count closest to the primal one', () => {
    expect(balancedW(1024, 1 / 32, 4096)).toBe(27);
    expect(balancedW(256, 1 / 16, 1024)).toBe(14);
    expect(balancedW(64, 1 / 8, 256)).toBe(7);
    const target = primalLog2Trials(1024, 1 / 32, 4096);
    const gap = (w: number) => Math.abs(dualLog2Trials(1024, 4096, w) - target);
    for (let w = 1; w <= 1024; w++) expect(gap(w)).toBeGreaterThanOrEqual(gap(27));
  });
});
