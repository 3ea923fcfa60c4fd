/**
 * Bob as a pure state machine (DESIGN.md §2–§3; message flow in messages/types.ts; the
 * state/context split in session.ts).
 *
 * Bob opens with hello, opens Alice's public part through the separation (src/separation/),
 * sends all his challenges (points whose labels he knows with advantage ε) in batches with his
 * estimation sample, keeps the repetition blocks whose masked values all agree with his bits,
 * drives Cascade, sends the verification tag, applies Alice's amplification and checks her
 * confirmation before sending his own.
 *
 * What he waits for (wire step name in brackets): hello [hello] → task [task] → distill
 * [distill] → Cascade replies [reconcile] → amplify [amplify] → confirm [confirm] → done.
 * Anything else is rejected with SEPKA_ERR_OUT_OF_ORDER.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomBytes, Rng } from '../rng.ts';
import { h2 } from '../stats.ts';
import { spreadBits } from './agreement.ts';
import { amplify, paLength, sessionKeyBits } from './amplify.ts';
import { cascadeAbsorb, cascadeNext, cascadePlan, CascadeState, cascadeStart, initialBlockSize, Range } from './cascade.ts';
import { confirmTag, fingerprint, tagsEqual, verifyTag } from './confirm.ts';
import { distillKeep, estimationSample, keptString, remainingPositions } from './distill.ts';
import type { Message } from './messages/index.ts';
import type { StepName } from './party.ts';
import { paramsHash, Profile } from './profile.ts';
import { Context, elapsed, expect, fail, makeParty, newContext, RoleParty, RoleSpec, send } from './session.ts';
import { chooseEll, errorAfter } from './theory.ts';

/** Test hooks: each may modify Bob's string in place at that point (fault injection). */
export interface BobHooks {
  /** After Cascade, before the verification tag. */
  reconciled?(bits: Uint8Array): void;
  /** After verification, before privacy amplification. */
  beforeAmplify?(bits: Uint8Array): void;
}

export interface BobOptions {
  /** Bob's randomness (challenges, public seeds). Drivers derive it per role. */
  rng: Rng;
  hooks?: BobHooks;
}

/** Bob's context adds his fault-injection hooks. */
export interface BobContext extends Context {
  readonly hooks: BobHooks;
}

/** After the challenges: their witnesses and points, and his estimation sample. */
interface Challenged {
  /** Challenge witnesses (for LPN: the supports of r) and the points x* sent. */
  rs: number[][];
  xs: Uint32Array[];
  sample: number[];
}
/** After distillation: his kept string before reconciliation. */
interface Distilled extends Challenged {
  pHat: number;
  ell: number;
  remaining: Uint32Array;
  kept: Uint8Array;
  keptBits: Uint8Array;
  /**
   * Cascade's engine (cascade.ts): a working buffer that absorbs each round's replies in place,
   * like the context's raw bits; the states that hold it are still replaced, never modified.
   */
  cascade: CascadeState;
  /** The parity queries of the current Cascade round. */
  lastQuery: Range[];
}
/** After privacy amplification. */
interface Keyed extends Distilled {
  outBits: number;
  keyBits: number;
  hStar: Uint8Array;
  key: Uint8Array;
  kConf: Uint8Array;
}

export type BobState =
  | { awaiting: 'hello' }
  | { awaiting: 'task' }
  | ({ awaiting: 'distill' } & Challenged)
  | ({ awaiting: 'recon-reply' } & Distilled)
  | ({ awaiting: 'amplify' } & Distilled)
  | ({ awaiting: 'confirm' } & Keyed)
  | ({ awaiting: 'done' } & Keyed);

type At<K extends BobState['awaiting']> = Extract<BobState, { awaiting: K }>;

const PHASE: Record<BobState['awaiting'], StepName> = {
  hello: 'hello',
  task: 'task',
  distill: 'distill',
  'recon-reply': 'reconcile',
  amplify: 'amplify',
  confirm: 'confirm',
  done: 'done',
};

