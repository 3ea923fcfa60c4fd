/**
 * BKZ-β (Schnorr, "A hierarchy of polynomial time lattice basis reduction algorithms", TCS 1987;
 * Schnorr–Euchner, Math. Programming 1994). A tour visits k = 0 … d − 2: enumeration
 * (src/lattice/enumerate.ts) finds the shortest vector v of the projected block
 * π_k(L(b_k … b_{min(k+β, d)−1})); if ‖π_k(v)‖² < 0.99·‖b*_k‖², v is inserted at k and LLL
 * restores the basis from k on. Tours repeat until one inserts nothing, `maxTours` is reached, or
 * (auto-abort, as fplll's BKZ_AUTO_ABORT) the least-squares slope of the log profile has not
 * flattened by more than 10⁻⁴ (relative) for 5 tours running.
 *
 * Insertion without a generating set: v = Σ x_i b_i with gcd(x) = 1 (a shortest vector is
 * primitive); Euclid's algorithm on adjacent coefficients, mirrored by unimodular row operations
 * (b_i ← b_i + q·b_{i−1} and swaps), gathers the coefficients on b_k, which then equals ±v.
 * Everything stays in exact integers (src/lattice/gso.ts).
 */
import { enumerateBlock, type EnumOptions } from './enumerate.ts';
import { addMul, LatticeError, logProfile, makeGso, swapRows, type Gso } from './gso.ts';
import { lllReduce, LLL_DELTA } from './lll.ts';

export interface BkzOptions {
  /** Block size β ≥ 2. */
  beta: number;
  /** Tours at most (default 64). */
  maxTours?: number;
  /** Abort when the profile's slope stalls (default true). */
  autoAbort?: boolean;
  /** Passed to the enumeration (pruning, node cap). */
  enumeration?: EnumOptions;
  /** Called after each tour with the tour number (from 1) and the state; true stops BKZ. */
  onTour?: (tour: number, st: Gso) => boolean | void;
}

export interface BkzStats {
  tours: number;
  insertions: number;
  /** Why the tours stopped. */
  stop: 'converged' | 'max-tours' | 'auto-abort' | 'callback';
}

/** Least-squares slope of ln ‖b*_i‖ against i (the GSA predicts ≈ −ln δ² per index). */
export function profileSlope(profile: readonly number[], from = 0, to = profile.length): number {
  const n = to - from;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = from; i < to; i++) {
    sx += i;
    sy += profile[i];
    sxx += i * i;
    sxy += i * profile[i];
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

/** Puts Σ_{i} x_i b_{k+i} at position k by unimodular operations inside the block. */
export function insertVector(st: Gso, k: number, x: readonly number[]): void {
  const c = [...x];
  for (let i = c.length - 1; i >= 1; i--) {
    // Invariant: the vector is Σ c_j b_{k+j}; fold c_i into c_{i−1}.
    let a = c[i - 1];
    let b = c[i];
    while (b !== 0) {
      const q = Math.trunc(a / b);
      // a·u + b·w = (a − q b)·u + b·(w + q u)
      addMul(st, k + i, k + i - 1, q);
      a -= q * b;
      swapRows(st, k + i - 1, k + i);
      [a, b] = [b, a];
    }
    c[i - 1] = a;
    c[i] = 0;
  }
  if (Math.abs(c[0]) !== 1) throw new LatticeError(`inserted vector not primitive (gcd ${Math.abs(c[0])})`);
}

/** BKZ-β on `st` in place. */
export function bkzReduce(st: Gso, opts: BkzOptions): BkzStats {
  const beta = Math.max(2, Math.floor(opts.beta));
  const maxTours = opts.maxTours ?? 64;
  const autoAbort = opts.autoAbort ?? true;
  lllReduce(st);
  let insertions = 0;
  let lastSlope = profileSlope(logProfile(st));
  let stalled = 0;
  for (let tour = 1; tour <= maxTours; tour++) {
    let changed = 0;
    for (let k = 0; k < st.B.length - 1; k++) {
      const end = Math.min(k + beta, st.B.length);
      const rk = st.r[k][k];
      const found = enumerateBlock(st, k, end, LLL_DELTA * rk, opts.enumeration);
      if (found === null) continue;
      insertVector(st, k, found.x);
      lllReduce(st, { start: k });
      changed++;
    }
    insertions += changed;
    if (opts.onTour?.(tour, st)) return { tours: tour, insertions, stop: 'callback' };
    if (changed === 0) return { tours: tour, insertions, stop: 'converged' };
    const slope = profileSlope(logProfile(st));
    // The slope is negative and flattens (rises towards 0) as BKZ progresses.
    if (slope - lastSlope > Math.abs(lastSlope) * 1e-4) stalled = 0;
    else stalled++;
    lastSlope = Math.max(lastSlope, slope);
    if (autoAbort && stalled >= 5) return { tours: tour, insertions, stop: 'auto-abort' };
  }
  return { tours: maxTours, insertions, stop: 'max-tours' };
}

/** BKZ-β on a copy of `rows`. */
export function bkz(rows: readonly (readonly number[])[], opts: BkzOptions): { st: Gso; stats: BkzStats } {
  const st = makeGso(rows);
  const stats = bkzReduce(st, opts);
  return { st, stats };
}
