/**
 * BKW, LF1 variant: Blum, Kalai, Wasserman, "Noise-tolerant learning, the parity problem, and
 * the statistical query model" (JACM 2003); Levieil, Fouque, "An improved LPN algorithm"
 * (SCN 2006), algorithm LF1.
 *
 * Split the n coordinates into a = ⌈n/b⌉ blocks of b bits. To learn the bits of block T:
 * for every other block B, bucket the samples by their bits in B; in each non-zero bucket pick
 * one representative, XOR it into the others and drop it (samples already zero in B are kept
 * as they are). Afterwards every sample is zero outside T, and each label is the XOR of up to
 * 2^{a−1} original labels, so its bias is ε = (1 − 2θ)^{2^{a−1}}. LF1 then scores all 2^b
 * values of s_T at once with a Walsh–Hadamard transform and keeps the best. Repeating for each
 * block gives s (we reduce afresh for each block rather than back-substitute, which is simpler
 * and costs a factor a).
 *
 * Samples. Each reduction step drops one sample per non-empty bucket, ≤ 2^b − 1 of them. The
 * WHT picks the right s_T with probability ≥ 1 − δ when the m' remaining samples satisfy
 * m'·ε² ≥ 4(b·ln 2 + ln(a/δ)) (Hoeffding on the difference of two ±1 sums, union bound over
 * 2^b values and a blocks). So LF1 needs about
 *     N(b) = (a − 1)(2^b − 1) + 4(b·ln 2 + ln(a/δ)) / ε²   samples, δ = 2^-7,
 * The run picks the b ≤ 16 that minimises N(b): the WHT table and the buckets hold 2^b entries.
 * What BKW would need is the minimum over all block counts (`bkwBestPlan`): b > 16 with a ≥ 2,
 * where the reduction's (a − 1)(2^b − 1) samples already exceed the 2^b table, so N(b) prices the
 * work too (a = 1 with b = n > 16 would be an exhaustive 2^n search that N(b) does not price).
 * At n = 256, θ = 1/16 the run has b = 16, a = 16 (final bias 2^-6312.6, N = 2^12631.4) but the
 * best is a = 7, b = 37 (bias 2^-12.3, N = 2^39.6); the report states both when they differ.
 * There is no oracle for more samples: with m = 4n the m samples fall far short of N(b) for all
 * but tiny n, and the report says so (limit: 'samples'). Cost: a(a − 1) passes over ≤ m samples
 * of ⌈n/32⌉ words, plus a·b·2^b for the WHTs.
 */
import { Mat } from '../gf2/mat.ts';
import { Rng } from '../rng.ts';
import { countErrors, linear } from '../task/risk.ts';
import { strictThreshold } from './binomial.ts';
import { BudgetClock } from './budget.ts';
import { LOG2_ALPHA } from './pooledGauss.ts';
import { Budget, FitResult, UnimodalLearner, UnimodalView } from './types.ts';

const LN_DELTA = -7 * Math.LN2;
export const BKW_MAX_B = 16;

export interface BkwPlan {
  b: number;
  a: number;
  /** log2 ε of the final labels: 2^{a−1}·log2(1 − 2θ). */
  log2Bias: number;
  /** log2 N(b), the samples LF1 needs at this block size. */
  log2SamplesNeeded: number;
}

/** N(b) in log2 for block size b (see the header), in the log domain: b may be up to n. */
export function bkwPlanFor(n: number, theta: number, b: number): BkwPlan {
  const a = Math.ceil(n / b);
  const log2Bias = 2 ** (a - 1) * Math.log2(1 - 2 * theta);
  const log2Reduce = a > 1 ? Math.log2(a - 1) + b + Math.log2(1 - 2 ** -b) : -Infinity;
  const log2Wht = Math.log2(4 * (b * Math.LN2 + Math.log(a) - LN_DELTA)) - 2 * log2Bias;
  const hi = Math.max(log2Reduce, log2Wht);
  const log2SamplesNeeded = hi + Math.log2(2 ** (log2Reduce - hi) + 2 ** (log2Wht - hi));
  return { b, a, log2Bias, log2SamplesNeeded };
}

function minPlan(n: number, theta: number, allowed: (b: number) => boolean): BkwPlan {
  let best = bkwPlanFor(n, theta, 1);
  for (let b = 2; b <= n; b++) {
    if (!allowed(b)) continue;
    const p = bkwPlanFor(n, theta, b);
    if (p.log2SamplesNeeded < best.log2SamplesNeeded) best = p;
  }
  return best;
}

/** The block size b ≤ BKW_MAX_B minimising the samples needed: the plan the run uses. */
export function bkwPlan(n: number, theta: number): BkwPlan {
  return minPlan(n, theta, (b) => b <= BKW_MAX_B);
}

/**
 * The minimum of N(b) over every block count a ≥ 2 (and the run's b ≤ BKW_MAX_B): the samples
 * BKW would need without the table limit. Equals `bkwPlan` when the limit does not bind.
 */
export function bkwBestPlan(n: number, theta: number): BkwPlan {
  return minPlan(n, theta, (b) => b <= BKW_MAX_B || Math.ceil(n / b) >= 2);
}

