/**
 * One sweep point as a pure job: a PointSpec in, a SweepRecord out. Everything random
 * is seeded from `pointSeed(spec)`, so the record depends on the spec alone (timings aside),
 * whichever worker runs it and in whatever order.
 *
 * The parts reuse the single-run commands' engines: the learning experiment (`sepka learn`,
 * src/learners/experiment.ts), the cost estimates (`sepka estimate`, estimate.ts) and the
 * in-process sessions (`sepka measure`, measure.ts).
 */
import { derive, loadProfile, paramsHash, validateProfile, withOverrides, type Overrides, type Profile } from '../../protocol/profile.ts';
import { checkPointShape } from './specCheck.ts';
import { runMeta } from '../../meta.ts';
import { yieldPerRawBit } from '../../protocol/theory.ts';
import { fitAmu } from '../../learners/amu.ts';
import { runLearn, type LearnerReport, type LearnReport } from '../../learners/experiment.ts';
import { learnEmbedSamples, runLweLearn } from '../../learners/lweExperiment.ts';
import { predictUsvpBeta } from '../../cost/lweSmallBeta.ts';
import { runRegressionLearn } from '../../learners/regression.ts';
import { estimateLweSession } from '../../cost/lweSession.ts';
import { leastSquaresOps } from '../../cost/leastSquares.ts';
import type { Separation } from '../../separation/types.ts';
import { isLpn, isLwe, lweChiStd, lweSigma, separationNameOf, separationOf } from '../../separation/index.ts';
import { seededRng } from '../../rng.ts';
import { median } from '../../stats.ts';
import { sampleExamples, sampleSecret, taskParams } from '../../task/bimodal.ts';
import { runMeasure, type MeasureReport } from '../measure.ts';
import { estimateCosts } from '../estimate.ts';
import { mAt, pointId, pointSeed, type PointSpec } from './grid.ts';
import {
  rate,
  RECORD_VERSION,
  type EveLearnerFigures,
  type AmplificationFigures,
  type EstimateFigures,
  type LearnFigures,
  type MeasureFigures,
  type SweepRecord,
} from './record.ts';

/** Where a point's spec came from: the queue (`remote`), and the profile its job carries, if any. */
export interface PointSource {
  /** The spec came from the distributed queue: a file path is not read (specCheck.ts). */
  remote?: boolean;
  /** The profile the job carries (the coordinator attaches it when the spec names a file). */
  profile?: unknown;
}

/**
 * The point's protocol profile: the named profile (or the job's own, checked as a profile) with
 * the point's overrides applied.
 */
export function resolveProfile(spec: PointSpec, src: PointSource = {}): Profile {
  const base = src.profile !== undefined ? validateProfile(src.profile, 'sweep point profile') : loadProfile(spec.protocol);
  const o: Overrides = {};
  if (spec.n !== null) o.n = spec.n;
  if (spec.theta !== undefined) o.theta = spec.theta;
  if (spec.m !== undefined) o.m = mAt(spec.m, spec.n ?? base.n);
  if (spec.w !== undefined && spec.w !== null) o.w = spec.w;
  if (spec.ell !== null) o.ell = spec.ell;
  if (spec.L !== null) o.L = spec.L;
  if (spec.distill !== undefined) o.distill = spec.distill;
  if (spec.pairRounds !== undefined) o.pairRounds = spec.pairRounds;
  if (spec.reconciler !== undefined) o.reconciler = spec.reconciler;
  return withOverrides(base, o);
}

/**
 * Check a point as user input (specCheck.ts: every field's type and range) and resolve its
 * profile; returns the profile. Every point is checked before it runs, wherever it runs.
 */
export function validateSpec(spec: unknown, src: PointSource = {}): Profile {
  return resolveProfile(checkPointShape(spec, src.remote, src.profile !== undefined), src);
}

/** JSON has no Infinity: a figure with no finite value (no β up to the model's cap) is null. */
const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * The cost figures of a point. LPN: `sepka estimate`'s table. LWE: the lattice estimator's routes
 * (src/cost/lweSession.ts), the session key's level (MATZOV, targets counted) as log2BitOps and
 * its route as best, and the column's primal uSVP β, what Eve's BKZ in the learn part should need.
 * The natural control: no hardness, least squares' multiply-adds (src/cost/leastSquares.ts).
 */
