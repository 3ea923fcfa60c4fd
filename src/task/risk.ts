/**
 * Population risk R(h) = Pr[h(x) ≠ z] of a hypothesis on D_s, estimated on T fresh examples,
 * with a Wilson interval (DESIGN.md §1; the Bayes risk is θ).
 */
import { Mat, row } from '../gf2/mat.ts';
import { dot } from '../gf2/vec.ts';
import { Rng } from '../rng.ts';
import { Interval, wilson, Z95 } from '../stats.ts';
import { freshExamples, TaskParams } from './bimodal.ts';

/** A hypothesis h: F2^n → F2, given the packed x. */
export type Hypothesis = (x: Uint32Array) => 0 | 1;

/** The linear hypothesis x ↦ ⟨x, ŝ⟩. */
export const linear = (sHat: Uint32Array): Hypothesis => (x) => dot(x, sHat);

export interface RiskEstimate extends Interval {
  /** Number of fresh test examples. */
  T: number;
  errors: number;
}

/** Errors of h on the labelled set (X, z). */
export function countErrors(h: Hypothesis, X: Mat, z: Uint32Array): number {
  let err = 0;
  for (let i = 0; i < X.rows; i++) if (h(row(X, i)) !== ((z[i >>> 5] >>> (i & 31)) & 1)) err++;
  return err;
}

export function estimateRisk(
  h: Hypothesis,
  params: TaskParams,
  s: Uint32Array,
  T: number,
  rng: Rng,
  z = Z95,
): RiskEstimate {
  const test = freshExamples(params, s, T, rng);
  const errors = countErrors(h, test.X, test.z);
  return { ...wilson(errors, T, z), T, errors };
}
