/**
 * Balanced w (DESIGN.md §2): the primal route (pooled Gauss / Prange on (A, z)) costs about
 * C(m, t)/C(m − n, t) trials with t = round(θm); the dual route (find the weight-w r behind
 * x* = rᵀA) costs about C(m, w)/C(n, w) trials (Prange ISD on an [m, m−n] code). `balancedW`
 * picks the w whose dual cost is closest to the primal cost, so that neither route is the
 * cheaper way in. The counts are the DESIGN.md ones (no rank factor, no correction for several
 * solutions: at large w the corrected dual count falls again and would match spuriously).
 */
import { dualLog2Trials } from './dual.ts';
import { primalLog2Trials } from './primal.ts';

/** The w ∈ [1, n] whose dual cost is closest to the primal cost (ties: the smaller w). */
export function balancedW(n: number, theta: number, m: number): number {
  const target = primalLog2Trials(n, theta, m);
  let best = 1;
  let bestGap = Infinity;
  for (let w = 1; w <= Math.min(n, m); w++) {
    const gap = Math.abs(dualLog2Trials(n, m, w) - target);
    if (gap < bestGap) {
      best = w;
      bestGap = gap;
    }
  }
  return best;
}
