/**
 * The separations sepka ships, and the choice of one from a profile's `separation` field
 * (absent = 'lpn'). See types.ts for the interface and what in it is generic.
 */
import { SepkaError } from '../errors.ts';
import { LpnParams, lpnSeparation, LpnSeparation } from './lpn.ts';
import type { SeparationName } from './types.ts';

export type { Challenge, PublicPart, Separation, SeparationName, TaskInspect } from './types.ts';
export { epsOf, lpnSeparation } from './lpn.ts';
export { publish, type Published } from './publish.ts';
export type { LpnExamples, LpnHypothesis, LpnParams, LpnSeparation, LpnTask, LpnView } from './lpn.ts';

export const SEPARATION_NAMES: readonly SeparationName[] = ['lpn', 'lpn-sparse-secret'];

/** The instance a profile names, bound to its numbers. */
export function separationOf(p: LpnParams & { separation?: SeparationName }): LpnSeparation {
  const name = p.separation ?? 'lpn';
  if (name === 'lpn') return lpnSeparation(p);
  if (name === 'lpn-sparse-secret') return lpnSeparation(p, true);
  throw new SepkaError('SEPKA_ERR_PROFILE', `unknown separation "${String(name)}" (known: ${SEPARATION_NAMES.join(', ')})`);
}