function onHello(ctx: BobContext, msg: Message): At<'task'> {
  expect('bob', 'hello', msg, 'hello');
  if (msg.role !== 'alice') fail('SEPKA_ERR_FRAME_FIELD', `hello from a peer claiming role ${msg.role}, expected alice`);
  const mine = paramsHash(ctx.profile);
  if (msg.protocol !== ctx.profile.name || !tagsEqual(msg.paramsHash, mine)) {
    fail('SEPKA_ERR_PARAMS_MISMATCH', `peer uses protocol "${msg.protocol}" (params ${bytesToHex(msg.paramsHash).slice(0, 12)}), we use "${ctx.profile.name}" (params ${bytesToHex(mine).slice(0, 12)})`);
  }
  return { awaiting: 'task' };
}

function onTask(ctx: BobContext, msg: Message): At<'distill'> {
  expect('bob', 'task', msg, 'task');
  const { lim, derived, sep } = ctx;
  const view = sep.openPublic({ seedA: msg.seedA, labels: msg.labels });
  const rs: number[][] = [];
  const xs: Uint32Array[] = [];
  for (let b = 0; b < lim.batches; b++) {
    const batch: Uint32Array[] = [];
    const count = Math.min(lim.batchSize, derived.challenges - b * lim.batchSize);
    for (let i = 0; i < count; i++) {
      const ch = sep.challenge(view, ctx.rng);
      spreadBits(ch.bits, lim.L, ctx.raw, xs.length * lim.L);
      rs.push(ch.witness);
      xs.push(ch.x);
      batch.push(ch.x);
    }
    send(ctx, { type: 'challenges', batch: b, batches: lim.batches, xs: batch });
  }
  const seed = randomBytes(ctx.rng, 32);
  const sample = estimationSample(seed, derived.rawBits, derived.sampleBits);
  send(ctx, { type: 'estimate', seed, bits: Uint8Array.from(sample, (i) => ctx.raw[i]) });
  return { awaiting: 'distill', rs, xs, sample };
}

function onDistill(ctx: BobContext, st: At<'distill'>, msg: Message): At<'recon-reply'> {
  expect('bob', 'distill', msg, 'distill');
  const { profile: p, derived } = ctx;
  if (msg.sample !== st.sample.length) fail('SEPKA_ERR_FRAME_FIELD', `distill reports a sample of ${msg.sample}, we revealed ${st.sample.length}`);
  const pHat = 1 - msg.errors / msg.sample;
  const ell = p.ell === 'auto' ? chooseEll(pHat, p.ellMax) : p.ell;
  if (msg.ell !== ell) fail('SEPKA_ERR_FRAME_FIELD', `distill uses ℓ = ${msg.ell}, the rule gives ℓ = ${ell} at p̂ = ${pHat.toFixed(4)}`);
  const remaining = remainingPositions(derived.rawBits, st.sample);
  const blocks = Math.floor(remaining.length / ell);
  if (msg.blocks !== blocks) fail('SEPKA_ERR_FRAME_FIELD', `distill carries ${msg.blocks} blocks, expected ${blocks}`);
  const { kept, values } = distillKeep(ctx.raw, remaining, ell, msg.masked);
  const keptBits = keptString(values, kept);
  const N = keptBits.length;
  if (N === 0) fail('SEPKA_ERR_TOO_FEW_BITS', 'no block survived distillation');
  const k1 = initialBlockSize(errorAfter(pHat, ell), N);
  const seed = randomBytes(ctx.rng, 32);
  const cascade = cascadeStart(cascadePlan(seed, N, p.cascadePasses, k1), keptBits.slice());
  send(ctx, { type: 'kept', kept, seed, passes: p.cascadePasses, k1 });
  // A fresh Cascade on N ≥ 1 bits always opens with the first pass's block parities.
  const lastQuery = cascadeNext(cascade) ?? fail('SEPKA_ERR_INTERNAL', 'Cascade opened with no query');
  send(ctx, { type: 'recon-query', ranges: lastQuery });
  return { ...st, awaiting: 'recon-reply', pHat, ell, remaining, kept, keptBits, cascade, lastQuery };
}

