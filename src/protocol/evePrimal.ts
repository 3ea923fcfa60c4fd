/**
 * Eve's primal route on all L label columns at once: pooled Gauss (Esser–Kübler–May, "LPN
 * decoded", CRYPTO 2017, §4; Prange 1962) with many right-hand sides.
 *
 * The L secrets share the public A, so one trial — a uniform n-subset S of the m rows and one
 * elimination of [A_S | Z_S] — yields a candidate ŝ_j for every still-unsolved column j at the
 * price of one. Column j's candidate is right when S avoids the noisy rows of e_j, probability
 * C(m−t_j, n)/C(m, n)·Pr[A_S invertible], independently across columns; so all L columns fall
 * after about H_L = Σ 1/j times the one-column count (estimate.ts, "whole session").
 *
 * Each candidate is tested on the m − n held-out rows, as in src/learners/pooledGauss.ts (same
 * thresholds, from its binomial tails): accepted at once when its errors are ≤ τ_s (false-accept
 * probability 2^-40 per candidate), or when the same candidate recurs with errors ≤ τ_w (a wrong
 * candidate depends on the whole subset S and recurs only by coincidence). The held-out rows
 * are scanned for all columns together (one row XOR per set bit of a_i) and the scan stops once
 * every column is past its cap.
 */
import { rref } from '../gf2/index.ts';
import { Mat, matZero, row } from '../gf2/mat.ts';
import { wordsFor } from '../gf2/vec.ts';
import { passThreshold, strictThreshold } from '../learners/binomial.ts';
import { LOG2_ALPHA, LOG2_BETA } from '../learners/pooledGauss.ts';
import { Rng, uniformInt } from '../rng.ts';

/** Copy bits [off, off + len) of a packed row into dst (len bits, LSB-first). */
function extractBits(src: Uint32Array, srcBase: number, off: number, len: number, dst: Uint32Array, dstBase: number): void {
  const words = wordsFor(len);
  const sh = off & 31;
  const w0 = srcBase + (off >>> 5);
  for (let k = 0; k < words; k++) {
    const lo = src[w0 + k] >>> sh;
    const hi = sh && w0 + k + 1 < src.length ? src[w0 + k + 1] << (32 - sh) : 0;
    dst[dstBase + k] = (lo | hi) >>> 0;
  }
  const r = len & 31;
  if (r) dst[dstBase + words - 1] &= (1 << r) - 1;
}

/** XOR len bits from src (LSB-first words) into dst at bit offset off (dst bits there are zero). */
function depositBits(src: Uint32Array, srcBase: number, len: number, dst: Uint32Array, dstBase: number, off: number): void {
  const sh = off & 31;
  const w0 = dstBase + (off >>> 5);
  const words = wordsFor(len);
  for (let k = 0; k < words; k++) {
    const v = src[srcBase + k];
    dst[w0 + k] |= v << sh;
    if (sh && v >>> (32 - sh)) dst[w0 + k + 1] |= v >>> (32 - sh);
  }
}

export class MultiPooledGauss {
  readonly m: number;
  readonly n: number;
  readonly L: number;
  readonly secrets: (Uint32Array | null)[];
  readonly tauStrict: number;
  readonly tauWeak: number;
  trials = 0;
  ms = 0;
  private readonly perm: Int32Array;
  /** Unsolved columns, and Z restricted to them (m × U). */
  private cols: number[] = [];
  private Zu: Mat = matZero(0, 0);
  /** Per-trial work buffers, sized for the current unsolved set. */
  private M: Mat = matZero(0, 0);
  private Sh: Mat = matZero(0, 0);
  private err = new Int32Array(0);
  private pred = new Uint32Array(0);
  /** Per column: the best weak candidate so far (for the recurrence rule) and its errors. */
  private readonly weak: (Uint32Array | null)[];
  private readonly weakErr: number[];

  constructor(readonly A: Mat, readonly Z: Mat, theta: number) {
    this.m = A.rows;
    this.n = A.cols;
    this.L = Z.cols;
    this.secrets = new Array(this.L).fill(null);
    this.weak = new Array(this.L).fill(null);
    this.weakErr = new Array(this.L).fill(Infinity);
    this.perm = Int32Array.from({ length: this.m }, (_, i) => i);
    const k = this.m - this.n;
    this.tauStrict = strictThreshold(k, LOG2_ALPHA);
    this.tauWeak = Math.min(k, passThreshold(this.m, theta, LOG2_BETA));
    this.refreshColumns();
  }

