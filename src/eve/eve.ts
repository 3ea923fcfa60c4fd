/**
 * Eve, the passive eavesdropper (DESIGN.md §4): a pure object fed a copy of every frame in wire
 * order (the `EveTap` of src/protocol/party.ts). It never sends and never throws on garbage;
 * the in-memory runner (src/protocol/channel.ts) and the eve process's worker thread
 * (src/demo/eveWorker.ts) drive the same object. Her state is one record (state.ts); each
 * message type has its handler `onX(st, msg)` below.
 *
 * From the transcript alone she:
 *  1. on `task`: opens the public part through the separation, and runs her learners on its
 *     unimodal view — pooled Gauss on all L columns at once (primal.ts), then primal Stern on
 *     the columns it left without a secret (primalStern.ts; Stern 1988, one out of many after
 *     Sendrier 2011), and the baselines of src/learners (majority, brute force where n ≤ 24,
 *     BKW, logistic regression) plus any learner of the caller's own on column 0, each under
 *     its share of the budget;
 *  2. on `challenges`: guesses every raw bit (index c·L + j) as ⟨x*, ŝ_j⟩ with her best candidate
 *     ŝ_j — exact (reliability 1) only after the strict test; a maximum-likelihood or unfinished
 *     candidate carries its estimated reliability (primal.ts) — else a coin;
 *  3. on `kept`: spends the rest of the budget on the dual route (dual.ts: Stern ISD, or Prange
 *     where the cost model prices it lower) against the challenges behind kept blocks she knows
 *     nothing exact about — a recovered r gives b_B = ⟨r, z_j⟩ for all L columns — then follows
 *     the distillation (follow.ts);
 *     With bit pairs (`pairs`/`survivors`) she records every round and does the same once the
 *     last mask is known, against the challenges behind the final survivors (follow.ts
 *     followPairs);
 *  4. follows Cascade with Alice's disclosed parities — or, with the LDPC reconciler, decodes
 *     Alice's syndrome with the revealed bits fixed (follow.ts followSyndrome) — and checks her
 *     candidates against the public verification tag (the syndrome frame's 16-bit decoder check
 *     is left unused: the 64-bit tag tests the same guess more strongly, and PA counts both);
 *  5. on `amplify`: applies the public Toeplitz seed and HKDF (with the transcript hash, which is
 *     public) to get her guess of the key, and on Alice's `confirm` checks that guess against
 *     Alice's HMAC tag.
 * Steps 1 (the learners) and 3 (the dual route) use LPN's linear structure: she reads A and Z.
 * An instance that brings its own fit (Separation.attack; LWE: the lattice routes, lweEve.ts)
 * replaces step 1 with it, under the whole budget; if that fit leaves a column unknown and
 * brings a dual route (UnimodalFit.dual: LWE's Bob's r from x*), its setup takes what the fit
 * left, and on `challenges` each x* gets an equal share of the rest (`challengeRoute`); a
 * recovered witness gives Bob's raw bits of that challenge exactly, followed like step 3's.
 * `routes` (EveOptions) switches her primal or dual route off, to measure one alone.
 * Budget B (her own compute time, not the honest parties', counted from the task's arrival, so
 * opening it — expanding A — is hers too): 10% for the baselines (`runLearners`); the primal
 * route until 60% in all — pooled Gauss until 45% and primal Stern until 60% where the cost
 * model prices Stern below pooled Gauss and its setup plus one iteration is estimated to fit
 * the 15% (primalStern.ts `primalSternRule`, decided from the profile and B alone), else
 * pooled Gauss until 60%; the rest (and whatever the primal route leaves unused) for the dual
 * route. A trial or iteration is not interruptible: pooled Gauss starts one only while one as
 * long as its last still fits; a route that cannot start one says why in the report.
 * `report(truth)` (report.ts) scores her against the truth; `progress()` feeds live displays.
 */
