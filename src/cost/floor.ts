/**
 * The wire floor of the reduction (DESIGN.md §1–§3): the least a session can send for a K-bit
 * key. Alice must publish the labels z_j, m·L ring elements (for LPN z_j = A s_j ⊕ e_j, one bit
 * each; A itself travels as a 32-byte seed); each challenge x* = rᵀA is a vector of n elements
 * and yields L raw bits, so R raw bits take c = ⌈R / L⌉ challenges, c·n elements; and turning R
 * raw bits of agreement p into a common string needs at least R·h(p) bits of public discussion
 * (H(b_A | b_B), the Slepian–Wolf bound; one-way reconciliation reaches it). With a yield of y
 * key bits per raw bit, R = ⌈K / y⌉, and b wire bits per ring element (1 for LPN's F2; the
 * ring's declared encoding otherwise, separation/ring.ts elementBits):
 *
 *   floor(L) = (m·L + ⌈R / L⌉·n)·b + R·h(p)   bits   (frame headers, seeds and tags left out).
 *
 * Two yields matter: the measured one (key bits / raw bits a real session spends) and the
 * information-theoretic one, I(b_A; b_B) = 1 − h(p) per raw bit (the secret-key rate against
 * an Eve with no information, which the protocol's β measures itself against). The first two
 * terms trade against each other through L: the sum is least near L* = √(R·n / m).
 */
import { h2 } from '../stats.ts';

export interface FloorInput {
  n: number;
  m: number;
  L: number;
  /** Key bits wanted. */
  keyBits: number;
  /** Key bits per raw bit. */
  yieldPerRawBit: number;
  /** Raw agreement Pr[b_A = b_B]. */
  p: number;
  /** Wire bits per ring element of labels and points (1: F2, the LPN line). */
  elementBits?: number;
}

export interface Floor {
  rawBits: number;
  challenges: number;
  labelBits: number;
  challengeBits: number;
  reconcileBits: number;
  bytes: number;
}

/** The floor at these parameters (module header). */
export function wireFloor(x: FloorInput): Floor {
  if (!(x.yieldPerRawBit > 0 && x.yieldPerRawBit <= 1)) throw new RangeError(`yield must be in (0, 1], got ${x.yieldPerRawBit}`);
  // K / (K / R) may land a rounding error above the integer R it came from.
  const rawBits = Math.ceil(x.keyBits / x.yieldPerRawBit - 1e-9);
  const challenges = Math.ceil(rawBits / x.L);
  const b = x.elementBits ?? 1;
  const labelBits = x.m * x.L * b;
  const challengeBits = challenges * x.n * b;
  const reconcileBits = Math.ceil(rawBits * h2(x.p));
  return { rawBits, challenges, labelBits, challengeBits, reconcileBits, bytes: (labelBits + challengeBits + reconcileBits) / 8 };
}

/** The information-theoretic yield: 1 − h(p) key bits per raw bit. */
export const shannonYield = (p: number): number => 1 - h2(p);

/** The L in [1, maxL] with the least floor (the smallest such L on a tie), and that floor. */
export function bestL(x: Omit<FloorInput, 'L'>, maxL = 1024): { L: number; floor: Floor } {
  let best = { L: 1, floor: wireFloor({ ...x, L: 1 }) };
  for (let L = 2; L <= maxL; L++) {
    const f = wireFloor({ ...x, L });
    if (f.bytes < best.floor.bytes) best = { L, floor: f };
  }
  return best;
}
