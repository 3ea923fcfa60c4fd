/**
 * Eve's primal route on all L label columns at once: pooled Gauss (Esser–Kübler–May, "LPN
 * decoded", CRYPTO 2017, §4; Prange 1962) with many right-hand sides.
 *
 * The L secrets share the public A, so one trial — a uniform n-subset S of the m rows and one
 * elimination of [A_S | Z_S] — yields a candidate ŝ_j for every still-open column j at the
 * price of one. Column j's candidate is right when S avoids the noisy rows of e_j, probability
 * C(m−t_j, n)/C(m, n)·Pr[A_S invertible], independently across columns; so all L columns fall
 * after about H_L = Σ 1/j times the one-column count (src/cost/session.ts).
 *
 * Each candidate is tested on the m − n held-out rows with the stopping rules of
 * src/learners/pooledGauss.ts (its thresholds and planned trial counts, reused), per column:
 * - strict: accept at once when errors ≤ τ_s (false accept ≤ 2^-40 per candidate);
 * - maximum likelihood: where the strict test cannot fire (small n: τ_s < t), keep the
 *   fewest-errors candidate and stop after the planned T(ê) = ln 2^7 / p(ê) trials,
 *   ê = min(best errors, τ_w); every trial counts for every column open since the start, so
 *   the plan is per column on the shared trial count. s is then missed w.p. ≤ 2^-7; the result
 *   is ML among all secrets unless a wrong secret fits the data at least as well as s — then
 *   no learner can tell, and at n ≈ 16 that is the common case (`candidateReliability` below).
 * - budget: the fewest-errors candidate so far, not accepted.
 * A candidate that merely *recurs* is NOT accepted (the rule this file used to have): a wrong
 * ŝ = s ⊕ δ with δ orthogonal to unusually many rows both recurs and errs little, and at n =
 * 16–24 that rule accepted wrong secrets that fit worse than s (test/eve.primal.test.ts).
 * The held-out rows are scanned for all columns together (one row XOR per set bit of a_i) and
 * the scan stops once every column is past its cap.
 */
import { rref } from '../gf2/index.ts';
import { Mat, matZero } from '../gf2/mat.ts';
import { wordsFor } from '../gf2/vec.ts';
import { log2BinomPmf, log2BinomSf, passThreshold, strictThreshold } from '../learners/binomial.ts';
import { LOG2_BETA, pooledGaussPlannedTrials } from '../cost/index.ts';
import { LOG2_ALPHA } from '../learners/pooledGauss.ts';
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

/**
 * How a column's secret was accepted: by pooled Gauss's strict test or its maximum-likelihood
 * rule, or handed in exact by another attack on the same columns (`acceptExternal`: primal
 * Stern, eve.ts).
 */
export type Acceptance = 'strict' | 'ml' | 'external';

/** Reliability cap for a candidate the search has not finished with (s may not be drawn yet). */
export const Q_UNFINISHED = 0.99;

/**
 * Pr[ŝ = s] for the fewest-errors candidate ŝ, with e errors on all m samples, n unknowns and
 * noise rate θ. For uniform A a wrong secret's errors are Bin(m, 1/2), so about
 * N = (2^n − 1)·Pr[Bin(m, 1/2) = e] wrong secrets err exactly e times (Poisson). Two accounts of
 * "the best candidate errs e times": ŝ = s, weight Pr[Bin(m, θ) = e]; or ŝ is such a rival and
 * s errs at least as often, weight (1 − e^-N)·Pr[Bin(m, θ) ≥ e]. (The factor "no rival errs
 * less" is common to both.) A heuristic — it ignores that the search may miss s — calibrated
 * against the truth in test/eve.primal.test.ts.
 */
export function log2PosteriorOdds(n: number, m: number, theta: number, e: number): number {
  const N = 2 ** (n + Math.log2(1 - 2 ** -n) + log2BinomPmf(m, 0.5, e));
  const rival = Math.log2(-Math.expm1(-N)) + log2BinomSf(m, theta, e - 1);
  return log2BinomPmf(m, theta, e) - rival;
}