import { learnerByName, refusal } from '../learners/registry.ts';
import type { FitResult, UnimodalLearner } from '../learners/types.ts';
import { amplify } from '../protocol/amplify.ts';
import { CascadePlan, cascadeFollow, cascadePlan, Range } from '../protocol/cascade.ts';
import { confirmTag, tagsEqual, verifyTag } from '../protocol/confirm.ts';
import { estimationSample, remainingPositions } from '../protocol/distill.ts';
import { decodeMessage, limitsOf, Message } from '../protocol/messages/index.ts';
import type { Direction, EveTap } from '../protocol/party.ts';
import { derive, Profile } from '../protocol/profile.ts';
import { estimateAgreement } from '../protocol/theory.ts';
import { Transcript } from '../protocol/transcript.ts';
import { fork, Rng } from '../rng.ts';
import { checkRing, separationOf, type EveRoutes, type LpnView, type Point, type Separation } from '../separation/index.ts';
import { dualPlan } from '../cost/index.ts';
import { attackKeptBlocks } from './dual.ts';
import { followDistill, followPairs, followParities, followSyndrome, newBeliefs, ParityConstraint } from './follow.ts';
import { ldpcCode } from '../protocol/ldpc/reconcile.ts';
import { MultiPooledGauss } from './primal.ts';
import { GAUSS_END, PRIMAL_END, primalSternRule, runPrimalStern } from './primalStern.ts';
import { buildEveReport, EveReport } from './report.ts';
import type { EveTruth } from './truth.ts';
import { DEFAULT_EVE_BUDGET_MS, type ChallengeRouteRun, type EveCaps, type EveState } from './state.ts';

export interface EveOptions {
  /** Wall-clock budget for her attacks in this session, ms. Default 1500. */
  budgetMs?: number;
  rng: Rng;
  /**
   * Control: an oracle Eve handed Alice's secrets s_j (she then runs no learner). A function is
   * called when the task is published (the secrets do not exist before), e.g.
   * `() => alice.inspect().sHat` in-process.
   */
  oracleSecrets?: Uint32Array[] | (() => Uint32Array[] | undefined);
  /** Baseline learners to run on column 0 (default: all that apply). */
  baselines?: string[];
  /** Learners of the caller's own (src/learners/types.ts), run on column 0 beside the baselines. */
  learners?: UnimodalLearner[];
  /**
   * Caps on her attacks' work (default none; state.ts EveCaps, `capsAt(n)` for all at n): with
   * them and a budget the clock never reaches, her figures are the same on every machine.
   */
  caps?: EveCaps;
  /** A separation of the caller's own (as AliceOptions.separation); default: the profile's. */
  separation?: Separation;
  /**
   * Switch her primal or dual route off (default: both on). An ablation for tests and library
   * callers measuring one route alone; no command exposes it.
   */
  routes?: EveRoutes;
}

export type Eve = EveTap & { report(truth?: EveTruth): EveReport; readonly state: EveState };

export { DEFAULT_EVE_BUDGET_MS };
const BASELINES = ['majority', 'brute', 'bkw', 'logreg'];

type On<T extends Message['type']> = (st: EveState, msg: Extract<Message, { type: T }>, dir: Direction) => void;

export function newEveState(profile: Profile, opts: EveOptions): EveState {
  const derived = derive(profile);
  const rng = opts.rng;
  const budgetMs = opts.budgetMs ?? DEFAULT_EVE_BUDGET_MS;
  const sep = opts.separation ?? (separationOf(profile) as Separation);
  return {
    profile,
    derived,
    lim: limitsOf(profile, checkRing(sep.ring)),
    sep,
    config: { baselines: opts.baselines ?? BASELINES, learners: opts.learners ?? [], oracleSecrets: opts.oracleSecrets, caps: opts.caps ?? {}, routes: opts.routes ?? {} },
    // Her coins come from their own stream, split off before any learner runs: learners draw a
    // wall-clock-dependent amount from `root`, and a seeded run must still give the same
    // chance-level figures every time. Likewise each attack has its own stream, so the trial
    // sequence of one does not depend on how far another got before its deadline.
    rng: {
      root: rng,
      coins: fork(rng, 'eve/coins'),
      primal: fork(rng, 'eve/primal'),
      dual: fork(rng, 'eve/dual'),
      primalStern: fork(rng, 'eve/primal-stern'),
    },
    transcript: new Transcript(),
    budgetMs,
    oracle: opts.oracleSecrets !== undefined,
    step: 'hello',
    frames: 0,
    garbage: 0,
    xs: [],
    raw: newBeliefs(derived.rawBits),
    rawSeen: 0,
    baselines: [],
    exchanges: [],
    // The dual route's ISD plan is LPN's (F2 syndrome decoding); other instances have none.
    dual: { plan: sep.unimodalView ? dualPlan(profile.m, profile.n, profile.w) : null, attempted: 0, trials: 0, ms: 0, found: new Map() },
    ms: 0,
    spent: 0,
  };
}