function estimatePart(p: Profile): EstimateFigures {
  if (isLwe(p)) {
    const { pTheory, challenges } = derive(p);
    const sigma = lweChiStd(lweSigma({ theta: p.theta, q: p.q! }));
    const e = estimateLweSession({ n: p.n, q: p.q!, sigma, m: p.m, w: p.w, L: p.L, challenges });
    const usvp = e.rows.find((r) => r.target === 'column' && r.route === 'primal uSVP')!;
    return {
      eps: 2 * pTheory - 1,
      pAgree: pTheory,
      log2PrangeTrials: null,
      log2BitOps: fin(e.level.matzov.log2),
      best: e.level.matzov.route,
      primalPooledGaussLog2Trials: null,
      dualPrangeLog2Trials: null,
      lwe: {
        coreSvpLog2: fin(e.level['core-svp'].log2),
        quantumLog2: fin(e.level['matzov-quantum'].log2),
        usvpBeta: fin(usvp.beta),
        usvpLog2: fin(usvp.log2.matzov),
        smallBeta: smallBetaOf(p, sigma),
      },
    };
  }
  if (!isLpn(p)) {
    const { pTheory } = derive(p);
    const ops = leastSquaresOps(p.m, p.n, p.L);
    return { eps: 2 * pTheory - 1, pAgree: pTheory, log2PrangeTrials: null, log2BitOps: null, best: 'none: no hardness (least squares)', primalPooledGaussLog2Trials: null, dualPrangeLog2Trials: null, noHardness: { log2Ops: Math.log2(ops) } };
  }
  const r = estimateCosts({ n: p.n, theta: p.theta, m: p.m, w: p.w, L: p.L });
  const find = (route: string, alg: string) => r.attacks.find((a) => a.route === route && a.algorithm === alg)?.log2Trials ?? null;
  return {
    eps: r.eps,
    pAgree: r.pAgree,
    log2PrangeTrials: r.security.log2PrangeTrials,
    log2BitOps: r.security.log2BitOps,
    best: r.security.best,
    primalPooledGaussLog2Trials: find('primal', 'pooled-gauss'),
    dualPrangeLog2Trials: find('dual', 'prange'),
  };
}

/**
 * The small-β prediction (src/cost/lweSmallBeta.ts) of the block size at which progressive BKZ
 * reveals s on the embedding the learn part's lattice route reduces (lweExperiment.ts
 * `learnEmbedSamples`): the quantity to set beside the β it reached. Null where that embedding
 * does not fit (from n = 80).
 */
function smallBetaOf(p: Profile, sigma: number): { samples: number; d: number; median: number; q1: number; q3: number } | null {
  const samples = learnEmbedSamples(p);
  if (samples < p.n) return null;
  const r = predictUsvpBeta({ n: p.n, q: p.q!, sigmaS: sigma, sigmaE: sigma, m: p.m }, samples);
  return { samples, d: r.d, median: r.median, q1: r.q1, q3: r.q3 };
}

/**
 * The learning experiment, `learnReps` independent instances (task, examples, learners' coins
 * all drawn from the point seed and the instance index). Eve's success rate is over instances;
 * her time to recover is the fastest successful learner's, as a median over the instances won.
 */
