/**
 * The result record of one sweep point: one line of results.jsonl, one row of
 * results.csv. Every rate carries its interval and its counts, so the plots and the report can
 * draw error bars without going back to the raw data. Intervals are 99%: Wilson (src/stats.ts)
 * for counts of independent instances or sessions, and for bit-level rates the session-clustered
 * interval `sepka measure` computes (rates.ts).
 *
 * Timing fields (wall-clock ms, trial rates, and work done under a time budget) and `meta` (the
 * provenance: which code, machine and time) are the only fields that depend on the machine;
 * `stripTiming` removes them, and what is left depends on the point spec alone.
 */
import type { RunMeta } from '../../meta.ts';
import type { Rate } from '../rates.ts';
import type { PointSpec } from './grid.ts';

// One rate type and one Wilson helper for measure and the sweep (rates.ts); kept importable here.
export { rate, type Rate } from '../rates.ts';

export const RECORD_VERSION = 1;

/** A probability estimated without counts (e.g. an agreement from a report), with its interval. */
export interface Estimate {
  p: number;
  ci: [number, number];
}

export interface EveLearnerFigures {
  name: string;
  /** Instances where the learner recovered s within the budget. */
  recovered: Rate;
  /** Instances where the budget ran out first. */
  budgetExhausted: number;
  /** Median time over the instances (ms) and median over the successful ones. */
  ms: number;
  msToRecover: number | null;
  /** Median work done (trials), and the measured rate (trials per second). */
  trials: number;
  trialsPerSec: number | null;
  /** The learner's own cost formula, when it has one. */
  log2TrialsExpected: number | null;
  /**
   * Eve's lattice route on LWE only (learners/lweExperiment.ts): the median block size at which s
   * appeared over the instances won (2: LLL alone), null when none was; absent elsewhere.
   */
  beta?: number | null;
}

export interface LearnFigures {
  /**
   * The instance when not LPN: 'lwe' (A_μ mod q; Eve's uSVP route and least squares mod q) or
   * 'gaussian-regression' (least squares; an instance counts as won when Eve's relative error
   * is below θ, Bob's). Absent on LPN, so that its records keep their shape.
   */
  separation?: string;
  reps: number;
  /** ms: median of repeated solves of one instance, warm (sweep/job.ts `amuMs`). */
  amu: { risk: Estimate; recovered: Rate; ms: number };
  eve: {
    budgetMs: number;
    learners: EveLearnerFigures[];
    /** Per instance: did any learner recover s within its budget. */
    anyRecovered: Rate;
    /** The learner with the most recoveries (ties: the first listed), or null when none succeeded. */
    best: string | null;
    /** Median time of the fastest successful learner over the instances it won. */
    bestMsToRecover: number | null;
    /**
     * Instances in which brute force searched every secret and the best fit was not s: the m
     * noisy examples do not determine s, so no unimodal learner can recover it (a sample
     * limit, not a compute limit). Only known where brute force runs (small n).
     */
    unidentifiable: number;
  };
}

export interface EstimateFigures {
  eps: number;
  pAgree: number;
  /** LPN's Prange figure; null on the other instances. */
  log2PrangeTrials: number | null;
  /** The session key's level: LPN's cheapest attack, LWE's cheapest route (MATZOV, targets counted); null without hardness. */
  log2BitOps: number | null;
  best: string;
  /** The pooled-Gauss primal count: what Eve's pooled-Gauss learner is expected to need. */
  primalPooledGaussLog2Trials: number | null;
  dualPrangeLog2Trials: number | null;
  /** LWE only (src/cost/lweSession.ts): the level under core-SVP and quantum MATZOV, and a column's primal uSVP β and cost. */
  lwe?: {
    coreSvpLog2: number | null;
    quantumLog2: number | null;
    usvpBeta: number | null;
    usvpLog2: number | null;
    /** The small-β prediction (cost/lweSmallBeta.ts) on the learn part's embedding: median and quartiles of the first β; null where it does not fit. */
    smallBeta: { samples: number; d: number; median: number; q1: number; q3: number } | null;
  };
  /** The natural control only: log2 multiply-adds of least squares (src/cost/leastSquares.ts); there is no hardness. */
  noHardness?: { log2Ops: number };
}

/** Eve's agreement with the honest parties at one stage (k of n bits; n is NaN when not counted). */
export interface StageFigure {
  stage: string;
  agreement: number;
  ci: [number, number];
  k: number;
  n: number;
}