/** Eve's secret for column j, and how sure she is of it. */
function secretOf(st: EveState, j: number): [Uint32Array | null, number] {
  if (st.oracleSecrets) return [st.oracleSecrets[j] ?? null, 1];
  const s = st.primal?.bestGuess(j) ?? null;
  return [s, s && st.primal ? st.primal.reliability(j) : 0.5];
}

/** Fraction of B for the baselines and the caller's learners, all together. */
export const LEARNERS_SHARE = 0.1;

/**
 * The baselines and the caller's learners on column 0. Those that run (not refused on these
 * parameters) split LEARNERS_SHARE·B evenly, each getting an equal part of what is left when
 * it starts, so time one leaves unused goes to the next and one that overruns takes it from
 * the later ones, not from the primal route.
 */
function runLearners(st: EveState, pub: LpnView): void {
  if (!st.sep.unimodalView) return;
  const view = st.sep.unimodalView(pub, 0);
  const named = st.config.baselines.map((name) => learnerByName(name)).filter((l): l is UnimodalLearner => l !== undefined);
  const runnable = [...named, ...st.config.learners].filter((l) => !refusal(l.name, view.params));
  const end = performance.now() + LEARNERS_SHARE * st.budgetMs;
  for (let k = 0; k < runnable.length; k++) {
    const l = runnable[k];
    const share = Math.max(0, end - performance.now()) / (runnable.length - k);
    let fit: FitResult;
    try {
      const trials = st.config.caps.learnerTrials;
      fit = l.fit(view, trials === undefined ? { ms: share } : { ms: share, trials }, fork(st.rng.root, `eve/${l.name}`));
    } catch {
      continue; // a learner that cannot run on these parameters is simply not reported
    }
    st.baselines.push({ fit, preds: new Uint8Array(st.derived.challenges) });
  }
}

const onHello: On<'hello'> = (st) => {
  st.step = 'hello';
};

const onTask: On<'task'> = (st, msg) => {
  st.step = 'task';
  const t0 = performance.now();
  const opened = st.sep.openPublic({ seedA: msg.seedA, labels: msg.labels });
  const oracle = st.config.oracleSecrets;
  if (st.sep.attack && !oracle) {
    // An instance outside LPN brings its own unimodal fit (the natural control: least squares;
    // LWE: the lattice route). It is the whole of her attack there, so it has the whole budget.
    st.fit = st.sep.attack(opened, { deadline: t0 + st.budgetMs, routes: st.config.routes });
    // Its dual route, for the challenges to come: the shared setup now, with what the primal
    // route left of the budget, and only if that route left a column open.
    const route = st.fit.dual;
    if (route && st.fit.solved < st.profile.L) {
      st.challengeRoute = { route, attacked: 0, found: new Map(), rawBits: 0, ms: 0 };
      const t1 = performance.now();
      const why = route.prepare(t0 + st.budgetMs);
      if (why) st.challengeRoute.skipped = why;
      st.challengeRoute.ms += performance.now() - t1;
    }
    st.spent += performance.now() - t0;
    st.attackMs = st.spent;
    return;
  }
  // Her LPN learners and routes read A and Z; an instance with neither gets her coins.
  if (!st.sep.unimodalView) {
    st.coinsOnly = true;
    return;
  }
  const view = opened as LpnView;
  st.A = view.A;
  st.Z = view.Z;
  if (oracle) {
    st.oracleSecrets = typeof oracle === 'function' ? (oracle() ?? []) : oracle;
    return;
  }
  const tOpen = performance.now();
  runLearners(st, view);
  if (st.config.routes.primal === false) {
    st.spent += performance.now() - t0;
    st.attackMs = st.spent;
    return;
  }
  const tLearners = performance.now();
  const { m, n, theta, L } = st.profile;
  const caps = st.config.caps;
  const rule = primalSternRule(m, n, theta, L, st.budgetMs);
  st.primal = new MultiPooledGauss(view.A, view.Z, theta);
  const endFrac = rule.skipped ? PRIMAL_END : GAUSS_END;
  const tSetup = performance.now();
  st.primal.run(t0 + endFrac * st.budgetMs, st.rng.primal, caps.pooledGaussTrials);
  if (st.primal.trials === 0 && st.primal.finished < L) {
    const f = (ms: number) => `${ms.toFixed(0)} ms`;
    st.primal.whyNoTrial =
      caps.pooledGaussTrials === 0
        ? 'no trial: capped at 0 trials (EveOptions.caps)'
        : `no trial: its time ended ${f(endFrac * st.budgetMs)} after the task (${endFrac}·B), and opening the task took ${f(tOpen - t0)}, ` +
          `the baselines ${f(tLearners - tOpen)}, its own setup ${f(tSetup - tLearners)}`;
  }
  st.primalStern = runPrimalStern(rule, view.A, view.Z, st.primal, t0 + PRIMAL_END * st.budgetMs, st.rng.primalStern, caps.primalSternIterations);
  st.spent += performance.now() - t0;
  st.attackMs = st.spent;
};

