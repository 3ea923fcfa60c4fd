/**
 * runLearn, the experiment behind `sepka learn` : the easy n = 32
 * instance, the budget-bound n = 256 instance with the estimated 2^28 trials, reproducibility
 * under a seed, and input validation.
 */
import { describe, expect, it } from 'vitest';
import { SepkaError } from '../src/errors.ts';
import { LearnReport, runLearn } from '../src/learners/experiment.ts';
import { contains } from '../src/stats.ts';

const inCi = (ci: [number, number], x: number) => contains({ lo: ci[0], hi: ci[1] }, x);

function contractFields(r: LearnReport): void {
  expect(typeof r.n).toBe('number');
  expect(typeof r.theta).toBe('number');
  expect(typeof r.samples).toBe('number');
  expect(Object.keys(r.multimodal)).toEqual(expect.arrayContaining(['risk', 'ci', 'ms']));
  expect(r.multimodal.ci).toHaveLength(2);
  for (const u of r.unimodal) {
    expect(Object.keys(u)).toEqual(expect.arrayContaining(['name', 'risk', 'ci', 'ms', 'recoveredSecret']));
    expect(u.ci[0]).toBeLessThanOrEqual(u.risk);
    expect(u.risk).toBeLessThanOrEqual(u.ci[1]);
  }
}

describe('runLearn (the `sepka learn` experiment)', () => {
  it('easy instance n = 32: A_μ and pooled Gauss both recover s, risk intervals contain θ', () => {
    const r = runLearn({ n: 32, seed: 'exp-32', budgetMs: 20_000 });
    contractFields(r);
    expect(r.samples).toBe(128);
    expect(r.test).toBe(20_000);
    expect(r.multimodal.recoveredSecret).toBe(true);
    expect(inCi(r.multimodal.ci, r.theta)).toBe(true);
    const pg = r.unimodal.find((u) => u.name === 'pooled-gauss')!;
    expect(pg.recoveredSecret).toBe(true);
    expect(pg.verdict).toBe('recovered');
    expect(inCi(pg.ci, r.theta)).toBe(true);
    expect(r.skipped.map((s) => s.name)).toEqual(['brute']);
  });

  // The experiment at n = 256, with a small budget here (the 5 s run is in test/slow/).
  it('n = 256 under a budget: every unimodal risk interval contains 1/2; pooled Gauss is budget-bound at ≈ 2^28', () => {
    const r = runLearn({ n: 256, seed: 'exp-256', budgetMs: 400 });
    contractFields(r);
    expect(r.multimodal.recoveredSecret).toBe(true);
    expect(inCi(r.multimodal.ci, 1 / 16)).toBe(true);
    expect(r.unimodal.map((u) => u.name)).toEqual(['majority', 'pooled-gauss', 'bkw', 'logreg']);
    for (const u of r.unimodal) {
      expect(inCi(u.ci, 0.5), `${u.name} risk ${u.risk}`).toBe(true);
      expect(u.recoveredSecret).not.toBe(true);
      expect(u.verdict).not.toBe('recovered');
    }
    const pg = r.unimodal.find((u) => u.name === 'pooled-gauss')!;
    expect(pg.verdict).toBe('budget-bound');
    expect(pg.budgetExhausted).toBe(true);
    expect(pg.statement).toMatch(/^budget-bound failure: .* success needs ≈ 2\^29\.\d trials/);
    expect(pg.details!.log2NoiseFreeSubsets as number).toBeCloseTo(27.6, 1); // DESIGN.md §2: 28
    expect(pg.log2TrialsExpected!).toBeCloseTo(29.35, 1); // + 1.8 bits for Pr[full rank]
    expect(pg.msPerTrial).toBeGreaterThan(0);
    expect(r.unimodal.find((u) => u.name === 'bkw')!.verdict).toBe('sample-bound');
    expect(r.unimodal.find((u) => u.name === 'logreg')!.verdict).toBe('model-bound');
  });

  it('is reproducible under a seed (same instance, same figures)', () => {
    const a = runLearn({ n: 24, seed: 7, test: 2000, learners: ['brute', 'majority'], budgetMs: 10_000 });
    const b = runLearn({ n: 24, seed: 7, test: 2000, learners: ['brute', 'majority'], budgetMs: 10_000 });
    expect(a.seeded).toBe(true);
    expect(a.noiseCount).toBe(b.noiseCount);
    expect(a.unimodal.map((u) => [u.risk, u.trials, u.recoveredSecret])).toEqual(b.unimodal.map((u) => [u.risk, u.trials, u.recoveredSecret]));
  });

  it('rejects bad input with SEPKA_ERR_USAGE', () => {
    const usage = (f: () => unknown, re: RegExp) => {
      expect(f).toThrowError(SepkaError);
      expect(f).toThrowError(re);
    };
    usage(() => runLearn({ n: 32, learners: ['nope'] }), /unknown learner 'nope'/);
    usage(() => runLearn({ n: 32, learners: ['brute'] }), /refused for n = 32/);
    usage(() => runLearn({ n: 32, test: 0 }), /test must be/);
    usage(() => runLearn({ n: 1 }), /n must be/);
    usage(() => runLearn({ n: 32, samples: 20, learners: ['pooled-gauss'] }), /more samples than unknowns/);
  });
});
