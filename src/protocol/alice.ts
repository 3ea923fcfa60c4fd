/**
 * Alice as a pure state machine (DESIGN.md §2–§3; message flow in messages/types.ts; the
 * state/context split in session.ts).
 *
 * Alice holds the task: through the separation (src/separation/) she samples it, learns it
 * with A_μ and publishes its unimodal view; she answers Bob's challenges with her labels b_A,
 * counts errors on Bob's estimation sample, chooses ℓ, masks her block values, answers Cascade
 * parity queries, checks Bob's verification tag, picks the privacy amplification seed and
 * length, and confirms.
 *
 * What she waits for (wire step name in brackets): hello [hello] → challenges, then the
 * estimate [challenges] → kept [distill] → Cascade queries, then verify [reconcile] → confirm
 * [confirm] → done. Anything else is rejected with SEPKA_ERR_OUT_OF_ORDER.
 * With bit pairs (profile distill 'pairs'), 'kept' is replaced by one 'pairs' wait per round
 * [distill]; with the LDPC reconciler the final mask is a 'survivors' frame, answered by her
 * syndrome, and she then waits in 'ldpc' [reconcile] for reveal queries or the verify tag.
 */
import { SepkaError } from '../errors.ts';
import { randomBytes, Rng } from '../rng.ts';
import { publish, type Published } from '../separation/publish.ts';
import { spreadBits } from './agreement.ts';
import { amplify, paLength, sessionKeyBits } from './amplify.ts';
import { CascadePlan, cascadePlan, cascadeRoundCap, rangeParity } from './cascade.ts';
import { confirmTag, fingerprint, tagsEqual, verifyTag } from './confirm.ts';
import { countErrors, distillMask, estimationSample, keptString, remainingPositions } from './distill.ts';
import { syndrome } from './ldpc/code.ts';
import { ldpcCheck, ldpcCode, ldpcDisclosed, ldpcRows, REVEAL_STEPS } from './ldpc/reconcile.ts';
import { bitsAt, pairCount, pairOrder, pairParities, pairSurvivors } from './pairs.ts';
import type { Separation } from '../separation/types.ts';
import type { Message } from './messages/index.ts';
import type { StepName } from './party.ts';
import { distillOf, paramsHash, Profile, reconcilerOf, roundsAt } from './profile.ts';
import { checkHello, Context, elapsed, expect, fail, failAt, makeParty, newContext, RoleParty, RoleSpec, send, StepError } from './session.ts';
import { chooseEll, errorAfter, estimateAgreement, pairErrorFromKept, pairRoundsOutcome } from './theory.ts';

export interface AliceOptions {
  /** Alice's randomness (secrets, noise, seeds, block values). Drivers derive it per role. */
  rng: Rng;
  /**
   * A separation of the caller's own (src/separation/types.ts); by default the one the profile
   * names. The profile still sizes the session (challenge count, ℓ rule) from its θ and w.
   */
  separation?: Separation;
}

/** After the task is published. */
interface Tasked {
  task: Published;
}
/** After the estimate: the measured agreement, ℓ, and her block values c (empty with pairs). */
interface Estimated extends Tasked {
  challengesSeen: number;
  sample: number[];
  errors: number;
  pHat: number;
  /** Repetition length (0 with bit pairs). */
  ell: number;
  /** Raw-bit positions left after the estimation sample. */
  remaining: Uint32Array;
  c: Uint8Array;
  /** Bit-pair rounds (0 with blocks) and each finished round's pairs and kept pairs. */
  rounds: number;
  pairStats: PairRound[];
  /** The error rate the reconciler is sized for, from p̂ (theory.ts). */
  eHat: number;
}
/** One finished pair round: pairs formed, pairs kept, and the raw positions that survive. */
export interface PairRound {
  pairs: number;
  kept: number;
  survivors: Uint32Array;
}
/** Waiting for Bob's mask of pair round `round`: the positions paired and the pairing. */
interface Pairing extends Estimated {
  round: number;
  seed: Uint8Array;
  list: Uint32Array;
  order: Uint32Array;
}
/** After Bob's final mask: her kept (reference) string, and what she has disclosed of it. */
interface Reconciling extends Estimated {
  kept: Uint8Array;
  str: Uint8Array;
  disclosed: number;
  reconRounds: number;
}
/** Cascade: the plan from Bob's kept frame. */
interface Kept extends Reconciling {
  plan: CascadePlan;
}
/** LDPC: the syndrome sent (its length) and the bits revealed since. */
interface Syndromed extends Reconciling {
  rows: number;
  revealed: number;
}
/** After privacy amplification. */
interface Keyed extends Reconciling {
  outBits: number;
  keyBits: number;
  hStar: Uint8Array;
  key: Uint8Array;
  kConf: Uint8Array;
}

