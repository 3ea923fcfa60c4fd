/**
 * Weak bit agreement over any separation (DESIGN.md §2, src/separation/types.ts): Alice's
 * publication loop, and the raw-bit layout both roles share.
 *
 * Alice draws one task, then draws examples until A_μ pins the task down (for LPN: rank(A) = n,
 * which fails w.p. ≈ 2^-(m−n) per draw), and publishes their unimodal view.
 *
 * Raw bits: index c·L + j for challenge c and label column j, on both sides.
 */
import { SepkaError } from '../errors.ts';
import type { Rng } from '../rng.ts';
import type { PublicPart, Separation } from '../separation/types.ts';

/** Alice's published task: her private task, examples and hypothesis, and the public part. */
export interface Published<T = unknown, E = unknown, H = unknown> {
  task: T;
  examples: E;
  h: H;
  pub: PublicPart;
  /** Draws of examples until A_μ succeeded. */
  attempts: number;
}

const MAX_ATTEMPTS = 64;

export function publish<T, E, H>(sep: Separation<T, E, H>, rng: Rng): Published<T, E, H> {
  const task = sep.sampleTask(rng);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const examples = sep.drawExamples(task, rng);
    const h = sep.learnMultimodal(examples);
    if (h !== null) return { task, examples, h, pub: sep.publicPart(examples), attempts: attempt };
  }
  throw new SepkaError('SEPKA_ERR_LEARN_FAILED', `A_μ: the examples did not pin the task down in ${MAX_ATTEMPTS} draws in a row`);
}

/** Copy the first L bits of a packed vector into out[offset..offset+L). */
export function spreadBits(v: Uint32Array, L: number, out: Uint8Array, offset: number): void {
  for (let j = 0; j < L; j++) out[offset + j] = (v[j >>> 5] >>> (j & 31)) & 1;
}
