/**
 * The separations sepka ships, and the choice of one from a profile's `separation` field
 * (absent = 'lpn'). See types.ts for the interface and what the reduction needs from an
 * instance; ring.ts for the rings and their wire encodings.
 */
import { SepkaError } from '../errors.ts';
import { GAUSSIAN_RING, gaussianAgreement, gaussianSeparation, GaussianSeparation } from './gaussian.ts';
import { epsOf, LpnParams, lpnSeparation, LpnSeparation } from './lpn.ts';
import { F2, type Ring } from './ring.ts';
import type { SeparationName } from './types.ts';

export type { Challenge, Labels, Point, PublicPart, Ring, Separation, SeparationName, TaskInspect, UnimodalFit, Values } from './types.ts';
export { epsOf, lpnSeparation } from './lpn.ts';
export { gaussianAgreement, gaussianSeparation, GAUSSIAN_RING } from './gaussian.ts';
export { checkRing, elementBits, F2, onGrid, ringText, vectorBytes } from './ring.ts';
export { publish, type Published } from './publish.ts';
export type { LpnExamples, LpnHypothesis, LpnParams, LpnSeparation, LpnTask, LpnView } from './lpn.ts';
export type { GaussianExamples, GaussianParams, GaussianSeparation, GaussianTask, GaussianView } from './gaussian.ts';

export const SEPARATION_NAMES: readonly SeparationName[] = ['lpn', 'lpn-sparse-secret', 'gaussian-regression'];

type Named = LpnParams & { separation?: SeparationName };

/** The profile's instance name, absent meaning 'lpn'. */
export const separationNameOf = (p: { separation?: SeparationName }): SeparationName => p.separation ?? 'lpn';

/** Whether the profile's instance is an LPN one (F2 points, Eve's LPN learners and dual route). */
export const isLpn = (p: { separation?: SeparationName }): boolean => separationNameOf(p) !== 'gaussian-regression';

/** The instance a profile names, bound to its numbers. */
export function separationOf(p: Named): LpnSeparation | GaussianSeparation {
  const name = separationNameOf(p);
  if (name === 'lpn') return lpnSeparation(p);
  if (name === 'lpn-sparse-secret') return lpnSeparation(p, true);
  if (name === 'gaussian-regression') return gaussianSeparation(p);
  throw new SepkaError('SEPKA_ERR_PROFILE', `unknown separation "${String(name)}" (known: ${SEPARATION_NAMES.join(', ')})`);
}

/** The LPN instance a profile names; refuses the others (callers built on LPN's structure). */
export function lpnSeparationOf(p: Named, what: string): LpnSeparation {
  if (!isLpn(p)) throw new SepkaError('SEPKA_ERR_USAGE', `${what} works on LPN instances; separation "${separationNameOf(p)}" has no LPN structure`);
  return separationOf(p) as LpnSeparation;
}

/** The ring of the profile's instance (its wire encoding), without drawing anything. */
export const ringOf = (p: { separation?: SeparationName }): Ring => (isLpn(p) ? F2 : GAUSSIAN_RING);

/** Theory raw agreement Pr[b_A = b_B] of the profile's instance, and its formula in words. */
export function agreementTheory(p: Named): { p: number; formula: string } {
  if (isLpn(p)) return { p: (1 + epsOf(p.theta, p.w)) / 2, formula: '(1 + (1 − 2θ)^w)/2' };
  return { p: gaussianAgreement(p.theta), formula: '1 − arctan(θ)/π' };
}
