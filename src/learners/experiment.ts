/**
 * The learning experiment (`sepka learn`, DESIGN.md §1, §4, §6): draw one task
 * D_s ~ μ_n and m bimodal examples, fit A_μ on (x, y, z) and each of Eve's unimodal learners
 * on (x, z) under a budget, and estimate every hypothesis' population risk on the same T fresh
 * examples with Wilson intervals. The Bayes risk is θ; a learner that learnt nothing has risk 1/2.
 *
 * Pure: no printing, randomness injected (per-purpose seeded streams, a secure RNG, or the
 * caller's `rngFor`), so the CLI and the sweep both call it.
 *
 * Honesty fields: each unimodal entry says whether it recovered s (judged here, where s is
 * known), how many trials it ran and at what cost, the trials its own formula says success
 * needs, and a verdict: a failure is labelled budget-bound only when the learner ran out of
 * budget and has a cost formula, with the estimated time to success at the measured rate.
 */
import { SepkaError } from '../errors.ts';
import { vecEqual, weight } from '../gf2/vec.ts';
import { makeRng, Rng } from '../rng.ts';
import { wilson, Z95, Z99 } from '../stats.ts';
import { freshExamples, sampleExamples, sampleSecret, taskParams } from '../task/bimodal.ts';
import { countErrors, Hypothesis } from '../task/risk.ts';
import { fitAmu } from './amu.ts';
import { LEARNER_NAMES, learnerByName, refusal } from './registry.ts';
import { FitResult } from './types.ts';

export interface LearnOptions {
  n: number;
  /** Noise rate; default n^-1/2. */
  theta?: number;
  /** Training examples m; default 4n. */
  samples?: number;
  /** Fresh examples for the risk estimates; default 20,000. */
  test?: number;
  /** Unimodal learners to run; default all that accept this n. */
  learners?: readonly string[];
  /** Budget per unimodal learner, in ms (default 5000) … */
  budgetMs?: number;
  /** … and/or in trials. */
  budgetTrials?: number;
  /** Seed for reproducible simulation; absent: secure randomness. */
  seed?: string | number;
  /** Randomness per purpose ('task', 'test', 'learner.NAME'); overrides `seed`. */
  rngFor?: (purpose: string) => Rng;
  /** Confidence level of the intervals; default 0.99. */
  confidence?: 0.95 | 0.99;
}

export type Verdict = 'recovered' | 'budget-bound' | 'sample-bound' | 'model-bound' | 'failed';

export interface LearnerReport {
  name: string;
  risk: number;
  ci: [number, number];
  ms: number;
  /** ŝ = s (null for learners that output no secret). */
  recoveredSecret: boolean | null;
  accepted: boolean;
  trials: number;
  budgetExhausted: boolean;
  msPerTrial: number;
  /** log2 of the trials the learner's own formula expects success to need (t ≈ θm). */
  log2TrialsExpected: number | null;
  verdict: Verdict;
  /** One sentence a reader can take at face value. */
  statement: string;
  note?: string;
  details?: Record<string, number | string | boolean>;
}

export interface LearnReport {
  /** The separation, when not LPN (learners/regression.ts: the natural control). */
  separation?: string;
  n: number;
  theta: number;
  samples: number;
  test: number;
  confidence: number;
  seeded: boolean;
  budget: { ms: number | null; trials: number | null };
  /** Noisy samples among the m (the instance's t). */
  noiseCount: number;
  multimodal: { risk: number; ci: [number, number]; ms: number; recoveredSecret: boolean; bayesRisk: number };
  unimodal: LearnerReport[];
  skipped: { name: string; reason: string }[];
  ms: number;
}

export const DEFAULT_TEST = 20_000;
export const DEFAULT_BUDGET_MS = 5_000;

/** "3.2 s", "4.1 days", "2^40.3 years": a duration for statements. */
export function humanDuration(ms: number): string {
  const s = ms / 1000;
  if (!Number.isFinite(s)) return 'forever';
  if (s < 1) return `${ms.toFixed(0)} ms`;
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  const y = s / (365.25 * 86400);
  if (y < 2) return `${(s / 86400).toFixed(1)} days`;
  if (y < 1e4) return `${y.toFixed(0)} years`;
  return `2^${Math.log2(y).toFixed(1)} years`;
}

