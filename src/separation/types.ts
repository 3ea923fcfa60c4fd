/**
 * What the reduction needs from a learning separation (DESIGN.md §1–§2, §8; the paper's generic
 * theorem: any average-case separation between multimodal and unimodal learning yields key
 * agreement). Alice and Bob (src/protocol/alice.ts, bob.ts), Eve's followers, `measure`, the
 * transcript and the live view are written against this interface only: none of them touches
 * GF(2), Z_q or the reals, or the task's internals.
 *
 * The four things an instance supplies:
 *   1. A meta-distribution: `sampleTask` draws a task, `drawExamples` m bimodal examples
 *      (x, y, z) of it.
 *   2. An easy multimodal learner A_μ: `learnMultimodal` (null when the examples do not pin the
 *      task down; Alice then draws again, publish.ts).
 *   3. From the public unimodal data alone (`openPublic` of `publicPart`), a fresh point x*
 *      whose label Bob knows with some advantage: `challenge` returns x* and his L close
 *      values; Alice's close values for the same point come from her hypothesis (`value`).
 *   4. A public rule turning a close value into a raw bit (`rawBits`, described by `rule`).
 *      Raw bits agree w.p. (1 + ε)/2 (`epsilon`). Any hint a rule sends would be counted as
 *      leaked in amplification; the rules shipped send none.
 *
 * Points and labels live in the instance's ring (ring.ts): F2, Z_q or the reals; the wire
 * carries them in the encoding the ring declares, sized by the profile (m, n, L, batch). The
 * public examples are expanded from a 32-byte seed, so the task message carries the seed and
 * the m·L labels.
 *
 * Eve: for LPN instances (F2 points, `unimodalView`) her own LPN learners and the dual route
 * run (src/eve/); an instance may instead bring `attack`, the unimodal fit that reads its
 * labels (for the natural control: ordinary least squares). Everything after the raw bits —
 * following distillation, reconciliation and amplification — is the same for every instance.
 *
 * L label columns: an instance may publish L labellings of the same examples (L secrets), so
 * one challenge yields L raw bits (DESIGN.md §2); raw bits come as packed vectors of L bits.
 */
import type { Rng } from '../rng.ts';
import type { UnimodalView } from '../task/bimodal.ts';
import type { Labels, Point, Ring } from './ring.ts';

export type { Labels, Point, Ring } from './ring.ts';

/** The instances sepka ships, selected by a profile's `separation` field. */
export type SeparationName = 'lpn' | 'lpn-sparse-secret' | 'gaussian-regression' | 'lwe';

/** The public part as the task message carries it (src/protocol/messages/). */
export interface PublicPart {
  /** Seed the m public examples x_i are expanded from (SHAKE128, src/task/expand.ts). */
  seedA: Uint8Array;
  /** m·L labels in the instance's ring, row-major: labels[i·L + j] = z_j[i]. */
  labels: Labels;
}

/** L close values, one per label column: packed bits over F2, one entry each otherwise. */
export type Values = Uint32Array | Float64Array;

/** Bob's challenge: the point sent, his L close values, and his private witness (never sent). */
export interface Challenge {
  /** The fresh point x*, in the ring's representation (ring.ts), as the wire will carry it. */
  x: Point;
  /** Bob's L close values for x*; `rawBits` turns them into his raw bits. */
  values: Values;
  /** How Bob made x* (for LPN: the support of r), for measurement only. */
  witness: number[];
}

/** Alice's private figures, for measurement only (scoring Eve, the oracle control). */
export interface TaskInspect {
  /** The L secrets of the task, as GF(2) vectors (empty for instances outside F2). */
  secrets: Uint32Array[];
  /** A_μ's hypotheses, as secret vectors ŝ_j (empty for instances outside F2). */
  sHat: Uint32Array[];
  /** The noise of the published labels, one vector per column (empty outside F2). */
  noise: Uint32Array[];
}

/**
 * Eve's unimodal fit on an instance's public data, for instances that bring their own
 * (`Separation.attack`): her guess of Alice's raw bits at any point, and what it cost.
 */