export type AliceState =
  | { awaiting: 'hello' }
  | ({ awaiting: 'challenges'; nextBatch: number; challengesSeen: number } & Tasked)
  | ({ awaiting: 'kept' } & Estimated)
  | ({ awaiting: 'pairs' } & Pairing)
  | ({ awaiting: 'recon' } & Kept)
  | ({ awaiting: 'ldpc' } & Syndromed)
  | ({ awaiting: 'confirm' } & Keyed)
  | ({ awaiting: 'done' } & Keyed);

type At<K extends AliceState['awaiting']> = Extract<AliceState, { awaiting: K }>;

const PHASE: Record<AliceState['awaiting'], StepName> = {
  hello: 'hello',
  challenges: 'challenges',
  kept: 'distill',
  pairs: 'distill',
  recon: 'reconcile',
  ldpc: 'reconcile',
  confirm: 'confirm',
  done: 'done',
};

function onHello(ctx: Context, msg: Message): At<'challenges'> {
  expect('alice', 'hello', msg, 'hello');
  send(ctx, { type: 'hello', role: 'alice', protocol: ctx.profile.name, paramsHash: paramsHash(ctx.profile) });
  checkHello(ctx, msg);
  let task: Published;
  try {
    task = publish(ctx.sep, ctx.rng);
  } catch (e) {
    throw e instanceof SepkaError ? new StepError(e.code, e.message, 'task') : e;
  }
  send(ctx, { type: 'task', seedA: task.pub.seedA, labels: task.pub.labels });
  return { awaiting: 'challenges', task, nextBatch: 0, challengesSeen: 0 };
}

function onChallenges(ctx: Context, st: At<'challenges'>, msg: Message): At<'challenges'> | At<'kept'> | At<'pairs'> {
  const { lim, derived, profile } = ctx;
  if (st.nextBatch < lim.batches) {
    expect('alice', 'challenges', msg, 'challenges');
    if (msg.batch !== st.nextBatch) fail('SEPKA_ERR_OUT_OF_ORDER', `challenge batch ${msg.batch} arrived, expected batch ${st.nextBatch}`);
    const want = msg.batch < lim.batches - 1 ? lim.batchSize : derived.challenges - (lim.batches - 1) * lim.batchSize;
    if (msg.xs.length !== want) fail('SEPKA_ERR_FRAME_FIELD', `challenge batch ${msg.batch} carries ${msg.xs.length} challenges, expected ${want}`);
    let seen = st.challengesSeen;
    for (const x of msg.xs) spreadBits(ctx.sep.rawBits(ctx.sep.value(st.task.h, x)), lim.L, ctx.raw, seen++ * lim.L);
    return { ...st, nextBatch: st.nextBatch + 1, challengesSeen: seen };
  }
  expect('alice', 'challenges', msg, 'estimate');
  // From here on the step is distillation: its checks report 'distill'.
  if (msg.bits.length !== derived.sampleBits) failAt('distill', 'SEPKA_ERR_FRAME_FIELD', `estimate reveals ${msg.bits.length} bits, expected ${derived.sampleBits}`);
  const sample = estimationSample(msg.seed, derived.rawBits, derived.sampleBits);
  const errors = countErrors(ctx.raw, sample, msg.bits);
  const pHat = estimateAgreement(errors, sample.length);
  const remaining = remainingPositions(derived.rawBits, sample);
  const base = { task: st.task, challengesSeen: st.challengesSeen, sample, errors, pHat, remaining, pairStats: [] };
  if (distillOf(profile) === 'pairs') {
    const rounds = roundsAt(profile, pHat);
    if (rounds === 0) failAt('distill', 'SEPKA_ERR_TOO_FEW_BITS', `measured raw agreement ${pHat.toFixed(4)} leaves no key for any number of pair rounds`, base);
    const seed = randomBytes(ctx.rng, 32);
    const next = { ...base, awaiting: 'pairs' as const, ell: 0, c: new Uint8Array(0), rounds, eHat: pairRoundsOutcome(pHat, rounds).e, round: -1, seed, list: remaining, order: new Uint32Array(0) };
    return sendPairs(ctx, next, remaining, errors, sample.length);
  }
  const ell = profile.ell === 'auto' ? chooseEll(pHat, profile.ellMax) : profile.ell;
  if (ell === 0) failAt('distill', 'SEPKA_ERR_TOO_FEW_BITS', `measured raw agreement ${pHat.toFixed(4)} leaves no key for any ℓ ≤ ${profile.ellMax}`, base);
  const blocks = Math.floor(remaining.length / ell);
  const c = new Uint8Array(blocks);
  for (let b = 0; b < blocks; b++) c[b] = ctx.rng.u32() & 1;
  const masked = distillMask(ctx.raw, remaining, ell, c);
  send(ctx, { type: 'distill', ell, errors, sample: sample.length, blocks, masked });
  return { ...base, awaiting: 'kept', ell, c, rounds: 0, eHat: errorAfter(pHat, ell) };
}