function learnPart(spec: PointSpec, p: Profile, seed: string): LearnFigures {
  const budgetMs = spec.learnBudgetMs ?? spec.eveBudgetMs;
  if (isLwe(p)) {
    const reps = Array.from({ length: spec.learnReps }, (_, i) =>
      runLweLearn({ params: { n: p.n, theta: p.theta, m: p.m, w: p.w, L: 1, q: p.q! }, test: spec.test, budgetMs, seed: `${seed}/learn/${i}` }),
    );
    return { separation: 'lwe', ...learnFigures(spec, reps, (u) => u.recoveredSecret === true, amuMsOf(p, seed)) };
  }
  if (!isLpn(p)) {
    const params = { n: p.n, theta: p.theta, m: p.m, w: p.w, L: 1 };
    const reps = Array.from({ length: spec.learnReps }, (_, i) => runRegressionLearn({ params, test: spec.test, seed: `${seed}/learn/${i}` }));
    // Over R a fit is never s itself: Eve wins an instance when her ŝ reads ⟨x*, s⟩ better than
    // Bob's value does, i.e. her relative error ‖ŝ − s‖/‖s‖ is below his, θ (regression.ts).
    const won = (u: LearnerReport) => typeof u.details?.rmsError === 'number' && u.details.rmsError < p.theta;
    return { separation: separationNameOf(p), ...learnFigures(spec, reps, won, amuMsOf(p, seed)) };
  }
  const reps: LearnReport[] = [];
  for (let i = 0; i < spec.learnReps; i++) {
    reps.push(
      runLearn({
        n: p.n,
        theta: p.theta,
        samples: p.m,
        test: spec.test,
        learners: spec.learners ?? undefined,
        budgetMs: spec.learnBudgetMs ?? spec.eveBudgetMs,
        budgetTrials: spec.eveBudgetTrials ?? undefined,
        seed: `${seed}/learn/${i}`,
        confidence: 0.99,
      }),
    );
  }
  return learnFigures(spec, reps, (u) => u.recoveredSecret === true, amuMs(p, seed));
}

/**
 * The learn part's figures from `learnReps` reports: A_μ's pooled risk and recoveries, and per
 * learner the instances `won` (recovered s; the natural control's own criterion above), times,
 * work and, for the lattice route, the median β at which s appeared.
 */
function learnFigures(spec: PointSpec, reps: LearnReport[], won: (u: LearnerReport) => boolean, amuTime: number): LearnFigures {
  const T = spec.test;
  const amuErrors = reps.reduce((a, r) => a + Math.round(r.multimodal.risk * T), 0);
  const amuRisk = rate(amuErrors, T * reps.length);
  const names = [...new Set(reps.flatMap((r) => r.unimodal.map((u) => u.name)))];
  const learners = names.map((name): EveLearnerFigures => {
    const runs = reps.flatMap((r) => r.unimodal.filter((u) => u.name === name));
    const wins = runs.filter(won);
    const totalMs = runs.reduce((a, u) => a + u.ms, 0);
    const totalTrials = runs.reduce((a, u) => a + u.trials, 0);
    const expected = runs.map((u) => u.log2TrialsExpected).filter((x): x is number => x !== null);
    return {
      name,
      recovered: rate(wins.length, runs.length),
      budgetExhausted: runs.filter((u) => u.budgetExhausted).length,
      ms: median(runs.map((u) => u.ms)),
      msToRecover: wins.length ? median(wins.map((u) => u.ms)) : null,
      trials: median(runs.map((u) => u.trials)),
      trialsPerSec: totalMs > 0 ? (totalTrials / totalMs) * 1000 : null,
      log2TrialsExpected: expected.length ? median(expected) : null,
      // The lattice route only (lweExperiment.ts): left out elsewhere, so LPN records keep their shape.
      ...(runs.some((u) => typeof u.details?.betaReached === 'number')
        ? { beta: wins.length ? median(wins.map((u) => Number(u.details!.betaReached))) : null }
        : {}),
    };
  });
  // Per instance: the fastest learner that won, if any.
  const fastest = reps.map((r) => {
    const ws = r.unimodal.filter(won);
    return ws.length ? ws.reduce((a, b) => (b.ms < a.ms ? b : a)) : null;
  });
  const wins = fastest.filter((u) => u !== null);
  // Most recoveries; ties go to the first in the learners' report order (not the fastest,
  // which would make the record depend on the machine).
  let best: EveLearnerFigures | null = null;
  for (const l of learners) if (l.recovered.k > 0 && (!best || l.recovered.k > best.recovered.k)) best = l;
  return {
    reps: reps.length,
    amu: {
      risk: { p: amuRisk.p, ci: amuRisk.ci },
      recovered: rate(reps.filter((r) => r.multimodal.recoveredSecret).length, reps.length),
      ms: amuTime,
    },
    eve: {
      budgetMs: spec.learnBudgetMs ?? spec.eveBudgetMs,
      learners,
      anyRecovered: rate(wins.length, reps.length),
      best: best?.name ?? null,
      bestMsToRecover: wins.length ? median(wins.map((u) => u!.ms)) : null,
      unidentifiable: reps.filter((r) => r.unimodal.some((u) => u.name === 'brute' && !u.budgetExhausted && u.recoveredSecret === false)).length,
    },
  };
}

