/**
 * The protocol's messages, as decoded values, and their type bytes. How each is
 * laid out on the wire: table.ts (one entry per type).
 *
 * Flow (B = Bob, A = Alice; frames in one line travel in one flight):
 *   B→A hello                       protocol name + paramsHash
 *   A→B hello, task                 seed of A, L label columns (LPN: z_j = A s_j ⊕ e_j)
 *   B→A challenges × k, estimate    fresh points x* (LPN: rᵀA) in batches; Bob's raw bits on a public sample
 *   A→B distill                     measured errors, ℓ, c ⊕ b_A,i for every block
 *   B→A kept, recon-query           kept-block mask, Cascade seed/plan, first parity queries
 *   A→B recon-reply                 parities (one disclosed bit each)
 *   …   (recon-query / recon-reply until Cascade is done)
 *   B→A verify                      universal-hash tag of Bob's reconciled string
 *   A→B amplify, confirm            Toeplitz seed + output length; Alice's HMAC tag
 *   B→A confirm                     Bob's HMAC tag
 * Either side may send `abort` instead of its next flight.
 *
 * With bit-pair distillation (profile `distill: "pairs"`), `distill`/`kept` become:
 *   A→B pairs                       round r of R: estimate figures, round seed, pair parities
 *   B→A survivors                   which pairs survived (rounds 0 … R−2; and R−1 with LDPC)
 *   … (R rounds) …; the last round's mask travels in `kept` when Cascade reconciles.
 * With the LDPC reconciler (profile `reconciler: "ldpc"`), Cascade's queries become:
 *   B→A survivors                   the final kept mask (blocks, or the last pair round)
 *   A→B syndrome                    code seed, a 16-bit check of x and Alice's syndrome H·x (all disclosed)
 *   B→A reveal-query                only when BP fails: positions Bob is least sure of
 *   A→B reveal                      Alice's bits there (one disclosed bit each); then Bob
 *                                   decodes again, or asks again, or sends verify
 */
import type { SepkaErrorCode } from '../../errors.ts';
import type { Labels, Point, Ring } from '../../separation/ring.ts';
import type { Role, StepName } from '../party.ts';

export const MSG = {
  hello: 1,
  task: 2,
  challenges: 3,
  estimate: 4,
  distill: 5,
  kept: 6,
  reconQuery: 7,
  reconReply: 8,
  verify: 9,
  amplify: 10,
  confirm: 11,
  pairs: 12,
  survivors: 13,
  syndrome: 14,
  abort: 15,
  revealQuery: 16,
  reveal: 17,
} as const;

/** Sizes every decoder checks against; derived from the profile (index.ts `limitsOf`). */
export interface Limits {
  /** The ring points and labels are encoded in (the separation's; messages/ring.ts); absent: F2. */
  ring?: Ring;
  n: number;
  m: number;
  L: number;
  batchSize: number;
  /** Number of challenge batches Bob sends. */
  batches: number;
  /** Raw bits per side (challenges × L): bounds every bit-string length. */
  maxRaw: number;
  ellMax: number;
}

export interface Hello {
  type: 'hello';
  role: Role;
  protocol: string;
  paramsHash: Uint8Array;
}
export interface Task {
  type: 'task';
  seedA: Uint8Array;
  /** m×L labels in the separation's ring, row-major: labels[i·L + j] = z_j[i]. */
  labels: Labels;
}
export interface Challenges {
  type: 'challenges';
  batch: number;
  batches: number;
  /** Challenges x* (for LPN: rᵀA, packed n-bit GF(2) vectors), in the separation's ring. */
  xs: Point[];
}
export interface Estimate {
  type: 'estimate';
  /** Public seed of the estimation sample (bits.ts `publicSample`). */
  seed: Uint8Array;
  /** Bob's raw bits at the sampled positions, in sample order. */
  bits: Uint8Array;
}
export interface Distill {
  type: 'distill';
  ell: number;
  /** Disagreements Alice counted on the sample, and the sample size. */
  errors: number;
  sample: number;
  /** blocks × ℓ values c ⊕ b_A,i (block-major). */
  masked: Uint8Array;
  blocks: number;
}
export interface Kept {
  type: 'kept';
  /** One bit per block: 1 = kept. */
  kept: Uint8Array;
  /** Cascade plan: public seed for the permutations, passes, initial block size. */
  seed: Uint8Array;
  passes: number;
  k1: number;
}
export interface ReconQuery {
  type: 'recon-query';
  ranges: { pass: number; lo: number; hi: number }[];
}
export interface ReconReply {
  type: 'recon-reply';
  parities: Uint8Array;
}
export interface Verify {
  type: 'verify';
  seed: Uint8Array;
  tag: Uint8Array;
}
export interface Amplify {
  type: 'amplify';
  seed: Uint8Array;
  /** Toeplitz output length (N − leaked − margin) and the session key length. */
  outBits: number;
  keyBits: number;
}
export interface Confirm {
  type: 'confirm';
  role: Role;
  tag: Uint8Array;
}
export interface Pairs {
  type: 'pairs';
  /** Round r (0-based) of `rounds`. */
  round: number;
  rounds: number;
  /** Disagreements Alice counted on the sample, and the sample size (as in `distill`). */
  errors: number;
  sample: number;
  /** Public seed of the pairing permutation (pairs.ts `pairOrder`). */
  seed: Uint8Array;
  /** Alice's parity of every pair of this round. */
  parities: Uint8Array;
}
export interface Survivors {
  type: 'survivors';
  /** The pair round this mask answers (0 for repetition blocks). */
  round: number;
  /** One bit per pair (or block): 1 = kept. */
  kept: Uint8Array;
}
export interface Syndrome {
  type: 'syndrome';
  /** Public seed of the parity-check matrix (ldpc/reconcile.ts). */
  seed: Uint8Array;
  /** The decoder check of x (ldpc/reconcile.ts ldpcCheck; LDPC_CHECK_BITS bits, leaked). */
  check: Uint8Array;
  /** H·x, one bit per check. */
  bits: Uint8Array;
}
export interface RevealQuery {
  type: 'reveal-query';
  positions: { pos: number }[];
}
export interface Reveal {
  type: 'reveal';
  bits: Uint8Array;
}
export interface Abort {
  type: 'abort';
  code: SepkaErrorCode;
  step: StepName;
  reason: string;
}

export type Message =
  | Hello | Task | Challenges | Estimate | Distill | Kept | ReconQuery | ReconReply | Verify | Amplify | Confirm | Abort
  | Pairs | Survivors | Syndrome | RevealQuery | Reveal;
export type MessageType = Message['type'];