  get solved(): number {
    return this.secrets.filter((s) => s !== null).length;
  }

  /** Best unaccepted candidate of column j (a guess, not trusted). */
  bestGuess(j: number): Uint32Array | null {
    return this.secrets[j] ?? this.weak[j];
  }

  private refreshColumns(): void {
    this.cols = [];
    for (let j = 0; j < this.L; j++) if (!this.secrets[j]) this.cols.push(j);
    const U = this.cols.length;
    this.Zu = matZero(this.m, U);
    for (let i = 0; i < this.m; i++) {
      const zi = row(this.Z, i);
      const o = i * this.Zu.stride;
      this.cols.forEach((j, u) => {
        if ((zi[j >>> 5] >>> (j & 31)) & 1) this.Zu.data[o + (u >>> 5)] |= 1 << (u & 31);
      });
    }
    this.M = matZero(this.n, this.n + U);
    this.Sh = matZero(this.n, U);
    this.err = new Int32Array(U);
    this.pred = new Uint32Array(this.Sh.stride);
  }

  /** Run trials until every column is solved or `deadline` (performance.now()) passes. */
  run(deadline: number, rng: Rng): void {
    const t0 = performance.now();
    while (this.cols.length > 0 && performance.now() < deadline) this.trial(rng);
    this.ms += performance.now() - t0;
  }

  /** One trial over every unsolved column. */
  trial(rng: Rng): void {
    const { A, n, m, perm, Zu } = this;
    const U = this.cols.length;
    if (U === 0) return;
    this.trials++;
    for (let i = 0; i < n; i++) {
      const j = i + uniformInt(rng, m - i);
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    // [A_S | Z_S], eliminated on the first n columns.
    const { M, Sh, err, pred } = this;
    const ms = M.stride;
    M.data.fill(0);
    for (let i = 0; i < n; i++) {
      const src = perm[i];
      M.data.set(A.data.subarray(src * A.stride, src * A.stride + A.stride), i * ms);
      depositBits(Zu.data, src * Zu.stride, U, M.data, i * ms, n);
    }
    if (rref(M, n).rank < n) return;
    // Ŝ (n × U): row k holds bit k of every candidate ŝ_u.
    for (let k = 0; k < n; k++) extractBits(M.data, k * ms, n, U, Sh.data, k * Sh.stride);
    // Held-out test, all columns together: errors_u += [⟨a_i, ŝ_u⟩ ≠ z_iu].
    err.fill(0);
    const cap = Math.max(this.tauStrict, this.tauWeak);
    let alive = U;
    for (let q = n; q < m && alive > 0; q++) {
      const i = perm[q];
      pred.fill(0);
      const ai = A.data.subarray(i * A.stride, i * A.stride + A.stride);
      for (let w = 0; w < ai.length; w++) {
        let bits = ai[w];
        while (bits !== 0) {
          const low = bits & -bits;
          const k = (w << 5) + 31 - Math.clz32(low);
          bits ^= low;
          const o = k * Sh.stride;
          for (let x = 0; x < Sh.stride; x++) pred[x] ^= Sh.data[o + x];
        }
      }
      const zo = i * Zu.stride;
      for (let x = 0; x < Sh.stride; x++) {
        let diff = pred[x] ^ Zu.data[zo + x];
        while (diff !== 0) {
          const low = diff & -diff;
          const u = (x << 5) + 31 - Math.clz32(low);
          diff ^= low;
          if (++err[u] === cap + 1) alive--;
        }
      }
    }
    let changed = false;
    for (let u = 0; u < U; u++) {
      if (err[u] > this.tauWeak && err[u] > this.tauStrict) continue;
      const j = this.cols[u];
      const cand = new Uint32Array(wordsFor(n));
      for (let k = 0; k < n; k++) if ((Sh.data[k * Sh.stride + (u >>> 5)] >>> (u & 31)) & 1) cand[k >>> 5] |= 1 << (k & 31);
      const prev = this.weak[j];
      const recurs = prev !== null && err[u] <= this.tauWeak && prev.every((v, x) => v === cand[x]);
      if (err[u] <= this.tauStrict || recurs) {
        this.secrets[j] = cand;
        changed = true;
      } else if (err[u] < this.weakErr[j]) {
        this.weak[j] = cand;
        this.weakErr[j] = err[u];
      }
    }
    if (changed) this.refreshColumns();
  }
}