/** One stage of the pipeline: bits out of it, and the information they carry and its share of I(A;B). */
export interface AmplificationStage {
  stage: string;
  bits: number;
  info: number;
  shareOfI: number | null;
}

export interface AmplificationFigures {
  /** `${distill} + ${reconciler}`: the series name the plots and summaries use. */
  method: string;
  distill: 'blocks' | 'pairs';
  reconciler: 'cascade' | 'ldpc';
  /** Bit-pair rounds the sessions chose (empty with blocks). */
  rounds: number[];
  /** raw, distilled, reconciled (N − leaked), privacy amplification, session key: a stage's bits in are the previous one's out. */
  stages: AmplificationStage[];
  /** Reconciliation efficiency f = leaked / (N·h(e)), pooled over sessions. */
  f: number | null;
  /** Sessions whose reconciler failed, of those that reached it (Wilson interval). */
  frameErrorRate: Rate;
  /** LDPC only: mean belief-propagation attempts and iterations per session. */
  ldpcAttempts: number | null;
  ldpcIterations: number | null;
  /** β on the session key and on the whole PA output: mean over sessions, 99% t-interval. */
  beta: { key: number; keyCi: [number, number] | null; pa: number; paCi: [number, number] | null };
}

export interface MeasureFigures {
  sessions: number;
  raw: { bits: number; agreement: Estimate; theory: number };
  distill: { acceptance: Estimate; acceptanceTheory: number; errorAfter: Estimate; errorAfterTheory: number } | null;
  key: { bits: number; agreement: Rate; confirmed: Rate };
  eve: {
    /** Per learner: raw-bit advantage, sessions in which it succeeded within the budget, work. */
    learners: { name: string; route: string; rawAdvantage: number; ci: [number, number]; success: Rate; trials: number; ms: number }[];
    /** Eve's agreement per protocol stage (raw, distilled, reconciled, key), with intervals. */
    stages: StageFigure[];
    keyBitAgreement: number | null;
    keyRecovered: Rate | null;
  };
  efficiency: {
    beta: number | null;
    reconciliationF: number | null;
    /** 1 − h(1 − p) at the measured p: key bits per raw bit against a blind Eve (DESIGN.md §3). */
    limit: number;
    ell: number | null;
    /**
     * Bits left per raw bit after distillation and Cascade's disclosed parities, before the fixed
     * costs (verification tag, PA margin) and the cap at the target key length: what ℓ trades.
     */
    yieldPerRawBit: number | null;
    /** theory.ts yieldPerRawBit at the theory p and this ℓ, times the share not spent on estimation. */
    yieldTheory: number | null;
  };
  /**
   * Per stage and per method (measure.ts `amplification`), null unless the point
   * sets distill, pair rounds or the reconciler.
   */
  amplification: AmplificationFigures | null;
  /** Holenstein's condition δ > (1 − ε)/(1 + ε) on the measured figures (DESIGN.md §2). */
  holenstein: { eps: number; delta: number; threshold: number; holds: boolean; holdsConservative: boolean } | null;
  ms: number;
}

export interface SweepRecord {
  v: number;
  id: string;
  spec: PointSpec;
  /** The seed the point ran with (derived from the spec). */
  seed: string;
  /** q on LWE points only (absent elsewhere). */
  params: { n: number; theta: number; m: number; w: number; ell: number | 'auto' | null; L: number; q?: number };
  learn: LearnFigures | null;
  estimate: EstimateFigures | null;
  measure: MeasureFigures | null;
  ms: number;
  /** Provenance (src/meta.ts): code version and commit, Node, platform, CPU, start time, seed, profile hash. */
  meta: RunMeta;
}

/**
 * Keys whose values depend on the machine, its load or the time of the run, not on the spec:
 * the timings, and `meta` (the run's provenance).
 */
const TIMING_KEYS = new Set(['ms', 'msToRecover', 'bestMsToRecover', 'trials', 'trialsPerSec', 'meta']);

/** A deep copy of `x` without the timing keys and the provenance (for comparing runs). */
export function stripTiming<T>(x: T): T {
  if (Array.isArray(x)) return x.map(stripTiming) as T;
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (!TIMING_KEYS.has(k)) out[k] = stripTiming(v);
    return out as T;
  }
  return x;
}
