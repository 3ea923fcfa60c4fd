/**
 * Eve's state: everything she accumulates during one session, in one typed record. Her
 * handlers (eve.ts, one `onX(st, msg)` per message type) are its only writers; her report
 * (report.ts) and live progress read it. Eve is a passive accumulator, so her handlers mutate
 * this record in place (Alice and Bob, who must reject illegal transitions, return new states
 * instead: src/protocol/session.ts).
 */
import type { Mat } from '../gf2/mat.ts';
import type { SternPlan } from '../cost/index.ts';
import type { FitResult, UnimodalLearner } from '../learners/types.ts';
import type { CascadePlan, Range } from '../protocol/cascade.ts';
import type { Limits } from '../protocol/messages/index.ts';
import type { Derived, Profile } from '../protocol/profile.ts';
import type { Transcript } from '../protocol/transcript.ts';
import type { Rng } from '../rng.ts';
import type { ChallengeRoute, EveRoutes, Point, Separation, UnimodalFit } from '../separation/index.ts';
import type { Beliefs } from './follow.ts';
import type { MultiPooledGauss } from './primal.ts';
import type { PrimalSternRun } from './primalStern.ts';

/** Eve's attack budget for a whole session when none is given, ms (here, not in eve.ts, so the
 * CLI's usage texts quote it without loading her learners). */
export const DEFAULT_EVE_BUDGET_MS = 1500;

/** Her randomness, one stream per use, split before anything clock-dependent runs (eve.ts). */
export interface EveStreams {
  /** The parent stream; each baseline learner forks its own from it. */
  root: Rng;
  /** Coins for raw bits she knows nothing about and tied distillation votes. */
  coins: Rng;
  primal: Rng;
  dual: Rng;
  /** Primal Stern's iterations (split after coins, primal and dual, whose draws it leaves as they were). */
  primalStern: Rng;
}

/**
 * Caps on her attacks' work (EveOptions.caps; `measure --eve-budget-trials`); absent = none.
 * With every cap set and a clock budget they do not reach, her figures depend on the seed
 * alone, not on the machine.
 */
export interface EveCaps {
  /** Pooled Gauss trials in all. */
  pooledGaussTrials?: number;
  /** Primal Stern iterations. */
  primalSternIterations?: number;
  /** Trials of each baseline learner (and each learner of the caller's own). */
  learnerTrials?: number;
  /** Dual-route iterations in all. */
  dualIterations?: number;
}

/** Every cap at `n` trials (or iterations): `--eve-budget-trials n`. */
export const capsAt = (n: number): EveCaps => ({ pooledGaussTrials: n, primalSternIterations: n, learnerTrials: n, dualIterations: n });

/** How she was started (EveOptions, resolved). */
export interface EveConfig {
  /** Baseline learners run on column 0, by name (src/learners/registry.ts). */
  baselines: readonly string[];
  /** Learners of the caller's own, run on column 0 beside the baselines. */
  learners: readonly UnimodalLearner[];
  /** The oracle control's secrets, or how to get them when the task is published. */
  oracleSecrets?: Uint32Array[] | (() => Uint32Array[] | undefined);
  caps: EveCaps;
  /** Which routes run (EveOptions.routes): both unless switched off. */
  routes: EveRoutes;
}

/**
 * An instance's dual route against Bob's challenges (UnimodalFit.dual, e.g. LWE's lattice
 * route), per session: challenges attacked, r recovered (challenge index → support of r), the
 * raw bits of Bob's it gave her, its time, and why it did not run, when it did not.
 */
export interface ChallengeRouteRun {
  route: ChallengeRoute;
  attacked: number;
  found: Map<number, number[]>;
  rawBits: number;
  ms: number;
  skipped?: string;
}

export interface EveState {
  profile: Profile;
  derived: Derived;
  lim: Limits;
  /** The separation the profile names (or the caller's own); she opens the public part through it. */
  sep: Separation;
  /** The instance's own unimodal fit (Separation.attack), for instances outside LPN. */
  fit?: UnimodalFit;
  /** The fit's dual route against Bob's challenges, when it brings one. */
  challengeRoute?: ChallengeRouteRun;
  /** An instance with neither an LPN view nor a fit of its own: her raw bits are coins. */
  coinsOnly?: boolean;
  config: EveConfig;
  rng: EveStreams;
  /** Her own running transcript hash (public: the parties hash every frame, and so does she). */
  transcript: Transcript;
  budgetMs: number;
  oracle: boolean;
  oracleSecrets?: Uint32Array[];
  step: string;
  frames: number;
  garbage: number;
  /** The public data: examples A and labels Z. */
  A?: Mat;
  Z?: Mat;
  xs: Point[];
  /** Beliefs about Alice's raw bits (index c·L + j). */
  raw: Beliefs;
  rawSeen: number;
  /** Primal-route guesses alone, before the dual route overlays Bob's bits. */
  primalOnly?: Uint8Array;
  primal?: MultiPooledGauss;
  /** Primal Stern on the columns pooled Gauss left open: the rule, iterations, finds (primalStern.ts). */
  primalStern?: PrimalSternRun;
  baselines: { fit: FitResult; preds: Uint8Array }[];
  /**
   * Her dual route: the ISD she runs (dual.ts picks it; plan is Stern's (p, ℓ), or null for
   * Prange, chosen once per profile), targets, iterations, finds (its size is the count broken:
   * each target is attacked until broken at most once).
   */
  /** `skipped`: why the route did not run, when it did not (for the report). */
  dual: { plan: SternPlan | null; needed?: number; attempted: number; trials: number; ms: number; found: Map<number, Uint32Array>; skipped?: string };
  sample?: number[];
  /** Raw-bit positions left after the estimation sample. */
  remaining?: Uint32Array;
  ell?: number;
  masked?: Uint8Array;
  /** Raw agreement Alice published (1 − errors/sample). */
  pPublic?: number;
  kept?: Beliefs;
  /** Bit-pair distillation as it travelled: the round seed, and each round's parities and mask. */
  pairs?: { seed: Uint8Array; rounds: number; parities: Uint8Array[]; kept: Uint8Array[] };
  /** LDPC reconciliation as it travelled: code seed, syndrome, revealed bits, the open query. */
  ldpc?: { seed: Uint8Array; syndrome: Uint8Array; revealed: Map<number, number>; pending?: number[] };
  /** Cascade's public plan, and the query awaiting its reply. */
  plan?: CascadePlan;
  pendingRanges?: Range[];
  exchanges: { ranges: Range[]; parities: Uint8Array }[];
  verify?: { seed: Uint8Array; tag: Uint8Array };
  verifyMatched?: boolean;
  reconciled?: Uint8Array;
  key?: Uint8Array;
  /** Her confirmation key and the transcript hash, to check her key against Alice's tag. */
  kConf?: Uint8Array;
  hStar?: Uint8Array;
  keyConfirmed?: boolean;
  abort?: string;
  /** Wall time Eve spent inside observe(), ms. */
  ms: number;
  /** Of which on attacks (learners, dual route), ms. */
  attackMs?: number;
  /** Budget spent on attacks so far (her own compute, not the honest parties' time), ms. */
  spent: number;
}