/** Bits [lo, lo + len) of the packed row at offset o (len ≤ 16, so at most two words). */
function bitsAt(d: Uint32Array, o: number, lo: number, len: number): number {
  const w = lo >>> 5;
  const sh = lo & 31;
  let v = d[o + w] >>> sh;
  if (sh + len > 32) v |= d[o + w + 1] << (32 - sh);
  return v & ((1 << len) - 1);
}

/** Recover the bits of block T (LF1): reduce every other block, then Walsh–Hadamard. */
function solveBlock(A: Mat, z: Uint32Array, plan: BkwPlan, T: number, n: number): number {
  const st = A.stride;
  const { b, a } = plan;
  let rows = A.data.slice();
  let labels = new Uint8Array(A.rows);
  for (let i = 0; i < A.rows; i++) labels[i] = (z[i >>> 5] >>> (i & 31)) & 1;
  let count = A.rows;
  const rep = new Int32Array(1 << b);
  for (let B = 0; B < a; B++) {
    if (B === T) continue;
    const lo = B * b;
    const len = Math.min(b, n - lo);
    rep.fill(-1);
    const out = new Uint32Array(count * st);
    const outLabels = new Uint8Array(count);
    let k = 0;
    for (let i = 0; i < count; i++) {
      const o = i * st;
      const key = bitsAt(rows, o, lo, len);
      if (key !== 0 && rep[key] < 0) {
        rep[key] = i; // representative: used for this bucket, then dropped
        continue;
      }
      out.set(rows.subarray(o, o + st), k * st);
      outLabels[k] = labels[i];
      if (key !== 0) {
        const r = rep[key] * st;
        for (let q = 0; q < st; q++) out[k * st + q] ^= rows[r + q];
        outLabels[k] ^= labels[rep[key]];
      }
      k++;
    }
    rows = out;
    labels = outLabels;
    count = k;
  }
  const lo = T * b;
  const len = Math.min(b, n - lo);
  const f = new Float64Array(1 << len);
  for (let i = 0; i < count; i++) f[bitsAt(rows, i * st, lo, len)] += labels[i] ? -1 : 1;
  // In-place fast Walsh–Hadamard transform: f̂(u) = Σ_i (−1)^{z_i ⊕ ⟨x_i, u⟩}.
  for (let h = 1; h < f.length; h <<= 1) {
    for (let i = 0; i < f.length; i += h << 1) {
      for (let j = i; j < i + h; j++) {
        const x = f[j];
        const y = f[j + h];
        f[j] = x + y;
        f[j + h] = x - y;
      }
    }
  }
  let best = 0;
  for (let u = 1; u < f.length; u++) if (f[u] > f[best]) best = u;
  return best;
}

export const bkw: UnimodalLearner = {
  name: 'bkw',
  fit(view: UnimodalView, budget: Budget, _rng: Rng): FitResult {
    const { n, m, theta } = view.params;
    const clock = new BudgetClock(budget);
    const plan = bkwPlan(n, theta);
    const sHat = new Uint32Array(view.A.stride);
    let blocks = 0;
    for (let T = 0; T < plan.a && !clock.exhausted(blocks); T++, blocks++) {
      const bits = solveBlock(view.A, view.z, plan, T, n);
      for (let j = 0; j < plan.b && T * plan.b + j < n; j++) {
        if ((bits >>> j) & 1) {
          const c = T * plan.b + j;
          sHat[c >>> 5] |= 1 << (c & 31);
        }
      }
    }
    const errors = countErrors(linear(sHat), view.A, view.z);
    const tau = strictThreshold(m, LOG2_ALPHA);
    // The run can succeed only with the samples its own (feasible) plan needs.
    const enough = Math.log2(m) >= plan.log2SamplesNeeded;
    const best = bkwBestPlan(n, theta);
    const f1 = (x: number) => x.toFixed(1);
    const run = `b = ${plan.b}, a = ${plan.a}, final bias 2^${f1(plan.log2Bias)}`;
    const same = best.b === plan.b;
    const note = same
      ? `${run}; needs ≈ 2^${f1(best.log2SamplesNeeded)} samples, has ${m}`
      : `needs ≈ 2^${f1(best.log2SamplesNeeded)} samples, has ${m} (best block count: a = ${best.a}, b = ${best.b}, ` +
        `final bias 2^${f1(best.log2Bias)}); run with b ≤ ${BKW_MAX_B}: ${run}, needs 2^${f1(plan.log2SamplesNeeded)}`;
    return {
      name: 'bkw',
      h: linear(sHat),
      sHat,
      accepted: errors <= tau,
      trials: blocks,
      budgetExhausted: blocks < plan.a,
      ms: clock.elapsed(),
      limit: enough ? undefined : 'samples',
      note: `${note}; ${errors}/${m} training errors`,
      details: {
        b: plan.b,
        a: plan.a,
        log2Bias: plan.log2Bias,
        log2SamplesNeededRun: plan.log2SamplesNeeded,
        log2SamplesNeeded: best.log2SamplesNeeded,
        bestB: best.b,
        bestA: best.a,
        bestLog2Bias: best.log2Bias,
        trainingErrors: errors,
        tauAccept: tau,
      },
    };
  },
};