export interface UnimodalFit {
  readonly name: string;
  /** Label columns it produced a hypothesis for. */
  readonly solved: number;
  /** Multiply-adds the fit took (its cost). */
  readonly ops: number;
  /** One line on what was fitted. */
  readonly note: string;
  /** Her guess of Alice's L raw bits at x (packed), and how sure she is of each, in [1/2, 1]. */
  guess(x: Point): { bits: Uint32Array; reliability: Float64Array };
  /** Her dual route against Bob's challenges, where the instance has one. */
  readonly dual?: ChallengeRoute;
  /** Lattice fits (LWE): what her primal route did. */
  readonly primal?: PrimalRun;
}

/**
 * What a lattice fit's primal route did (UnimodalFit.primal): whether it ran, the block size it
 * reached, and, when it did not run, why.
 */
export interface PrimalRun {
  /** Whether the reduction ran (on at least one column). */
  readonly ran: boolean;
  /** The largest block size β at which a recovered secret appeared (2: LLL alone); null: none. */
  readonly beta: number | null;
  /**
   * Why it did not run: switched off (EveOptions.routes), its lattice beyond float64
   * Gram–Schmidt ('dimension'), or LLL projected past her deadline ('budget'); null when it ran.
   */
  readonly notRun: 'off' | 'dimension' | 'budget' | null;
}

/**
 * Eve's dual route (UnimodalFit.dual): from a challenge x* alone, Bob's witness and so his close
 * values exactly. `prepare` once (the work shared by every challenge), then `recover` per x*.
 */
export interface ChallengeRoute {
  readonly name: string;
  /** Null when ready by `deadline` (performance.now() ms), else why it does not run (one line). */
  prepare(deadline: number): string | null;
  /** Bob's L close values at x and the support of his witness, if recovered by `deadline`. */
  recover(x: Point, deadline: number): { values: Values; support: number[] } | null;
  /** One line on how it ran (for her report). */
  note(): string;
}

/** Which of Eve's routes run (EveOptions.routes; default all): an ablation, not a user option. */
export interface EveRoutes {
  primal?: boolean;
  dual?: boolean;
}

/**
 * A separation instance, bound to its parameters. Type parameters are the instance's own
 * representations, opaque to the protocol: the task (μ's draw), the bimodal examples, the
 * multimodal hypothesis, and the public data as a receiver reconstructs it.
 */
export interface Separation<Task = unknown, Examples = unknown, Hypothesis = unknown, View = unknown> {
  /** Its name (a SeparationName for the shipped ones; anything for a caller's own). */
  readonly name: string;
  /** Point dimension n: points are vectors of n ring elements. */
  readonly n: number;
  /** Label columns L: raw bits per challenge. */
  readonly L: number;
  /** The ring of points and labels, and so their wire encoding (ring.ts). */
  readonly ring: Ring;
  /** The raw-bit rule in one line (reports, docs). */
  readonly rule: string;
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
  /** Bob's step: a fresh point and his L close values for it, from the public data alone. */
  challenge(view: View, rng: Rng): Challenge;
  /** Alice's step: her L close values for the point, from her hypothesis. */
  value(h: Hypothesis, x: Point): Values;
  /** The public rule: L close values → L raw bits, packed. */
  rawBits(values: Values): Uint32Array;
  /** ε: the advantage of one raw bit, in theory (agreement (1 + ε)/2). */
  epsilon(): number;
  /** LPN instances: what Eve's unimodal LPN learners get for label column j. */
  unimodalView?(view: View, j: number): UnimodalView;
  /**
   * Instances outside LPN: Eve's unimodal fit on the public data; `deadline` (performance.now()
   * ms) is when her budget for it ends, for fits that can stop early.
   */
  attack?(view: View, budget?: { deadline: number; routes?: EveRoutes }): UnimodalFit;
  /** Alice's private figures, for measurement. */
  inspect(task: Task, examples: Examples | undefined, h: Hypothesis | undefined): TaskInspect;
}
