/**
 * Eve's unimodal attacks on the LWE instance (lwe.ts), from the public (A, Z) alone, as the
 * instance's `attack` (types.ts UnimodalFit): her guess of Alice's raw bits at any x*.
 *
 * - Primal route (uSVP): for each label column j, Kannan's embedding of (A', z'_j) — the first
 *   m' = min(m, ⌈3n/2⌉) examples — with the secret's coordinates (Bai–Galbraith 2014), LLL and
 *   progressive BKZ-β for β = 4, 6, …, 12 (src/lattice/usvp.ts), until ±(e, −s, τ) is a basis
 *   row; τ = max(1, round(σ)). It runs only where the embedding's dimension n + m' + 1 is at most
 *   MAX_EMBED_DIM: the exact-integer reduction is not interruptible, and beyond that size one
 *   column would take her whole budget (lwe-toy: dimension 41, ≈ 60 ms a column). Columns run in
 *   turn while one as long as the last still fits before her deadline. A recovered s_j
 *   gives Alice's value ⟨x*, s_j⟩ exactly (reliability 1).
 * - Otherwise, the unimodal learner an ML practitioner would try first, least squares mod q:
 *   Gauss–Jordan on the noisy (A, Z) (zq.ts `solveModQ`, the n first unit-pivot rows). It fails:
 *   the n errors it absorbs come out multiplied by A_n⁻¹, uniform mod q, so ⟨x*, ŝ_j⟩ is
 *   independent of Alice's value and her raw bits sit at chance. She can see it fail — the
 *   residual z − Aŝ on the other m − n rows is uniform — so she gives its bits reliability ½.
 * Columns the primal route leaves unbroken get the least-squares guess, at reliability ½.
 * - Dual route against a challenge (`dualChallenge`, below): a short r' in the coset of x*.
 * Cost figures: the lattice route's ops are BKZ tours as run (not priced); least squares mod q
 * counts n²(n + L) multiply-adds for the elimination.
 */
import { bkzReduce } from '../lattice/bkz.ts';
import { makeGso } from '../lattice/gso.ts';
import { lllReduce } from '../lattice/lll.ts';
import { dualBasis } from '../lattice/qary.ts';
import { usvpAttack } from '../lattice/usvp.ts';
import { lweChiStd, lweSigma, topBits, type LweParams, type LweView } from './lweLaw.ts';
import type { UnimodalFit } from './types.ts';
import { dotColumnsModQ, solveModQ } from './zq.ts';

/** Largest uSVP embedding (n + m' + 1) Eve reduces within a session. */
export const MAX_EMBED_DIM = 64;
/** Block sizes of her progressive BKZ after LLL. */
const BETAS = [4, 6, 8, 10, 12];

/** Examples Eve embeds: min(m, ⌈3n/2⌉). */
export const embedSamples = (p: { n: number; m: number }): number => Math.min(p.m, Math.ceil((3 * p.n) / 2));

/** Whether her primal route runs on p (its embedding is at most MAX_EMBED_DIM). */
export const primalRuns = (p: { n: number; m: number }): boolean => p.n + embedSamples(p) + 1 <= MAX_EMBED_DIM;

/** Her attacks on the public (A, Z) (header); `deadline` (performance.now() ms) bounds the primal route. */
export function lweAttack(p: LweParams, v: LweView, budget?: { deadline: number }): UnimodalFit {
  const { n, m, L, q } = p;
  const found: (Int32Array | null)[] = new Array(L).fill(null);
  let tours = 0;
  let why = '';
  if (primalRuns(p)) {
    const me = embedSamples(p);
    const A = Array.from({ length: me }, (_, i) => Array.from(v.A.subarray(i * n, i * n + n)));
    const sigma = lweChiStd(lweSigma(p));
    const tau = Math.max(1, Math.round(sigma));
    const maxNorm2 = 2 * ((me + n) * sigma ** 2 + tau ** 2);
    const deadline = budget?.deadline ?? Infinity;
    let last = 0;
    for (let j = 0; j < L; j++) {
      const t0 = performance.now();
      if (t0 + last > deadline) {
        why = `; ${L - j} columns not started (deadline)`;
        break;
      }
      const b = Array.from({ length: me }, (_, i) => v.Z[i * L + j]);
      const r = usvpAttack(A, b, q, { tau, maxNorm2, betas: BETAS, maxTours: 4 });
      tours += r.tours;
      if (r.s) found[j] = Int32Array.from(r.s);
      last = performance.now() - t0;
    }
  } else why = `; primal uSVP not run: its embedding has dimension ${n + embedSamples(p) + 1} > ${MAX_EMBED_DIM}`;
  const solved = found.filter((s) => s !== null).length;
  // Least squares mod q for the columns the lattice left open.
  const ls = solved < L ? solveModQ(v.A, v.Z, m, n, L, q) : null;
  const S = new Int32Array(n * L);
  for (let j = 0; j < L; j++) for (let i = 0; i < n; i++) S[i * L + j] = found[j] ? found[j]![i] : (ls?.[i * L + j] ?? 0);
  const lsOps = solved < L ? n * n * (n + L) : 0;
  const name = solved > 0 ? 'usvp' : 'least-squares-mod-q';
  const note =
    solved > 0
      ? `primal uSVP (Kannan embedding, LLL + BKZ ≤ 12) recovered ${solved} of ${L} secrets (${tours} BKZ tours)${why}`
      : `least squares mod q (Gauss–Jordan on the noisy (A, z)): the residual is uniform, the fit is noise${why}`;
  return {
    name,
    solved,
    ops: lsOps,
    note,
    guess(x) {
      const a = dotColumnsModQ(x, S, n, L, q);
      return { bits: topBits(a, q), reliability: Float64Array.from(found, (s) => (s ? 1 : 0.5)) };
    },
  };
}

/**
 * The dual route against one challenge: a short r' with r'ᵀA ≡ x* (mod q), from which
 * r'ᵀz_j = a_j + r'ᵀe_j is as close to Alice's value as Bob's is when r' is as short as r.
 * The vectors (v, t) with vᵀA ≡ t·x* form the lattice {u : uᵀ[A; −x*] ≡ 0} of rank m + 1
 * (src/lattice/qary.ts `dualBasis` on the augmented matrix); LLL, then progressive BKZ up to
 * β = 12, and a basis row with t = ±1 gives r' = t·v. Null when no row has t = ±1 and
 * ‖v‖² ≤ maxNorm2 (or when [A; −x*] has no unit pivots). Runs at lwe-toy's size (rank 41); it
 * is not part of Eve's session flow (her primal route already holds every column there).
 */
export function dualChallenge(A: Uint32Array, m: number, n: number, x: ArrayLike<number>, q: number, maxNorm2: number): Int32Array | null {
  const rows = Array.from({ length: m }, (_, i) => Array.from(A.subarray(i * n, i * n + n)));
  rows.push(Array.from(x, (v) => (q - v) % q));
  const basis = dualBasis(rows, q);
  if (!basis) return null;
  const st = makeGso(basis);
  const look = (): Int32Array | null => {
    for (const u of st.B) {
      const t = u[m];
      if (Math.abs(t) !== 1) continue;
      if (u.reduce((s, v, k) => s + (k < m ? v * v : 0), 0) > maxNorm2) continue;
      return Int32Array.from(u.slice(0, m), (v) => t * v + 0);
    }
    return null;
  };
  lllReduce(st);
  let r = look();
  for (const beta of BETAS) {
    if (r) break;
    bkzReduce(st, { beta, maxTours: 4, onTour: () => (r = look()) !== null });
  }
  return r;
}
