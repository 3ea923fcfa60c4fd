/**
 * One-way LDPC syndrome reconciliation with blind rate adaptation (DESIGN.md
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
 * The decoder check: beside the syndrome Alice sends a LDPC_CHECK_BITS-bit universal hash of x
 * (`ldpcCheck`), counted as leaked. BP can converge to a wrong word of the right syndrome (x ⊕ c
 * for a codeword c); on demo-256's ≈ 2,400-bit frames at e ≈ 0.19 that happened in 8 of
 * 1,000 simulated frames and, with no check, failed 11 of 2,000 sessions at the verification
 * tag. Bob tests each converged word against the check and treats a mismatch like a decoding
 * failure (reveals, decodes again): in those 8 frames one further reveal step recovered x each
 * time. This is CRC-aided decoding as in 5G polar/LDPC receivers; 16 bits pass a wrong word
 * with probability 2^-16, and the 64-bit verification tag still guards the final string.
 *
 * The code: M = ⌈f₀(ê)·N·h(ê)⌉ checks (`ldpcRows`), built from the public seed (code.ts), check
 * degrees concentrated, variable degrees from one of two edge-perspective ensembles, chosen by
 * the design rate R = 1 − M/N (so that Eve, who sees only N and M, builds the same code):
 *   - R ≥ 0.45: the PEG graph (code.ts buildCode) of the dl = 9 rate-1/2 ensemble of
 *     Richardson, Shokrollahi & Urbanke (IEEE T-IT 47(2), 2001, Table I):
 *     λ(x) = 0.27684x + 0.28342x² + 0.43974x⁸;
 *   - R < 0.45 (two pair rounds, e ≈ 0.19, R ≈ 0.26): the configuration-model graph
 *     (code.ts buildRandomCode) of λ(x) = 0.26x + 0.34x² + 0.2x⁹ + 0.2x¹⁵,
 *     found by a local search over λ with density evolution (density.ts) at R = 0.268: BP
 *     threshold e* = 0.197 on the BSC, i.e. asymptotic f = (1 − R)/h(e*) = 1.022, where the
 *     RSU ensemble at the same rate has e* = 0.185 (f = 1.059). λ₂ = 0.26 is below the
 *     stability bound 1/(ρ'(1)·2√(e(1−e))) ≈ 0.31 at e = 0.194.
 * ê is the error rate the last pair round's public kept fraction implies (theory.ts
 * `pairErrorFromKept`), about five times tighter than the estimation sample's.
 * f₀(e) is the first-attempt efficiency (F0 below, measured).
 */
import { packBits, xofRng } from '../bits.ts';
import { toeplitzHash } from '../toeplitz.ts';
import { tagsEqual } from '../confirm.ts';
import { interpolate } from '../interpolate.ts';
import { h2 } from '../../stats.ts';
import { buildCode, buildRandomCode, DegreeProfile, LdpcCode, syndrome } from './code.ts';
import { channelLlr, decodeSyndrome } from './decode.ts';
import { nodeFractions, type EdgeDistribution } from './density.ts';

/** The RSU 2001 dl = 9 ensemble (edge perspective), used at design rates ≥ LOW_RATE_BELOW. */
export const RSU9_LAMBDA: EdgeDistribution = [
  [2, 0.27684],
  [3, 0.28342],
  [9, 0.43974],
];
/** The density-evolution ensemble for rates below LOW_RATE_BELOW (see the header). */
export const LOW_RATE_LAMBDA: EdgeDistribution = [
  [2, 0.26],
  [3, 0.34],
  [10, 0.2],
  [16, 0.2],
];
export const LOW_RATE_BELOW = 0.45;

/** Node-perspective profile of the ensemble for design rate R. */
export const ldpcProfile = (rate: number): DegreeProfile => nodeFractions(rate < LOW_RATE_BELOW ? LOW_RATE_LAMBDA : RSU9_LAMBDA);
/** The RSU ensemble's node profile (49.1 % / 33.5 % / 17.4 % of the variables of degree 2 / 3 / 9). */
export const LDPC_PROFILE: DegreeProfile = ldpcProfile(0.5);

/** Bits of the decoder check Alice sends with the syndrome (see the header). */
export const LDPC_CHECK_BITS = 16;
/** The decoder check of x under the syndrome's public seed. */
export const ldpcCheck = (seed: Uint8Array, x: Uint8Array): Uint8Array => packBits(toeplitzHash(seed, x, LDPC_CHECK_BITS, 'ldpc/check'));
/** Whether a converged word w passes the check Alice sent. */
export const passesCheck = (seed: Uint8Array, w: Uint8Array, check: Uint8Array): boolean => tagsEqual(ldpcCheck(seed, w), check);
/** Bits an LDPC frame has disclosed: the M syndrome bits, the check, and the bits revealed so far. */
export const ldpcDisclosed = (M: number, revealed: number): number => M + LDPC_CHECK_BITS + revealed;

