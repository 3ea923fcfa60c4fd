/**
 * Belief-propagation syndrome decoding in log-likelihood form (Gallager 1963; Richardson &
 * Urbanke, "Modern Coding Theory", CUP 2008, §2.5 and §4.1; for syndrome (Slepian–Wolf) coding
 * with side information: Liveris, Xiong & Georghiades, IEEE Comm. Letters 6(10), 2002).
 *
 * Bob holds y; Alice's x satisfies H·x = s (her syndrome) and x_v = y_v except with
 * probability e_v, so the prior LLR of x_v = 0 is (1 − 2y_v)·log((1 − e_v)/e_v). A check with
 * syndrome bit s_c flips the sign of its outgoing messages. Two check rules:
 *   - 'sum-product': m_{c→v} = (−1)^{s_c} · 2·atanh(∏_{v'≠v} tanh(m_{v'→c}/2));
 *   - 'min-sum': the offset-corrected approximation (Chen & Fossorier, "Near optimum universal
 *     belief propagation based decoding of LDPC codes", IEEE T-Comm 50(3), 2002):
 *     (−1)^{s_c} ∏ sign · max(0, min |m| − β), β = 0.15 here.
 * Flooding schedule; after each iteration the hard decision is tested against s, so a
 * noiseless y (every check already satisfied) stops after one iteration. A decode that does not
 * satisfy s within `maxIter` iterations reports ok = false: failure is always detected (the
 * verification hash then guards against the undetected case of a wrong codeword).
 */
import type { LdpcCode } from './code.ts';

export type CheckRule = 'sum-product' | 'min-sum';

export interface DecodeResult {
  ok: boolean;
  iterations: number;
  /** Hard decision (Alice's string if ok). */
  bits: Uint8Array;
  /** Posterior LLRs of x_v = 0. */
  posterior: Float64Array;
}

/** Prior LLR of a bit whose side information is wrong with probability e. */
export const channelLlr = (e: number): number => Math.log((1 - e) / e);

const CLAMP = 1 - 1e-12;
const MIN_SUM_OFFSET = 0.15;

/** Decode from priors `prior` (LLR of x_v = 0) and syndrome s. */
export function decodeSyndrome(code: LdpcCode, s: Uint8Array, prior: Float64Array, maxIter: number, rule: CheckRule = 'sum-product'): DecodeResult {
  const { N, M, checkPtr, edgeVar, varPtr, varEdge } = code;
  const E = checkPtr[M];
  const v2c = new Float64Array(E);
  const c2v = new Float64Array(E);
  const post = prior.slice();
  const bits = new Uint8Array(N);
  const buf = new Float64Array(64);
  for (let e = 0; e < E; e++) v2c[e] = prior[edgeVar[e]];
  for (let iter = 1; iter <= maxIter; iter++) {
    // Check nodes.
    for (let c = 0; c < M; c++) {
      const lo = checkPtr[c];
      const d = checkPtr[c + 1] - lo;
      const sgn0 = s[c] ? -1 : 1;
      if (rule === 'sum-product') {
        const t = d <= buf.length ? buf : new Float64Array(d);
        let zeros = 0;
        let prod = 1;
        for (let k = 0; k < d; k++) {
          let x = Math.tanh(v2c[lo + k] / 2);
          if (x > CLAMP) x = CLAMP;
          else if (x < -CLAMP) x = -CLAMP;
          t[k] = x;
          if (x === 0) zeros++;
          else prod *= x;
        }
        for (let k = 0; k < d; k++) {
          let p: number;
          if (zeros === 0) p = prod / t[k];
          else if (zeros === 1 && t[k] === 0) p = prod;
          else p = 0;
          c2v[lo + k] = sgn0 * 2 * Math.atanh(p);
        }
      } else {
        let min1 = Infinity;
        let min2 = Infinity;
        let arg = -1;
        let sgn = sgn0;
        for (let k = 0; k < d; k++) {
          const x = v2c[lo + k];
          const a = Math.abs(x);
          if (x < 0) sgn = -sgn;
          if (a < min1) {
            min2 = min1;
            min1 = a;
            arg = k;
          } else if (a < min2) min2 = a;
        }
        for (let k = 0; k < d; k++) {
          const x = v2c[lo + k];
          const mag = Math.max(0, (k === arg ? min2 : min1) - MIN_SUM_OFFSET);
          c2v[lo + k] = (x < 0 ? -sgn : sgn) * mag;
        }
      }
    }
    // Variable nodes and the hard decision.
    for (let v = 0; v < N; v++) {
      let tot = prior[v];
      for (let k = varPtr[v]; k < varPtr[v + 1]; k++) tot += c2v[varEdge[k]];
      post[v] = tot;
      bits[v] = tot < 0 ? 1 : 0;
      for (let k = varPtr[v]; k < varPtr[v + 1]; k++) {
        const e = varEdge[k];
        v2c[e] = tot - c2v[e];
      }
    }
    if (satisfies(code, bits, s)) return { ok: true, iterations: iter, bits, posterior: post };
  }
  return { ok: false, iterations: maxIter, bits, posterior: post };
}

/** H·x = s. */
export function satisfies(code: LdpcCode, x: Uint8Array, s: Uint8Array): boolean {
  for (let c = 0; c < code.M; c++) {
    let b = s[c];
    for (let e = code.checkPtr[c]; e < code.checkPtr[c + 1]; e++) b ^= x[code.edgeVar[e]];
    if (b) return false;
  }
  return true;
}
