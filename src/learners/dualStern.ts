/**
 * Stern's collision ISD on the dual route (DESIGN.md §2): the attack `sepka estimate` prices as
 * "dual stern", run for real, so that the estimate's cheapest attack is one Eve can execute and
 * its iteration count can be checked against a measurement. Source: J. Stern, "A method for
 * finding codewords of small weight", Coding Theory and Applications 1988, LNCS 388 (1989)
 * 106–113; formulation after C. Peters, PhD thesis TU/e 2011, §5.2, and Bernstein–Lange–Peters,
 * "Attacking and defending the McEliece cryptosystem", PQCrypto 2008.
 *
 * Task (as dualPrange.ts): given A (m×n) and x* = rᵀA with wt(r) = w, find r. With H = Aᵀ
 * (n×m) this is syndrome decoding H·r = x*. One iteration:
 *  1. draw a uniform n-subset R of the m positions with A_R invertible (singular draws are
 *     redrawn and counted as `eliminations`), and reduce [H_R | H_I | x*] to [I | Q | s'], so
 *     that r_R = s' + Q·r_I on the k = m − n other positions I;
 *  2. split I uniformly into X (⌊k/2⌋ positions) and Y (the rest); let Z be ℓ positions of R
 *     (the first ℓ pivot rows: R is drawn in random order, so Z is a uniform ℓ-subset);
 *  3. store every p-subset of X under its ℓ-bit projection (Σ q_c)|Z; for every p-subset of Y
 *     look up (s' + Σ q_c)|Z. Each collision fixes r_I; accept when r_R = s' + Q·r_I has
 *     weight w − 2p.
 * It finds r exactly when r has p ones in X, p in Y and none in Z:
 *     P = C(⌊k/2⌋, p)·C(⌈k/2⌉, p)·C(n − ℓ, w − 2p) / C(m, w)
 * per iteration — the estimator's formula (src/cost/isd.ts; `dualSternLog2Success` in
 * src/cost/dual.ts), without a full-rank factor because singular draws are not iterations. Cost per iteration: 1/Pr[full rank] ≈ 3.46 loads and
 * eliminations of the n×(m+1) system (singular draws included; the estimator charges one G,
 * which flatters Stern by ≈ 1.8 bits against Prange — far less than the 7–20 bits by which it
 * wins on the shipped profiles), 2·C(k/2, p) list entries, ≈ C(k/2, p)²/2^ℓ collision checks
 * of n bits each.
 *
 * Several targets (N. Sendrier, "Decoding one out of many", PQCrypto 2011): with
 * `maxTargets` > 1, `iterationMany` appends T syndromes to the system, builds the X list once
 * and looks each target's s'_i up with the Y side, so an iteration succeeds on target i with
 * the P above, independently across targets for independent r_i (src/cost/multi.ts prices it;
 * test/learners.multiTarget.test.ts checks it). primalStern.ts runs the primal route through it.
 *
 * Limits, on purpose: p ∈ {1, 2} (at n = 256, p = 3 lists would hold C(384, 3) ≈ 2^23 entries
 * per iteration) and ℓ ≤ 31 (one word per projection). `dualSternPlan` (src/cost/dual.ts) picks
 * the cheapest (p, ℓ) within them under the estimator's bit-operation model.
 */
import { SepkaError } from '../errors.ts';
import { rank, rref } from '../gf2/index.ts';
import { Mat, matZero, transposeColumns } from '../gf2/mat.ts';
import { popcount32, wordsFor } from '../gf2/vec.ts';
import { dualSternLog2Success, dualSternPlan, type SternPlan } from '../cost/index.ts';
import { Rng, uniformInt } from '../rng.ts';
import { BudgetClock } from './budget.ts';
import { scatterRowsAsColumns } from './infoSet.ts';
import { Budget } from './types.ts';

export interface DualSternResult {
  r: Uint32Array | null;
  /** Iterations (invertible draws of R). */
  trials: number;
  /** Eliminations, counting the singular draws. */
  eliminations: number;
  /** Collisions checked in full. */
  collisions: number;
  ms: number;
  budgetExhausted: boolean;
  plan: SternPlan;
  log2TrialsExpected: number;
}

/** The attack on one public matrix; buffers are reused across iterations and challenges. */
export class DualStern {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** perm[0..n) = R in pivot-row order, perm[n..n+⌊k/2⌋) = X, the rest Y. */
  readonly perm: Int32Array;
  private readonly M: Mat;
  /** Q's columns (and s' last) as n-bit rows: the transpose of [Q | s']. */
  private readonly Qt: Uint32Array;
  private readonly qs: number;
  private readonly key: Uint32Array;
  // The X list: an open hash on the ℓ-bit key, chained through `next`.
  private head = new Int32Array(0);
  private ek = new Uint32Array(0);
  private ea = new Int32Array(0);
  private eb = new Int32Array(0);
  private next = new Int32Array(0);
  eliminations = 0;
  collisions = 0;

