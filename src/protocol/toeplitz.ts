/**
 * Toeplitz hashing, the 2-universal family used for privacy amplification and for the
 * reconciliation check (Carter & Wegman 1979; Krawczyk, CRYPTO 1994, for Toeplitz matrices;
 * Bennett, Brassard, Crépeau & Maurer, "Generalized privacy amplification", IEEE T-IT 1995).
 *
 * h_T(x) = T·x over GF(2) with T the outLen × N Toeplitz matrix T[i][j] = t[i − j + N − 1],
 * defined by outLen + N − 1 bits t. For x ≠ x', Pr_T[h_T(x) = h_T(x')] = 2^-outLen.
 *
 * t is expanded from a public 32-byte seed with SHAKE128 (domain-separated by purpose and
 * shape), so only the seed travels. The leftover hash lemma asks for a uniform t; modelling
 * SHAKE128 as a PRG is the standard computational substitute and is what every deployed
 * QKD/PA stack with short seeds does.
 *
 * Eve applies `toeplitzHash(seed, guess, outLen)` to her guess of the reconciled string.
 */
import { shake128 } from '@noble/hashes/sha3.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { popcount32 } from '../gf2/vec.ts';

/** The outLen + N − 1 bits of t, packed, with one spare zero word for the window reads. */
function toeplitzBits(seed: Uint8Array, N: number, outLen: number, purpose: string): Uint32Array {
  const nbits = outLen + N - 1;
  const words = ((nbits + 31) >>> 5) + 1;
  const bytes = shake128
    .create({})
    .update(utf8ToBytes(`sepka/v1/toeplitz|${purpose}|${N}x${outLen}|`))
    .update(seed)
    .xof(words * 4);
  const t = new Uint32Array(words);
  for (let k = 0; k < words - 1; k++) t[k] = (bytes[4 * k] | (bytes[4 * k + 1] << 8) | (bytes[4 * k + 2] << 16) | (bytes[4 * k + 3] << 24)) >>> 0;
  const r = nbits & 31;
  if (r) t[words - 2] &= (1 << r) - 1;
  return t;
}

/** T·x for x given as 0/1 values; returns outLen 0/1 values. */
export function toeplitzHash(seed: Uint8Array, bits: Uint8Array, outLen: number, purpose = 'pa'): Uint8Array {
  const N = bits.length;
  const out = new Uint8Array(outLen);
  if (N === 0 || outLen === 0) return out;
  const t = toeplitzBits(seed, N, outLen, purpose);
  // With x'_k = x_{N−1−k}: out_i = ⊕_k t[i + k]·x'_k, a dot product of x' with a window of t.
  const xw = new Uint32Array((N + 31) >>> 5);
  for (let k = 0; k < N; k++) if (bits[N - 1 - k]) xw[k >>> 5] |= 1 << (k & 31);
  const W = xw.length;
  for (let i = 0; i < outLen; i++) {
    const base = i >>> 5;
    const s = i & 31;
    let acc = 0;
    if (s === 0) for (let k = 0; k < W; k++) acc ^= t[base + k] & xw[k];
    else for (let k = 0; k < W; k++) acc ^= ((t[base + k] >>> s) | (t[base + k + 1] << (32 - s))) & xw[k];
    out[i] = popcount32(acc) & 1;
  }
  return out;
}