/** Pr[⟨x*, ŝ⟩ = ⟨x*, s⟩] for fresh x*: 1 if ŝ = s, 1/2 otherwise; q = Pr[ŝ = s] from the odds, times (1 − miss). */
export function candidateReliability(n: number, m: number, theta: number, e: number, log2Miss: number): number {
  const q = (1 - 2 ** log2Miss) / (1 + 2 ** -log2PosteriorOdds(n, m, theta, e));
  return (1 + q) / 2;
}

export class MultiPooledGauss {
  readonly m: number;
  readonly n: number;
  readonly L: number;
  /** Accepted secrets (strict or maximum likelihood; see `acceptedBy`), null while open or given up. */
  readonly secrets: (Uint32Array | null)[];
  readonly acceptedBy: (Acceptance | null)[];
  readonly tauStrict: number;
  readonly tauWeak: number;
  trials = 0;
  ms = 0;
  /** Why no trial ran, when none did (set by Eve, who knows the budget's parts; for the report). */
  whyNoTrial?: string;
  private readonly perm: Int32Array;
  /** Open columns, and Z restricted to them (m × U). */
  private cols: number[] = [];
  private Zu: Mat = matZero(0, 0);
  /** Per-trial work buffers, sized for the current open set. */
  private M: Mat = matZero(0, 0);
  private Sh: Mat = matZero(0, 0);
  private err = new Int32Array(0);
  private pred = new Uint32Array(0);
  /** Per column: search finished, fewest-errors candidate, its errors, planned trials (ML rule). */
  private readonly done: boolean[];
  private readonly best: (Uint32Array | null)[];
  readonly bestErr: number[];
  private readonly planned: number[];

  constructor(readonly A: Mat, readonly Z: Mat, readonly theta: number) {
    this.m = A.rows;
    this.n = A.cols;
    this.L = Z.cols;
    this.secrets = new Array(this.L).fill(null);
    this.acceptedBy = new Array(this.L).fill(null);
    this.done = new Array(this.L).fill(false);
    this.best = new Array(this.L).fill(null);
    this.bestErr = new Array(this.L).fill(Infinity);
    this.perm = Int32Array.from({ length: this.m }, (_, i) => i);
    const k = this.m - this.n;
    this.tauStrict = strictThreshold(k, LOG2_ALPHA);
    this.tauWeak = Math.min(k, passThreshold(this.m, theta, LOG2_BETA));
    this.planned = new Array(this.L).fill(pooledGaussPlannedTrials(this.m, this.n, this.tauWeak));
    this.refreshColumns();
  }

  /** Accepted secrets. */
  get solved(): number {
    return this.secrets.filter((s) => s !== null).length;
  }

  /** Accepted by the strict test alone. */
  get solvedStrict(): number {
    return this.acceptedBy.filter((a) => a === 'strict').length;
  }

  /** Handed in by another attack (`acceptExternal`), not found by pooled Gauss. */
  get solvedExternal(): number {
    return this.acceptedBy.filter((a) => a === 'external').length;
  }

  /**
   * Column j's exact secret, found by another attack whose own test makes it exact (primal
   * Stern's error of weight ≤ its acceptance weight): the column is solved with reliability 1
   * and leaves the open set, so later pooled-Gauss trials no longer pay for it.
   */
  acceptExternal(j: number, s: Uint32Array): void {
    if (this.secrets[j]) return;
    this.secrets[j] = s;
    this.acceptedBy[j] = 'external';
    this.best[j] = s;
    if (!this.done[j]) {
      this.done[j] = true;
      this.refreshColumns();
    }
  }

  /** Columns whose search is over (accepted, or the plan ran out with no plausible candidate). */
  get finished(): number {
    return this.done.filter(Boolean).length;
  }

