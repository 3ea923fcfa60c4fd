/**
 * Eve's simpler learners and the binomial tails behind every acceptance test: brute force
 * (where its union bound says it must succeed), BKW (LF1) with and without enough samples, and
 * the baselines that cannot express a parity (risk interval contains 1/2). Seeded; 99% Wilson.
 */
import { describe, expect, it } from 'vitest';
import { SepkaError } from '../src/errors.ts';
import { vecEqual } from '../src/gf2/vec.ts';
import { log2BinomCdf, log2BinomSf, passThreshold, strictThreshold } from '../src/learners/binomial.ts';
import { bkw } from '../src/learners/bkw.ts';
import { BKW_MAX_B, bkwBestPlan, bkwPlan, bkwPlanFor, formatLog2 } from '../src/cost/index.ts';
import { bruteForce } from '../src/learners/bruteForce.ts';
import { logreg } from '../src/learners/logreg.ts';
import { majority } from '../src/learners/majority.ts';
import { UnimodalLearner } from '../src/learners/types.ts';
import { seededRng } from '../src/rng.ts';
import { contains, Z99 } from '../src/stats.ts';
import { sampleExamples, sampleSecret, taskParams, TaskParams } from '../src/task/bimodal.ts';
import { estimateRisk } from '../src/task/risk.ts';

function fitOn(learner: UnimodalLearner, p: TaskParams, seed: string, budget = { ms: 10_000 }) {
  const rng = seededRng(seed, 'task');
  const s = sampleSecret(p.n, rng);
  const ex = sampleExamples(p, s, rng);
  const fit = learner.fit({ params: p, A: ex.A, z: ex.z }, budget, seededRng(seed, learner.name));
  return { s, fit, risk: estimateRisk(fit.h, p, s, 20_000, seededRng(seed, 'test'), Z99) };
}

describe('binomial tails (the thresholds behind every test)', () => {
  it('agree with direct summation on small cases', () => {
    // Pr[Bin(10, 1/2) ≤ 2] = (1 + 10 + 45)/1024.
    expect(2 ** log2BinomCdf(10, 0.5, 2)).toBeCloseTo(56 / 1024, 12);
    expect(2 ** log2BinomCdf(10, 0.3, 4) + 2 ** log2BinomSf(10, 0.3, 4)).toBeCloseTo(1, 12);
  });
  it('strictThreshold is the largest τ with tail ≤ α; passThreshold the smallest with Pr[> τ] ≤ β', () => {
    const tau = strictThreshold(768, -40);
    expect(log2BinomCdf(768, 0.5, tau)).toBeLessThanOrEqual(-40);
    expect(log2BinomCdf(768, 0.5, tau + 1)).toBeGreaterThan(-40);
    const q = passThreshold(1024, 1 / 16, -7);
    expect(log2BinomSf(1024, 1 / 16, q)).toBeLessThanOrEqual(-7);
    expect(log2BinomSf(1024, 1 / 16, q - 1)).toBeGreaterThan(-7);
  });
});

describe('brute force (ML by exhaustive search)', () => {
  it('recovers s where its union bound says it must (n = 16, m = 128, θ = 1/4: Pr[fail] ≤ 2^-11)', () => {
    const { s, fit, risk } = fitOn(bruteForce, taskParams(16, 0.25, 128), 'brute16');
    expect(fit.details!.log2FailBound as number).toBeLessThan(-10);
    expect(vecEqual(fit.sHat!, s)).toBe(true);
    expect(fit.trials).toBe(2 ** 16);
    expect(contains(risk, 0.25)).toBe(true);
  });
  it('recovers s at n = 20 with the default θ and m = 8n', () => {
    const { s, fit } = fitOn(bruteForce, taskParams(20, undefined, 160), 'brute20');
    expect(fit.details!.log2FailBound as number).toBeLessThan(-7);
    expect(vecEqual(fit.sHat!, s)).toBe(true);
  });
  it('refuses n > 24 with a clear reason', () => {
    expect(() => fitOn(bruteForce, taskParams(25), 'brute25')).toThrowError(/refused for n = 25 > 24/);
    expect(() => fitOn(bruteForce, taskParams(25), 'brute25')).toThrowError(SepkaError);
  });
});

