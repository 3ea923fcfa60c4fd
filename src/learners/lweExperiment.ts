/**
 * The learning experiment on the LWE instance (src/separation/lwe.ts; DESIGN.md §8), in the
 * shape of `sepka learn`'s report (experiment.ts LearnReport): one secret column s ∈ Z^n drawn
 * from χ, m examples (A, y = As, z = As + e mod q), and
 *
 * - A_μ on (A, y): Gauss–Jordan mod q on the noise-free system (zq.ts `solveModQ`);
 * - Eve's lattice route on (A, z), `usvp`: Kannan's embedding of the first m' examples with the
 *   secret's coordinates, as her session attack builds it (lweEve.ts: m' = `embedSamples`; τ
 *   and the success bound from usvp.ts `usvpTarget`), then LLL and progressive BKZ-β, β = 4, 6,
 *   …, 20, at most 4 tours each, until ±(e, −s, τ) is a basis row (usvp.ts `usvpAttack`, its
 *   deadline checked after every tour, the β reached reported). Unlike the session's attack,
 *   which runs only what her session budget admits, she runs up to the float64 GSO's limit (gso.ts MAX_DIM): m' is cut
 *   to MAX_DIM − n − 1 where needed, and the learner is skipped below m' = n. LLL itself is not
 *   interruptible, so her time may pass the budget by one LLL;
 * - the baseline an ML practitioner tries first, least squares mod q: Gauss–Jordan on the noisy
 *   (A, z). It fails whatever the budget: the n errors it absorbs come out multiplied by A_n⁻¹,
 *   so ŝ is uniform mod q; its residual on the other m − n rows says so.
 *
 * Risk of a hypothesis ŝ, like the protocol's raw bits, by the top-bit rule on T fresh examples:
 * Pr[⌊2⟨x, ŝ⟩/q⌋ ≠ ⌊2z/q⌋], with a 99% Wilson interval. The Bayes risk (ŝ = s) is 1 − the
 * top-bit agreement at w = 1 (lweLaw.ts `lweAgreement`); a learner that learnt nothing has ½.
 */
import { SepkaError } from '../errors.ts';
import { MAX_DIM } from '../lattice/gso.ts';
import { usvpAttack, usvpTarget } from '../lattice/usvp.ts';
import { makeRng, uniformInt, type Rng } from '../rng.ts';
import { lweSeparation } from '../separation/lwe.ts';
import { embedSamples } from '../separation/lweEve.ts';
import { lweAgreement, lweChiStd, lweSigma, type LweParams } from '../separation/lweLaw.ts';
import { gaussians } from '../separation/reals.ts';
import { centredQ, modQ, solveModQ } from '../separation/zq.ts';
import { wilson, Z99 } from '../stats.ts';
import { humanDuration, type LearnerReport, type LearnReport } from './experiment.ts';

/** Block sizes of Eve's progressive BKZ after LLL, and tours per block size at most. */
export const LWE_LEARN_BETAS: readonly number[] = [4, 6, 8, 10, 12, 14, 16, 18, 20];
const TOURS_PER_BETA = 4;

export interface LweLearnOptions {
  /** The instance; L is ignored (one secret column). */
  params: LweParams;
  /** Fresh examples for the risk estimates. */
  test: number;
  /** Eve's lattice route's budget, ms (checked after LLL and after every BKZ tour). */
  budgetMs: number;
  seed?: string;
}

/** What Eve's lattice route did on one instance. */
export interface UsvpRun {
  s: Int32Array | null;
  /** Block size at which s appeared (2: LLL alone), or null. */
  beta: number | null;
  /** Largest block size run. */
  betaRun: number;
  tours: number;
  budgetExhausted: boolean;
  ms: number;
  samples: number;
  dim: number;
}

/** Examples Eve embeds: her session's choice, cut so that the embedding fits the GSO (header). */
export const learnEmbedSamples = (p: { n: number; m: number }): number => Math.min(embedSamples(p), MAX_DIM - p.n - 1);