const onChallenges: On<'challenges'> = (st, msg) => {
  st.step = 'challenges';
  if (!st.Z && !st.fit && !st.coinsOnly) return;
  const { L } = st.profile;
  const { rawBits } = st.derived;
  // Her secrets are fixed once the task is analysed: one dot product per (challenge, column).
  const secrets = Array.from({ length: L }, (_, j) => secretOf(st, j));
  for (const x of msg.xs) {
    const c = st.xs.length;
    st.xs.push(x);
    const fitted = st.fit?.guess(x);
    for (let j = 0; j < L; j++) {
      const i = c * L + j;
      if (i >= rawBits) break;
      // A coin is drawn for every raw bit, used or not, so the coins do not depend on how
      // many secrets her primal attack found before its deadline.
      const coin = st.rng.coins.u32() & 1;
      if (fitted) {
        st.raw.g[i] = (fitted.bits[j >>> 5] >>> (j & 31)) & 1;
        st.raw.q[i] = fitted.reliability[j];
        continue;
      }
      const [s, q] = secrets[j];
      st.raw.g[i] = s ? dotBits(x as Uint32Array, s) : coin;
      st.raw.q[i] = q;
    }
    if (fitted && st.challengeRoute) challengeRoute(st, st.challengeRoute, x, c, fitted.reliability);
    for (const b of st.baselines) b.preds[c] = b.fit.h(x as Uint32Array);
    st.rawSeen = Math.min(rawBits, (c + 1) * L);
  }
};

/**
 * The instance's dual route on challenge c, when a column of it is not known exactly: each
 * challenge gets an equal share of the budget left over the challenges still to come. A
 * recovered witness gives Bob's raw bits of c exactly (bobExact, reliability the raw agreement
 * in theory: Alice's p is published only later); the fit's own guesses stay in primalOnly.
 */
function challengeRoute(st: EveState, run: ChallengeRouteRun, x: Point, c: number, reliability: Float64Array): void {
  const { L } = st.profile;
  const { rawBits, challenges, pTheory } = st.derived;
  const g = (st.primalOnly ??= new Uint8Array(rawBits));
  for (let j = 0; j < L && c * L + j < rawBits; j++) g[c * L + j] = st.raw.g[c * L + j];
  if (run.skipped || reliability.every((q) => q >= 1)) return;
  const left = st.budgetMs - st.spent;
  if (left <= 0) return;
  const t0 = performance.now();
  const hit = run.route.recover(x, t0 + left / Math.max(1, challenges - c));
  run.attacked++;
  if (hit) {
    run.found.set(c, hit.support);
    const bits = st.sep.rawBits(hit.values);
    for (let j = 0; j < L; j++) {
      const i = c * L + j;
      if (i >= rawBits || reliability[j] >= 1) continue;
      st.raw.g[i] = (bits[j >>> 5] >>> (j & 31)) & 1;
      st.raw.q[i] = pTheory;
      st.raw.bobExact[i] = 1;
      run.rawBits++;
    }
  }
  const ms = performance.now() - t0;
  run.ms += ms;
  st.spent += ms;
  st.attackMs = st.spent;
}

const onEstimate: On<'estimate'> = (st, msg) => {
  st.sample = estimationSample(msg.seed, st.derived.rawBits, st.derived.sampleBits);
  st.remaining = remainingPositions(st.derived.rawBits, st.sample);
};

const onDistill: On<'distill'> = (st, msg) => {
  st.step = 'distill';
  st.ell = msg.ell;
  st.masked = msg.masked;
  st.pPublic = estimateAgreement(msg.errors, msg.sample);
};

const onKept: On<'kept'> = (st, msg) => {
  if (st.pairs) {
    st.pairs.kept.push(msg.kept);
    finishPairs(st);
  } else finishBlocks(st, msg.kept);
  if (!st.kept) return;
  st.plan = cascadePlan(msg.seed, st.kept.g.length, msg.passes, msg.k1);
  st.step = 'reconcile';
};