function onReconReply(ctx: BobContext, st: At<'recon-reply'>, msg: Message): At<'recon-reply'> | At<'amplify'> {
  expect('bob', 'reconcile', msg, 'recon-reply');
  const { lastQuery: q, cascade: c } = st;
  if (msg.parities.length !== q.length) fail('SEPKA_ERR_FRAME_FIELD', `recon-reply carries ${msg.parities.length} parities for ${q.length} queries`);
  cascadeAbsorb(c, q, msg.parities);
  const next = cascadeNext(c);
  if (next) {
    send(ctx, { type: 'recon-query', ranges: next });
    return { ...st, lastQuery: next };
  }
  ctx.hooks.reconciled?.(c.bits);
  const seed = randomBytes(ctx.rng, 32);
  send(ctx, { type: 'verify', seed, tag: verifyTag(seed, c.bits, ctx.profile.verifyBits) });
  return { ...st, awaiting: 'amplify' };
}

function onAmplify(ctx: BobContext, st: At<'amplify'>, msg: Message): At<'confirm'> {
  expect('bob', 'amplify', msg, 'amplify');
  const p = ctx.profile;
  const c = st.cascade;
  const outBits = paLength(c.plan.N, c.disclosed + p.verifyBits, p.paMarginBits);
  const keyBits = sessionKeyBits(outBits, p.targetKeyBits);
  if (msg.outBits !== outBits || msg.keyBits !== keyBits) {
    fail('SEPKA_ERR_FRAME_FIELD', `amplify to ${msg.outBits}/${msg.keyBits} bits, we compute ${outBits}/${keyBits}`);
  }
  const hStar = ctx.transcript.digest();
  ctx.hooks.beforeAmplify?.(c.bits);
  const k = amplify(c.bits, msg.seed, outBits, keyBits, hStar);
  return { ...st, awaiting: 'confirm', outBits, keyBits, hStar, key: k.key, kConf: k.kConf };
}

function onConfirm(ctx: BobContext, st: At<'confirm'>, msg: Message): At<'done'> {
  expect('bob', 'confirm', msg, 'confirm');
  if (msg.role !== 'alice' || !tagsEqual(msg.tag, confirmTag(st.kConf, st.hStar, 'alice'))) {
    fail('SEPKA_ERR_CONFIRM_FAILED', "Alice's confirmation tag does not match: keys or transcripts differ; no key output");
  }
  send(ctx, { type: 'confirm', role: 'bob', tag: confirmTag(st.kConf, st.hStar, 'bob') });
  return { ...st, awaiting: 'done' };
}

export function bobStep(ctx: BobContext, st: BobState, msg: Message): BobState {
  switch (st.awaiting) {
    case 'hello': return onHello(ctx, msg);
    case 'task': return onTask(ctx, msg);
    case 'distill': return onDistill(ctx, st, msg);
    case 'recon-reply': return onReconReply(ctx, st, msg);
    case 'amplify': return onAmplify(ctx, st, msg);
    case 'confirm': return onConfirm(ctx, st, msg);
    case 'done': return fail('SEPKA_ERR_OUT_OF_ORDER', `bob received ${msg.type} after the session ended (done)`);
  }
}

/** Bob opens: hello. */
function bobStart(ctx: BobContext, st: BobState): BobState {
  send(ctx, { type: 'hello', role: 'bob', protocol: ctx.profile.name, paramsHash: paramsHash(ctx.profile) });
  return st;
}

/** A field of whichever state Bob has reached, if that state has it. */
const get = <K extends keyof Keyed>(st: BobState, k: K): Keyed[K] | undefined => (k in st ? (st as Keyed)[k] : undefined);