/** Eve's lattice route on column 0 of (A, z) under a deadline (header); null when m' < n. */
export function usvpUnderBudget(p: LweParams, A: Uint32Array, z: Uint32Array, deadline: number): UsvpRun | null {
  const { n, q } = p;
  const me = learnEmbedSamples(p);
  if (me < n) return null;
  const t0 = performance.now();
  const rows = Array.from({ length: me }, (_, i) => Array.from(A.subarray(i * n, i * n + n)));
  const b = Array.from({ length: me }, (_, i) => z[i * p.L]);
  const { tau, maxNorm2 } = usvpTarget(me, n, lweChiStd(lweSigma(p)));
  const r = usvpAttack(rows, b, q, { tau, maxNorm2, betas: LWE_LEARN_BETAS, maxTours: TOURS_PER_BETA, deadline });
  return {
    s: r.s ? Int32Array.from(r.s) : null,
    beta: r.s ? r.beta : null,
    betaRun: r.betaRun,
    tours: r.tours,
    budgetExhausted: r.stoppedByDeadline,
    ms: performance.now() - t0,
    samples: me,
    dim: me + n + 1,
  };
}

/** ŝ ≡ s (mod q), entrywise. */
const sameModQ = (a: ArrayLike<number>, b: ArrayLike<number>, q: number): boolean => {
  for (let i = 0; i < a.length; i++) if (modQ(a[i] - b[i], q) !== 0) return false;
  return a.length === b.length;
};

/** Top-bit risk of each hypothesis on T fresh examples of secret s (header). */
function topBitRisks(p: LweParams, s: Int32Array, hyps: (ArrayLike<number> | null)[], T: number, rng: Rng): { risk: number; ci: [number, number] }[] {
  const { n, q } = p;
  const wrong = new Array<number>(hyps.length).fill(0);
  const sigma = lweSigma(p);
  const top = (v: number) => (2 * modQ(v, q) >= q ? 1 : 0);
  for (let t = 0; t < T; t++) {
    const x = Array.from({ length: n }, () => uniformInt(rng, q));
    let y = 0;
    for (let i = 0; i < n; i++) y += x[i] * s[i];
    const z = top(y + Math.round(sigma * gaussians(rng, 1)[0]));
    hyps.forEach((h, k) => {
      if (!h) return void wrong[k]++;
      let v = 0;
      for (let i = 0; i < n; i++) v += x[i] * h[i];
      if (top(v) !== z) wrong[k]++;
    });
  }
  return wrong.map((k) => {
    const w = wilson(k, T, Z99);
    return { risk: k / T, ci: [w.lo, w.hi] as [number, number] };
  });
}