/** The next pair round on `list`: pairing, parities, the frame. */
function sendPairs(ctx: Context, st: At<'pairs'>, list: Uint32Array, errors: number, sample: number): At<'pairs'> {
  const round = st.round + 1;
  if (pairCount(list.length) === 0) failAt('distill', 'SEPKA_ERR_TOO_FEW_BITS', `pair round ${round} has ${list.length} bits left to pair`);
  const order = pairOrder(st.seed, round, list.length);
  send(ctx, { type: 'pairs', round, rounds: st.rounds, errors, sample, seed: st.seed, parities: pairParities(ctx.raw, list, order) });
  return { ...st, round, list, order };
}

/** Bob's mask for the current pair round: the next round, or (last round) reconciliation. */
function onPairsKept(ctx: Context, st: At<'pairs'>, msg: Message): At<'pairs'> | At<'recon'> | At<'ldpc'> {
  const last = st.round === st.rounds - 1;
  const cascade = reconcilerOf(ctx.profile) === 'cascade';
  if (last && cascade) expect('alice', 'distill', msg, 'kept');
  else expect('alice', 'distill', msg, 'survivors');
  if (msg.type === 'survivors' && msg.round !== st.round) fail('SEPKA_ERR_FRAME_FIELD', `survivors of pair round ${msg.round}, expected round ${st.round}`);
  const pairs = pairCount(st.list.length);
  if (msg.kept.length !== pairs) fail('SEPKA_ERR_FRAME_FIELD', `kept mask covers ${msg.kept.length} pairs, expected ${pairs}`);
  const next = pairSurvivors(st.list, st.order, msg.kept);
  const pairStats = [...st.pairStats, { pairs, kept: next.length, survivors: next }];
  if (!last) return sendPairs(ctx, { ...st, pairStats }, next, st.errors, st.sample.length);
  const { round: _r, seed: _s, list: _l, order: _o, awaiting: _a, ...est } = st;
  return startReconcile(ctx, { ...est, pairStats, eHat: pairErrorFromKept(pairs, next.length) }, msg, bitsAt(ctx.raw, next));
}

/** Reconciliation on her kept string: Cascade's plan from Bob's kept frame, or her LDPC syndrome. */
function startReconcile(ctx: Context, st: Estimated, msg: Message, str: Uint8Array): At<'recon'> | At<'ldpc'> {
  const N = str.length;
  const kept = { kept: msg.type === 'kept' || msg.type === 'survivors' ? msg.kept : undefined, str };
  if (N === 0) failAt('reconcile', 'SEPKA_ERR_TOO_FEW_BITS', 'no block survived distillation', kept);
  if (msg.type === 'kept') {
    const { profile } = ctx;
    if (msg.passes !== profile.cascadePasses) fail('SEPKA_ERR_FRAME_FIELD', `Cascade with ${msg.passes} passes, profile says ${profile.cascadePasses}`);
    if (msg.k1 > N) failAt('reconcile', 'SEPKA_ERR_FRAME_FIELD', `Cascade block size ${msg.k1} exceeds the ${N} kept bits`, kept);
    return { ...st, awaiting: 'recon', kept: msg.kept, str, plan: cascadePlan(msg.seed, N, msg.passes, msg.k1), disclosed: 0, reconRounds: 0 };
  }
  if (msg.type !== 'survivors') return fail('SEPKA_ERR_INTERNAL', `reconciliation started from ${msg.type}`);
  if (N < 2) failAt('reconcile', 'SEPKA_ERR_TOO_FEW_BITS', `${N} kept bit is too few for a syndrome`, kept);
  const rows = ldpcRows(N, st.eHat);
  const seed = randomBytes(ctx.rng, 32);
  send(ctx, { type: 'syndrome', seed, check: ldpcCheck(seed, str), bits: syndrome(ldpcCode(seed, N, rows), str) });
  return { ...st, awaiting: 'ldpc', kept: msg.kept, str, disclosed: ldpcDisclosed(rows, 0), reconRounds: 1, rows, revealed: 0 };
}

