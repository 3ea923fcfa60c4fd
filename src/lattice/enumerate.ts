/**
 * Shortest-vector enumeration on a projected block of a basis (Kannan 1983; Fincke–Pohst 1985),
 * in Schnorr–Euchner's zig-zag order ("Lattice basis reduction", Math. Programming 1994): depth
 * first from the last index, each coordinate visiting integers in order of distance from its
 * centre c_i = −Σ_{j>i} x_j μ_ji, so the first leaves found are short and the radius shrinks
 * early. Only one of ±v is visited: while every coordinate above i is zero, x_i ≥ 0.
 *
 * Optional linear pruning (Gama–Nguyen–Regev, "Lattice enumeration using extreme pruning",
 * EUROCRYPT 2010): with t of the k coordinates fixed, the partial norm must stay below (t/k)·R².
 * It misses the shortest vector with constant probability and cuts the tree by 2^{Θ(k)}; BKZ's
 * default here is no pruning (exact SVP in each block).
 */
import type { Gso } from './gso.ts';

export interface EnumResult {
  /** Coefficients of the vector on b_start … b_{end−1}. */
  x: number[];
  /** Its squared projected norm ‖π_start(Σ x_i b_i)‖². */
  norm2: number;
}

export interface EnumOptions {
  pruning?: 'none' | 'linear';
  /** Give up after this many nodes (returning the best found so far). */
  maxNodes?: number;
}

/**
 * The shortest nonzero vector of π_start(L(b_start … b_{end−1})) with squared norm < radius2,
 * or null if there is none (radius2 is exclusive). Uses the current GSO of rows start … end−1.
 */
export function enumerateBlock(
  st: Gso,
  start: number,
  end: number,
  radius2: number,
  opts: EnumOptions = {},
): EnumResult | null {
  const k = end - start;
  const r = new Float64Array(k);
  const mu: Float64Array[] = [];
  for (let i = 0; i < k; i++) {
    r[i] = st.r[start + i][start + i];
    const row = new Float64Array(k);
    for (let j = 0; j < i; j++) row[j] = st.mu[start + i][start + j];
    mu.push(row);
  }
  const prune = new Float64Array(k + 1);
  // prune[i]: fraction of R² allowed for the partial norm of levels ≥ i (k − i fixed).
  for (let i = 0; i <= k; i++) prune[i] = opts.pruning === 'linear' ? Math.min(1, (k - i) / k) : 1;
  const maxNodes = opts.maxNodes ?? Infinity;

  const x = new Float64Array(k);
  const x0 = new Float64Array(k);
  const dir = new Float64Array(k);
  const step = new Float64Array(k);
  const c = new Float64Array(k);
  const l = new Float64Array(k + 1);
  const zeroAbove = new Uint8Array(k + 1);
  let R2 = radius2;
  let best: number[] | null = null;
  let nodes = 0;

  const enter = (i: number): void => {
    zeroAbove[i] = i === k - 1 ? 1 : zeroAbove[i + 1] && x[i + 1] === 0 ? 1 : 0;
    let ci = 0;
    for (let j = i + 1; j < k; j++) ci -= x[j] * mu[j][i];
    c[i] = ci;
    if (zeroAbove[i]) {
      x0[i] = 0;
      dir[i] = 1;
    } else {
      x0[i] = Math.round(ci);
      dir[i] = ci >= x0[i] ? 1 : -1;
    }
    x[i] = x0[i];
    step[i] = 0;
  };
  // Next integer for coordinate i: x0, x0 ± 1, x0 ∓ 1, x0 ± 2, … (only upward when zeroAbove).
  const next = (i: number): void => {
    step[i]++;
    if (zeroAbove[i]) {
      x[i] = x0[i] + step[i];
      return;
    }
    const t = step[i];
    const off = t % 2 === 1 ? (t + 1) / 2 : -t / 2;
    x[i] = x0[i] + dir[i] * off;
  };

  let i = k - 1;
  enter(i);
  l[k] = 0;
  for (;;) {
    if (++nodes > maxNodes) break;
    const diff = x[i] - c[i];
    const li = l[i + 1] + diff * diff * r[i];
    if (li < R2 * prune[i]) {
      if (i === 0) {
        if (li > 0) {
          R2 = li;
          best = Array.from(x);
        }
        next(0);
        continue;
      }
      l[i] = li;
      i--;
      enter(i);
      continue;
    }
    // Out of radius: the zig-zag order visits |x_i − c_i| in non-decreasing order, so every
    // later value at this level is out too; go up a level.
    i++;
    if (i === k) break;
    next(i);
  }
  if (best === null) return null;
  return { x: best, norm2: R2 };
}