/** A_μ against Eve's lattice route and least squares mod q on one LWE instance (header). */
export function runLweLearn(o: LweLearnOptions): LearnReport & { q: number } {
  const t0 = performance.now();
  const p: LweParams = { ...o.params, L: 1, w: Math.min(o.params.w, o.params.m) };
  const sep = lweSeparation(p);
  const rng = makeRng(o.seed, 'learn/lwe');
  const task = sep.sampleTask(rng);
  const ex = sep.drawExamples(task, rng);
  const s = task.S;
  const { n, m, q } = p;

  const tA = performance.now();
  const sAmu = solveModQ(ex.A, ex.Y, m, n, 1, q);
  const msA = performance.now() - tA;
  if (!sAmu) throw new SepkaError('SEPKA_ERR_LEARN_FAILED', 'A_μ: A has no n unit pivots mod q (draw again)');

  const tL = performance.now();
  const sLs = solveModQ(ex.A, ex.Z, m, n, 1, q);
  const msLs = performance.now() - tL;
  // Her own check of the fit: the centred residual z − Aŝ on the rows it did not absorb.
  let res2 = 0;
  if (sLs) for (let i = n; i < m; i++) {
    let v = ex.Z[i];
    for (let k = 0; k < n; k++) v -= ex.A[i * n + k] * sLs[k];
    res2 += centredQ(v, q) ** 2;
  }
  const residualRms = Math.sqrt(res2 / Math.max(1, m - n));

  const usvp = usvpUnderBudget(p, ex.A, ex.Z, performance.now() + o.budgetMs);
  // Without a lattice solution her hypothesis is the least-squares fit, as in her sessions.
  const [multi, lat, ls] = topBitRisks(p, s, [sAmu, usvp?.s ?? sLs, sLs], o.test, rng);
  const std = lweChiStd(lweSigma(p));
  const bayesRisk = 1 - lweAgreement({ ...p, w: 1 });

  const unimodal: LearnerReport[] = [];
  const skipped: { name: string; reason: string }[] = [];
  if (usvp) {
    const ok = usvp.s !== null && sameModQ(usvp.s, s, q);
    const ran = `LLL${usvp.betaRun > 2 ? ` + BKZ up to β = ${usvp.betaRun}` : ''}, ${usvp.tours} tours in ${humanDuration(usvp.ms)} on an embedding of dimension ${usvp.dim}`;
    unimodal.push({
      name: 'usvp',
      risk: lat.risk,
      ci: lat.ci,
      ms: usvp.ms,
      recoveredSecret: ok,
      accepted: usvp.s !== null,
      trials: usvp.tours,
      budgetExhausted: usvp.budgetExhausted,
      msPerTrial: usvp.tours ? usvp.ms / usvp.tours : usvp.ms,
      log2TrialsExpected: null,
      verdict: ok ? 'recovered' : usvp.budgetExhausted ? 'budget-bound' : 'failed',
      statement: ok
        ? `recovered s at β = ${usvp.beta} (${ran})`
        : usvp.budgetExhausted
          ? `budget-bound failure: ${ran}; s not yet a basis row (\`sepka estimate\` prices the β it needs)`
          : `failed: ${ran}; no basis row was ±(e, −s, τ) up to β = ${usvp.betaRun}`,
      note: `primal uSVP: Kannan's embedding of ${usvp.samples} examples, τ = ${usvpTarget(usvp.samples, p.n, std).tau}`,
      details: { betaReached: usvp.beta ?? 0, betaRun: usvp.betaRun, embedDim: usvp.dim, samplesEmbedded: usvp.samples },
    });
  } else skipped.push({ name: 'usvp', reason: `at n = ${n} an embedding of at least n examples has dimension ≥ 2n + 1 = ${2 * n + 1}, above the float64 GSO's ${MAX_DIM}` });
  unimodal.push({
    name: 'least-squares-mod-q',
    risk: ls.risk,
    ci: ls.ci,
    ms: msLs,
    recoveredSecret: sLs !== null && sameModQ(sLs, s, q),
    accepted: sLs !== null,
    trials: 1,
    budgetExhausted: false,
    msPerTrial: msLs,
    log2TrialsExpected: null,
    verdict: sLs !== null && sameModQ(sLs, s, q) ? 'recovered' : 'model-bound',
    statement:
      `fails whatever the budget: Gauss–Jordan mod q on the noisy (A, z) multiplies the n errors it absorbs by A_n⁻¹, ` +
      `so ŝ is uniform mod q (residual rms on the other ${m - n} rows ${residualRms.toFixed(1)} against σ = ${std.toFixed(2)}; uniform: ${(q / Math.sqrt(12)).toFixed(1)})`,
    note: 'least squares mod q: ŝ from the first n unit-pivot rows of the noisy system',
    details: { residualRms, chiStd: std },
  });
  return {
    separation: 'lwe',
    n,
    theta: p.theta,
    q,
    samples: m,
    test: o.test,
    confidence: 0.99,
    seeded: o.seed !== undefined,
    budget: { ms: o.budgetMs, trials: null },
    noiseCount: ex.E.reduce((a, e) => a + (e !== 0 ? 1 : 0), 0),
    multimodal: { risk: multi.risk, ci: multi.ci, ms: msA, recoveredSecret: sameModQ(sAmu, s, q), bayesRisk },
    unimodal,
    skipped,
    ms: performance.now() - t0,
  };
}
