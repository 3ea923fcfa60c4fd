/**
 * The rings a separation's points and labels live in, and the wire encoding each declares
 * (DESIGN.md §8: "points and labels live in the instance's ring (F2, Z_q, R); the wire carries
 * them in a declared encoding"). This module is data only: the codec that writes and reads the
 * encodings is the protocol's (src/protocol/messages/ring.ts), bounded by the profile there.
 *
 * How the protocol holds a vector of each ring:
 * - F2: a point is a packed GF(2) vector (Uint32Array, bit i in word i>>5, gf2/vec.ts); labels
 *   are a bit string, one 0/1 value per byte (Uint8Array, as every protocol bit string).
 * - Z_q: one element per entry of a Uint32Array, each in [0, q).
 * - R: one element per entry of a Float64Array, each on the declared fixed-point grid.
 * On the wire every ring is a stream of fixed-width elements packed LSB-first, zero padding:
 * F2 one bit an element (the packing LPN has always had), Z_q ⌈log2 q⌉ bits holding the residue,
 * R `bits` bits holding round(v·2^frac) in two's complement.
 */
import { SepkaError } from '../errors.ts';

export type Ring =
  | { readonly kind: 'f2' }
  | { readonly kind: 'zq'; readonly q: number }
  /** Signed fixed point: `bits` wide (two's complement), `frac` of them fractional. */
  | { readonly kind: 'real'; readonly bits: number; readonly frac: number };

/** A point as the protocol holds one (see the header). */
export type Point = Uint32Array | Float64Array;
/** m·L labels as the protocol holds them, row-major: labels[i·L + j] is z_j[i]. */
export type Labels = Uint8Array | Uint32Array | Float64Array;

export const F2: Ring = { kind: 'f2' };

/** Bits one element takes on the wire. */
export function elementBits(r: Ring): number {
  if (r.kind === 'f2') return 1;
  if (r.kind === 'zq') return Math.max(1, Math.ceil(Math.log2(r.q)));
  return r.bits;
}

/** Bytes a vector of `len` elements takes on the wire. */
export const vectorBytes = (r: Ring, len: number): number => Math.ceil((len * elementBits(r)) / 8);

/** The ring in one short phrase, for reports and docs. */
export function ringText(r: Ring): string {
  if (r.kind === 'f2') return 'F2, packed bits';
  if (r.kind === 'zq') return `Z_${r.q}, ${elementBits(r)}-bit integers mod q`;
  return `R, signed fixed point of ${r.bits} bits with ${r.frac} fractional (resolution 2^-${r.frac})`;
}

/** Refuse a ring the codec cannot carry (a separation of the caller's own is checked here). */
export function checkRing(r: Ring): Ring {
  const ok =
    r.kind === 'f2' ||
    (r.kind === 'zq' && Number.isInteger(r.q) && r.q >= 2 && r.q <= 2 ** 32) ||
    (r.kind === 'real' && Number.isInteger(r.bits) && r.bits >= 2 && r.bits <= 32 && Number.isInteger(r.frac) && r.frac >= 0 && r.frac < r.bits);
  if (!ok) throw new SepkaError('SEPKA_ERR_USAGE', `separation ring ${JSON.stringify(r)} is not F2, Z_q with 2 ≤ q ≤ 2^32, or fixed point of 2–32 bits`);
  return r;
}

/** A real on the ring's grid: round(v·2^frac)/2^frac (what the wire carries for v). */
export function onGrid(r: Extract<Ring, { kind: 'real' }>, v: number): number {
  return Math.round(v * 2 ** r.frac) / 2 ** r.frac;
}
