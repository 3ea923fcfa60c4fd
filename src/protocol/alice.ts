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
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { SepkaError } from '../errors.ts';
import { randomBytes, Rng } from '../rng.ts';
import { publish, Published, spreadBits } from './agreement.ts';
import { amplify, paLength, sessionKeyBits } from './amplify.ts';
import { CascadePlan, cascadePlan, rangeParity } from './cascade.ts';
import { confirmTag, fingerprint, tagsEqual, verifyTag } from './confirm.ts';
import { countErrors, distillMask, estimationSample, keptString, remainingPositions } from './distill.ts';
import type { Message } from './messages/index.ts';
import type { StepName } from './party.ts';
import { paramsHash, Profile } from './profile.ts';
import { Context, elapsed, expect, fail, failAt, makeParty, newContext, RoleParty, RoleSpec, send, StepError } from './session.ts';
import { chooseEll } from './theory.ts';

export interface AliceOptions {
  /** Alice's randomness (secrets, noise, seeds, block values). Drivers derive it per role. */
  rng: Rng;
}

/** After the task is published. */
interface Tasked {
  task: Published;
}
/** After the estimate: the measured agreement, ℓ, and her block values c. */
interface Estimated extends Tasked {
  challengesSeen: number;
  sample: number[];
  errors: number;
  pHat: number;
  ell: number;
  /** Raw-bit positions left after the estimation sample. */
  remaining: Uint32Array;
  c: Uint8Array;
}
/** After Bob's kept mask: her kept (reference) string and the Cascade plan. */
interface Kept extends Estimated {
  kept: Uint8Array;
  str: Uint8Array;
  plan: CascadePlan;
  disclosed: number;
  reconRounds: number;
}
/** After privacy amplification. */
interface Keyed extends Kept {
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
  | ({ awaiting: 'recon' } & Kept)
  | ({ awaiting: 'confirm' } & Keyed)
  | ({ awaiting: 'done' } & Keyed);

type At<K extends AliceState['awaiting']> = Extract<AliceState, { awaiting: K }>;

const PHASE: Record<AliceState['awaiting'], StepName> = {
  hello: 'hello',
  challenges: 'challenges',
  kept: 'distill',
  recon: 'reconcile',
  confirm: 'confirm',
  done: 'done',
};

function onHello(ctx: Context, msg: Message): At<'challenges'> {
  expect('alice', 'hello', msg, 'hello');
  const mine = paramsHash(ctx.profile);
  send(ctx, { type: 'hello', role: 'alice', protocol: ctx.profile.name, paramsHash: mine });
  if (msg.role !== 'bob') fail('SEPKA_ERR_FRAME_FIELD', `hello from a peer claiming role ${msg.role}, expected bob`);
  if (msg.protocol !== ctx.profile.name || !tagsEqual(msg.paramsHash, mine)) {
    fail('SEPKA_ERR_PARAMS_MISMATCH', `peer uses protocol "${msg.protocol}" (params ${bytesToHex(msg.paramsHash).slice(0, 12)}), we use "${ctx.profile.name}" (params ${bytesToHex(mine).slice(0, 12)})`);
  }
  let task: Published;
  try {
    task = publish(ctx.sep, ctx.rng);
  } catch (e) {
    throw e instanceof SepkaError ? new StepError(e.code, e.message, 'task') : e;
  }
  send(ctx, { type: 'task', seedA: task.pub.seedA, labels: task.pub.labels });
  return { awaiting: 'challenges', task, nextBatch: 0, challengesSeen: 0 };
}

function onChallenges(ctx: Context, st: At<'challenges'>, msg: Message): At<'challenges'> | At<'kept'> {
  const { lim, derived, profile } = ctx;
  if (st.nextBatch < lim.batches) {
    expect('alice', 'challenges', msg, 'challenges');
    if (msg.batch !== st.nextBatch) fail('SEPKA_ERR_OUT_OF_ORDER', `challenge batch ${msg.batch} arrived, expected batch ${st.nextBatch}`);
    const want = msg.batch < lim.batches - 1 ? lim.batchSize : derived.challenges - (lim.batches - 1) * lim.batchSize;
    if (msg.xs.length !== want) fail('SEPKA_ERR_FRAME_FIELD', `challenge batch ${msg.batch} carries ${msg.xs.length} challenges, expected ${want}`);
    let seen = st.challengesSeen;
    for (const x of msg.xs) spreadBits(ctx.sep.label(st.task.h, x), lim.L, ctx.raw, seen++ * lim.L);
    return { ...st, nextBatch: st.nextBatch + 1, challengesSeen: seen };
  }
  expect('alice', 'challenges', msg, 'estimate');
  // From here on the step is distillation: its checks report 'distill'.
  if (msg.bits.length !== derived.sampleBits) failAt('distill', 'SEPKA_ERR_FRAME_FIELD', `estimate reveals ${msg.bits.length} bits, expected ${derived.sampleBits}`);
  const sample = estimationSample(msg.seed, derived.rawBits, derived.sampleBits);
  const errors = countErrors(ctx.raw, sample, msg.bits);
  const pHat = 1 - errors / sample.length;
  const ell = profile.ell === 'auto' ? chooseEll(pHat, profile.ellMax) : profile.ell;
  if (ell === 0) failAt('distill', 'SEPKA_ERR_TOO_FEW_BITS', `measured raw agreement ${pHat.toFixed(4)} leaves no key for any ℓ ≤ ${profile.ellMax}`);
  const remaining = remainingPositions(derived.rawBits, sample);
  const blocks = Math.floor(remaining.length / ell);
  const c = new Uint8Array(blocks);
  for (let b = 0; b < blocks; b++) c[b] = ctx.rng.u32() & 1;
  const masked = distillMask(ctx.raw, remaining, ell, c);
  send(ctx, { type: 'distill', ell, errors, sample: sample.length, blocks, masked });
  return { awaiting: 'kept', task: st.task, challengesSeen: st.challengesSeen, sample, errors, pHat, ell, remaining, c };
}

function onKept(ctx: Context, st: At<'kept'>, msg: Message): At<'recon'> {
  expect('alice', 'distill', msg, 'kept');
  const { profile } = ctx;
  if (msg.kept.length !== st.c.length) fail('SEPKA_ERR_FRAME_FIELD', `kept mask covers ${msg.kept.length} blocks, expected ${st.c.length}`);
  if (msg.passes !== profile.cascadePasses) fail('SEPKA_ERR_FRAME_FIELD', `Cascade with ${msg.passes} passes, profile says ${profile.cascadePasses}`);
  const str = keptString(st.c, msg.kept);
  const N = str.length;
  if (N === 0) failAt('reconcile', 'SEPKA_ERR_TOO_FEW_BITS', 'no block survived distillation');
  if (msg.k1 > N) failAt('reconcile', 'SEPKA_ERR_FRAME_FIELD', `Cascade block size ${msg.k1} exceeds the ${N} kept bits`);
  return { ...st, awaiting: 'recon', kept: msg.kept, str, plan: cascadePlan(msg.seed, N, msg.passes, msg.k1), disclosed: 0, reconRounds: 0 };
}

function onReconcile(ctx: Context, st: At<'recon'>, msg: Message): At<'recon'> | At<'confirm'> {
  expect('alice', 'reconcile', msg, 'recon-query', 'verify');
  const N = st.str.length;
  if (msg.type === 'recon-query') {
    const parities = new Uint8Array(msg.ranges.length);
    for (let i = 0; i < msg.ranges.length; i++) {
      const r = msg.ranges[i];
      if (r.pass >= st.plan.passes || r.hi > N) fail('SEPKA_ERR_FRAME_FIELD', `parity query (${r.pass}, ${r.lo}, ${r.hi}) outside ${st.plan.passes} passes × ${N} bits`);
      parities[i] = rangeParity(st.plan, st.str, r);
    }
    const disclosed = st.disclosed + parities.length;
    if (disclosed >= N) fail('SEPKA_ERR_TOO_FEW_BITS', `reconciliation asked for ${disclosed} parities of a ${N}-bit string`);
    send(ctx, { type: 'recon-reply', parities });
    return { ...st, disclosed, reconRounds: st.reconRounds + 1 };
  }
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
  return { ...st, awaiting: 'confirm', outBits, keyBits, hStar, key: k.key, kConf: k.kConf };
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
    case 'recon': return onReconcile(ctx, st, msg);
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
  return makeParty(newContext('alice', profile, opts.rng), { awaiting: 'hello' }, ALICE);
}