function onKept(ctx: Context, st: At<'kept'>, msg: Message): At<'recon'> | At<'ldpc'> {
  if (reconcilerOf(ctx.profile) === 'ldpc') expect('alice', 'distill', msg, 'survivors');
  else expect('alice', 'distill', msg, 'kept');
  if (msg.kept.length !== st.c.length) fail('SEPKA_ERR_FRAME_FIELD', `kept mask covers ${msg.kept.length} blocks, expected ${st.c.length}`);
  const { awaiting: _a, ...est } = st;
  return startReconcile(ctx, est, msg, keptString(st.c, msg.kept));
}

/** LDPC: Bob's requests for her bits where his decoder failed, then his verification tag. */
function onLdpc(ctx: Context, st: At<'ldpc'>, msg: Message): At<'ldpc'> | At<'confirm'> {
  expect('alice', 'reconcile', msg, 'reveal-query', 'verify');
  if (msg.type === 'verify') return onVerify(ctx, st, msg);
  const N = st.str.length;
  const count = msg.positions.length;
  // Bounds first, work after: the round cap and the disclosure budget are checked
  // on the query's size before any bit is looked up.
  // Bob's decoder asks at most REVEAL_STEPS times before it gives up (ldpc/reconcile.ts).
  if (st.reconRounds - 1 >= REVEAL_STEPS) fail('SEPKA_ERR_LIMIT', `reveal query ${st.reconRounds} is over the cap of ${REVEAL_STEPS} (the decoder's own reveal steps)`);
  const disclosed = st.disclosed + count;
  if (disclosed >= N) fail('SEPKA_ERR_RECONCILE_FAILED', `reconciliation would disclose ${disclosed} bits of a ${N}-bit string: frame discarded`, { disclosed, revealed: st.revealed + count, reconRounds: st.reconRounds + 1 });
  const bits = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const { pos } = msg.positions[i];
    if (pos >= N || (i > 0 && pos <= msg.positions[i - 1].pos)) fail('SEPKA_ERR_FRAME_FIELD', `reveal position ${pos} is not ascending within ${N} kept bits`);
    bits[i] = st.str[pos];
  }
  send(ctx, { type: 'reveal', bits });
  return { ...st, disclosed, revealed: st.revealed + count, reconRounds: st.reconRounds + 1 };
}

function onReconcile(ctx: Context, st: At<'recon'>, msg: Message): At<'recon'> | At<'confirm'> {
  expect('alice', 'reconcile', msg, 'recon-query', 'verify');
  const N = st.str.length;
  if (msg.type === 'recon-query') {
    const { ranges } = msg;
    const { passes } = st.plan;
    // Bounds first, work after: the round cap, the disclosure budget and the span
    // of the ranges are checked before any parity is computed (a largest legal query would
    // otherwise cost ≈ 1.3 s of parities before being refused).
    const cap = cascadeRoundCap(st.plan);
    if (st.reconRounds >= cap) fail('SEPKA_ERR_LIMIT', `parity query ${st.reconRounds + 1} is over the cap of ${cap} rounds (4 × ${passes} passes × (1 + ⌈log2 ${N}⌉))`);
    const disclosed = st.disclosed + ranges.length;
    if (disclosed >= N) fail('SEPKA_ERR_TOO_FEW_BITS', `reconciliation asked for ${disclosed} parities of a ${N}-bit string`, { disclosed, reconRounds: st.reconRounds + 1 });
    let span = 0;
    for (const r of ranges) {
      if (r.pass >= passes || r.hi > N || r.lo >= r.hi) fail('SEPKA_ERR_FRAME_FIELD', `parity query (${r.pass}, ${r.lo}, ${r.hi}) outside ${passes} passes × ${N} bits`);
      span += r.hi - r.lo;
    }
    // One round's ranges are disjoint within each pass (blocks, or halves of distinct blocks).
    if (span > passes * N) fail('SEPKA_ERR_FRAME_FIELD', `parity query spans ${span} positions, more than ${passes} passes × ${N} bits`);
    const parities = Uint8Array.from(ranges, (r) => rangeParity(st.plan, st.str, r));
    send(ctx, { type: 'recon-reply', parities });
    return { ...st, disclosed, reconRounds: st.reconRounds + 1 };
  }
  return onVerify(ctx, st, msg);
}

