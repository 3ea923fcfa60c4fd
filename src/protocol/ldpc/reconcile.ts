/**
 * One-way LDPC syndrome reconciliation with blind rate adaptation (issue #9 item 2; DESIGN.md
 * §3). Alice sends the syndrome H·x of her kept string under a code built for the estimated
 * error rate ê; Bob decodes with belief propagation (decode.ts) from his string and ê. Where BP
 * fails, Bob asks for Alice's bits at the positions he is least sure of (smallest |posterior
 * LLR|), fixes them and decodes again: the interactive rate adaptation of symmetric blind
 * reconciliation (Kiktenko, Trushechkin, Lim, Kurochkin & Fedorov, "Symmetric blind
 * information reconciliation for quantum key distribution", Phys. Rev. Applied 8, 044017,
 * 2017; blind reconciliation: Martinez-Mateo, Elkouss & Martin, QIC 12, 2012), so that one
 * design covers the spread of the measured error rate. Every syndrome bit and every revealed
 * bit is disclosed and counted as leaked; the verification hash follows as with Cascade. After
 * REVEAL_STEPS failed steps the frame is counted as failed and yields no key.
 *
 * The code: M = ⌈f₀(ê)·N·h(ê)⌉ checks (`ldpcRows`), variable degrees from the dl = 9
 * rate-1/2 ensemble of Richardson, Shokrollahi & Urbanke (IEEE T-IT 47(2), 2001, Table I:
 * λ(x) = 0.27684x + 0.28342x² + 0.43974x⁸ in edge perspective, i.e. 49.1 % / 33.5 % / 17.4 %
 * of the variables of degree 2 / 3 / 9), check degrees concentrated (code.ts), built by PEG
 * from the public seed. f₀(e) is the first-attempt efficiency (F0 below, measured).
 */
import { xofRng } from '../bits.ts';
import { interpolate } from '../interpolate.ts';
import { h2 } from '../../stats.ts';
import { buildCode, DegreeProfile, LdpcCode, syndrome } from './code.ts';
import { channelLlr, decodeSyndrome } from './decode.ts';

export const LDPC_PROFILE: DegreeProfile = [
  [2, 0.491],
  [3, 0.335],
  [9, 0.174],
];

/** BP iterations per decoding attempt. */
export const LDPC_MAX_ITER = 120;
/** Revealed bits per failed attempt: this share of N·h(ê) (i.e. +2 % of f each step). */
export const REVEAL_SHARE = 0.02;
/** Failed attempts before the frame is given up. */
export const REVEAL_STEPS = 25;
/** Prior LLR magnitude of a revealed bit (certain). */
export const REVEALED_LLR = 40;

/**
 * Efficiencies of this construction and decoder, measured on simulated frames (seeded BSC,
 * `ldpcLocal`; re-measured by test/slow/ldpc.slow.test.ts); linear between points, flat outside:
 *   - F0: the first attempt's M/(N·h(e)), set below where BP alone succeeds in most frames,
 *     so that a few reveals of the least reliable bits bring the mean down rather than up;
 *   - F: the mean f = (M + revealed)/(N·h(e)) that results, which the round choice and the
 *     raw-bit sizing use (theory.ts `reconcilerEfficiency`).
 * Measured: e = 0.055, N = 25,000: F0 = 1.03 / 1.08 gives mean f = 1.096 / 1.116 after 3.5 /
 * 2.0 reveal steps per frame (6 frames each, none failed); e = 0.194, N = 20,000: F0 = 1.08 /
 * 1.14 gives 1.116 / 1.137 after 2.0 / 0.3 steps (4 frames each); at N = 72,000, F0 = 1.08
 * gives 1.12 (staircase-free construction). The ends of the table (e = 0.02, 0.33) are not
 * measured and carry a margin.
 */
const F0_TABLE: readonly [number, number][] = [
  [0.02, 1.15],
  [0.05, 1.03],
  [0.1, 1.05],
  [0.2, 1.08],
  [0.33, 1.2],
];
const F_TABLE: readonly [number, number][] = [
  [0.02, 1.2],
  [0.05, 1.1],
  [0.1, 1.11],
  [0.2, 1.12],
  [0.33, 1.25],
];

/** h(e) with e clamped into [10^-6, 1/2] (the sizing rules' entropy). */
const hClamped = (e: number): number => h2(Math.min(Math.max(e, 1e-6), 0.5));

/** Mean measured efficiency f at error rate e. */
export const ldpcEfficiency = (e: number): number => interpolate(F_TABLE, e);

/** Checks of the first attempt for N bits at estimated error ê (at least 1, below N). */
export function ldpcRows(N: number, e: number): number {
  return Math.max(1, Math.min(N - 1, Math.ceil(interpolate(F0_TABLE, e) * N * hClamped(e))));
}

/** Bits revealed per failed attempt. */
export const revealCount = (N: number, e: number): number => Math.max(1, Math.ceil(REVEAL_SHARE * N * hClamped(e)));

/** The code both sides (and Eve) build from Alice's public seed. */
export const ldpcCode = (seed: Uint8Array, N: number, M: number): LdpcCode => buildCode(N, M, LDPC_PROFILE, xofRng(seed, 'ldpc/code'));

/** Priors from side information y at error e, with the revealed bits fixed to Alice's values. */
export function ldpcPriors(y: Uint8Array, e: number, revealed: ReadonlyMap<number, number>): Float64Array {
  const L = channelLlr(Math.min(Math.max(e, 1e-6), 0.5 - 1e-9));
  const prior = Float64Array.from(y, (b) => (b ? -L : L));
  for (const [i, b] of revealed) prior[i] = b ? -REVEALED_LLR : REVEALED_LLR;
  return prior;
}

/** The k positions with the smallest |posterior|, not yet revealed, ascending. */
export function leastReliable(posterior: Float64Array, k: number, revealed: ReadonlyMap<number, number>): number[] {
  const idx: number[] = [];
  for (let i = 0; i < posterior.length; i++) if (!revealed.has(i)) idx.push(i);
  idx.sort((a, b) => Math.abs(posterior[a]) - Math.abs(posterior[b]) || a - b);
  return idx.slice(0, k).sort((a, b) => a - b);
}

/**
 * One frame reconciled locally, both strings in memory (bench, tests): Alice's syndrome under
 * the code sized for ê, then Bob's decoding with reveals, as the two roles run it over the wire.
 */
export function ldpcLocal(alice: Uint8Array, bob: Uint8Array, eHat: number, seed: Uint8Array): { ok: boolean; bits: Uint8Array; disclosed: number; attempts: number; iterations: number } {
  const N = alice.length;
  const code = ldpcCode(seed, N, ldpcRows(N, eHat));
  const s = syndrome(code, alice);
  const revealed = new Map<number, number>();
  let iterations = 0;
  for (let attempts = 1; ; attempts++) {
    const res = decodeSyndrome(code, s, ldpcPriors(bob, eHat, revealed), LDPC_MAX_ITER);
    iterations += res.iterations;
    if (res.ok) return { ok: true, bits: res.bits, disclosed: code.M + revealed.size, attempts, iterations };
    const k = Math.min(revealCount(N, eHat), N - 1 - code.M - revealed.size);
    if (attempts > REVEAL_STEPS || k <= 0) return { ok: false, bits: res.bits, disclosed: code.M + revealed.size, attempts, iterations };
    for (const i of leastReliable(res.posterior, k, revealed)) revealed.set(i, alice[i]);
  }
}
