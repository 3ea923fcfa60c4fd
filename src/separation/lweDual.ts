/**
 * Eve's dual route on the LWE instance (lwe.ts): from Bob's challenge x* = rᵀA alone, his r,
 * hence his close values rᵀZ exactly and his raw bits.
 *
 * The vectors v ∈ Z^m with vᵀA ≡ x* (mod q) form the coset v₀ + Λ of the lattice
 * Λ = {v : vᵀA ≡ 0 (mod q)} (rank m, volume q^n; src/lattice/qary.ts `dualBasis`), and Bob's r
 * (w entries ±1, ‖r‖² = w) is an unusually short vector of it: finding it is bounded-distance
 * decoding in Λ around v₀ (Micciancio–Mol, CRYPTO 2011: the knapsack x* = rᵀA is LWE of
 * dimension m − n with n samples, priced by src/cost/lweSession.ts). Λ is the same for every
 * challenge of a session, so its reduction is paid once:
 *
 * 1. Setup (`prepare`): Gauss–Jordan on [Aᵀ | I_n] mod q (unit pivots: q prime, or odd pivots
 *    for q = 2^k) gives n pivot rows P of A and U with U·Aᵀ = [I on P, …], so
 *    v₀ = (U·x*) scattered on P solves v₀ᵀA ≡ x*; then Λ's basis is LLL-reduced, and BKZ-β
 *    runs for the small block sizes the deadline leaves time for (Eve gives it half of what
 *    is left: lweEve.ts).
 * 2. Per challenge (`recover`): Babai's nearest plane (Babai, Combinatorica 1986) of v₀ in the
 *    reduced basis, r' = v₀ − (the lattice point found). It returns r when r's coordinates
 *    along the Gram–Schmidt vectors are below ½‖b*_i‖, which a short r and a reduced basis
 *    give. Failing that, Kannan's embedding of the coset: the reduced basis padded with a 0
 *    column and the row (r', 1); LLL from the last row (the rest is reduced already), then
 *    progressive BKZ until the deadline, until a row (r, ±1) appears.
 *
 * A candidate counts only if r'ᵀA ≡ x* (by construction) and ‖r'‖² ≤ w: r itself has ‖r‖² = w,
 * and a second vector of the coset that short would make r − r' ∈ Λ of norm ≤ 2√w, far below
 * Λ's first minimum (Gaussian heuristic: ≈ 14 at lwe-toy against 2√w = 4), so r' = r.
 *
 * Numerics: exact integers, float64 Gram–Schmidt (src/lattice/gso.ts states them); Babai
 * rounds from float64 projections, and its output is checked exactly.
 */
import { bkzReduce } from '../lattice/bkz.ts';
import { LatticeError, makeGso, MAX_DIM, type Gso } from '../lattice/gso.ts';
import { lllReduce } from '../lattice/lll.ts';
import { dualBasis, invMod } from '../lattice/qary.ts';
import { dotColumnsModQ, modQ } from './zq.ts';

/** Block sizes of her progressive BKZ (setup and per-challenge embedding). */
export const DUAL_BETAS = [4, 6, 8, 10, 12];

const gcd = (a: number, b: number): number => {
  while (b) [a, b] = [b, a % b];
  return Math.abs(a);
};

/** What one challenge gave her: Bob's r and his L close values rᵀZ (mod q). */
export interface DualHit {
  r: Int32Array;
  values: Uint32Array;
}

/** The particular-solution map x* ↦ v₀ (pivot rows, and U as n×n rows), or null without n unit pivots. */
function pivotSolver(A: Uint32Array, m: number, n: number, q: number): { pivots: number[]; U: number[][] } | null {
  // Rows of [Aᵀ | I_n]: n rows of m + n entries.
  const M = Array.from({ length: n }, (_, r) => {
    const row = new Array<number>(m + n).fill(0);
    for (let i = 0; i < m; i++) row[i] = A[i * n + r];
    row[m + r] = 1;
    return row;
  });
  const used = new Uint8Array(m);
  const pivots: number[] = [];
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < m && (used[c] || gcd(M[r][c], q) !== 1)) c++;
    if (c === m) return null;
    used[c] = 1;
    pivots.push(c);
    const inv = invMod(M[r][c], q);
    // Residues below 2^16: every product below 2^32, exact.
    for (let j = 0; j < m + n; j++) M[r][j] = (M[r][j] * inv) % q;
    for (let i = 0; i < n; i++) {
      if (i === r || M[i][c] === 0) continue;
      const f = M[i][c];
      for (let j = 0; j < m + n; j++) M[i][j] = modQ(M[i][j] - f * M[r][j], q);
    }
  }
  return { pivots, U: M.map((row) => row.slice(m)) };
}

