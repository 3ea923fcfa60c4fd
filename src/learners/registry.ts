/**
 * Eve's unimodal learners by name (DESIGN.md §4), in the order reports list them. The dual
 * route (dualPrange.ts) attacks Bob's challenges, not (A, z), so it is not listed here.
 */
import { bkw } from './bkw.ts';
import { bruteForce, bruteRefusal } from './bruteForce.ts';
import { logreg } from './logreg.ts';
import { majority } from './majority.ts';
import { pooledGauss } from './pooledGauss.ts';
import { UnimodalLearner } from './types.ts';

export const UNIMODAL_LEARNERS: readonly UnimodalLearner[] = [majority, bruteForce, pooledGauss, bkw, logreg];

export const LEARNER_NAMES: readonly string[] = UNIMODAL_LEARNERS.map((l) => l.name);

export function learnerByName(name: string): UnimodalLearner | undefined {
  return UNIMODAL_LEARNERS.find((l) => l.name === name);
}

/** Why a learner will not run at this size, if it will not (only brute force refuses). */
export function refusal(name: string, n: number): string | undefined {
  return name === 'brute' ? bruteRefusal(n) : undefined;
}
