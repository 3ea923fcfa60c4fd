/**
 * The law of the LWE instance's numbers (lwe.ts): its parameters, χ (the rounded Gaussian
 * ⌊N(0, σ²)⌉, σ = θ·q), the law of Bob's difference d = rᵀe (χ convolved w times) and the
 * exact raw agreement it gives under the top-bit rule, 1 − (2/q)·E|d mod± q| (the derivation is
 * in lwe.ts's header). The pmf comes from the normal tail (src/stats.ts, relative error
 * < 1.2·10^-7); tails below 10^-40 are dropped in the convolutions.
 */
import { normalUpperTail } from '../stats.ts';
import type { Values } from './types.ts';
import { centredQ } from './zq.ts';

export interface LweParams {
  n: number;
  /** Noise rate: χ has σ = θ·q. */
  theta: number;
  m: number;
  /** Support of Bob's r. */
  w: number;
  L: number;
  q: number;
}

export interface LweView {
  A: Uint32Array;
  Z: Uint32Array;
}

/** σ of χ. */
export const lweSigma = (p: { theta: number; q: number }): number => p.theta * p.q;

/** χ's pmf on [−K, K]: Pr[⌊N(0, σ²)⌉ = k] = Q((k − ½)/σ) − Q((k + ½)/σ). */
export function roundedGaussianPmf(sigma: number): Float64Array {
  const K = Math.ceil(14 * sigma) + 1;
  const pmf = new Float64Array(2 * K + 1);
  for (let k = -K; k <= K; k++) {
    // Upper tails on the far side keep the tiny masses accurate (no 1 − 1 cancellation).
    const lo = (Math.abs(k) - 0.5) / sigma;
    const hi = (Math.abs(k) + 0.5) / sigma;
    pmf[k + K] = k === 0 ? 1 - 2 * normalUpperTail(0.5 / sigma) : normalUpperTail(lo) - normalUpperTail(hi);
  }
  return pmf;
}

/** The standard deviation of χ itself (rounding adds ≈ 1/12 to σ²): what the cost model gets. */
export function lweChiStd(sigma: number): number {
  const pmf = roundedGaussianPmf(sigma);
  const K = (pmf.length - 1) / 2;
  let v = 0;
  for (let k = -K; k <= K; k++) v += k * k * pmf[k + K];
  return Math.sqrt(v);
}

/** Centred pmfs a (offset (|a|−1)/2) and b convolved, tails below 10^-40 trimmed. */
function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    if (ai === 0) continue;
    for (let j = 0; j < b.length; j++) out[i + j] += ai * b[j];
  }
  let t = 0;
  while (2 * t + 2 < out.length && out[t] < 1e-40 && out[out.length - 1 - t] < 1e-40) t++;
  return out.subarray(t, out.length - t);
}

/** χ^{*w}: the law of d = rᵀe for r of weight w (centred, index − (len−1)/2 = value). */
export function lweDifferencePmf(sigma: number, w: number): Float64Array {
  let result: Float64Array = Float64Array.of(1);
  let power: Float64Array = roundedGaussianPmf(sigma);
  for (let k = w; k > 0; k >>>= 1) {
    if (k & 1) result = convolve(result, power);
    if (k > 1) power = convolve(power, power);
  }
  return result;
}

/** Pr[b_A = b_B] = 1 − (2/q)·E|d̄| (header), d ~ χ^{*w}, χ the rounded Gaussian of σ = θq. */
export function lweAgreement(p: { theta: number; q: number; w: number }): number {
  const pmf = lweDifferencePmf(lweSigma(p), p.w);
  const K = (pmf.length - 1) / 2;
  let mad = 0;
  for (let k = -K; k <= K; k++) mad += Math.abs(centredQ(k, p.q)) * pmf[k + K];
  return 1 - (2 * mad) / p.q;
}

/** The raw-bit rule: bit j = ⌊2v_j/q⌋ (the top bit of v_j ∈ [0, q)), packed. */
export function topBits(values: Values, q: number): Uint32Array {
  const out = new Uint32Array((values.length + 31) >>> 5);
  for (let j = 0; j < values.length; j++) if (2 * values[j] >= q) out[j >>> 5] |= 1 << (j & 31);
  return out;
}