/** Bob's verification tag: check it, then privacy amplification and her confirmation. */
function onVerify(ctx: Context, st: At<'recon'> | At<'ldpc'>, msg: Extract<Message, { type: 'verify' }>): At<'confirm'> {
  const N = st.str.length;
  const p = ctx.profile;
  if (msg.tag.length * 8 !== p.verifyBits) fail('SEPKA_ERR_FRAME_FIELD', `verification tag of ${msg.tag.length * 8} bits, profile says ${p.verifyBits}`);
  if (!tagsEqual(verifyTag(msg.seed, st.str, p.verifyBits), msg.tag)) {
    fail('SEPKA_ERR_RECONCILE_FAILED', `verification hash differs after reconciliation: the reconciled strings disagree`);
  }
  const outBits = paLength(N, st.disclosed + p.verifyBits, p.paMarginBits);
  const keyBits = sessionKeyBits(outBits, p.targetKeyBits);
  if (keyBits < p.minKeyBits) {
    failAt('amplify', 'SEPKA_ERR_TOO_FEW_BITS', `only ${outBits} bits survive privacy amplification (N = ${N}, leaked ${st.disclosed + p.verifyBits}, margin ${p.paMarginBits}); need ${p.minKeyBits}`);
  }
  const seed = randomBytes(ctx.rng, 32);
  send(ctx, { type: 'amplify', seed, outBits, keyBits });
  const hStar = ctx.transcript.digest();
  const k = amplify(st.str, seed, outBits, keyBits, hStar);
  send(ctx, { type: 'confirm', role: 'alice', tag: confirmTag(k.kConf, hStar, 'alice') });
  const { awaiting: _a, ...rest } = st;
  return { ...rest, awaiting: 'confirm', outBits, keyBits, hStar, key: k.key, kConf: k.kConf };
}

function onConfirm(st: At<'confirm'>, msg: Message): At<'done'> {
  expect('alice', 'confirm', msg, 'confirm');
  if (msg.role !== 'bob' || !tagsEqual(msg.tag, confirmTag(st.kConf, st.hStar, 'bob'))) {
    fail('SEPKA_ERR_CONFIRM_FAILED', "Bob's confirmation tag does not match: keys or transcripts differ; no key output");
  }
  return { ...st, awaiting: 'done' };
}

export function aliceStep(ctx: Context, st: AliceState, msg: Message): AliceState {
  switch (st.awaiting) {
    case 'hello': return onHello(ctx, msg);
    case 'challenges': return onChallenges(ctx, st, msg);
    case 'kept': return onKept(ctx, st, msg);
    case 'pairs': return onPairsKept(ctx, st, msg);
    case 'recon': return onReconcile(ctx, st, msg);
    case 'ldpc': return onLdpc(ctx, st, msg);
    case 'confirm': return onConfirm(st, msg);
    case 'done': return fail('SEPKA_ERR_OUT_OF_ORDER', `alice received ${msg.type} after the session ended (done)`);
  }
}

/** A field of whichever state Alice has reached, if that state has it. */
const get = <K extends keyof Keyed | 'challengesSeen'>(st: AliceState, k: K): (Keyed & { challengesSeen: number })[K] | undefined =>
  k in st ? (st as unknown as Keyed & { challengesSeen: number })[k] : undefined;

