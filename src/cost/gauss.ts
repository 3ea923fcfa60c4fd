/**
 * The per-iteration price every information-set attack pays: one Gaussian elimination of an
 * n-dimensional system, and the invertibility of the information set.
 *
 * - Bit operations per elimination: G = n^2.8, the M4RI-class exponent DESIGN.md §2 uses. Both
 *   of Eve's routes solve an n-dimensional system per iteration (K = n primal, N − K = n dual).
 *   n^2.8 is below naive elimination (Bernstein–Lange–Peters, "Attacking and defending the
 *   McEliece cryptosystem", PQCrypto 2008: their count for the whole systematic form Stern/Dumer
 *   need, (N−K)²(N+K)/2, is 2^31.8 on paper-1024's dual code, and with it the re-optimised dual
 *   Dumer costs 2^65.0 instead of 2^64.5: checked, not in the output), but incremental variants
 *   are cheaper still — Canteaut–Chabaud 1998 (IEEE Trans. IT 44(1)) swap one column of the
 *   information set per iteration, BLP 2008 reuse existing pivots — so it is no lower bound.
 * - Invertibility: a uniform n×n matrix over F2 is invertible with probability
 *   ∏_{i=1..n} (1 − 2^-i) ≈ 0.289 (`probFullRank`), so an attack that draws a uniform
 *   information set and must solve it pays 1/0.289 ≈ 3.46 draws per usable one: +1.8 bits.
 */
import { probFullRank } from '../stats.ts';

const GAUSS_EXP = 2.8;

/** log2 G = log2 n^2.8: the bit operations charged per Gaussian elimination of an n-dimensional system. */
export const log2Gauss = (n: number): number => GAUSS_EXP * Math.log2(n);

/** log2 of the expected draws of a uniform n×n matrix until one is invertible, −log2 ∏(1 − 2^-i) ≈ 1.8. */
export const log2RankFactor = (n: number): number => -Math.log2(probFullRank(n, n));