function verdictOf(fit: FitResult, recovered: boolean | null, msPerTrial: number): { verdict: Verdict; statement: string } {
  const ran = `${fit.trials} trials in ${humanDuration(fit.ms)}`;
  if (recovered) return { verdict: 'recovered', statement: `recovered s (${ran})` };
  if (fit.limit === 'samples') return { verdict: 'sample-bound', statement: `sample-bound failure: ${fit.note}` };
  if (fit.limit === 'model') {
    return { verdict: 'model-bound', statement: `fails whatever the budget: its hypothesis class cannot express a parity (${fit.note})` };
  }
  if (fit.budgetExhausted && fit.log2TrialsExpected !== undefined) {
    const E = fit.log2TrialsExpected;
    const msNeeded = 2 ** E * msPerTrial;
    return {
      verdict: 'budget-bound',
      statement:
        `budget-bound failure: ran ${ran} (2^${Math.log2(Math.max(1, fit.trials)).toFixed(1)}, ${msPerTrial.toPrecision(3)} ms/trial); ` +
        `success needs ≈ 2^${E.toFixed(1)} trials, ≈ ${humanDuration(msNeeded)} at this rate` +
        (typeof fit.details?.log2NoiseFreeSubsets === 'number'
          ? ` (2^${fit.details.log2NoiseFreeSubsets.toFixed(1)} subsets to draw a noise-free one, DESIGN.md §2, ` +
            `× 2^${(E - fit.details.log2NoiseFreeSubsets).toFixed(1)} because only ~29% of n×n subsets are invertible)`
          : ''),
    };
  }
  return { verdict: 'failed', statement: `did not recover s (${fit.note ?? ran})` };
}

export function runLearn(opts: LearnOptions): LearnReport {
  const t0 = performance.now();
  const params = taskParams(opts.n, opts.theta, opts.samples);
  const T = opts.test ?? DEFAULT_TEST;
  if (!(Number.isInteger(T) && T >= 1 && T <= 10_000_000)) throw new SepkaError('SEPKA_ERR_USAGE', `test must be an integer in [1, 10^7], got ${T}`);
  const budget = { ms: opts.budgetMs, trials: opts.budgetTrials };
  if (budget.ms === undefined && budget.trials === undefined) budget.ms = DEFAULT_BUDGET_MS;
  const z = opts.confidence === 0.95 ? Z95 : Z99;

  // Which learners: an explicit list must be runnable as asked; the default set skips refusals.
  const skipped: { name: string; reason: string }[] = [];
  const names: string[] = [];
  for (const name of opts.learners ?? LEARNER_NAMES) {
    if (!learnerByName(name)) throw new SepkaError('SEPKA_ERR_USAGE', `unknown learner '${name}' (known: ${LEARNER_NAMES.join(', ')})`);
    const why = refusal(name, params);
    if (why && opts.learners) throw new SepkaError('SEPKA_ERR_USAGE', why);
    if (why) skipped.push({ name, reason: why });
    else names.push(name);
  }

  const rngFor = opts.rngFor ?? ((purpose: string) => makeRng(opts.seed, `learn.${purpose}`));
  const taskRng = rngFor('task');
  const s = sampleSecret(params.n, taskRng);
  const ex = sampleExamples(params, s, taskRng);
  const test = freshExamples(params, s, T, rngFor('test'));
  const riskOf = (h: Hypothesis) => {
    const w = wilson(countErrors(h, test.X, test.z), T, z);
    return { risk: w.p, ci: [w.lo, w.hi] as [number, number] };
  };

  const amu = fitAmu({ params, A: ex.A, z: ex.z, y: ex.y });
  const multimodal = {
    ...riskOf(amu.h),
    ms: amu.ms,
    recoveredSecret: amu.sHat !== undefined && vecEqual(amu.sHat, s),
    bayesRisk: params.theta,
  };

  const unimodal = names.map((name): LearnerReport => {
    const fit = learnerByName(name)!.fit({ params, A: ex.A, z: ex.z }, budget, rngFor(`learner.${name}`));
    const recovered = fit.sHat ? vecEqual(fit.sHat, s) : null;
    const msPerTrial = fit.ms / Math.max(1, fit.trials);
    return {
      name,
      ...riskOf(fit.h),
      ms: fit.ms,
      recoveredSecret: recovered,
      accepted: fit.accepted,
      trials: fit.trials,
      budgetExhausted: fit.budgetExhausted,
      msPerTrial,
      log2TrialsExpected: fit.log2TrialsExpected ?? null,
      ...verdictOf(fit, recovered, msPerTrial),
      note: fit.note,
      details: fit.details,
    };
  });

  return {
    n: params.n,
    theta: params.theta,
    samples: params.m,
    test: T,
    confidence: z === Z95 ? 0.95 : 0.99,
    seeded: taskRng.seeded,
    budget: { ms: budget.ms ?? null, trials: budget.trials ?? null },
    noiseCount: weight(ex.e),
    multimodal,
    unimodal,
    skipped,
    ms: performance.now() - t0,
  };
}
