/**
 * The figures `sepka measure` sets beside its measurements (DESIGN.md §2–§3):
 *
 * - The physical limit: with Eve computationally blind, one raw bit carries at most
 *   I(A;B) = 1 − h(1 − p) bits of key (p = Pr[b_A = b_B]; Maurer 1993, Ahlswede–Csiszár 1993
 *   for the one-way secret-key capacity with a blind eavesdropper).
 * - Key efficiency β = key bits / (raw bits · (1 − h(1 − p))).
 * - Reconciliation efficiency f = leaked / (N · h(e)), N distilled bits with error rate e
 *   (Brassard–Salvail 1993; f = 1 is the Slepian–Wolf limit); over several sessions, the
 *   total leak against Σ N_i·h(e_i).
 * - Holenstein's condition for amplifying weak bit agreement into key agreement
 *   (T. Holenstein, "Strengthening key agreement using hard-core sets", PhD thesis, ETH 2006;
 *   T. Holenstein, "Key agreement from weak bit agreement", STOC 2005, ACM): with agreement bias
 *   ε (Pr[b_A = b_B] = (1+ε)/2) and Eve's success on an agreed bit at most 1 − δ/2, key agreement
 *   follows when δ > (1 − ε)/(1 + ε). We evaluate it on the point estimates and, conservatively,
 *   on the interval ends least favourable to it.
 */
import { h2 } from '../stats.ts';
import { Rate } from './rates.ts';

/** 1 − h(1 − p): key bits per raw bit against a blind Eve. */
export const keyLimit = (p: number): number => 1 - h2(1 - p);

export function keyEfficiency(keyBits: number, rawBits: number, p: number): number {
  const lim = keyLimit(p);
  return rawBits > 0 && lim > 0 ? keyBits / (rawBits * lim) : NaN;
}

export function reconciliationEfficiency(leaked: number, N: number, e: number): number {
  const h = h2(e);
  return N > 0 && h > 0 ? leaked / (N * h) : NaN;
}

/**
 * f over several sessions: total leak against the sum of each session's own bound N_i·h(e_i).
 * Sessions choose their own ℓ, so their error rates differ; h is concave, so N·h(pooled e)
 * would exceed Σ N_i·h(e_i) and flatter the reconciliation.
 */
export function pooledReconciliationEfficiency(sessions: readonly { leaked: number; N: number; errors: number }[]): number {
  const leaked = sessions.reduce((a, s) => a + s.leaked, 0);
  const bound = sessions.reduce((a, s) => a + (s.N > 0 ? s.N * h2(s.errors / s.N) : 0), 0);
  return bound > 0 ? leaked / bound : NaN;
}

export interface HolensteinCheck {
  /** Measured agreement bias ε = 2·Pr[b_A = b_B] − 1. */
  eps: number;
  /** Eve's measured success on agreed raw bits, and δ = 2(1 − success). */
  eveSuccess: number;
  delta: number;
  /** (1 − ε)/(1 + ε). */
  threshold: number;
  holds: boolean;
  /** Same test at the interval ends least favourable to it (ε low, Eve's success high). */
  conservative: { eps: number; delta: number; threshold: number; holds: boolean };
}

export function holenstein(agreement: Rate, eveOnAgreed: Rate): HolensteinCheck {
  const thr = (e: number) => (1 - e) / (1 + e);
  const eps = 2 * agreement.p - 1;
  const delta = 2 * (1 - eveOnAgreed.p);
  const epsLo = 2 * agreement.ci[0] - 1;
  const deltaLo = 2 * (1 - eveOnAgreed.ci[1]);
  return {
    eps,
    eveSuccess: eveOnAgreed.p,
    delta,
    threshold: thr(eps),
    holds: delta > thr(eps),
    conservative: { eps: epsLo, delta: deltaLo, threshold: thr(epsLo), holds: deltaLo > thr(epsLo) },
  };
}
