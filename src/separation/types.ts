/**
 * What the reduction needs from a learning separation (DESIGN.md §1–§2; the paper's generic
 * theorem: any average-case separation between multimodal and unimodal learning yields key
 * agreement). Alice and Bob's bit agreement (src/protocol/alice.ts, bob.ts) is written against
 * this interface only; they never touch GF(2) or the task's internals.
 *
 * One raw-bit round of the reduction, in the interface's words:
 *   1. Alice draws a task from the meta-distribution (`sampleTask`) and m bimodal examples
 *      (x, y, z) of it (`drawExamples`), and runs the multimodal learner A_μ on them
 *      (`learnMultimodal`), which is easy.
 *   2. She publishes the unimodal view (x, z) of the same examples (`publicPart`).
 *   3. From the public unimodal data alone (`openPublic`), Bob makes a fresh point x* whose
 *      label he knows with advantage ε (`challenge`), and keeps his bits.
 *   4. Alice labels x* with her hypothesis (`label`); her bits agree with Bob's w.p. (1 + ε)/2.
 *   5. Eve sees the same public data; `unimodalView` is what her unimodal learners get.
 *
 * What is generic here and what is not. The interface itself says nothing about parities; but
 * the wire carries the public part in one shape (`PublicPart`: an XOF seed the examples are
 * expanded from, and label bits) and points as n-bit vectors, so every instance shipped is an
 * LPN variant over F2^n (src/separation/lpn.ts). Bob's challenge x* = rᵀA (a weight-w sum of
 * public examples, whose label he knows as ⟨r, z⟩) uses LPN's linear structure, and so does
 * Eve's dual route (src/eve/dual.ts: find r from x*, syndrome decoding), which is an attack on
 * that challenge, not on the separation in general.
 *
 * L label columns: an instance may publish L labellings of the same examples (L secrets), so
 * one challenge yields L raw bits (DESIGN.md §2); bits come as packed vectors of L bits.
 */
import type { Rng } from '../rng.ts';
import type { UnimodalView } from '../task/bimodal.ts';

/** The instances sepka ships, selected by a profile's `separation` field. */
export type SeparationName = 'lpn' | 'lpn-sparse-secret';

/** The public part as the task message carries it (src/protocol/messages/). */
export interface PublicPart {
  /** Seed the m public examples x_i are expanded from (SHAKE128, src/task/expand.ts). */
  seedA: Uint8Array;
  /** Labels, labels[i·L + j] = z_j[i]. */
  labels: Uint8Array;
}

/** Bob's challenge: the point sent, his L bits, and his private witness (never sent). */
export interface Challenge {
  /** The fresh point x*, packed. */
  x: Uint32Array;
  /** Bob's L raw bits for x*, packed; each agrees with Alice's w.p. (1 + ε)/2. */
  bits: Uint32Array;
  /** How Bob made x* (for LPN: the support of r), for measurement only. */
  witness: number[];
}

/** Alice's private figures, for measurement only (scoring Eve, the oracle control). */
export interface TaskInspect {
  /** The L secrets of the task. */
  secrets: Uint32Array[];
  /** A_μ's hypotheses, as secret vectors ŝ_j. */
  sHat: Uint32Array[];
  /** The noise of the published labels, one vector per column. */
  noise: Uint32Array[];
}

/**
 * A separation instance, bound to its parameters. Type parameters are the instance's own
 * representations, opaque to the protocol: the task (μ's draw), the bimodal examples, the
 * multimodal hypothesis, and the public data as a receiver reconstructs it.
 */
export interface Separation<Task = unknown, Examples = unknown, Hypothesis = unknown, View = unknown> {
  /** Its name (a SeparationName for the shipped ones; anything for a caller's own). */
  readonly name: string;
  /** Secret length n: points are n-bit vectors. */
  readonly n: number;
  /** Label columns L: raw bits per challenge. */
  readonly L: number;
  /** Draw a task from the meta-distribution μ_n. */
  sampleTask(rng: Rng): Task;
  /** m bimodal examples (x, y, z) of the task; their unimodal view is `publicPart`. */
  drawExamples(task: Task, rng: Rng): Examples;
  /** A_μ: bimodal examples → hypothesis; null when the examples do not pin it down. */
  learnMultimodal(examples: Examples): Hypothesis | null;
  /** The public part Alice publishes: the unimodal view (x, z) of the examples. */
  publicPart(examples: Examples): PublicPart;
  /** The public unimodal data as Bob and Eve reconstruct it from the task message. */
  openPublic(pub: PublicPart): View;
  /** Bob's step: a fresh point whose L labels he knows with advantage ε. */
  challenge(view: View, rng: Rng): Challenge;
  /** Alice's step: her L bits for the point, from her hypothesis. */
  label(h: Hypothesis, x: Uint32Array): Uint32Array;
  /** What Eve's unimodal learners get for label column j. */
  unimodalView(view: View, j: number): UnimodalView;
  /** ε: the advantage of one raw bit, in theory (agreement (1 + ε)/2). */
  epsilon(): number;
  /** Alice's private figures, for measurement. */
  inspect(task: Task, examples: Examples | undefined, h: Hypothesis | undefined): TaskInspect;
}
