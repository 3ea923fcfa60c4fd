/**
 * What every party derives from a profile alone (profile.ts): the theory agreement, ℓ, rounds
 * and yield, the challenge count ('auto': sized for the key, theory.ts), the sizes decoders
 * check (limitsOf), and the bound on the largest frame a profile may need.
 */
import { SepkaError } from '../errors.ts';
import { agreementTheory, ringOf } from '../separation/index.ts';
import type { Ring } from '../separation/ring.ts';
import { chooseEll, pairYield, yieldPerRawBit } from './theory.ts';
import { LDPC_CHECK_BITS } from './ldpc/reconcile.ts';
import { HEADER_BYTES } from './frame.ts';
import { largestFrame } from './messages/table.ts';
import type { Limits } from './messages/types.ts';
import { distillOf, keyBitsOf, reconcilerOf, roundsAt, type Profile } from './profileFields.ts';

/**
 * The largest frame a profile may need: the wire's u32 body length allows 4 GiB, and each party
 * holds a frame whole (ws assembles it; Eve copies it), so a stated memory bound too: 256 MiB,
 * far above any shipped profile (< 1 MB) and the largest task (n = 8192, m = 2^16: 8 MiB); it
 * bites through the raw bits, whose Cascade queries cost ≈ 4.5 bytes a raw bit.
 */
export const FRAME_MEMORY_BOUND = 256 * 1024 * 1024;
export const WIRE_MAX_FRAME = HEADER_BYTES + 0xffff_ffff;
export const MAX_PROFILE_FRAME = Math.min(FRAME_MEMORY_BOUND, WIRE_MAX_FRAME);

/**
 * Its largest legal frame; undefined when 'auto' needs over 2^20 challenges (derive refuses
 * those where sessions need them, so a point only priced stays valid).
 */
export function largestFrameOf(p: Profile, ring?: Ring): ReturnType<typeof largestFrame> | undefined {
  let lim: Limits;
  try {
    lim = limitsOf(p, ring);
  } catch (e) {
    if (e instanceof SepkaError && e.code === 'SEPKA_ERR_PROFILE') return undefined;
    throw e;
  }
  return largestFrame(lim);
}

/** The sizes decoders check, from the profile; `ring`: a caller's own separation's (default: the profile's). */
export function limitsOf(p: Profile, ring: Ring = ringOf(p)): Limits {
  const d = derive(p);
  return { ring, n: p.n, m: p.m, L: p.L, batchSize: p.batchSize, batches: Math.ceil(d.challenges / p.batchSize), maxRaw: d.rawBits, ellMax: p.ellMax };
}

/** Figures every party derives from the profile alone. */
export interface Derived {
  /** Theory raw agreement of the profile's separation (LPN: (1 + (1−2θ)^w)/2). */
  pTheory: number;
  /** ℓ that maximises the expected yield at pTheory. */
  ellTheory: number;
  /** Bit-pair rounds at pTheory (0 unless distill is 'pairs'). */
  roundsTheory: number;
  /** Expected key bits per raw bit at pTheory and ellTheory (or roundsTheory with pairs). */
  yieldTheory: number;
  /** Challenges Bob sends. */
  challenges: number;
  /** Raw bits per side: challenges × L. */
  rawBits: number;
  /** Raw bits revealed for estimation. */
  sampleBits: number;
}

export function derive(p: Profile): Derived {
  const pTheory = agreementTheory(p).p;
  const ellTheory = chooseEll(pTheory, p.ellMax);
  const pairs = distillOf(p) === 'pairs';
  const roundsTheory = pairs ? roundsAt(p, pTheory) : 0;
  const yieldTheory = pairs ? pairYield(pTheory, roundsTheory, reconcilerOf(p)) : yieldPerRawBit(pTheory, p.ell === 'auto' ? ellTheory : p.ell);
  let challenges: number;
  if (p.challenges === 'auto') {
    // Raw bits needed for the target key plus the fixed costs (tag, margin, LDPC's decoder
    // check), with slack, before estimation.
    const fixedBits = p.verifyBits + p.paMarginBits + (reconcilerOf(p) === 'ldpc' ? LDPC_CHECK_BITS : 0);
    const need = (keyBitsOf(p) + fixedBits) / Math.max(yieldTheory, 1e-9);
    challenges = Math.ceil((p.rawSlack * need) / (1 - p.estimationFraction) / p.L);
    if (challenges > 1 << 20) throw new SepkaError('SEPKA_ERR_PROFILE', `protocol "${p.name}": would need ${challenges} challenges (> 2^20)`);
  } else challenges = p.challenges;
  const rawBits = challenges * p.L;
  return { pTheory, ellTheory, roundsTheory, yieldTheory, challenges, rawBits, sampleBits: Math.floor(rawBits * p.estimationFraction) };
}