/** BP iterations per decoding attempt (near threshold BP needs ≈ 100 at N ≈ 7·10^4). */
export const LDPC_MAX_ITER = 200;
/** Revealed bits per failed attempt: this share of N·h(ê) (i.e. +1 % of f each step). */
export const REVEAL_SHARE = 0.01;
/**
 * Fewest bits revealed per failed attempt: on short frames (N ≈ 800 after three rounds) 1 % of
 * N·h(ê) is 2–3 bits, and 25 steps of that left 2 of 300 demo-256 frames undecoded.
 */
export const REVEAL_MIN = 16;
/** Failed attempts before the frame is given up. */
export const REVEAL_STEPS = 25;
/** Prior LLR magnitude of a revealed bit (certain). */
export const REVEALED_LLR = 40;

/**
 * Efficiencies of this construction and decoder, measured on simulated frames (seeded BSC;
 * re-measured by test/slow/ldpc.slow.test.ts); linear between points, flat outside:
 *   - F0: the first attempt's M/(N·h(e)), set just below where BP alone succeeds in most
 *     frames, so that a few reveals of the least reliable bits bring the mean down rather than up;
 *   - F: the mean f = (M + revealed)/(N·h(e)) that results, which the round choice and the
 *     raw-bit sizing use (theory.ts `reconcilerEfficiency`).
 * At e = 0.055 (PEG graph, N = 25,000; earlier measurement): F0 = 1.03 gives mean f = 1.096.
 * Measured at e = 0.194, N = 71,000 (two pair rounds on a 10^6-raw-bit session), first attempt
 * alone (200 iterations): f₀ = 1.02 and 1.035 decode 0 of 2 frames, 1.045 and 1.055 decode 3 of
 * 3. With reveals, in 20 sessions of examples/demo-256-long.json (seed 1): mean f = 1.040,
 * 1.35 BP attempts per frame, no frame failed; on demo-256's frames of ≈ 2,400 bits (2,000
 * sessions, seed 7, with the decoder check) f = 1.079 at 3.35 attempts. test/slow/ldpc.slow.test.ts re-measures the N = 71,000 figure.
 * Shorter frames sit further from the threshold (finite length): the reveals absorb that, at a
 * higher f. The points at e = 0.02, 0.1, 0.33 are not measured and carry a margin.
 */
const F0_TABLE: readonly [number, number][] = [
  [0.02, 1.15],
  [0.055, 1.03],
  [0.1, 1.08],
  [0.15, 1.06],
  [0.194, 1.035],
  [0.25, 1.06],
  [0.33, 1.2],
];
const F_TABLE: readonly [number, number][] = [
  [0.02, 1.2],
  [0.055, 1.1],
  [0.1, 1.12],
  [0.15, 1.08],
  [0.194, 1.045],
  [0.25, 1.08],
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
export const revealCount = (N: number, e: number): number => Math.max(REVEAL_MIN, Math.ceil(REVEAL_SHARE * N * hClamped(e)));

/** The code both sides (and Eve) build from Alice's public seed. */
export function ldpcCode(seed: Uint8Array, N: number, M: number): LdpcCode {
  const rate = 1 - M / N;
  return (rate < LOW_RATE_BELOW ? buildRandomCode : buildCode)(N, M, ldpcProfile(rate), xofRng(seed, 'ldpc/code'));
}

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
export function ldpcLocal(alice: Uint8Array, bob: Uint8Array, eHat: number, seed: Uint8Array): { ok: boolean; bits: Uint8Array; disclosed: number; attempts: number; iterations: number; wrongWords: number } {
  const N = alice.length;
  const code = ldpcCode(seed, N, ldpcRows(N, eHat));
  const s = syndrome(code, alice);
  const check = ldpcCheck(seed, alice);
  const revealed = new Map<number, number>();
  let iterations = 0;
  let wrongWords = 0;
  for (let attempts = 1; ; attempts++) {
    const res = decodeSyndrome(code, s, ldpcPriors(bob, eHat, revealed), LDPC_MAX_ITER);
    iterations += res.iterations;
    const disclosed = ldpcDisclosed(code.M, revealed.size);
    if (res.ok && passesCheck(seed, res.bits, check)) return { ok: true, bits: res.bits, disclosed, attempts, iterations, wrongWords };
    if (res.ok) wrongWords++;
    const k = Math.min(revealCount(N, eHat), N - 1 - disclosed);
    if (attempts > REVEAL_STEPS || k <= 0) return { ok: false, bits: res.bits, disclosed, attempts, iterations, wrongWords };
    for (const i of leastReliable(res.posterior, k, revealed)) revealed.set(i, alice[i]);
  }
}