function aliceStats(ctx: Context, st: AliceState): Record<string, number | string | boolean> {
  const disclosed = get(st, 'disclosed') ?? 0;
  return {
    role: 'alice',
    rawBits: ctx.derived.rawBits,
    challenges: get(st, 'challengesSeen') ?? 0,
    sampleBits: get(st, 'sample')?.length ?? 0,
    pHat: get(st, 'pHat') ?? NaN,
    ell: get(st, 'ell') ?? 0,
    blocks: get(st, 'c')?.length ?? 0,
    keptBits: get(st, 'str')?.length ?? 0,
    leakedBits: disclosed + ctx.profile.verifyBits,
    // The bit-pair and LDPC fields appear only in profiles that set them, so older outputs stay as they were.
    ...(ctx.profile.distill || ctx.profile.reconciler
      ? { distill: distillOf(ctx.profile), reconciler: reconcilerOf(ctx.profile), pairRounds: get(st, 'rounds') ?? 0, ldpcRevealed: 'revealed' in st ? st.revealed : 0 }
      : {}),
    // Disclosed during reconciliation: Cascade parities, or LDPC syndrome + check + revealed bits.
    cascadeParities: disclosed,
    reconRounds: get(st, 'reconRounds') ?? 0,
    paMarginBits: ctx.profile.paMarginBits,
    outBits: get(st, 'outBits') ?? 0,
    keyBits: get(st, 'keyBits') ?? 0,
    amuAttempts: get(st, 'task')?.attempts ?? 0,
    ms: elapsed(ctx),
  };
}

/** Internals for measurement only (never on the wire). */
export interface AliceInspect {
  /** Raw bits b_A, index c·L + j. */
  raw: Uint8Array;
  sample?: number[];
  pHat?: number;
  ell?: number;
  /** Bit-pair rounds chosen, and each round's pairs and kept pairs. */
  rounds?: number;
  pairStats?: PairRound[];
  kept?: Uint8Array;
  outBits?: number;
  /** The confirmed key; absent unless the session succeeded. */
  key?: Uint8Array;
  /** The L secrets s_j, A_μ's ŝ_j, and the noise vectors e_j. */
  secrets: Uint32Array[];
  sHat: Uint32Array[];
  noise: Uint32Array[];
  seedA?: Uint8Array;
  /** Block values c, and Alice's kept (reference) string. */
  blockValues?: Uint8Array;
  keptString?: Uint8Array;
  leakedBits: number;
  transcriptHash?: Uint8Array;
  stats: Record<string, number | string | boolean>;
}

export function inspectAlice(ctx: Context, st: AliceState, ok: boolean): AliceInspect {
  const t = get(st, 'task');
  const truth = t ? ctx.sep.inspect(t.task, t.examples, t.h) : { secrets: [], sHat: [], noise: [] };
  const outBits = get(st, 'outBits');
  return {
    ...truth,
    seedA: t?.pub.seedA,
    raw: ctx.raw,
    sample: get(st, 'sample'),
    pHat: get(st, 'pHat'),
    ell: get(st, 'ell'),
    rounds: get(st, 'rounds'),
    pairStats: get(st, 'pairStats'),
    kept: get(st, 'kept'),
    outBits,
    // A derived but unconfirmed key is never handed out.
    key: ok ? get(st, 'key') : undefined,
    transcriptHash: get(st, 'hStar'),
    blockValues: get(st, 'c'),
    keptString: get(st, 'str'),
    leakedBits: (get(st, 'disclosed') ?? 0) + (outBits !== undefined ? ctx.profile.verifyBits : 0),
    stats: aliceStats(ctx, st),
  };
}

const ALICE: RoleSpec<AliceState, AliceInspect> = {
  phase: (st) => PHASE[st.awaiting],
  step: aliceStep,
  success: (ctx, st) =>
    st.awaiting === 'done' ? { ok: true, key: st.key, keyBits: st.keyBits, fingerprint: fingerprint(st.key), stats: aliceStats(ctx, st) } : undefined,
  inspect: inspectAlice,
  progress: (ctx, st) => {
    const seen = get(st, 'challengesSeen') ?? 0;
    return { step: PHASE[st.awaiting], rawBits: seen * ctx.profile.L, challenges: seen, leakedBits: get(st, 'disclosed') ?? 0 };
  },
};

export type AliceParty = RoleParty<AliceState, AliceInspect>;

export function createAlice(profile: Profile, opts: AliceOptions): AliceParty {
  return makeParty(newContext('alice', profile, opts.rng, opts.separation), { awaiting: 'hello' }, ALICE);
}
