/**
 * Packed GF(2) vectors: bit i of a length-n vector lives in word i >>> 5, bit i & 31
 * (LSB-first) of a Uint32Array of ceil(n/32) words. Bits past n in the last word are zero;
 * every function here keeps that invariant, so word-level dot products and equality need no
 * masking.
 */
import { SepkaError } from '../errors.ts';

/** Number of 32-bit words for n bits. */
export const wordsFor = (n: number): number => (n + 31) >>> 5;

export function vecZero(n: number): Uint32Array {
  return new Uint32Array(wordsFor(n));
}

export function getBit(v: Uint32Array, i: number): 0 | 1 {
  return ((v[i >>> 5] >>> (i & 31)) & 1) as 0 | 1;
}

export function setBit(v: Uint32Array, i: number, b: number): void {
  const m = 1 << (i & 31);
  if (b & 1) v[i >>> 5] |= m;
  else v[i >>> 5] &= ~m;
}

export function flipBit(v: Uint32Array, i: number): void {
  v[i >>> 5] ^= 1 << (i & 31);
}

/** Hamming weight of one 32-bit word (SWAR popcount). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function weight(v: Uint32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += popcount32(v[i]);
  return s;
}

/** ⟨a, b⟩ over GF(2): parity of the AND, word by word. */
export function dot(a: Uint32Array, b: Uint32Array): 0 | 1 {
  let acc = 0;
  const k = Math.min(a.length, b.length);
  for (let i = 0; i < k; i++) acc ^= a[i] & b[i];
  acc ^= acc >>> 16;
  acc ^= acc >>> 8;
  acc ^= acc >>> 4;
  acc ^= acc >>> 2;
  acc ^= acc >>> 1;
  return (acc & 1) as 0 | 1;
}

/** dst ^= src, in place. */
export function xorInto(dst: Uint32Array, src: Uint32Array): void {
  for (let i = 0; i < dst.length; i++) dst[i] ^= src[i];
}

export function vecXor(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = a.slice();
  xorInto(out, b);
  return out;
}

export function vecEqual(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Pack 0/1 values into a vector of length bits.length. */
export function pack(bits: ArrayLike<number>): Uint32Array {
  const v = vecZero(bits.length);
  for (let i = 0; i < bits.length; i++) if (bits[i] & 1) v[i >>> 5] |= 1 << (i & 31);
  return v;
}

/** Unpack the first n bits as 0/1 bytes. */
export function unpack(v: Uint32Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (v[i >>> 5] >>> (i & 31)) & 1;
  return out;
}

/** Vector with ones at the given indices. */
export function fromIndices(n: number, idx: readonly number[]): Uint32Array {
  const v = vecZero(n);
  for (const i of idx) {
    if (!(i >= 0 && i < n)) throw new SepkaError('SEPKA_ERR_SHAPE', `fromIndices: ${i} outside [0, ${n})`);
    v[i >>> 5] |= 1 << (i & 31);
  }
  return v;
}

/** Indices of the set bits, ascending. */
export function toIndices(v: Uint32Array): number[] {
  const out: number[] = [];
  for (let wi = 0; wi < v.length; wi++) {
    let x = v[wi];
    while (x !== 0) {
      const low = x & -x;
      out.push((wi << 5) + 31 - Math.clz32(low));
      x ^= low;
    }
  }
  return out;
}

/** Mask that keeps the valid bits of the last word of an n-bit vector. */
export function tailMask(n: number): number {
  const r = n & 31;
  return r === 0 ? 0xffffffff : ((1 << r) - 1) >>> 0;
}
