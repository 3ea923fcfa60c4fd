/**
 * The learning experiment on the natural control (src/separation/gaussian.ts; DESIGN.md §8):
 * A_μ on (x, y, z) against ordinary least squares on (x, z) alone, in the shape of `sepka
 * learn`'s report (experiment.ts LearnReport). A hypothesis h(x) = ⟨x, ŝ⟩ is scored, like the
 * protocol's raw bits, by sign: risk = Pr[sign h(x) ≠ sign z] on T fresh examples with a 99%
 * Wilson interval. The Bayes risk (h = ⟨x, s⟩) is arctan(θ)/π; least squares, fitted from the
 * noisy labels alone, comes within a hair of it: there is no separation to measure.
 */
import { gaussians, leastSquares } from '../separation/reals.ts';
import { gaussianSeparation, type GaussianParams } from '../separation/gaussian.ts';
import { makeRng } from '../rng.ts';
import { leastSquaresOps } from '../cost/leastSquares.ts';
import { wilson, Z99 } from '../stats.ts';
import { SepkaError } from '../errors.ts';
import type { LearnReport } from './experiment.ts';

/** Sign risk of ŝ (column 0 of an n×L matrix) on T fresh examples of secret s (column 0). */
function signRisk(p: GaussianParams, s: Float64Array, sHat: Float64Array, T: number, rng: ReturnType<typeof makeRng>): { risk: number; ci: [number, number] } {
  const sigma = p.theta * Math.sqrt(p.n);
  let wrong = 0;
  for (let t = 0; t < T; t++) {
    const x = gaussians(rng, p.n);
    let y = 0;
    let h = 0;
    for (let i = 0; i < p.n; i++) {
      y += x[i] * s[i * p.L];
      h += x[i] * sHat[i * p.L];
    }
    const z = y + sigma * gaussians(rng, 1)[0];
    if (h >= 0 !== z >= 0) wrong++;
  }
  const w = wilson(wrong, T, Z99);
  return { risk: wrong / T, ci: [w.lo, w.hi] };
}

export function runRegressionLearn(o: { params: GaussianParams; test: number; seed?: string }): LearnReport {
  const t0 = performance.now();
  const p = { ...o.params, L: 1 };
  const sep = gaussianSeparation(p);
  const rng = makeRng(o.seed, 'learn/gaussian-regression');
  const task = sep.sampleTask(rng);
  const ex = sep.drawExamples(task, rng);
  const tA = performance.now();
  const sHat = sep.learnMultimodal(ex);
  const msA = performance.now() - tA;
  if (!sHat) throw new SepkaError('SEPKA_ERR_LEARN_FAILED', 'A_μ: AᵀA is singular (rank(A) < n)');
  const tE = performance.now();
  const ls = leastSquares(ex.A, p.m, p.n);
  const sEve = ls ? ls.solve(ex.Z, 1) : new Float64Array(p.n);
  const msE = performance.now() - tE;
  const bayesRisk = Math.atan(p.theta) / Math.PI;
  const multi = signRisk(p, task.S, sHat, o.test, rng);
  const uni = signRisk(p, task.S, sEve, o.test, rng);
  let maxErr = 0;
  for (let i = 0; i < p.n; i++) maxErr = Math.max(maxErr, Math.abs(sHat[i] - task.S[i]));
  let dist = 0;
  for (let i = 0; i < p.n; i++) dist += (sEve[i] - task.S[i]) ** 2;
  const rel = Math.sqrt(dist / p.n);
  const ops = leastSquaresOps(p.m, p.n, 1);
  return {
    separation: 'gaussian-regression',
    n: p.n,
    theta: p.theta,
    samples: p.m,
    test: o.test,
    confidence: 0.99,
    seeded: o.seed !== undefined,
    budget: { ms: null, trials: null },
    // Every label carries Gaussian noise.
    noiseCount: p.m,
    multimodal: { risk: multi.risk, ci: multi.ci, ms: msA, recoveredSecret: maxErr < 1e-6, bayesRisk },
    unimodal: [
      {
        name: 'least-squares',
        risk: uni.risk,
        ci: uni.ci,
        ms: msE,
        // Over R a noisy fit is never s itself; how far it is, is in `details`.
        recoveredSecret: false,
        accepted: ls !== null,
        trials: 1,
        budgetExhausted: false,
        msPerTrial: msE,
        log2TrialsExpected: null,
        verdict: 'recovered',
        statement: `learns the task from (x, z) alone in one polynomial fit (2^${Math.log2(ops).toFixed(1)} multiply-adds, ${msE.toFixed(0)} ms): no separation`,
        note: 'ordinary least squares ŝ = (AᵀA)⁻¹Aᵀz; scored by sign, as the raw bits are',
        details: { rmsError: rel, log2Ops: Math.log2(ops) },
      },
    ],
    skipped: [],
    ms: performance.now() - t0,
  };
}
