/**
 * The wire codec of ring vectors (src/separation/ring.ts declares the rings): points and
 * labels of F2, Z_q or the reals as a stream of fixed-width elements packed LSB-first, with
 * zero padding, so every encoding is canonical.
 *
 * - F2: one bit an element — bits.ts `packBits` for labels (bit strings) and `wordsToBytes` for
 *   points (packed GF(2) vectors), the bytes and errors LPN has always had (test/vectors/).
 * - Z_q: ⌈log2 q⌉ bits an element holding the residue; a decoded element ≥ q is refused.
 * - R: `bits` bits an element holding round(v·2^frac) in two's complement; every pattern is a
 *   legal value. Encoding a value off the representable range is an internal error: the
 *   separation puts its values on the grid (ring.ts `onGrid`) before they are sent.
 */
import { SepkaError } from '../../errors.ts';
import { elementBits, type Labels, type Point, type Ring } from '../../separation/ring.ts';
import { bytesToWords, packBits, unpackBits, wordsToBytes } from '../bits.ts';

const nbytes = (bits: number): number => (bits + 7) >>> 3;

/** Element i of a Z_q or fixed-point vector as its unsigned wire value. */
function wireValue(r: Ring, v: number, what: string): number {
  if (r.kind === 'zq') {
    if (!(Number.isInteger(v) && v >= 0 && v < r.q)) throw new SepkaError('SEPKA_ERR_INTERNAL', `${what}: ${v} is not a residue mod ${r.q}`);
    return v;
  }
  if (r.kind !== 'real') throw new SepkaError('SEPKA_ERR_INTERNAL', `${what}: F2 has no element codec`);
  const k = Math.round(v * 2 ** r.frac);
  const half = 2 ** (r.bits - 1);
  if (!(k >= -half && k < half)) throw new SepkaError('SEPKA_ERR_INTERNAL', `${what}: ${v} is outside the fixed-point range ±2^${r.bits - 1 - r.frac}`);
  return k < 0 ? k + 2 * half : k;
}

/** Pack `len` elements of width w LSB-first (Z_q and fixed point). */
function packWide(r: Ring, v: ArrayLike<number>, len: number, what: string): Uint8Array {
  if (v.length !== len) throw new SepkaError('SEPKA_ERR_INTERNAL', `${what}: ${v.length} elements, the frame carries exactly ${len}`);
  const w = elementBits(r);
  const out = new Uint8Array(nbytes(len * w));
  let pos = 0;
  for (let i = 0; i < len; i++) {
    const u = wireValue(r, v[i], what);
    for (let b = 0; b < w; b++, pos++) if ((u >>> b) & 1) out[pos >>> 3] |= 1 << (pos & 7);
  }
  return out;
}

/** Inverse of packWide; refuses set padding bits and, over Z_q, residues ≥ q. */
function unpackWide(r: Ring, bytes: Uint8Array, len: number, what: string): Uint32Array | Float64Array {
  const w = elementBits(r);
  const total = len * w;
  if (total & 7 && bytes[bytes.length - 1] >>> (total & 7)) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `${what}: non-zero padding bits`);
  const out = r.kind === 'zq' ? new Uint32Array(len) : new Float64Array(len);
  let pos = 0;
  for (let i = 0; i < len; i++) {
    let u = 0;
    for (let b = 0; b < w; b++, pos++) if ((bytes[pos >>> 3] >>> (pos & 7)) & 1) u += 2 ** b;
    if (r.kind === 'zq') {
      if (u >= r.q) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `${what}: element ${i} = ${u} is not below q = ${r.q}`);
      out[i] = u;
    } else if (r.kind === 'real') out[i] = (u >= 2 ** (w - 1) ? u - 2 ** w : u) / 2 ** r.frac;
  }
  return out;
}

/** Wire bytes of `len` labels. */
export function labelsToBytes(r: Ring, v: Labels, len: number, what: string): Uint8Array {
  if (r.kind === 'f2') return packBits(v as Uint8Array);
  return packWide(r, v, len, what);
}

/** Labels from exactly `labelsBytes(r, len)` bytes. */
export function bytesToLabels(r: Ring, b: Uint8Array, len: number, what: string): Labels {
  if (r.kind === 'f2') return unpackBits(b, len, what);
  return unpackWide(r, b, len, what);
}

/** Wire bytes of a point of n elements. */
export function pointToBytes(r: Ring, x: Point, n: number, what: string): Uint8Array {
  if (r.kind === 'f2') return wordsToBytes(x as Uint32Array, n);
  return packWide(r, x, n, what);
}

/** A point from exactly `vectorBytes(r, n)` bytes. */
export function bytesToPoint(r: Ring, b: Uint8Array, n: number, what: string): Point {
  if (r.kind === 'f2') return bytesToWords(b, n, what);
  return unpackWide(r, b, n, what);
}