function bobStats(ctx: BobContext, st: BobState): Record<string, number | string | boolean> {
  const c = get(st, 'cascade');
  const N = c?.plan.N ?? 0;
  const eAfter = c && N ? c.flips / N : 0;
  return {
    role: 'bob',
    rawBits: ctx.derived.rawBits,
    challenges: get(st, 'xs')?.length ?? 0,
    sampleBits: get(st, 'sample')?.length ?? 0,
    pHat: get(st, 'pHat') ?? NaN,
    ell: get(st, 'ell') ?? 0,
    blocks: get(st, 'kept')?.length ?? 0,
    keptBits: N,
    errorsCorrected: c?.flips ?? 0,
    errorRateAfterDistill: eAfter,
    cascadeParities: c?.disclosed ?? 0,
    leakedBits: (c?.disclosed ?? 0) + ctx.profile.verifyBits,
    reconRounds: c?.rounds ?? 0,
    // f = leak / (N·h(e)), e = errors Cascade corrected / N (DESIGN.md §3).
    reconciliationF: c && eAfter > 0 ? c.disclosed / (N * h2(eAfter)) : NaN,
    paMarginBits: ctx.profile.paMarginBits,
    outBits: get(st, 'outBits') ?? 0,
    keyBits: get(st, 'keyBits') ?? 0,
    ms: elapsed(ctx),
  };
}

/** Internals for measurement only (never on the wire). */
export interface BobInspect {
  /** Challenge witnesses (supports of r) and points x*. */
  rs: number[][];
  xs: Uint32Array[];
  /** Raw bits b_B, index c·L + j. */
  raw: Uint8Array;
  sample?: number[];
  pHat?: number;
  ell?: number;
  kept?: Uint8Array;
  outBits?: number;
  /** The confirmed key; absent unless the session succeeded. */
  key?: Uint8Array;
  /** Bob's kept string before and after Cascade. */
  keptString?: Uint8Array;
  reconciled?: Uint8Array;
  leakedBits: number;
  transcriptHash?: Uint8Array;
  stats: Record<string, number | string | boolean>;
}

export function inspectBob(ctx: BobContext, st: BobState, ok: boolean): BobInspect {
  const outBits = get(st, 'outBits');
  return {
    rs: get(st, 'rs') ?? [],
    xs: get(st, 'xs') ?? [],
    raw: ctx.raw,
    sample: get(st, 'sample'),
    pHat: get(st, 'pHat'),
    ell: get(st, 'ell'),
    kept: get(st, 'kept'),
    outBits,
    key: ok ? get(st, 'key') : undefined,
    transcriptHash: get(st, 'hStar'),
    keptString: get(st, 'keptBits'),
    reconciled: get(st, 'cascade')?.bits,
    leakedBits: (get(st, 'cascade')?.disclosed ?? 0) + (outBits !== undefined ? ctx.profile.verifyBits : 0),
    stats: bobStats(ctx, st),
  };
}

const BOB: RoleSpec<BobState, BobInspect, BobContext> = {
  phase: (st) => PHASE[st.awaiting],
  start: bobStart,
  step: bobStep,
  success: (ctx, st) =>
    st.awaiting === 'done' ? { ok: true, key: st.key, keyBits: st.keyBits, fingerprint: fingerprint(st.key), stats: bobStats(ctx, st) } : undefined,
  inspect: inspectBob,
  progress: (ctx, st) => {
    const n = get(st, 'xs')?.length ?? 0;
    return { step: PHASE[st.awaiting], rawBits: n * ctx.profile.L, challenges: n, leakedBits: get(st, 'cascade')?.disclosed ?? 0 };
  },
};

export type BobParty = RoleParty<BobState, BobInspect, BobContext>;

export function createBob(profile: Profile, opts: BobOptions): BobParty {
  const ctx: BobContext = { ...newContext('bob', profile, opts.rng), hooks: opts.hooks ?? {} };
  return makeParty(ctx, { awaiting: 'hello' }, BOB);
}
