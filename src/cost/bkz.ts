/**
 * BKZ-β: the root-Hermite factor it reaches and what it costs, in the terms of the lattice
 * estimator (M. Albrecht et al., github.com/malb/lattice-estimator, estimator/reduction.py), so
 * that src/cost/lwe.ts reproduces its published LWE figures. Everything is in log2 of bit/word
 * operations ("rop").
 *
 * - δ_β (`rootHermite`): for β ≤ 40 the estimator's measured table (BKZ 2.0 on 320-dimensional
 *   q-ary lattices; the value of the largest tabulated β' ≤ β); above 40 the asymptotic formula
 *   δ_β = (β/(2πe) · (πβ)^{1/β})^{1/(2(β−1))} (Chen 2013, from the Gaussian heuristic and the GSA).
 * - Cost models (`log2Bkz`):
 *   - `core-svp`: 2^{0.292β} (classical sieving, Becker–Ducas–Gama–Laarhoven 2016) and
 *     `core-svp-quantum`: 2^{0.265β} (Laarhoven 2015), one SVP call (Alkim, Ducas, Pöppelmann,
 *     Schwabe, "Post-quantum key exchange — a new hope", USENIX 2016);
 *   - `matzov` (the estimator's default, `RC.MATZOV`): progressive BKZ with list-decoding sieving
 *     as fitted by Albrecht–Gheorghiu–Postlethwaite–Schanck (ASIACRYPT 2020) with MATZOV's 2022
 *     improvement ("Report on the security of LWE: improved dual lattice attack"):
 *         rop = d³ + C·max(d − β, 1) · C·2^{a·(β − d4f(β)) + b},   C = 1/(1 − 2^{−a}),
 *     d4f(β) = β·ln(4/3)/ln(β/(2πe)) dimensions for free (Ducas, EUROCRYPT 2018), d³ the LLL
 *     term, (a, b) = (0.29613500308205365, 20.387885985467914) for classical gates;
 *     `matzov-quantum` uses the fit of the quantum "depth × width" metric,
 *     (a, b) = (0.2663676536352464, 25.299541499216627) (the estimator's nn = "quantum").
 *     Below β = 20 that fit "goes haywire" and the estimator prices enumeration instead
 *     (Chen–Nguyen 2012, `CheNgu12`): d³ + R·2^{0.2702·β·ln β − 1.0192β + 16.10 + log2 100},
 *     R = 8d SVP calls if β < d, else 1. So does this module.
 * - Many short vectors (`shortVectors`, for the dual attack): one sieve outputs 2^{0.2075·β'}
 *   vectors of length ρ·λ (ρ = √(4/3)·δ_{β'}^{β'−1}/δ_β^{β'−1}); under `matzov` the sieve runs in a
 *   larger dimension β' chosen to cost about one BKZ-β (Guo–Johansson, ASIACRYPT 2021).
 */
import { log2SumExp2 } from '../stats.ts';

export type BkzModel = 'matzov' | 'matzov-quantum' | 'core-svp' | 'core-svp-quantum';

/** The models `estimateLwe` reports: the estimator's default first. */
export const BKZ_MODELS: readonly BkzModel[] = ['matzov', 'matzov-quantum', 'core-svp', 'core-svp-quantum'];

const SMALL_DELTA: readonly (readonly [number, number])[] = [
  [2, 1.0219],
  [5, 1.01862],
  [10, 1.01616],
  [15, 1.01485],
  [20, 1.0142],
  [25, 1.01342],
  [28, 1.01331],
  [40, 1.01295],
];

/** Root-Hermite factor δ_β reached by BKZ-β (β rounded to an integer, as the estimator does). */
export function rootHermite(beta: number): number {
  const b = Math.round(beta);
  if (b <= 2) return SMALL_DELTA[0][1];
  if (b <= 40) {
    let d = SMALL_DELTA[0][1];
    for (const [bb, dd] of SMALL_DELTA) if (bb <= b) d = dd;
    return d;
  }
  const base = (b / (2 * Math.PI * Math.E)) * (Math.PI * b) ** (1 / b);
  return base ** (1 / (2 * (b - 1)));
}

/** Sieving fits (a, b): one sieve in dimension k costs 2^{a·k + b}. */
const SIEVE_FIT: Record<'matzov' | 'matzov-quantum', { a: number; b: number }> = {
  matzov: { a: 0.29613500308205365, b: 20.387885985467914 },
  'matzov-quantum': { a: 0.2663676536352464, b: 25.299541499216627 },
};

/** Core-SVP exponents: 2^{c·β} per BKZ-β. */
const CORE_SVP: Record<'core-svp' | 'core-svp-quantum', number> = {
  'core-svp': 0.292,
  'core-svp-quantum': 0.265,
};