  /** Targets one iteration takes at most (decoding one out of many, Sendrier 2011): columns m.. of M. */
  readonly maxTargets: number;

  constructor(readonly A: Mat, maxTargets = 1) {
    if (A.rows <= A.cols) throw new SepkaError('SEPKA_ERR_SHAPE', `dual Stern: need m > n, got ${A.rows}×${A.cols}`);
    // Without rank n no n rows of A are independent, and step 1 would redraw R forever.
    const rk = rank(A);
    if (rk < A.cols) throw new SepkaError('SEPKA_ERR_SINGULAR', `dual Stern: A has rank ${rk} < n = ${A.cols}, so no information set exists`);
    this.m = A.rows;
    this.n = A.cols;
    this.k = this.m - this.n;
    this.maxTargets = maxTargets;
    this.perm = Int32Array.from({ length: this.m }, (_, i) => i);
    this.M = matZero(this.n, this.m + maxTargets);
    this.qs = wordsFor(this.n);
    this.Qt = new Uint32Array((this.k + maxTargets) * this.qs);
    this.key = new Uint32Array(this.k + maxTargets);
  }

  /** Steps 1–2: a uniform invertible R in random order, a uniform split of the rest, [I | Q | s'_1 … s'_T]. */
  private reduce(xs: readonly Uint32Array[], rng: Rng): void {
    const { A, M, m, n, perm } = this;
    const ms = M.stride;
    for (;;) {
      // A full Fisher–Yates shuffle: R = perm[0..n) and the X/Y split are both uniform.
      for (let i = 0; i < m - 1; i++) {
        const j = i + uniformInt(rng, m - i);
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      M.data.fill(0);
      // Column c of M is row perm[c] of A (a column of H = Aᵀ); columns m.. are the targets x*_i.
      scatterRowsAsColumns(A, perm, m, M);
      for (let i = 0; i < xs.length; i++) {
        const c = m + i;
        const x = xs[i];
        for (let j = 0; j < n; j++) if ((x[j >>> 5] >>> (j & 31)) & 1) M.data[j * ms + (c >>> 5)] |= 1 << (c & 31);
      }
      this.eliminations++;
      if (rref(M, n).rank === n) return;
    }
  }

  /** Load Qt (columns n..m+T of M as n-bit rows) and the ℓ-bit keys (rows 0..ℓ of M). */
  private load(ell: number, T: number): void {
    const { M, n, k, Qt, qs, key } = this;
    transposeColumns(M, n, k + T, Qt, qs);
    // Z = rows 0..ℓ (ℓ ≤ 31, ℓ ≤ n) all sit in the first word of each Qt row.
    const mask = ell === 0 ? 0 : 0xffffffff >>> (32 - ell);
    for (let t = 0; t < k + T; t++) key[t] = (Qt[t * qs] & mask) >>> 0;
  }

  /** One iteration against x*: r when it is found, else null. */
  iteration(xStar: Uint32Array, w: number, plan: SternPlan, rng: Rng): Uint32Array | null {
    return this.iterationMany([xStar], { exact: w }, plan, rng)[0];
  }

  /**
   * One iteration against T ≤ maxTargets targets at once (Sendrier 2011: the X list is built
   * once, each target's s'_i is looked up with the Y side): for each target, its r when found,
   * else null. `weight.exact` accepts wt(r) = w exactly (Bob's challenges); `weight.max` accepts
   * wt(r) ≤ max (the primal route's errors, whose weight is not known: primalStern.ts).
   */
  iterationMany(xs: readonly Uint32Array[], weight: { exact: number } | { max: number }, plan: SternPlan, rng: Rng): (Uint32Array | null)[] {
    const { k, Qt, qs, key } = this;
    const { p, ell } = plan;
    const T = xs.length;
    if (T < 1 || T > this.maxTargets) throw new SepkaError('SEPKA_ERR_USAGE', `dual Stern: 1 to ${this.maxTargets} targets, got ${T}`);
    this.reduce(xs, rng);
    this.load(ell, T);
    const h1 = k >>> 1;
    const exact = 'exact' in weight;
    const target = (exact ? weight.exact : weight.max) - 2 * p;
    // X list: p-subsets of t ∈ [0, h1) (info position n + t), keyed by their ℓ-bit sum.
    const size = p === 1 ? h1 : (h1 * (h1 - 1)) / 2;
    this.ensure(size);
    const { head, ek, ea, eb, next } = this;
    const mask = head.length - 1;
    head.fill(-1);
    let e = 0;
    const add = (kk: number, a: number, b: number) => {
      ek[e] = kk;
      ea[e] = a;
      eb[e] = b;
      const h = kk & mask;
      next[e] = head[h];
      head[h] = e++;
    };
    if (p === 1) for (let a = 0; a < h1; a++) add(key[a], a, -1);
    else for (let a = 0; a < h1; a++) for (let b = a + 1; b < h1; b++) add((key[a] ^ key[b]) >>> 0, a, b);
    // Y side: look up (s'_i + Σ q)|Z for target i (Qt row k + i).
    const check = (si: number, want: number, c: number, d: number): Uint32Array | null => {
      for (let x = head[want & mask]; x >= 0; x = next[x]) {
        if (ek[x] !== want) continue;
        this.collisions++;
        const a = ea[x];
        const b = eb[x];
        let wt = 0;
        for (let q = 0; q < qs && wt <= target; q++) {
          let v = Qt[si * qs + q] ^ Qt[a * qs + q] ^ Qt[c * qs + q];
          if (b >= 0) v ^= Qt[b * qs + q];
          if (d >= 0) v ^= Qt[d * qs + q];
          wt += popcount32(v >>> 0);
        }
        if (exact ? wt === target : wt <= target) return this.assemble(si, [a, b, c, d]);
      }
      return null;
    };
    const out: (Uint32Array | null)[] = [];
    for (let i = 0; i < T; i++) {
      const si = k + i;
      const sKey = key[si];
      let found: Uint32Array | null = null;
      if (p === 1) {
        for (let c = h1; c < k && !found; c++) found = check(si, (key[c] ^ sKey) >>> 0, c, -1);
      } else {
        for (let c = h1; c < k && !found; c++) {
          const kc = key[c] ^ sKey;
          for (let d = c + 1; d < k && !found; d++) found = check(si, (kc ^ key[d]) >>> 0, c, d);
        }
      }
      out.push(found);
    }
    return out;
  }

  /** r from the chosen info positions and r_R = s'_i + Σ q over them (s'_i is Qt row si). */
  private assemble(si: number, ts: number[]): Uint32Array {
    const { n, m, Qt, qs, perm } = this;
    const r = new Uint32Array(wordsFor(m));
    const eR = Qt.slice(si * qs, si * qs + qs);
    for (const t of ts) {
      if (t < 0) continue;
      for (let q = 0; q < qs; q++) eR[q] ^= Qt[t * qs + q];
      const pos = perm[n + t];
      r[pos >>> 5] |= 1 << (pos & 31);
    }
    for (let i = 0; i < n; i++) {
      if ((eR[i >>> 5] >>> (i & 31)) & 1) r[perm[i] >>> 5] |= 1 << (perm[i] & 31);
    }
    return r;
  }

  private ensure(size: number): void {
    if (this.ek.length >= size && this.head.length > 0) return;
    let t = 1;
    while (t < 2 * size) t <<= 1;
    this.head = new Int32Array(t);
    this.ek = new Uint32Array(size);
    this.ea = new Int32Array(size);
    this.eb = new Int32Array(size);
    this.next = new Int32Array(size);
  }

  /** Iterations until r is found or the budget runs out. */
  attack(xStar: Uint32Array, w: number, budget: Budget, rng: Rng, plan = dualSternPlan(this.m, this.n, w)): DualSternResult {
    const { m, n } = this;
    if (!(Number.isInteger(w) && w >= 2 * plan.p && w <= m)) {
      throw new SepkaError('SEPKA_ERR_USAGE', `dual Stern: weight w must be an integer in [${2 * plan.p}, m=${m}], got ${w}`);
    }
    if (!(plan.ell >= 0 && plan.ell <= 31 && plan.ell <= n)) throw new SepkaError('SEPKA_ERR_USAGE', `dual Stern: ℓ must be in [0, min(31, n)], got ${plan.ell}`);
    if (xStar.length < wordsFor(n)) throw new SepkaError('SEPKA_ERR_SHAPE', `dual Stern: challenge has ${xStar.length} words, need ${wordsFor(n)}`);
    const clock = new BudgetClock(budget);
    const e0 = this.eliminations;
    const c0 = this.collisions;
    let trials = 0;
    let r: Uint32Array | null = null;
    while (r === null && !clock.exhausted(trials)) {
      trials++;
      r = this.iteration(xStar, w, plan, rng);
    }
    return {
      r,
      trials,
      eliminations: this.eliminations - e0,
      collisions: this.collisions - c0,
      ms: clock.elapsed(),
      budgetExhausted: r === null,
      plan,
      log2TrialsExpected: -dualSternLog2Success(m, n, w, plan),
    };
  }
}
