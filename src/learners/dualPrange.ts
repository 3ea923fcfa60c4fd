/**
 * Prange information-set decoding on the dual route (DESIGN.md §2): given the public A
 * (m×n) and Bob's challenge x* = rᵀA, find his weight-w vector r ∈ F2^m, and with it his raw
 * bit b_B = ⟨r, z⟩. This is syndrome decoding with parity-check matrix H = Aᵀ (n×m) and
 * syndrome x*: E. Prange, "The use of information sets in decoding cyclic codes", IRE Trans.
 * IT-8 (1962); the formulation below is the standard one (e.g. Peters, PhD thesis, TU/e 2011, §5.1).
 *
 * One trial: guess that the m − n positions outside a uniform n-subset S are zero in r, and
 * solve the n×n system A_Sᵀ·r_S = x* (infoSet.ts, the same machinery as pooled Gauss). Accept
 * when the unique solution has weight w.
 *
 * Success per trial: all w ones of r fall in S, and A_S is invertible, p = C(n, w)/C(m, w) ×
 * Pr[full rank]; the formulas (`dualPrangeSuccessPerTrial`, `dualPrangeLog2Trials`) are in
 * src/cost/dual.ts (≈ 2^26 + 1.8 bits expected trials at n = 256, w = 13, m = 4n). A weight-w solution other than r exists only when C(m, w) ≳ 2^n, which the
 * protocol's parameters avoid, so an accepted r is Bob's. Cost per trial: one n×(n+1)
 * elimination plus an O(n²) bit transpose to load A_Sᵀ.
 */
import { dualPrangeLog2Trials } from '../cost/index.ts';
import { Mat } from '../gf2/mat.ts';
import { weight, wordsFor } from '../gf2/vec.ts';
import { Rng } from '../rng.ts';
import { SepkaError } from '../errors.ts';
import { BudgetClock } from './budget.ts';
import { InfoSetSolver } from './infoSet.ts';
import { Budget } from './types.ts';

export interface DualPrangeResult {
  /** Bob's r (m bits), or null when the budget ran out first. */
  r: Uint32Array | null;
  trials: number;
  ms: number;
  budgetExhausted: boolean;
  log2TrialsExpected: number;
}

/**
 * The attack on one public matrix. Build it once per session and call `trial`/`attack` per
 * challenge: the solver's buffers are reused across trials and challenges.
 */
export class DualPrange {
  private readonly solver: InfoSetSolver;

  constructor(readonly A: Mat) {
    this.solver = new InfoSetSolver(A);
  }

  /** One trial against x*: r when this information set finds a weight-w solution, else null. */
  trial(xStar: Uint32Array, w: number, rng: Rng): Uint32Array | null {
    const s = this.solver;
    s.pick(rng);
    if (!s.solveDual(xStar) || weight(s.x) !== w) return null;
    const r = new Uint32Array(wordsFor(s.m));
    const x = s.x;
    for (let i = 0; i < s.n; i++) {
      if ((x[i >>> 5] >>> (i & 31)) & 1) {
        const pos = s.perm[i];
        r[pos >>> 5] |= 1 << (pos & 31);
      }
    }
    return r;
  }

  /** Trials until r is found or the budget runs out. */
  attack(xStar: Uint32Array, w: number, budget: Budget, rng: Rng): DualPrangeResult {
    const { m, n } = this.solver;
    if (!(Number.isInteger(w) && w >= 0 && w <= n)) {
      throw new SepkaError('SEPKA_ERR_USAGE', `dual Prange: weight w must be an integer in [0, n=${n}], got ${w}`);
    }
    if (xStar.length < wordsFor(n)) throw new SepkaError('SEPKA_ERR_SHAPE', `dual Prange: challenge has ${xStar.length} words, need ${wordsFor(n)}`);
    const clock = new BudgetClock(budget);
    let trials = 0;
    let r: Uint32Array | null = null;
    while (r === null && !clock.exhausted(trials)) {
      trials++;
      r = this.trial(xStar, w, rng);
    }
    return { r, trials, ms: clock.elapsed(), budgetExhausted: r === null, log2TrialsExpected: dualPrangeLog2Trials(m, n, w) };
  }
}

/** One-shot convenience: attack a single challenge x* = rᵀA of weight w. */
export function dualPrange(A: Mat, xStar: Uint32Array, w: number, budget: Budget, rng: Rng): DualPrangeResult {
  return new DualPrange(A).attack(xStar, w, budget, rng);
}