/** A Rate from a session count and the interval measure.ts computed for it. */
const sessionsRate = (p: number, n: number, ci: [number, number]) => ({ k: Math.round(p * n), n, p, ci });

/** The in-process sessions (`sepka measure`'s engine), reduced to the sweep's figures. */
function measureFigures(r: MeasureReport, estimationFraction: number): MeasureFigures {
  const stage = (name: string, x: { k: number; n: number; p: number; ci: [number, number] }) => ({ stage: name, agreement: x.p, ci: x.ci, k: x.k, n: x.n });
  const ells = r.params.ellChosen;
  return {
    sessions: r.sessions,
    raw: { bits: r.raw.bits, agreement: { p: r.raw.agreement, ci: r.raw.ci }, theory: r.raw.theory },
    // Bit pairs have no repetition blocks (their per-round figures are in measure's report).
    distill:
      r.amplification?.distill === 'pairs'
        ? null
        : {
            acceptance: { p: r.distill.acceptance.p, ci: r.distill.acceptance.ci },
            acceptanceTheory: r.distill.acceptanceTheory,
            errorAfter: { p: r.distill.errorAfter.p, ci: r.distill.errorAfter.ci },
            errorAfterTheory: r.distill.errorAfterTheory,
          },
    key: {
      bits: r.key.bits,
      agreement: sessionsRate(r.key.agreementRate, r.sessions, r.key.agreementCi),
      confirmed: sessionsRate(r.key.confirmedRate, r.sessions, r.key.confirmedCi),
    },
    eve: {
      learners: r.eve.learners.map((l) => ({
        name: l.name,
        route: l.route,
        rawAdvantage: l.rawAdvantage,
        ci: l.ci,
        success: { k: l.successRate.k, n: l.successRate.n, p: l.successRate.p, ci: l.successRate.ci },
        trials: l.trialsMean,
        ms: l.msMean,
      })),
      stages: [
        stage('raw (vs Alice)', r.eve.raw.vsAlice),
        stage('raw (vs Bob)', r.eve.raw.vsBob),
        stage('raw (on agreed bits)', r.eve.raw.onAgreed),
        stage('distilled', r.eve.distilled),
        stage('reconciled', r.eve.reconciled),
        { stage: 'key bits', agreement: r.eve.keyBitAgreement, ci: r.eve.keyBitCi, k: NaN, n: NaN },
      ].filter((x) => x.n !== 0),
      keyBitAgreement: r.eve.keyBitAgreement,
      keyRecovered: sessionsRate(r.eve.keyRecoveredRate, r.sessions, r.eve.keyRecoveredCi),
    },
    efficiency: {
      beta: r.efficiency.beta,
      reconciliationF: r.efficiency.reconciliationF,
      limit: r.efficiency.limit,
      ell: ells.length ? median(ells) : null,
      yieldPerRawBit: r.raw.bits ? (r.reconcile.keptBits - r.reconcile.cascadeParities) / r.raw.bits : null,
      yieldTheory: ells.length === 1 ? yieldPerRawBit(r.raw.theory, ells[0]) * (1 - estimationFraction) : null,
    },
    amplification: amplificationFigures(r),
    holenstein: { eps: r.holenstein.eps, delta: r.holenstein.delta, threshold: r.holenstein.threshold, holds: r.holenstein.holds, holdsConservative: r.holenstein.conservative.holds },
    ms: r.ms,
  };
}

