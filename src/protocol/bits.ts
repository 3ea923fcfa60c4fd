/**
 * Bit strings as the protocol handles them, and public coins.
 *
 * - Raw, kept and reconciled bit strings are Uint8Array of 0/1 values (one bit per byte): they
 *   are indexed, permuted and flipped one bit at a time by distillation and Cascade, and are at
 *   most a few hundred thousand bits long, so clarity wins over packing.
 * - On the wire, bit strings are packed LSB-first (bit i in byte i>>3, position i&7) and the
 *   pad bits of the last byte must be zero, so every encoding is canonical and a decoder can
 *   reject any bit flip in the padding.
 * - `xofRng(seed, purpose)` turns a public 32-byte seed into a reproducible Rng stream with
 *   SHAKE128 (FIPS 202). Both parties, and Eve, derive identical public choices from it
 *   (estimation sample, Cascade permutations). It is never used for secrets.
 */
import { shake128 } from '@noble/hashes/sha3.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { SepkaError } from '../errors.ts';
import { fixedWeightIndices, Rng, uniformInt } from '../rng.ts';

/** Pack 0/1 values LSB-first into ceil(len/8) bytes. */
export function packBits(bits: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array((bits.length + 7) >>> 3);
  for (let i = 0; i < bits.length; i++) if (bits[i] & 1) out[i >>> 3] |= 1 << (i & 7);
  return out;
}

/** Unpack `len` bits; throws SEPKA_ERR_FRAME_FIELD if a pad bit past `len` is set. */
export function unpackBits(bytes: Uint8Array, len: number, what = 'bit string'): Uint8Array {
  if (bytes.length !== (len + 7) >>> 3) {
    throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `${what}: ${bytes.length} bytes for ${len} bits`);
  }
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = (bytes[i >>> 3] >>> (i & 7)) & 1;
  if (len & 7 && bytes[bytes.length - 1] >>> (len & 7)) {
    throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `${what}: non-zero padding bits`);
  }
  return out;
}

/** Packed GF(2) vector (Uint32Array, see gf2/vec.ts) of n bits → ceil(n/8) little-endian bytes. */
export function wordsToBytes(v: Uint32Array, n: number): Uint8Array {
  const out = new Uint8Array((n + 7) >>> 3);
  for (let i = 0; i < out.length; i++) out[i] = (v[i >>> 2] >>> ((i & 3) * 8)) & 0xff;
  return out;
}

/** Inverse of wordsToBytes; rejects set padding bits (SEPKA_ERR_FRAME_FIELD). */
export function bytesToWords(b: Uint8Array, n: number, what = 'vector'): Uint32Array {
  if (b.length !== (n + 7) >>> 3) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `${what}: ${b.length} bytes for ${n} bits`);
  if (n & 7 && b[b.length - 1] >>> (n & 7)) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `${what}: non-zero padding bits`);
  const v = new Uint32Array((n + 31) >>> 5);
  for (let i = 0; i < b.length; i++) v[i >>> 2] |= b[i] << ((i & 3) * 8);
  return v;
}

/** Parity (XOR) of bits[idx[k]] for k in [lo, hi). */
export function parityAt(bits: Uint8Array, idx: ArrayLike<number>, lo: number, hi: number): number {
  let p = 0;
  for (let k = lo; k < hi; k++) p ^= bits[idx[k]];
  return p;
}

/** Number of positions where a and b differ (over the shorter length). */
export function hamming(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) d += (a[i] ^ b[i]) & 1;
  return d;
}

/** Public-coin Rng: the SHAKE128(label ‖ seed) stream, squeezed 1 KiB at a time. */
export function xofRng(seed: Uint8Array, purpose: string): Rng {
  const xof = shake128.create({}).update(utf8ToBytes(`sepka/v1/coins|${purpose}|`)).update(seed);
  let buf = xof.xof(1024);
  let pos = 0;
  return {
    seeded: true,
    u32() {
      if (pos + 4 > buf.length) {
        buf = xof.xof(1024);
        pos = 0;
      }
      const x = (buf[pos] | (buf[pos + 1] << 8) | (buf[pos + 2] << 16) | (buf[pos + 3] << 24)) >>> 0;
      pos += 4;
      return x;
    },
  };
}

/** Uniform permutation of [0, len) from public coins (Fisher–Yates). */
export function publicPermutation(seed: Uint8Array, purpose: string, len: number): Uint32Array {
  const rng = xofRng(seed, purpose);
  const p = new Uint32Array(len);
  for (let i = 0; i < len; i++) p[i] = i;
  for (let i = len - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** Uniform `k`-subset of [0, len), sorted, from public coins (the estimation sample). */
export function publicSample(seed: Uint8Array, purpose: string, len: number, k: number): number[] {
  return fixedWeightIndices(xofRng(seed, purpose), len, k);
}
