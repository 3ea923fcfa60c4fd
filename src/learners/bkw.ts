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
 * Samples. Each reduction step drops ≤ 2^b − 1 samples and LF1 needs about
 * N(b) = (a − 1)(2^b − 1) + 4(b·ln 2 + ln(a/δ)) / ε² of them (src/cost/bkw.ts, which also
 * gives the cost of a run). The run picks the b ≤ 16 that minimises N(b) (`bkwPlan`); what BKW
 * would need is the minimum over all block counts (`bkwBestPlan`), and the report states both
 * when they differ. There is no oracle for more samples: with m = 4n the m samples fall far
 * short of N(b) for all but tiny n, and the report says so (limit: 'samples').
 */
import { BKW_MAX_B, bkwBestPlan, bkwPlan, bkwPlanFor, formatLog2, type BkwPlan } from '../cost/index.ts';
import { Mat } from '../gf2/mat.ts';
import { weight } from '../gf2/vec.ts';
import { Rng } from '../rng.ts';
import { countErrors, linear } from '../task/risk.ts';
import { strictThreshold } from './binomial.ts';
import { BudgetClock } from './budget.ts';
import { LOG2_ALPHA } from './pooledGauss.ts';
import { Budget, FitResult, UnimodalLearner, UnimodalView } from './types.ts';

/** Bits [lo, lo + len) of the packed row at offset o (len ≤ 16, so at most two words). */
function bitsAt(d: Uint32Array, o: number, lo: number, len: number): number {
  const w = lo >>> 5;
  const sh = lo & 31;
  let v = d[o + w] >>> sh;
  if (sh + len > 32) v |= d[o + w + 1] << (32 - sh);
  return v & ((1 << len) - 1);
}

/**
 * Rows of a reduction pass between two looks at the clock: 1024 rows of 224 words (paper-128)
 * are ≈ 0.2 M word operations, well under a millisecond, where one whole pass over m = 28,672
 * rows and its buffer are tens of ms and A itself 25.7 MB.
 */
export const BKW_CHUNK = 1024;

/**
 * Recover the bits of block T (LF1): reduce every other block, then Walsh–Hadamard. null when
 * the budget runs out mid-block (at n ≈ 5000 one block is ~300 passes over 20k rows, seconds),
 * which is checked every BKW_CHUNK rows, not only between passes. The first pass reads A
 * itself (no copy).
 */
function solveBlock(A: Mat, z: Uint32Array, plan: BkwPlan, T: number, n: number, clock: BudgetClock, done: number, work: { rows: number }): number | null {
  const st = A.stride;
  const { b, a } = plan;
  let rows = A.data;
  let labels = new Uint8Array(A.rows);
  for (let i = 0; i < A.rows; i++) labels[i] = (z[i >>> 5] >>> (i & 31)) & 1;
  let count = A.rows;
  const rep = new Int32Array(1 << b);
  for (let B = 0; B < a; B++) {
    if (B === T) continue;
    if (clock.exhausted(done)) return null;
    const lo = B * b;
    const len = Math.min(b, n - lo);
    rep.fill(-1);
    const out = new Uint32Array(count * st);
    const outLabels = new Uint8Array(count);
    let k = 0;
    for (let i = 0; i < count; i++) {
      if (i % BKW_CHUNK === 0 && i > 0 && clock.timeUp()) return null;
      work.rows++;
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
    // The report's figures first: tens of ms at paper-128's size, part of the budget like the rest.
    const best = bkwBestPlan(n, theta);
    const tau = strictThreshold(m, LOG2_ALPHA);
    const sHat = new Uint32Array(view.A.stride);
    let blocks = 0;
    const work = { rows: 0 }; // rows through a reduction pass, the budget's deterministic measure
    for (let T = 0; T < plan.a && !clock.exhausted(blocks); T++, blocks++) {
      const bits = solveBlock(view.A, view.z, plan, T, n, clock, blocks, work);
      if (bits === null) break;
      for (let j = 0; j < plan.b && T * plan.b + j < n; j++) {
        if ((bits >>> j) & 1) {
          const c = T * plan.b + j;
          sHat[c >>> 5] |= 1 << (c & 31);
        }
      }
    }
    // With no block solved ŝ = 0 errs exactly where z is 1 (no pass over A); a run the budget
    // stopped part-way is not tested (blocks it never reached are zeros, and a pass over A
    // would only overrun the budget further).
    const complete = blocks === plan.a;
    const errors = blocks === 0 ? weight(view.z) : complete ? countErrors(linear(sHat), view.A, view.z) : null;
    // The run can succeed only with the samples its own (feasible) plan needs.
    const enough = Math.log2(m) >= plan.log2SamplesNeeded;
    const f = (x: number, p: BkwPlan) => formatLog2(x, p, theta);
    const run = `b = ${plan.b}, a = ${plan.a}, final bias ${f(plan.log2Bias, plan)}`;
    const same = best.b === plan.b;
    const note = same
      ? `${run}; needs ≈ ${f(best.log2SamplesNeeded, best)} samples, has ${m}`
      : `needs ≈ ${f(best.log2SamplesNeeded, best)} samples, has ${m} (best block count: a = ${best.a}, b = ${best.b}, ` +
        `final bias ${f(best.log2Bias, best)}); run with b ≤ ${BKW_MAX_B}: ${run}, needs ${f(plan.log2SamplesNeeded, plan)}`;
    return {
      name: 'bkw',
      h: linear(sHat),
      sHat,
      accepted: errors !== null && errors <= tau,
      trials: blocks,
      budgetExhausted: blocks < plan.a,
      ms: clock.elapsed(),
      limit: enough ? undefined : 'samples',
      note: `${note}; ${errors === null ? `stopped by the budget after ${blocks} of ${plan.a} blocks, not tested` : `${errors}/${m} training errors`}`,
      details: {
        b: plan.b,
        a: plan.a,
        log2Bias: plan.log2Bias,
        log2SamplesNeededRun: plan.log2SamplesNeeded,
        log2SamplesNeeded: best.log2SamplesNeeded,
        bestB: best.b,
        bestA: best.a,
        bestLog2Bias: best.log2Bias,
        ...(errors === null ? {} : { trainingErrors: errors }),
        tauAccept: tau,
        rowsReduced: work.rows,
      },
    };
  },
};
