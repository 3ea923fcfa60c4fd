/**
 * Eve's unimodal learners by name (DESIGN.md §4), in the order reports list them. The dual
 * route (dualPrange.ts) attacks Bob's challenges, not (A, z), so it is not listed here.
 */
import { bkw } from './bkw.ts';
import { bruteForce, bruteRefusal } from './bruteForce.ts';
import { logreg } from './logreg.ts';
import { majority } from './majority.ts';
import { pooledGauss } from './pooledGauss.ts';
import { TaskParams } from '../task/bimodal.ts';
import { UnimodalLearner } from './types.ts';

export const UNIMODAL_LEARNERS: readonly UnimodalLearner[] = [majority, bruteForce, pooledGauss, bkw, logreg];

export const LEARNER_NAMES: readonly string[] = UNIMODAL_LEARNERS.map((l) => l.name);

export function learnerByName(name: string): UnimodalLearner | undefined {
  return UNIMODAL_LEARNERS.find((l) => l.name === name);
}

/** Why a learner will not run on these parameters, if it will not. */
export function refusal(name: string, params: TaskParams): string | undefined {
  if (name === 'brute') return bruteRefusal(params.n);
  if (name === 'pooled-gauss' && params.m <= params.n) {
    return `pooled Gauss needs more samples than unknowns (m = ${params.m} ≤ n = ${params.n})`;
  }
  return undefined;
}
