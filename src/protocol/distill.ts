/**
 * Parameter estimation and repetition-code advantage distillation with post-selection
 * (Maurer, "Secret key agreement by public discussion from common information", IEEE T-IT 1993;
 * DESIGN.md §3).
 *
 * Estimation: Bob reveals his raw bits at a public random sample (`estimationSample`); Alice
 * counts disagreements; those bits are discarded. The rest (`remainingPositions`, ascending)
 * are cut into blocks of ℓ consecutive bits.
 *
 * Distillation: for each block Alice draws a uniform bit c and sends c ⊕ b_A,i for its ℓ bits
 * (`distillMask`). Bob XORs in his bits: if all ℓ results agree, he keeps the block and its
 * common value is his copy of c (`distillKeep`); he announces the kept blocks. A kept bit is
 * wrong only if all ℓ raw bits of the block disagreed: error r^ℓ/(1 + r^ℓ), r = (1−p)/p.
 *
 * For Eve: `distillFollow(guess, …)` turns her guesses of the raw bits into guesses of Alice's
 * kept string (majority of masked ⊕ guess over each kept block); `keptString(values, kept)`
 * restricts any per-block string to the kept blocks.
 */
import { publicSample } from './bits.ts';

/** The sampled raw positions (ascending) for estimation. */
export const estimationSample = (seed: Uint8Array, rawBits: number, sampleBits: number): number[] => publicSample(seed, 'estimate', rawBits, sampleBits);

/** Raw positions not in the sample, ascending. */
export function remainingPositions(rawBits: number, sample: readonly number[]): Uint32Array {
  const inSample = new Uint8Array(rawBits);
  for (const i of sample) inSample[i] = 1;
  const out = new Uint32Array(rawBits - sample.length);
  let k = 0;
  for (let i = 0; i < rawBits; i++) if (!inSample[i]) out[k++] = i;
  return out;
}

/** Disagreements between `bits` at the sample positions and the revealed `revealed`. */
export function countErrors(bits: Uint8Array, sample: readonly number[], revealed: Uint8Array): number {
  let e = 0;
  for (let k = 0; k < sample.length; k++) e += bits[sample[k]] ^ revealed[k];
  return e;
}

/** Alice: block values c (given) masked with her raw bits, block-major. */
export function distillMask(raw: Uint8Array, remaining: Uint32Array, ell: number, c: Uint8Array): Uint8Array {
  const masked = new Uint8Array(c.length * ell);
  for (let b = 0; b < c.length; b++) for (let i = 0; i < ell; i++) masked[b * ell + i] = c[b] ^ raw[remaining[b * ell + i]];
  return masked;
}

/** Bob: which blocks survive, and his copy of c for every block (meaningful where kept). */
export function distillKeep(raw: Uint8Array, remaining: Uint32Array, ell: number, masked: Uint8Array): { kept: Uint8Array; values: Uint8Array } {
  const blocks = masked.length / ell;
  const kept = new Uint8Array(blocks);
  const values = new Uint8Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const v = masked[b * ell] ^ raw[remaining[b * ell]];
    let all = 1;
    for (let i = 1; i < ell && all; i++) if ((masked[b * ell + i] ^ raw[remaining[b * ell + i]]) !== v) all = 0;
    kept[b] = all;
    values[b] = v;
  }
  return { kept, values };
}

/** The entries of a per-block string at the kept blocks, in order. */
export function keptString(values: Uint8Array, kept: Uint8Array): Uint8Array {
  let N = 0;
  for (let b = 0; b < kept.length; b++) N += kept[b];
  const out = new Uint8Array(N);
  let k = 0;
  for (let b = 0; b < kept.length; b++) if (kept[b]) out[k++] = values[b];
  return out;
}

/**
 * Eve: her guess of Alice's kept string from guesses of the raw bits (any 0/1 array indexed by
 * raw position): per kept block, the majority of masked ⊕ guess (ties → the first position's).
 */
export function distillFollow(guess: Uint8Array, remaining: Uint32Array, ell: number, masked: Uint8Array, kept: Uint8Array): Uint8Array {
  const values = new Uint8Array(kept.length);
  for (let b = 0; b < kept.length; b++) {
    let ones = 0;
    for (let i = 0; i < ell; i++) ones += masked[b * ell + i] ^ guess[remaining[b * ell + i]];
    values[b] = 2 * ones > ell ? 1 : 2 * ones < ell ? 0 : masked[b * ell] ^ guess[remaining[b * ell]];
  }
  return keptString(values, kept);
}
