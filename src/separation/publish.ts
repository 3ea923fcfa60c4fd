/**
 * Alice's publication through any separation (DESIGN.md §2): she draws one task, then draws
 * examples until A_μ pins the task down (for LPN: rank(A) = n, which fails w.p. ≈ 2^-(m−n) per
 * draw), and publishes their unimodal view. The protocol (src/protocol/alice.ts), the tests and
 * the bench all publish through this one loop.
 */
import { SepkaError } from '../errors.ts';
import type { Rng } from '../rng.ts';
import type { PublicPart, Separation } from './types.ts';

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
