/**
 * One sweep point as a pure job: a PointSpec in, a SweepRecord out. Everything random
 * is seeded from `pointSeed(spec)`, so the record depends on the spec alone (timings aside),
 * whichever worker runs it and in whatever order.
 *
 * The parts reuse the single-run commands' engines: the learning experiment (`sepka learn`,
 * src/learners/experiment.ts), the cost estimates (`sepka estimate`, estimate.ts) and the
 * in-process sessions (`sepka measure`, measure.ts).
 */
import { SepkaError } from '../../errors.ts';
import { loadProfile, paramsHash, withOverrides, type Overrides, type Profile } from '../../protocol/profile.ts';
import { runMeta } from '../../meta.ts';
import { yieldPerRawBit } from '../../protocol/theory.ts';
import { fitAmu } from '../../learners/amu.ts';
import { runLearn, type LearnReport } from '../../learners/experiment.ts';
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

/** The point's protocol profile: the named profile with the point's overrides applied. */
export function resolveProfile(spec: PointSpec): Profile {
  const base = loadProfile(spec.protocol);
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

export function validateSpec(spec: PointSpec): void {
  if (!(Number.isInteger(spec.eveBudgetMs) && spec.eveBudgetMs >= 0)) throw new SepkaError('SEPKA_ERR_USAGE', `eve budget must be an integer ≥ 0 ms`);
  if (!(Number.isInteger(spec.sessions) && spec.sessions >= 1)) throw new SepkaError('SEPKA_ERR_USAGE', `sessions must be an integer ≥ 1`);
  if (!(Number.isInteger(spec.learnReps) && spec.learnReps >= 1)) throw new SepkaError('SEPKA_ERR_USAGE', `learn reps must be an integer ≥ 1`);
  resolveProfile(spec);
}

function estimatePart(p: Profile): EstimateFigures {
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
 * The learning experiment, `learnReps` independent instances (task, examples, learners' coins
 * all drawn from the point seed and the instance index). Eve's success rate is over instances;
 * her time to recover is the fastest successful learner's, as a median over the instances won.
 */
function learnPart(spec: PointSpec, p: Profile, seed: string): LearnFigures {
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
  const T = spec.test;
  const amuErrors = reps.reduce((a, r) => a + Math.round(r.multimodal.risk * T), 0);
  const amuRisk = rate(amuErrors, T * reps.length);
  const names = [...new Set(reps.flatMap((r) => r.unimodal.map((u) => u.name)))];
  const learners = names.map((name): EveLearnerFigures => {
    const runs = reps.flatMap((r) => r.unimodal.filter((u) => u.name === name));
    const won = runs.filter((u) => u.recoveredSecret === true);
    const totalMs = runs.reduce((a, u) => a + u.ms, 0);
    const totalTrials = runs.reduce((a, u) => a + u.trials, 0);
    const expected = runs.map((u) => u.log2TrialsExpected).filter((x): x is number => x !== null);
    return {
      name,
      recovered: rate(won.length, runs.length),
      budgetExhausted: runs.filter((u) => u.budgetExhausted).length,
      ms: median(runs.map((u) => u.ms)),
      msToRecover: won.length ? median(won.map((u) => u.ms)) : null,
      trials: median(runs.map((u) => u.trials)),
      trialsPerSec: totalMs > 0 ? (totalTrials / totalMs) * 1000 : null,
      log2TrialsExpected: expected.length ? median(expected) : null,
    };
  });
  // Per instance: the fastest learner that recovered s, if any.
  const fastest = reps.map((r) => {
    const won = r.unimodal.filter((u) => u.recoveredSecret === true);
    return won.length ? won.reduce((a, b) => (b.ms < a.ms ? b : a)) : null;
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
      ms: amuMs(p, seed),
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
  const run = (minRuns: number, minMs: number, maxRuns: number): number[] => {
    const times: number[] = [];
    const t0 = performance.now();
    while (times.length < minRuns || (performance.now() - t0 < minMs && times.length < maxRuns)) times.push(fitAmu(view).ms);
    return times;
  };
  run(3, 100, 20_000);
  return median(run(5, 100, 20_000));
}

export async function runPoint(spec: PointSpec): Promise<SweepRecord> {
  const startedAt = new Date();
  const t0 = performance.now();
  const profile = resolveProfile(spec);
  const seed = pointSeed(spec);
  const rec: SweepRecord = {
    v: RECORD_VERSION,
    id: pointId(spec),
    spec,
    seed,
    params: { n: profile.n, theta: profile.theta, m: profile.m, w: profile.w, ell: profile.ell, L: profile.L },
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