  /** Column j's secret if accepted, else its best plausible candidate (errors ≤ τ_w), else null. */
  bestGuess(j: number): Uint32Array | null {
    return this.secrets[j] ?? (this.bestErr[j] <= this.tauWeak ? this.best[j] : null);
  }

  /**
   * Pr[⟨x*, bestGuess(j)⟩ = ⟨x*, s_j⟩]: 1 after the strict test; for a maximum-likelihood
   * acceptance `candidateReliability` with the plan's miss probability 2^-7; for an unfinished
   * search the same, capped at Q_UNFINISHED; 1/2 without a candidate.
   */
  reliability(j: number): number {
    if (this.acceptedBy[j] === 'strict' || this.acceptedBy[j] === 'external') return 1;
    if (!this.bestGuess(j)) return 0.5;
    const q = candidateReliability(this.n, this.m, this.theta, this.bestErr[j], LOG2_BETA);
    return this.acceptedBy[j] === 'ml' ? q : Math.min(Q_UNFINISHED, q);
  }

  private refreshColumns(): void {
    this.cols = [];
    for (let j = 0; j < this.L; j++) if (!this.done[j]) this.cols.push(j);
    const U = this.cols.length;
    const { cols, m, Z } = this;
    // All columns open (at the start): Z itself. Else gather the open columns' bits, a plain
    // loop (a closure per bit took ≈ 2 s for paper-128's 28,672 × 128 under load).
    if (U === this.L) this.Zu = Z;
    else {
      this.Zu = matZero(m, U);
      const { data: zd, stride: zs } = Z;
      const { data: ud, stride: us } = this.Zu;
      for (let i = 0; i < m; i++) {
        const zo = i * zs;
        const o = i * us;
        for (let u = 0; u < U; u++) {
          const j = cols[u];
          if ((zd[zo + (j >>> 5)] >>> (j & 31)) & 1) ud[o + (u >>> 5)] |= 1 << (u & 31);
        }
      }
    }
    this.M = matZero(this.n, this.n + U);
    this.Sh = matZero(this.n, U);
    this.err = new Int32Array(U);
    this.pred = new Uint32Array(this.Sh.stride);
  }

  /**
   * Run trials until every column is finished, `deadline` (performance.now()) passes, or
   * `maxTrials` trials in all (a cap for tests, so a figure does not depend on the clock).
   */
  run(deadline: number, rng: Rng, maxTrials = Infinity): void {
    const t0 = performance.now();
    // A trial is not interruptible (one elimination, ≈ 0.3–1.5 s at paper-128): after the
    // first, the next starts only if a trial as long as the last one still fits.
    let last = 0;
    for (let now = t0; this.cols.length > 0 && this.trials < maxTrials && now + last < deadline; ) {
      this.trial(rng);
      const t = performance.now();
      last = t - now;
      now = t;
    }
    this.ms += performance.now() - t0;
  }

  /** One trial over every open column. */
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
      const j = this.cols[u];
      if (err[u] < this.bestErr[j]) {
        const cand = new Uint32Array(wordsFor(n));
        for (let k = 0; k < n; k++) if ((Sh.data[k * Sh.stride + (u >>> 5)] >>> (u & 31)) & 1) cand[k >>> 5] |= 1 << (k & 31);
        this.best[j] = cand;
        this.bestErr[j] = err[u];
        if (err[u] < this.tauWeak) this.planned[j] = Math.min(this.planned[j], pooledGaussPlannedTrials(m, n, err[u]));
      }
      const strict = err[u] <= this.tauStrict;
      if (!strict && this.trials < this.planned[j]) continue;
      // Strict test passed, or the ML plan is complete: accept if plausible, else give up.
      this.done[j] = true;
      changed = true;
      if (strict || this.bestErr[j] <= this.tauWeak) {
        this.secrets[j] = this.best[j];
        this.acceptedBy[j] = strict ? 'strict' : 'ml';
      }
    }
    if (changed) this.refreshColumns();
  }
}
