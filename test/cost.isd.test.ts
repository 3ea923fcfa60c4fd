/**
 * src/cost/isd.ts: Prange's count against its closed form, Stern with p = 0, ℓ = 0 reducing to
 * Prange, Stern's and Dumer's per-iteration success against a simulation (Peters 2011 §5.2),
 * and the pruned ℓ search against the exhaustive one. Seeded.
 */
import { describe, expect, it } from 'vitest';
import {
  collisionIsd,
  collisionIsdLog2Success,
  log2ExpectedSolutions,
  log2Gauss,
  log2PrangeCount,
  optimiseCollisionIsd,
  prangeLog2Trials,
  type SdInstance,
} from '../src/cost/index.ts';
import { paperLine } from '../src/measure/estimate.ts';
import { fixedWeightIndices, seededRng } from '../src/rng.ts';
import { log2Binom, wilson, Z99 } from '../src/stats.ts';

describe('ISD cost formulas', () => {
  it('Prange equals the closed form C(m,t)/C(m−n,t) on the primal route', () => {
    const n = 256, m = 1024, t = 64;
    expect(prangeLog2Trials({ N: m, K: n, W: t })).toBeCloseTo(log2Binom(m, t) - log2Binom(m - n, t), 9);
    expect(prangeLog2Trials({ N: m, K: m - n, W: 13 })).toBeCloseTo(log2Binom(m, 13) - log2Binom(n, 13), 9);
  });

  it('Prange corrects for several solutions only when C(N, W) > 2^{N−K}', () => {
    const unique = { N: 1024, K: 768, W: 13 };
    expect(log2ExpectedSolutions(unique)).toBeLessThan(0);
    expect(prangeLog2Trials(unique)).toBe(log2PrangeCount(unique));
    const many = { N: 256, K: 192, W: 40 }; // C(256, 40) ≈ 2^159 ≫ 2^64 solutions
    expect(log2ExpectedSolutions(many)).toBeGreaterThan(0);
    expect(prangeLog2Trials(many)).toBeCloseTo(Math.max(0, log2PrangeCount(many) - log2ExpectedSolutions(many)), 12);
  });

  it('Stern with p = 0, ℓ = 0 is Prange', () => {
    const inst = { N: 1024, K: 768, W: 13 };
    expect(collisionIsd('stern', inst, 0, 0, 22).log2Trials).toBeCloseTo(prangeLog2Trials(inst), 9);
    expect(-collisionIsdLog2Success('stern', inst, 0, 0)).toBeCloseTo(log2PrangeCount(inst), 9);
  });

  it('Stern\'s and Dumer\'s per-iteration success probability matches a simulation (Peters 2011 §5.2)', () => {
    // An information set of K positions (Stern: halves of K; Dumer: halves of K + ℓ) and an
    // ℓ-window; success = exactly p errors in each half and none in the window. Uniform error
    // positions stand in for a uniform permutation. C(40, 4) < 2^20: one solution, no correction.
    const inst: SdInstance = { N: 40, K: 20, W: 4 };
    const rng = seededRng(1, 'isd-sim');
    const trials = 20_000;
    for (const variant of ['stern', 'dumer'] as const) {
      for (const [p, ell] of [[1, 2], [2, 0], [1, 5]]) {
        const span = variant === 'stern' ? inst.K : inst.K + ell;
        const h1 = Math.floor(span / 2);
        let ok = 0;
        for (let i = 0; i < trials; i++) {
          let a = 0, b = 0, win = 0;
          for (const x of fixedWeightIndices(rng, inst.N, inst.W)) {
            if (x < h1) a++;
            else if (x < span) b++;
            else if (variant === 'stern' && x < inst.K + ell) win++;
          }
          if (a === p && b === p && win === 0) ok++;
        }
        const predicted = 2 ** -collisionIsd(variant, inst, p, ell, 10).log2Trials;
        expect(2 ** collisionIsdLog2Success(variant, inst, p, ell)).toBeCloseTo(predicted, 12);
        const ci = wilson(ok, trials, Z99);
        expect(ci.lo <= predicted && predicted <= ci.hi, `${variant} p=${p} ℓ=${ell}: ${ok}/${trials} vs ${predicted}`).toBe(true);
      }
    }
  });

  it('the pruned ℓ search finds the exhaustive optimum', () => {
    const exhaustive = (variant: 'stern' | 'dumer', inst: SdInstance, log2G: number) => {
      let best = collisionIsd(variant, inst, 0, 0, log2G).log2BitOps;
      for (let p = 1; p <= Math.min(12, Math.floor(inst.W / 2)); p++) {
        for (let ell = 0; ell <= inst.N - inst.K - (inst.W - 2 * p); ell++) best = Math.min(best, collisionIsd(variant, inst, p, ell, log2G).log2BitOps);
      }
      return best;
    };
    for (const n of [64, 256, 1024]) {
      const { m, w, theta } = paperLine(n);
      const log2G = 2.8 * Math.log2(n);
      expect(log2Gauss(n)).toBe(log2G);
      for (const inst of [{ N: m, K: n, W: Math.round(theta * m) }, { N: m, K: m - n, W: w }]) {
        for (const v of ['stern', 'dumer'] as const) expect(optimiseCollisionIsd(v, inst, log2G).log2BitOps).toBeCloseTo(exhaustive(v, inst, log2G), 6);
      }
    }
  });
});
