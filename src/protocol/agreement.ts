/**
 * Weak bit agreement over any separation (DESIGN.md §2, src/separation/types.ts): the raw-bit
 * layout both roles share. Alice's publication loop is src/separation/publish.ts.
 *
 * Raw bits: index c·L + j for challenge c and label column j, on both sides.
 */

/** Copy the first L bits of a packed vector into out[offset..offset+L). */
export function spreadBits(v: Uint32Array, L: number, out: Uint8Array, offset: number): void {
  for (let j = 0; j < L; j++) out[offset + j] = (v[j >>> 5] >>> (j & 31)) & 1;
}
