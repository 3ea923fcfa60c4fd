/**
 * The one interface every learner implements (DESIGN.md §1, §4): fit on a sample set under an
 * explicit budget, and return a hypothesis, the candidate secret when the learner produces one,
 * the work done and the time taken.
 *
 * Whether the secret was *recovered* is judged by the caller, who knows s (`recoveredSecret`
 * in reports); the learner itself only knows whether it *accepted* a candidate.
 */
import { Rng } from '../rng.ts';
import { Hypothesis } from '../task/risk.ts';
import type { UnimodalView } from '../task/bimodal.ts';

// The views live with the task they are views of (src/task/bimodal.ts); re-exported for learners.
export type { BimodalView, UnimodalView } from '../task/bimodal.ts';

/** Explicit budget. A learner stops at whichever limit comes first. */
export interface Budget {
  ms?: number;
  trials?: number;
}

export interface FitResult {
  name: string;
  h: Hypothesis;
  /** Candidate secret, for learners that output a linear hypothesis. */
  sHat?: Uint32Array;
  /** The learner accepted its candidate (passed its own test). */
  accepted: boolean;
  /** Work done, in the learner's own unit (trials, candidates, epochs, …). */
  trials: number;
  /** The budget ran out before the learner accepted anything. */
  budgetExhausted: boolean;
  ms: number;
  /** Expected log2 trials for success, from the learner's own cost formula (when it has one). */
  log2TrialsExpected?: number;
  note?: string;
  /**
   * Why the learner cannot succeed whatever its budget, when that is the case: too few samples
   * for its method (BKW) or a hypothesis class that cannot express a parity (ML baselines).
   */
  limit?: 'samples' | 'model';
  /** Learner-specific figures (thresholds, false-accept rates, block sizes, …) for reports. */
  details?: Record<string, number | string | boolean>;
}

export interface UnimodalLearner {
  readonly name: string;
  fit(view: UnimodalView, budget: Budget, rng: Rng): FitResult;
}