describe('BKW (LF1)', () => {
  it('recovers s when it has the samples its plan needs (n = 16, θ = 1/4, m = 2048)', () => {
    const p = taskParams(16, 0.25, 2048);
    const plan = bkwPlan(p.n, p.theta);
    expect(plan.log2SamplesNeeded).toBeLessThan(Math.log2(p.m));
    const { s, fit, risk } = fitOn(bkw, p, 'bkw16');
    expect(fit.limit).toBeUndefined();
    expect(vecEqual(fit.sHat!, s)).toBe(true);
    expect(fit.accepted).toBe(true);
    expect(contains(risk, 0.25)).toBe(true);
  });
  it('recovers s over several reduction steps (n = 30, θ = 0.05, m = 4096)', () => {
    const p = taskParams(30, 0.05, 4096);
    const plan = bkwPlan(p.n, p.theta);
    expect(plan.a).toBeGreaterThan(1);
    const { s, fit } = fitOn(bkw, p, 'bkw30');
    expect(vecEqual(fit.sHat!, s)).toBe(true);
  });
  it('is sample-bound with m = 4n at n = 64 and says so', () => {
    const { fit, risk } = fitOn(bkw, taskParams(64), 'bkw64');
    expect(fit.limit).toBe('samples');
    expect(fit.note).toMatch(/needs ≈ 2\^[\d.]+ samples, has 256/);
    expect(contains(risk, 0.5)).toBe(true);
  });
  it('N(b) in the log domain matches the header formula computed directly', () => {
    for (const [n, theta, b] of [[30, 0.05, 8], [64, 1 / 8, 16], [64, 1 / 8, 10]]) {
      const a = Math.ceil(n / b);
      const eps = (1 - 2 * theta) ** (2 ** (a - 1));
      const N = (a - 1) * (2 ** b - 1) + (4 * (b * Math.LN2 + Math.log(a) + 7 * Math.LN2)) / eps ** 2;
      expect(bkwPlanFor(n, theta, b).log2SamplesNeeded).toBeCloseTo(Math.log2(N), 9);
    }
  });
  it('the best plan is the minimum of N(b) over every a ≥ 2, and the run keeps b ≤ 16', () => {
    for (const n of [64, 128, 256]) {
      const theta = 1 / Math.sqrt(n);
      let min = Infinity;
      for (let b = 1; b < n; b++) min = Math.min(min, bkwPlanFor(n, theta, b).log2SamplesNeeded);
      const best = bkwBestPlan(n, theta);
      const run = bkwPlan(n, theta);
      expect(best.log2SamplesNeeded).toBeCloseTo(Math.min(min, run.log2SamplesNeeded), 9);
      expect(run.b).toBeLessThanOrEqual(BKW_MAX_B);
      expect(best.log2SamplesNeeded).toBeLessThanOrEqual(run.log2SamplesNeeded);
    }
  });
  it('states both the best and the run\'s plan when the b ≤ 16 limit binds (n = 128)', () => {
    const p = taskParams(128);
    const run = bkwPlan(p.n, p.theta);
    const best = bkwBestPlan(p.n, p.theta);
    expect(best.b).toBeGreaterThan(BKW_MAX_B); // the limit binds here
    const { fit } = fitOn(bkw, p, 'bkw128');
    expect(fit.limit).toBe('samples');
    expect(fit.note).toContain(`needs ≈ 2^${best.log2SamplesNeeded.toFixed(1)} samples, has ${p.m}`);
    expect(fit.note).toContain(`a = ${best.a}, b = ${best.b}`);
    expect(fit.note).toContain(`b = ${run.b}, a = ${run.a}, final bias 2^${run.log2Bias.toFixed(1)}, needs 2^${run.log2SamplesNeeded.toFixed(1)}`);
  });
});

describe('BKW plans past the double range (paper-128: n = 7168, θ = n^-1/2)', () => {
  // At b ≤ 4 the a − 1 ≥ 1792 squarings put log2 ε below −2^1024: −∞ in doubles. Before the fix
  // N(1) was NaN, nothing compares below NaN, and the note read "final bias 2^-Infinity;
  // needs ≈ 2^NaN samples" (seen on the demo --web page).
  const n = 7168;
  const theta = 1 / Math.sqrt(n);
  it('every plan is a number or +∞, never NaN, and the best is the finite minimum', () => {
    let min = Infinity;
    for (let b = 1; b < n; b += 1) {
      const p = bkwPlanFor(n, theta, b);
      expect(Number.isNaN(p.log2SamplesNeeded)).toBe(false);
      min = Math.min(min, p.log2SamplesNeeded);
    }
    expect(bkwPlanFor(n, theta, 1).log2SamplesNeeded).toBe(Infinity);
    const best = bkwBestPlan(n, theta);
    expect(Number.isFinite(best.log2SamplesNeeded)).toBe(true);
    expect(best.log2SamplesNeeded).toBeCloseTo(min, 9);
    expect(Number.isFinite(bkwPlan(n, theta).log2SamplesNeeded)).toBe(true);
  });
  it('formatLog2 prints a tower for an exponent past the double range, a plain power otherwise', () => {
    const p1 = bkwPlanFor(n, theta, 1);
    // log2(−log2 ε) = (a − 1) + log2(−log2(1 − 2θ)) = 7167 + log2(0.0172…) ≈ 7161.1
    expect(formatLog2(p1.log2Bias, p1, theta)).toBe(`2^-(2^${(n - 1 + Math.log2(-Math.log2(1 - 2 * theta))).toFixed(1)})`);
    expect(formatLog2(-12.34, p1, theta)).toBe('2^-12.3');
    // The run's own plan (b = 16, a = 448) is finite but far past toFixed's plain range.
    const run = bkwPlan(n, theta);
    expect(run.log2Bias).toBeLessThan(-1e21);
    expect(formatLog2(run.log2Bias, run, theta)).toBe(`2^-(2^${Math.log2(-run.log2Bias).toFixed(1)})`);
    expect(formatLog2(run.log2Bias, run, theta)).not.toMatch(/e\+/);
  });
});

describe('baselines that cannot learn a parity', () => {
  for (const learner of [majority, logreg]) {
    it(`${learner.name}: risk interval contains 1/2 even at n = 16 with many samples`, () => {
      const { fit, risk } = fitOn(learner, taskParams(16, 0.05, 2048), `base-${learner.name}`);
      expect(fit.limit).toBe('model');
      expect(contains(risk, 0.5)).toBe(true);
    });
  }
  it('logreg does learn a function it can express (a single feature): sanity of the ML baseline', () => {
    // With s = e_0 the label is x_0 ⊕ e — a linear threshold of ±1 features — so risk → θ.
    const p = taskParams(16, 0.1, 512);
    const rng = seededRng('lr', 'task');
    const s = new Uint32Array(1);
    s[0] = 1;
    const ex = sampleExamples(p, s, rng);
    const fit = logreg.fit({ params: p, A: ex.A, z: ex.z }, { ms: 10_000 }, seededRng('lr', 'fit'));
    const risk = estimateRisk(fit.h, p, s, 20_000, seededRng('lr', 'test'), Z99);
    expect(risk.hi).toBeLessThan(0.15);
  });
});