/** Her dual route on the challenges behind `kept`, once the final mask is public (dual.ts). */
function dualRoute(st: EveState, remaining: Uint32Array, kept: Uint8Array, ell: number): void {
  st.primalOnly ??= st.raw.g.slice(); // an instance's challenge route has kept it already
  if (st.A && st.Z && !st.oracle && st.config.routes.dual !== false) {
    const t0 = performance.now();
    attackKeptBlocks(st, st.A, st.Z, remaining, kept, ell, st.budgetMs - st.spent, st.rng.dual, st.config.caps.dualIterations);
    st.spent += performance.now() - t0;
    st.attackMs = st.spent;
  }
}

/** Repetition blocks: dual route, then her beliefs about Alice's kept string. */
function finishBlocks(st: EveState, kept: Uint8Array): void {
  const { masked, ell, remaining } = st;
  if (!masked || !ell || !remaining) return;
  dualRoute(st, remaining, kept, ell);
  const blocks: { idx: Uint32Array; d: Uint8Array }[] = [];
  for (let b = 0; b < kept.length; b++) {
    if (kept[b]) blocks.push({ idx: remaining.subarray(b * ell, b * ell + ell), d: masked.subarray(b * ell, b * ell + ell) });
  }
  st.kept = followDistill(st.raw, blocks, st.pPublic ?? st.derived.pTheory, st.rng.coins);
}

/** Bit pairs, after the last round's mask: dual route on the final survivors, then every round. */
function finishPairs(st: EveState): void {
  const { pairs, remaining } = st;
  if (!pairs || !remaining || pairs.kept.length !== pairs.rounds) return;
  const { survivors, follow } = followPairs(remaining, pairs.seed, pairs.parities.map((parities, r) => ({ parities, kept: pairs.kept[r] })));
  dualRoute(st, survivors, new Uint8Array(survivors.length).fill(1), 1);
  st.kept = follow(st.raw, st.pPublic ?? st.derived.pTheory, st.rng.coins);
}

const onPairs: On<'pairs'> = (st, msg) => {
  st.step = 'distill';
  if (msg.round === 0) {
    st.pPublic = estimateAgreement(msg.errors, msg.sample);
    st.pairs = { seed: msg.seed, rounds: msg.rounds, parities: [], kept: [] };
  }
  if (st.pairs && st.pairs.parities.length === msg.round) st.pairs.parities.push(msg.parities);
};

const onSurvivors: On<'survivors'> = (st, msg) => {
  if (st.pairs) {
    if (st.pairs.kept.length !== msg.round) return;
    st.pairs.kept.push(msg.kept);
    if (st.pairs.kept.length === st.pairs.rounds) finishPairs(st);
  } else finishBlocks(st, msg.kept);
  if (st.kept) st.step = 'reconcile';
};

const onSyndrome: On<'syndrome'> = (st, msg) => {
  st.ldpc = { seed: msg.seed, syndrome: msg.bits, revealed: new Map() };
};

const onRevealQuery: On<'reveal-query'> = (st, msg) => {
  if (st.ldpc) st.ldpc.pending = msg.positions.map((p) => p.pos);
};

const onReveal: On<'reveal'> = (st, msg) => {
  const l = st.ldpc;
  if (!l?.pending || l.pending.length !== msg.bits.length) return;
  l.pending.forEach((i, k) => l.revealed.set(i, msg.bits[k]));
  l.pending = undefined;
};

const onReconQuery: On<'recon-query'> = (st, msg) => {
  st.pendingRanges = msg.ranges;
};

const onReconReply: On<'recon-reply'> = (st, msg) => {
  if (st.pendingRanges && st.pendingRanges.length === msg.parities.length) st.exchanges.push({ ranges: st.pendingRanges, parities: msg.parities });
  st.pendingRanges = undefined;
};

const onVerify: On<'verify'> = (st, msg) => {
  st.verify = { seed: msg.seed, tag: msg.tag };
};

