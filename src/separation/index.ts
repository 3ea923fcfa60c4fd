/**
 * The separations sepka ships, and the choice of one from a profile's `separation` field
 * (absent = 'lpn'). See types.ts for the interface and what the reduction needs from an
 * instance; ring.ts for the rings and their wire encodings.
 */
import { SepkaError } from '../errors.ts';
import { GAUSSIAN_RING, gaussianAgreement, gaussianSeparation, GaussianSeparation } from './gaussian.ts';
import { epsOf, LpnParams, lpnSeparation, LpnSeparation } from './lpn.ts';
import { lweAgreement, lweSeparation, type LweSeparation } from './lwe.ts';
import { F2, type Ring } from './ring.ts';
import type { SeparationName } from './types.ts';

export type { Challenge, ChallengeRoute, EveRoutes, Labels, Point, PublicPart, Ring, Separation, SeparationName, TaskInspect, UnimodalFit, Values } from './types.ts';
export { epsOf, lpnSeparation } from './lpn.ts';
export { gaussianAgreement, gaussianSeparation, GAUSSIAN_RING } from './gaussian.ts';
export { lweAgreement, lweChiStd, lweSeparation, lweSigma } from './lwe.ts';
export type { LweExamples, LweParams, LweSeparation, LweTask, LweView } from './lwe.ts';
export { checkRing, elementBits, F2, onGrid, ringText, vectorBytes } from './ring.ts';
export { publish, type Published } from './publish.ts';
export type { LpnExamples, LpnHypothesis, LpnParams, LpnSeparation, LpnTask, LpnView } from './lpn.ts';
export type { GaussianExamples, GaussianParams, GaussianSeparation, GaussianTask, GaussianView } from './gaussian.ts';

export const SEPARATION_NAMES: readonly SeparationName[] = ['lpn', 'lpn-sparse-secret', 'gaussian-regression', 'lwe'];

/** A profile's task numbers; q only for 'lwe'. */
type Named = LpnParams & { separation?: SeparationName; q?: number };

/** The profile's instance name, absent meaning 'lpn'. */
export const separationNameOf = (p: { separation?: SeparationName }): SeparationName => p.separation ?? 'lpn';

/** Whether the profile's instance is an LPN one (F2 points, Eve's LPN learners and dual route). */
export const isLpn = (p: { separation?: SeparationName }): boolean => {
  const name = separationNameOf(p);
  return name === 'lpn' || name === 'lpn-sparse-secret';
};

/** Whether the profile's instance is LWE (Z_q points, Eve's lattice route, estimateLwe). */
export const isLwe = (p: { separation?: SeparationName }): boolean => separationNameOf(p) === 'lwe';

/** q of an LWE profile (the profile check makes it present with separation 'lwe'). */
function modulusOf(p: { q?: number }): number {
  if (p.q === undefined) throw new SepkaError('SEPKA_ERR_PROFILE', 'separation "lwe" needs the modulus q');
  return p.q;
}

/** The instance a profile names, bound to its numbers. */
export function separationOf(p: Named): LpnSeparation | GaussianSeparation | LweSeparation {
  const name = separationNameOf(p);
  if (name === 'lpn') return lpnSeparation(p);
  if (name === 'lpn-sparse-secret') return lpnSeparation(p, true);
  if (name === 'gaussian-regression') return gaussianSeparation(p);
  if (name === 'lwe') return lweSeparation({ ...p, q: modulusOf(p) });
  throw new SepkaError('SEPKA_ERR_PROFILE', `unknown separation "${String(name)}" (known: ${SEPARATION_NAMES.join(', ')})`);
}

/** The LPN instance a profile names; refuses the others (callers built on LPN's structure). */
export function lpnSeparationOf(p: Named, what: string): LpnSeparation {
  if (!isLpn(p)) throw new SepkaError('SEPKA_ERR_USAGE', `${what} works on LPN instances; separation "${separationNameOf(p)}" has no LPN structure`);
  return separationOf(p) as LpnSeparation;
}

/**
 * The ring of the instance a profile names (its wire encoding), without drawing anything; a
 * caller's own instance has its own (`separation.ring`), which callers pass instead.
 */
export function ringOf(p: { separation?: SeparationName; q?: number }): Ring {
  if (isLpn(p)) return F2;
  if (isLwe(p)) return { kind: 'zq', q: modulusOf(p) };
  if (separationNameOf(p) === 'gaussian-regression') return GAUSSIAN_RING;
  throw new SepkaError('SEPKA_ERR_PROFILE', `separation "${separationNameOf(p)}" has no ring here`);
}

/** Theory raw agreement Pr[b_A = b_B] of the profile's instance, and its formula in words. */
export function agreementTheory(p: Named): { p: number; formula: string } {
  if (isLpn(p)) return { p: (1 + epsOf(p.theta, p.w)) / 2, formula: '(1 + (1 − 2θ)^w)/2' };
  if (isLwe(p)) return { p: lweAgreement({ ...p, q: modulusOf(p) }), formula: '1 − (2/q)·E|rᵀe mod± q|' };
  return { p: gaussianAgreement(p.theta), formula: '1 − arctan(θ)/π' };
}
