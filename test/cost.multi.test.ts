/**
 * The multi-target cost model (src/cost/multi.ts, advanced.ts, quantum.ts): its fast paths
 * against the direct formulas, its limits (one target = isd.ts), the cost-per-success bound,
 * and the figures the design notes quote. Deterministic: no sampling here (real breaks are in
 * test/learners.multiTarget.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  binomialLaw,
  bjmmCost,
  collisionIsdLog2Success,
  groverPrange,
  log2Gauss,
  log2MeanSuccess,
  medianLightest,
  optimiseBjmm,
  optimiseCollisionIsd,
  optimiseMultiTarget,
  prangeLog2Trials,
  probSomeBroken,
  relevantLaw,
} from '../src/cost/index.ts';
import { log2SumExp2 } from '../src/stats.ts';

describe('multi-target cost model', () => {
  it('the mean success over a binomial law equals the direct sum of isd.ts terms', () => {
    for (const [n, m, theta] of [[64, 256, 1 / 8], [256, 1024, 1 / 16], [1024, 4096, 1 / 32]] as const) {
      const inst = { N: m, K: n, law: binomialLaw(m, theta), targets: 1 };
      for (const [v, p, ell] of [['stern', 0, 0], ['stern', 2, 10], ['dumer', 3, 20]] as const) {
        const direct = log2SumExp2(inst.law.map(({ W, log2Pr }) => log2Pr + collisionIsdLog2Success(v, { N: m, K: n, W }, p, ell)));
        expect(log2MeanSuccess(v, inst, p, ell)).toBeCloseTo(direct, 8);
      }
    }
  });

  it('the relevant part of the law keeps the mean success to within 1e-6 bits', () => {
    const law = binomialLaw(4096, 1 / 32);
    const full = { N: 4096, K: 1024, law, targets: 1 };
    const cut = { ...full, law: relevantLaw(law, 4096, 1024) };
    for (const p of [0, 2, 6]) expect(log2MeanSuccess('stern', cut, p, 20)).toBeCloseTo(log2MeanSuccess('stern', full, p, 20), 6);
  });

  it('one target of fixed weight is the single-target model (isd.ts) up to the syndrome transform', () => {
    const inst = { N: 4096, K: 3072, W: 27 };
    const G = log2Gauss(1024);
    const one = { N: 4096, K: 3072, law: [{ W: 27, log2Pr: 0 }], targets: 1 };
    expect(optimiseMultiTarget('prange', one, G).log2Trials).toBeCloseTo(prangeLog2Trials(inst), 9);
    const s = optimiseCollisionIsd('stern', inst, G);
    expect(Math.abs(optimiseMultiTarget('stern', one, G).log2BitOps - s.log2BitOps)).toBeLessThan(0.05);
  });

  it('cost per success: k / Pr[some target broken within k] never falls below 1/(T·E[P])', () => {
    const law = binomialLaw(128, 1 / 8);
    const T = 16;
    const P = (W: number) => 2 ** collisionIsdLog2Success('stern', { N: 128, K: 32, W }, 0, 0);
    const bound = -(log2MeanSuccess('stern', { N: 128, K: 32, law, targets: T }, 0, 0) + Math.log2(T));
    for (const k of [1, 2, 8, 64, 512, 4096]) expect(Math.log2(k / probSomeBroken(law, P, k, T))).toBeGreaterThanOrEqual(bound - 1e-9);
    // and is approached for small k (the union bound is tight when T·E[P] is small)
    expect(Math.log2(1 / probSomeBroken(law, P, 1, T))).toBeLessThan(bound + 0.5);
  });

  it('paper-1024: the lightest of 128 columns has median weight ≈ 101, multi targets cost bits', () => {
    const law = binomialLaw(4096, 1 / 32);
    expect(Math.abs(medianLightest(law, 128) - 101)).toBeLessThanOrEqual(2);
    const G = log2Gauss(1024);
    const one = optimiseMultiTarget('dumer', { N: 4096, K: 1024, law, targets: 1 }, G);
    const all = optimiseMultiTarget('dumer', { N: 4096, K: 1024, law, targets: 128 }, G);
    expect(all.log2BitOps).toBeLessThan(one.log2BitOps - 3);
    // typical-weight single target (estimate.ts's row) is dearer than the binomial mean
    expect(optimiseCollisionIsd('dumer', { N: 4096, K: 1024, W: 128 }, G).log2BitOps).toBeGreaterThan(one.log2BitOps);
  });

  it('BJMM: coarse ℓ grid equals the exhaustive search; ε = 0 is MMT; never above Dumer by more than a bit', () => {
    const G = log2Gauss(1024);
    for (const inst of [{ N: 4096, K: 3072, law: [{ W: 27, log2Pr: 0 }], targets: 1 }, { N: 4096, K: 1024, law: [{ W: 128, log2Pr: 0 }], targets: 1 }]) {
      const coarse = optimiseBjmm(inst, G)!;
      const fine = optimiseBjmm(inst, G, false, 24, 1)!;
      expect(coarse.log2BitOps).toBeCloseTo(fine.log2BitOps, 6);
      expect(bjmmCost(inst, 8, 0, 40, G)!.algorithm).toBe('mmt');
      const d = optimiseCollisionIsd('dumer', { N: inst.N, K: inst.K, W: inst.law[0].W }, G);
      expect(coarse.log2BitOps).toBeLessThan(d.log2BitOps + 1);
    }
  });

  it('Grover-Prange costs half the Prange exponent plus the check circuit', () => {
    const inst = { N: 4096, K: 3072, W: 27 };
    const G = log2Gauss(1024);
    const q = groverPrange({ N: 4096, K: 3072, law: [{ W: 27, log2Pr: 0 }], targets: 1 }, G);
    const expected = Math.log2(Math.PI / 4) + prangeLog2Trials(inst) / 2 + 1 + log2SumExp2([G, 2 * Math.log2(1024)]);
    expect(q.log2Gates).toBeCloseTo(expected, 9);
  });
});
