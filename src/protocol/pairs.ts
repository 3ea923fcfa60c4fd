/**
 * Bit-pair advantage distillation with public permutations (Gander & Maurer, "On the
 * secret-key rate of binary random variables", ISIT 1994; the repetition-code idea of Maurer,
 * "Secret key agreement by public discussion from common information", IEEE T-IT 39(3), 1993,
 * with blocks of two, iterated; DESIGN.md §3).
 *
 * One round on a list of surviving positions (into the raw-bit buffer): a public permutation
 * (bits.ts `publicPermutation`, seeded by Alice's round seed) pairs list[π(2k)] with
 * list[π(2k+1)]; Alice announces each pair's parity a ⊕ a'; Bob keeps the pair where his
 * parity b ⊕ b' agrees, and both keep the pair's *first* bit (the parity is public, so one bit
 * of each kept pair is left secret). A kept pair agrees on both bits (p²) or disagrees on both
 * ((1−p)²): kept fraction p² + (1−p)², error after (1−p)²/(p² + (1−p)²) (theory.ts).
 *
 * For Eve: a round is the repetition code with ℓ = 2 and c = a, d = (0, a ⊕ a'): `pairBlocks`
 * gives the kept pairs in that form, for eve/follow.ts `followDistill`.
 */
import { publicPermutation } from './bits.ts';

/** The pairing of one round: pair k is (list[perm[2k]], list[perm[2k+1]]). */
export function pairOrder(seed: Uint8Array, round: number, len: number): Uint32Array {
  return publicPermutation(seed, `pairs/round${round}`, len);
}

/** Number of pairs a list of `len` positions gives (an odd one out is dropped). */
export const pairCount = (len: number): number => len >>> 1;

/** Parities of the pairs of `bits` at the listed positions. */
export function pairParities(bits: Uint8Array, list: Uint32Array, order: Uint32Array): Uint8Array {
  const k = pairCount(list.length);
  const out = new Uint8Array(k);
  for (let i = 0; i < k; i++) out[i] = bits[list[order[2 * i]]] ^ bits[list[order[2 * i + 1]]];
  return out;
}

/** Bob: the pairs whose parity agrees with Alice's (1 = kept). */
export function pairsKept(bits: Uint8Array, list: Uint32Array, order: Uint32Array, alice: Uint8Array): Uint8Array {
  const mine = pairParities(bits, list, order);
  return mine.map((b, i) => (b === alice[i] ? 1 : 0));
}

/** The positions that survive a round: the first position of every kept pair, in pair order. */
export function pairSurvivors(list: Uint32Array, order: Uint32Array, kept: Uint8Array): Uint32Array {
  let n = 0;
  for (let i = 0; i < kept.length; i++) n += kept[i];
  const out = new Uint32Array(n);
  let k = 0;
  for (let i = 0; i < kept.length; i++) if (kept[i]) out[k++] = list[order[2 * i]];
  return out;
}

/** Bits at the listed positions. */
export const bitsAt = (bits: Uint8Array, list: Uint32Array): Uint8Array => Uint8Array.from(list, (i) => bits[i]);

/**
 * The kept pairs of a round as repetition blocks of ℓ = 2 over list indices (Eve's follower):
 * idx = the two list indices, d = (0, parity), so that a = g ⊕ d for either bit.
 */
export function pairBlocks(order: Uint32Array, parities: Uint8Array, kept: Uint8Array): { idx: Uint32Array; d: Uint8Array }[] {
  const out: { idx: Uint32Array; d: Uint8Array }[] = [];
  for (let i = 0; i < kept.length; i++) if (kept[i]) out.push({ idx: order.subarray(2 * i, 2 * i + 2), d: Uint8Array.of(0, parities[i]) });
  return out;
}