const onAmplify: On<'amplify'> = (st, msg) => {
  st.step = 'amplify';
  const { kept, plan, profile } = st;
  if (!kept || (!plan && !st.ldpc)) return;
  let guess: Uint8Array;
  if (st.ldpc) {
    const { seed, syndrome, revealed } = st.ldpc;
    guess = followSyndrome(kept, ldpcCode(seed, kept.g.length, syndrome.length), syndrome, revealed).bits;
    if (st.verify) st.verifyMatched = tagsEqual(verifyTag(st.verify.seed, guess, profile.verifyBits), st.verify.tag);
  } else if (plan) {
    // Two followers; the public verification tag tells her whether either is Bob's string.
    const soft = followParities(kept, st.exchanges.flatMap(toConstraints(plan)));
    const hard = cascadeFollow(plan, kept.g, st.exchanges);
    guess = soft.g;
    if (st.verify) {
      const { seed: vs, tag } = st.verify;
      const okSoft = tagsEqual(verifyTag(vs, soft.g, profile.verifyBits), tag);
      const okHard = tagsEqual(verifyTag(vs, hard, profile.verifyBits), tag);
      st.verifyMatched = okSoft || okHard;
      guess = !okSoft && okHard ? hard : soft.g;
    }
  } else return;
  st.reconciled = guess;
  st.hStar = st.transcript.digest();
  const k = amplify(guess, msg.seed, msg.outBits, msg.keyBits, st.hStar);
  st.key = k.key;
  st.kConf = k.kConf;
};

const onConfirm: On<'confirm'> = (st, msg, dir) => {
  if (dir === 'alice->bob' && st.kConf && st.hStar) st.keyConfirmed = tagsEqual(confirmTag(st.kConf, st.hStar, 'alice'), msg.tag);
  st.step = 'done';
};

const onAbort: On<'abort'> = (st, msg) => {
  st.step = 'aborted';
  st.abort = `${msg.code} at ${msg.step}`;
};

const HANDLERS: { [T in Message['type']]: On<T> } = {
  hello: onHello,
  task: onTask,
  challenges: onChallenges,
  estimate: onEstimate,
  distill: onDistill,
  kept: onKept,
  'recon-query': onReconQuery,
  'recon-reply': onReconReply,
  verify: onVerify,
  amplify: onAmplify,
  confirm: onConfirm,
  abort: onAbort,
  pairs: onPairs,
  survivors: onSurvivors,
  syndrome: onSyndrome,
  'reveal-query': onRevealQuery,
  reveal: onReveal,
};

/** One frame: absorb, decode, dispatch. Garbage and out-of-context frames are counted, not thrown. */
export function observeFrame(st: EveState, dir: Direction, frame: Uint8Array): void {
  const t0 = performance.now();
  st.frames++;
  st.transcript.update(frame); // the parties hash every frame, valid or not, and so does Eve
  let msg: Message;
  try {
    msg = decodeMessage(frame, st.lim);
  } catch {
    st.garbage++;
    return;
  }
  try {
    (HANDLERS[msg.type] as On<typeof msg.type>)(st, msg, dir);
  } catch {
    st.garbage++; // a legal frame out of context (e.g. a replay); she ignores it
  }
  st.ms += performance.now() - t0;
}

/** Live figures: what she believes, not a measurement (she does not know the truth). */
export function eveProgress(st: EveState): Record<string, number | string> {
  let qSum = 0;
  for (let i = 0; i < st.rawSeen; i++) qSum += st.raw.q[i];
  const secrets = st.oracle ? st.profile.L : st.fit ? st.fit.solved : (st.primal?.solved ?? 0);
  return {
    step: st.step,
    frames: st.frames,
    rawBits: st.rawSeen,
    secrets: `${secrets}/${st.profile.L}`,
    challengesBroken: st.dual.found.size + (st.challengeRoute?.found.size ?? 0),
    // Her own belief (mean reliability − 1/2).
    advantage: st.rawSeen ? qSum / st.rawSeen - 0.5 : 0,
  };
}

export function createEve(profile: Profile, opts: EveOptions): Eve {
  const st = newEveState(profile, opts);
  return {
    state: st,
    observe: (dir, frame) => observeFrame(st, dir, frame),
    progress: () => eveProgress(st),
    report: (truth) => buildEveReport(st, truth),
  };
}

function dotBits(x: Uint32Array, s: Uint32Array): number {
  let acc = 0;
  for (let k = 0; k < s.length; k++) acc ^= x[k] & s[k];
  acc ^= acc >>> 16;
  acc ^= acc >>> 8;
  acc ^= acc >>> 4;
  acc ^= acc >>> 2;
  return (acc ^ (acc >>> 1)) & 1;
}

/** Alice's answers as parity constraints on her kept string (indices via the pass permutation). */
const toConstraints = (plan: CascadePlan) => (x: { ranges: Range[]; parities: Uint8Array }): ParityConstraint[] =>
  x.ranges.map((r, i) => ({ idx: plan.perms[r.pass].subarray(r.lo, r.hi), parity: x.parities[i] }));