/** Dimensions for free (Ducas 2018): a sieve for SVP-β runs in dimension β − d4f(β). */
export function dimsForFree(beta: number): number {
  return Math.max((beta * Math.log(4 / 3)) / Math.log(beta / (2 * Math.PI * Math.E)), 0);
}

/**
 * The FrodoKEM team's core-SVP figure (Glabush, Longa, Naehrig, Peikert, Stebila, Virdia,
 * "FrodoKEM: a CCA-secure learning with errors key encapsulation mechanism", 2025, §7; their
 * scripts github.com/microsoft/PQCrypto-LWEKE estimates/cost_models.py, `CSieveLSF` under the
 * `\core` reduction): one sieve in dimension β' = β − d4f(β) costing β'·2^{0.292β'}. Not one of
 * BKZ_MODELS: it is here to check the model against their published FrodoKEM-640 figure.
 */
export function log2CoreSvpD4f(beta: number): number {
  const b = beta - dimsForFree(beta);
  return Math.log2(b) + 0.292 * b;
}

/** Progressive-sieving overhead C = Σ_{i ≤ β} 2^{a·i}/2^{a·β} → 1/(1 − 2^{−a}). */
function progressiveOverhead(a: number): number {
  return 1 / (1 - 2 ** -a);
}

/** log2 of Chen–Nguyen enumeration BKZ-β in dimension d (the estimator's `CheNgu12`). */
export function log2Enumeration(beta: number, d: number): number {
  const repeat = beta < d ? 8 * d : 1;
  const nodes = 0.27018877635019 * beta * Math.log(beta) - 1.0192050451318417 * beta + 16.10253135200765;
  return log2SumExp2([3 * Math.log2(d), Math.log2(repeat) + nodes + Math.log2(100)]);
}

/** log2 cost of BKZ-β on a d-dimensional lattice under `model`. */
export function log2Bkz(model: BkzModel, beta: number, d: number): number {
  if (model === 'core-svp' || model === 'core-svp-quantum') return CORE_SVP[model] * beta;
  if (beta < 20) return log2Enumeration(beta, d);
  const { a, b } = SIEVE_FIT[model];
  return log2SieveBkz(a, b, beta, d);
}

/** Progressive sieving BKZ-β (β ≥ 20) under a sieve fit 2^{a·k + b}: the `matzov` formula. */
export function log2SieveBkz(a: number, b: number, beta: number, d: number): number {
  const C = progressiveOverhead(a);
  const calls = Math.log2(C * Math.max(d - beta, 1));
  const gates = Math.log2(C) + a * (beta - dimsForFree(beta)) + b;
  return log2SumExp2([3 * Math.log2(d), calls + gates]);
}

/** Output of `shortVectors`: N vectors of length ρ × (BKZ-β's first vector) for 2^log2Cost. */
export interface ShortVectors {
  rho: number;
  log2Cost: number;
  log2N: number;
  sieveDim: number;
}

/**
 * Cost of N short vectors from BKZ-β in dimension d (N = the sieve's own output when omitted).
 * `matzov*`: BKZ-β, then a sieve in dimension β' ≥ β − ⌊d4f(β)⌋ sized to cost about one BKZ-β;
 * `core-svp*`: the last sieve of BKZ-β itself (β' = β).
 */
export function shortVectors(model: BkzModel, beta: number, d: number, log2N?: number): ShortVectors {
  let sieveDim: number;
  let log2Sieve = -Infinity;
  if (model === 'matzov' || model === 'matzov-quantum') {
    const { a, b } = SIEVE_FIT[model];
    const C = progressiveOverhead(a);
    sieveDim = beta - Math.floor(dimsForFree(beta));
    if (beta < d) sieveDim = Math.min(d, Math.floor(sieveDim + Math.log2((d - beta) * C) / a));
    log2Sieve = Math.log2(C) + a * sieveDim + b;
  } else {
    sieveDim = beta;
  }
  const rho =
    Math.sqrt(4 / 3) * rootHermite(sieveDim) ** (sieveDim - 1) * rootHermite(beta) ** (1 - sieveDim);
  const perSieve = 0.2075 * sieveDim;
  // The estimator floors the per-sieve count under matzov, not under core-SVP.
  const log2PerSieve = model.startsWith('matzov') ? Math.log2(Math.floor(2 ** perSieve)) : perSieve;
  const want = log2N ?? log2PerSieve;
  const log2Runs = want - log2PerSieve;
  if (log2Runs > 1000) return { rho, log2Cost: Infinity, log2N: Infinity, sieveDim };
  const runs = Math.ceil(2 ** log2Runs);
  const one = log2SumExp2([log2Bkz(model, beta, d), log2Sieve]);
  return { rho, log2Cost: Math.log2(runs) + one, log2N: Math.log2(runs) + log2PerSieve, sieveDim };
}