/** measure.ts's amplification block, reduced to the sweep's figures (null when the point sets no method). */
function amplificationFigures(r: MeasureReport): AmplificationFigures | null {
  const a = r.amplification;
  if (!a) return null;
  const fer = a.frameErrorRate;
  return {
    method: `${a.distill} + ${a.reconciler}`,
    distill: a.distill,
    reconciler: a.reconciler,
    rounds: a.rounds,
    stages: a.stages.map((s) => ({ stage: s.stage, bits: s.bits, info: s.info, shareOfI: Number.isFinite(s.shareOfI) ? s.shareOfI : null })),
    f: Number.isFinite(r.efficiency.reconciliationF) ? r.efficiency.reconciliationF : null,
    frameErrorRate: { k: fer.k, n: fer.n, p: fer.p, ci: fer.ci },
    ldpcAttempts: a.ldpc?.attemptsMean ?? null,
    ldpcIterations: a.ldpc?.iterationsMean ?? null,
    beta: a.beta,
  };
}

/**
 * A_μ's time at this n: the median of repeated solves of one instance, after a warm-up of at
 * least 100 ms. A single timing is dominated by JIT warm-up and timer resolution at small n
 * (a solve at n = 24 takes about 10 µs), which would hide the polynomial growth the separation
 * plot is meant to show.
 */
function amuMs(p: Profile, seed: string): number {
  const params = taskParams(p.n, p.theta, p.m);
  const rng = seededRng(seed, 'sweep.amu-timing');
  const ex = sampleExamples(params, sampleSecret(p.n, rng), rng);
  const view = { params, A: ex.A, z: ex.z, y: ex.y };
  return warmMedianMs(() => fitAmu(view).ms);
}

/** The median of `solve` (its own ms) over repeated runs, after a warm-up (amuMs's rule). */
function warmMedianMs(solve: () => number): number {
  const run = (minRuns: number, minMs: number, maxRuns: number): number[] => {
    const times: number[] = [];
    const t0 = performance.now();
    while (times.length < minRuns || (performance.now() - t0 < minMs && times.length < maxRuns)) times.push(solve());
    return times;
  };
  run(3, 100, 20_000);
  return median(run(5, 100, 20_000));
}

/** A_μ's time on an instance that is not LPN: the separation's own learnMultimodal, one column, warm. */
function amuMsOf(p: Profile, seed: string): number {
  // Through the generic interface: the instance's own types do not matter to a timer.
  const sep = separationOf({ ...p, L: 1 }) as unknown as Separation;
  const rng = seededRng(seed, 'sweep.amu-timing');
  const ex = sep.drawExamples(sep.sampleTask(rng), rng);
  return warmMedianMs(() => {
    const t0 = performance.now();
    sep.learnMultimodal(ex);
    return performance.now() - t0;
  });
}

export async function runPoint(spec: PointSpec, src: PointSource = {}): Promise<SweepRecord> {
  const startedAt = new Date();
  const t0 = performance.now();
  const profile = validateSpec(spec, src);
  const seed = pointSeed(spec);
  const rec: SweepRecord = {
    v: RECORD_VERSION,
    id: pointId(spec),
    spec,
    seed,
    params: { n: profile.n, theta: profile.theta, m: profile.m, w: profile.w, ell: profile.ell, L: profile.L, ...(profile.q !== undefined ? { q: profile.q } : {}) },
    learn: null,
    estimate: null,
    measure: null,
    ms: 0,
    // Where and with what code the point ran (the worker's machine, not the coordinator's).
    meta: runMeta({ startedAt, seed, paramsHash: paramsHash(profile) }),
  };
  if (spec.parts.includes('learn')) rec.learn = learnPart(spec, profile, seed);
  if (spec.parts.includes('estimate')) rec.estimate = estimatePart(profile);
  if (spec.parts.includes('measure')) {
    // The oracle control (sweep/controls.ts) runs the same sessions with Eve handed ŝ.
    const oracle = spec.control === 'oracle';
    const report = runMeasure({
      profile,
      sessions: spec.sessions,
      eveBudgetMs: spec.eveBudgetMs,
      eveBudgetTrials: spec.eveBudgetTrials ?? undefined,
      seed: `${seed}/${oracle ? 'oracle' : 'measure'}`,
      oracle,
    });
    rec.measure = measureFigures(report, profile.estimationFraction);
  }
  rec.ms = performance.now() - t0;
  return rec;
}

/** The task handler of the sweep's piscina threads (pool.ts; src/runtime.ts threadEntry). */
export default runPoint;