/** Σ c_i b_i subtracted from t by Babai's nearest plane on st (t is changed in place). */
export function babaiReduce(st: Gso, t: number[]): void {
  const d = st.B.length;
  // p_i = ⟨t, b*_i⟩ / ‖b*_i‖², from ⟨t, b_i⟩ and μ (no explicit b*).
  const tb = st.B.map((b) => b.reduce((s, v, k) => s + v * t[k], 0));
  const p = new Float64Array(d);
  const proj = new Float64Array(d); // ⟨t, b*_i⟩
  for (let i = 0; i < d; i++) {
    let s = tb[i];
    for (let j = 0; j < i; j++) s -= st.mu[i][j] * proj[j];
    proj[i] = s;
    p[i] = s / st.r[i][i];
  }
  for (let i = d - 1; i >= 0; i--) {
    const c = Math.round(p[i]);
    if (c === 0) continue;
    const b = st.B[i];
    for (let k = 0; k < t.length; k++) t[k] -= c * b[k];
    const mi = st.mu[i];
    for (let j = 0; j < i; j++) p[j] -= c * mi[j];
    p[i] -= c;
  }
}

const norm2 = (v: ArrayLike<number>, len = v.length): number => {
  let s = 0;
  for (let k = 0; k < len; k++) s += v[k] * v[k];
  return s;
};

export interface DualStats {
  /** Setup (reduction of Λ), ms. */
  setupMs: number;
  /** Challenges recovered by Babai alone, and by the embedding. */
  babai: number;
  embedding: number;
  /** BKZ tours run in the embeddings. */
  tours: number;
}

/** The route bound to one session's public (A, Z); `prepare` once, then `recover` per challenge. */
export class LweDualRoute {
  readonly stats: DualStats = { setupMs: 0, babai: 0, embedding: 0, tours: 0 };
  private st: Gso | null = null;
  private solver: { pivots: number[]; U: number[][] } | null = null;

  constructor(
    private readonly A: Uint32Array,
    private readonly Z: Uint32Array,
    readonly p: { n: number; m: number; L: number; q: number; w: number },
  ) {}

  /** Lattice dimension of the setup (Λ has rank m). */
  get dimension(): number {
    return this.p.m;
  }

  /**
   * Reduces Λ (LLL, then BKZ-β for β in DUAL_BETAS while before `deadline`). Returns null when
   * ready, or why the route cannot run (no unit pivots; beyond float64's range; a precision
   * failure).
   */
  prepare(deadline: number): string | null {
    const { m, n, q } = this.p;
    const t0 = performance.now();
    if (m > MAX_DIM) return `its lattice has dimension ${m} > ${MAX_DIM} (float64 Gram–Schmidt, src/lattice/gso.ts)`;
    this.solver = pivotSolver(this.A, m, n, q);
    const rows = Array.from({ length: m }, (_, i) => Array.from(this.A.subarray(i * n, i * n + n)));
    const basis = this.solver && dualBasis(rows, q);
    if (!this.solver || !basis) return `A has no ${n} unit pivots mod ${q}`;
    try {
      const st = makeGso(basis);
      lllReduce(st);
      for (const beta of DUAL_BETAS) {
        if (performance.now() >= deadline) break;
        bkzReduce(st, { beta, maxTours: 2, onTour: () => performance.now() >= deadline });
      }
      this.st = st;
    } catch (e) {
      if (e instanceof LatticeError) return `reduction of Λ failed: ${e.message}`;
      throw e;
    }
    this.stats.setupMs = performance.now() - t0;
    return null;
  }

  /** Bob's r and values at x*, or null (not found by `deadline`, or not prepared). */
  recover(x: ArrayLike<number>, deadline: number): DualHit | null {
    const { st, solver } = this;
    if (!st || !solver) return null;
    const { m, n, q, w, L } = this.p;
    const t = new Array<number>(m).fill(0);
    solver.pivots.forEach((piv, r) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += solver.U[r][k] * x[k];
      t[piv] = modQ(s, q);
    });
    babaiReduce(st, t);
    let r: number[] | null = norm2(t) <= w ? t : null;
    if (r) this.stats.babai++;
    else {
      r = this.embed(st, t, deadline);
      if (r) this.stats.embedding++;
    }
    if (!r) return null;
    const ri = Int32Array.from(r, (v) => v + 0);
    return { r: ri, values: dotColumnsModQ(ri, this.Z, m, L, q) };
  }

  /** Kannan's embedding of the coset around t (header, step 2), until `deadline`. */
  private embed(red: Gso, t: number[], deadline: number): number[] | null {
    const { m, w } = this.p;
    if (m + 1 > MAX_DIM) return null;
    const rows = red.B.map((b) => [...b, 0]);
    rows.push([...t, 1]);
    try {
      const st = makeGso(rows);
      const look = (): number[] | null => {
        for (const u of st.B) {
          if (Math.abs(u[m]) !== 1 || norm2(u, m) > w) continue;
          return u.slice(0, m).map((v) => u[m] * v);
        }
        return null;
      };
      lllReduce(st, { start: m });
      let found = look();
      for (const beta of DUAL_BETAS) {
        if (found || performance.now() >= deadline) break;
        const s = bkzReduce(st, { beta, maxTours: 4, onTour: () => (found = look()) !== null || performance.now() >= deadline });
        this.stats.tours += s.tours;
      }
      return found;
    } catch (e) {
      if (e instanceof LatticeError) return null;
      throw e;
    }
  }
}
