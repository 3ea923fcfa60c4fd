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
 * With bit pairs (profile distill 'pairs') he answers each 'pairs' round [distill] with his
 * mask; with the LDPC reconciler he sends the final mask as 'survivors', waits for Alice's
 * syndrome [reconcile], decodes it with BP, and asks for reveals where BP fails
 * (ldpc/reconcile.ts) before sending the verification tag.
 */
import { randomBytes, Rng } from '../rng.ts';
import { h2 } from '../stats.ts';
import { spreadBits } from './agreement.ts';
import { amplify, paLength, sessionKeyBits } from './amplify.ts';
import { hamming } from './bits.ts';
import { cascadeAbsorb, cascadeNext, cascadePlan, CascadeState, cascadeStart, initialBlockSize, Range } from './cascade.ts';
import { confirmTag, fingerprint, tagsEqual, verifyTag } from './confirm.ts';
import { distillKeep, estimationSample, keptString, remainingPositions } from './distill.ts';
import type { LdpcCode } from './ldpc/code.ts';
import { decodeSyndrome } from './ldpc/decode.ts';
import { LDPC_CHECK_BITS, LDPC_MAX_ITER, ldpcCode, ldpcDisclosed, ldpcPriors, ldpcRows, leastReliable, passesCheck, REVEAL_STEPS, revealCount } from './ldpc/reconcile.ts';
import { bitsAt, pairCount, pairOrder, pairsKept, pairSurvivors } from './pairs.ts';
import type { Point, Separation } from '../separation/types.ts';
import type { Message } from './messages/index.ts';
import type { StepName } from './party.ts';
import { distillOf, paramsHash, Profile, reconcilerOf, roundsAt } from './profile.ts';
import { checkHello, Context, elapsed, expect, fail, makeParty, newContext, RoleParty, RoleSpec, send } from './session.ts';
import { chooseEll, errorAfter, estimateAgreement, pairErrorFromKept, pairRoundsOutcome } from './theory.ts';

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
  /** A separation of the caller's own (as AliceOptions.separation); both sides must use the same. */
  separation?: Separation;
}

/**
 * Bob's context adds his fault-injection hooks and, while Cascade runs, its engine
 * (cascade.ts): a working buffer that absorbs each round's replies in place, like the raw bits,
 * so that his step states stay values that transitions replace and never modify.
 */
export interface BobContext extends Context {
  readonly hooks: BobHooks;
  cascade?: CascadeState;
}

/** After the challenges: their witnesses and points, and his estimation sample. */
interface Challenged {
  /** Challenge witnesses (for LPN: the supports of r) and the points x* sent. */
  rs: number[][];
  xs: Point[];
  sample: number[];
}
/** After the estimate figures: p̂, and the distillation they fix. */
interface Estimated extends Challenged {
  pHat: number;
  /** Repetition length (0 with bit pairs), pair rounds (0 with blocks). */
  ell: number;
  rounds: number;
  remaining: Uint32Array;
  /** The error rate the reconciler is sized for, from p̂ (theory.ts). */
  eHat: number;
  pairStats: { pairs: number; kept: number }[];
}
/** Between pair rounds: the positions of the next round, and the round seed. */
interface Pairing extends Estimated {
  round: number;
  seed: Uint8Array;
  errors: number;
  list: Uint32Array;
}
/** After distillation: his kept string before reconciliation. */
interface Distilled extends Estimated {
  kept: Uint8Array;
  keptBits: Uint8Array;
}
/** Cascade running. */
interface Cascading extends Distilled {
  /** The parity queries of the current Cascade round (the engine is ctx.cascade). */
  lastQuery: Range[];
}
/** LDPC: the code, Alice's syndrome, the bits she revealed, the decoder's attempts. */
interface Decoding extends Distilled {
  code?: LdpcCode;
  syndrome?: Uint8Array;
  /** The syndrome's seed and Alice's decoder check of x (ldpc/reconcile.ts ldpcCheck). */
  seed?: Uint8Array;
  check?: Uint8Array;
  /** Converged words the check rejected. */
  wrongWords: number;
  revealed: ReadonlyMap<number, number>;
  lastQuery: number[];
  attempts: number;
  iterations: number;
}
/** After reconciliation: his corrected string and what it cost. */
interface Reconciled extends Distilled {
  reconciled: { bits: Uint8Array; disclosed: number; flips: number; rounds: number; attempts?: number; iterations?: number; revealed?: number; wrongWords?: number };
}
/** After privacy amplification. */
interface Keyed extends Reconciled {
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
  | ({ awaiting: 'pairs' } & Pairing)
  | ({ awaiting: 'recon-reply' } & Cascading)
  | ({ awaiting: 'syndrome' } & Decoding)
  | ({ awaiting: 'reveal' } & Decoding)
  | ({ awaiting: 'amplify' } & Reconciled)
  | ({ awaiting: 'confirm' } & Keyed)
  | ({ awaiting: 'done' } & Keyed);

type At<K extends BobState['awaiting']> = Extract<BobState, { awaiting: K }>;

const PHASE: Record<BobState['awaiting'], StepName> = {
  hello: 'hello',
  task: 'task',
  distill: 'distill',
  pairs: 'distill',
  'recon-reply': 'reconcile',
  syndrome: 'reconcile',
  reveal: 'reconcile',
  amplify: 'amplify',
  confirm: 'confirm',
  done: 'done',
};

function onHello(ctx: BobContext, msg: Message): At<'task'> {
  expect('bob', 'hello', msg, 'hello');
  checkHello(ctx, msg);
  return { awaiting: 'task' };
}

function onTask(ctx: BobContext, msg: Message): At<'distill'> {
  expect('bob', 'task', msg, 'task');
  const { lim, derived, sep } = ctx;
  const view = sep.openPublic({ seedA: msg.seedA, labels: msg.labels });
  const rs: number[][] = [];
  const xs: Point[] = [];
  for (let b = 0; b < lim.batches; b++) {
    const batch: Point[] = [];
    const count = Math.min(lim.batchSize, derived.challenges - b * lim.batchSize);
    for (let i = 0; i < count; i++) {
      const ch = sep.challenge(view, ctx.rng);
      spreadBits(sep.rawBits(ch.values), lim.L, ctx.raw, xs.length * lim.L);
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

function onDistill(ctx: BobContext, st: At<'distill'>, msg: Message): At<'recon-reply'> | At<'syndrome'> | At<'pairs'> {
  const { profile: p, derived } = ctx;
  if (distillOf(p) === 'pairs') {
    expect('bob', 'distill', msg, 'pairs');
    if (msg.sample !== st.sample.length) fail('SEPKA_ERR_FRAME_FIELD', `pairs reports a sample of ${msg.sample}, we revealed ${st.sample.length}`);
    const pHat = estimateAgreement(msg.errors, msg.sample);
    const rounds = roundsAt(p, pHat);
    if (msg.rounds !== rounds) fail('SEPKA_ERR_FRAME_FIELD', `pairs in ${msg.rounds} rounds, the rule gives ${rounds} at p̂ = ${pHat.toFixed(4)}`);
    const remaining = remainingPositions(derived.rawBits, st.sample);
    const est = { ...st, pHat, ell: 0, rounds, remaining, eHat: pairRoundsOutcome(pHat, rounds).e, pairStats: [] };
    return onPairs(ctx, { ...est, awaiting: 'pairs', round: 0, seed: msg.seed, errors: msg.errors, list: remaining }, msg);
  }
  expect('bob', 'distill', msg, 'distill');
  if (msg.sample !== st.sample.length) fail('SEPKA_ERR_FRAME_FIELD', `distill reports a sample of ${msg.sample}, we revealed ${st.sample.length}`);
  const pHat = estimateAgreement(msg.errors, msg.sample);
  const ell = p.ell === 'auto' ? chooseEll(pHat, p.ellMax) : p.ell;
  if (msg.ell !== ell) fail('SEPKA_ERR_FRAME_FIELD', `distill uses ℓ = ${msg.ell}, the rule gives ℓ = ${ell} at p̂ = ${pHat.toFixed(4)}`, { pHat });
  const remaining = remainingPositions(derived.rawBits, st.sample);
  const blocks = Math.floor(remaining.length / ell);
  if (msg.blocks !== blocks) fail('SEPKA_ERR_FRAME_FIELD', `distill carries ${msg.blocks} blocks, expected ${blocks}`);
  const { kept, values } = distillKeep(ctx.raw, remaining, ell, msg.masked);
  const est: Estimated = { ...st, pHat, ell, rounds: 0, remaining, eHat: errorAfter(pHat, ell), pairStats: [] };
  return startReconcile(ctx, est, 0, kept, keptString(values, kept));
}

/** One pair round: his mask; then the next round's wait, or reconciliation after the last. */
function onPairs(ctx: BobContext, st: At<'pairs'>, msg: Message): At<'pairs'> | At<'recon-reply'> | At<'syndrome'> {
  expect('bob', 'distill', msg, 'pairs');
  if (msg.round !== st.round || msg.rounds !== st.rounds) fail('SEPKA_ERR_FRAME_FIELD', `pair round ${msg.round} of ${msg.rounds}, expected ${st.round} of ${st.rounds}`);
  if (msg.errors !== st.errors || msg.sample !== st.sample.length || !tagsEqual(msg.seed, st.seed)) fail('SEPKA_ERR_FRAME_FIELD', `pair round ${msg.round} changes the estimate figures or the round seed`);
  const pairs = pairCount(st.list.length);
  if (msg.parities.length !== pairs) fail('SEPKA_ERR_FRAME_FIELD', `pair round ${msg.round} carries ${msg.parities.length} parities, expected ${pairs}`);
  const order = pairOrder(st.seed, st.round, st.list.length);
  const kept = pairsKept(ctx.raw, st.list, order, msg.parities);
  const next = pairSurvivors(st.list, order, kept);
  const pairStats = [...st.pairStats, { pairs, kept: next.length }];
  if (st.round < st.rounds - 1) {
    send(ctx, { type: 'survivors', round: st.round, kept });
    return { ...st, pairStats, round: st.round + 1, list: next };
  }
  const { round, seed: _s, errors: _e, list: _l, awaiting: _a, ...est } = st;
  return startReconcile(ctx, { ...est, pairStats, eHat: pairErrorFromKept(pairs, next.length) }, round, kept, bitsAt(ctx.raw, next));
}

/** His kept string is fixed: open Cascade (kept frame + first queries), or send the LDPC mask. */
function startReconcile(ctx: BobContext, st: Estimated, round: number, kept: Uint8Array, keptBits: Uint8Array): At<'recon-reply'> | At<'syndrome'> {
  const p = ctx.profile;
  const N = keptBits.length;
  if (N === 0) fail('SEPKA_ERR_TOO_FEW_BITS', 'no block survived distillation', { ...st, kept, keptBits });
  if (reconcilerOf(p) === 'ldpc') {
    send(ctx, { type: 'survivors', round, kept });
    return { ...st, awaiting: 'syndrome', kept, keptBits, revealed: new Map(), lastQuery: [], attempts: 0, iterations: 0, wrongWords: 0 };
  }
  const k1 = initialBlockSize(st.eHat, N);
  const seed = randomBytes(ctx.rng, 32);
  const cascade = cascadeStart(cascadePlan(seed, N, p.cascadePasses, k1), keptBits.slice());
  ctx.cascade = cascade;
  send(ctx, { type: 'kept', kept, seed, passes: p.cascadePasses, k1 });
  // A fresh Cascade on N ≥ 1 bits always opens with the first pass's block parities.
  const lastQuery = cascadeNext(cascade) ?? fail('SEPKA_ERR_INTERNAL', 'Cascade opened with no query');
  send(ctx, { type: 'recon-query', ranges: lastQuery });
  return { ...st, awaiting: 'recon-reply', kept, keptBits, lastQuery };
}

function onReconReply(ctx: BobContext, st: At<'recon-reply'>, msg: Message): At<'recon-reply'> | At<'amplify'> {
  expect('bob', 'reconcile', msg, 'recon-reply');
  const q = st.lastQuery;
  const c = ctx.cascade ?? fail('SEPKA_ERR_INTERNAL', 'a Cascade reply with no Cascade running');
  if (msg.parities.length !== q.length) fail('SEPKA_ERR_FRAME_FIELD', `recon-reply carries ${msg.parities.length} parities for ${q.length} queries`);
  cascadeAbsorb(c, q, msg.parities);
  const next = cascadeNext(c);
  if (next) {
    send(ctx, { type: 'recon-query', ranges: next });
    return { ...st, lastQuery: next };
  }
  const { lastQuery: _q, awaiting: _a, ...rest } = st;
  return sendVerify(ctx, { ...rest, reconciled: { bits: c.bits, disclosed: c.disclosed, flips: c.flips, rounds: c.rounds } });
}

/** The universal-hash tag of his reconciled string. */
function sendVerify(ctx: BobContext, st: Reconciled): At<'amplify'> {
  ctx.hooks.reconciled?.(st.reconciled.bits);
  const seed = randomBytes(ctx.rng, 32);
  send(ctx, { type: 'verify', seed, tag: verifyTag(seed, st.reconciled.bits, ctx.profile.verifyBits) });
  return { ...st, awaiting: 'amplify' };
}

/** LDPC: Alice's syndrome, then her revealed bits; decode after each. */
function onLdpc(ctx: BobContext, st: At<'syndrome'> | At<'reveal'>, msg: Message): At<'reveal'> | At<'amplify'> {
  const N = st.keptBits.length;
  let { code, syndrome: s, seed, check, revealed } = st;
  if (st.awaiting === 'syndrome') {
    expect('bob', 'reconcile', msg, 'syndrome');
    const rows = ldpcRows(N, st.eHat);
    if (msg.bits.length !== rows) fail('SEPKA_ERR_FRAME_FIELD', `syndrome of ${msg.bits.length} bits, the rule gives ${rows} for N = ${N} at ê = ${st.eHat.toFixed(4)}`);
    code = ldpcCode(msg.seed, N, rows);
    s = msg.bits;
    seed = msg.seed;
    check = msg.check;
  } else {
    expect('bob', 'reconcile', msg, 'reveal');
    if (msg.bits.length !== st.lastQuery.length) fail('SEPKA_ERR_FRAME_FIELD', `reveal carries ${msg.bits.length} bits for ${st.lastQuery.length} positions`);
    const r = new Map(revealed);
    st.lastQuery.forEach((i, k) => r.set(i, msg.bits[k]));
    revealed = r;
  }
  if (!code || !s || !seed || !check) return fail('SEPKA_ERR_INTERNAL', 'LDPC decoding without a code');
  const res = decodeSyndrome(code, s, ldpcPriors(st.keptBits, st.eHat, revealed), LDPC_MAX_ITER);
  const attempts = st.attempts + 1;
  const iterations = st.iterations + res.iterations;
  const disclosed = ldpcDisclosed(code.M, revealed.size);
  // A converged word that fails Alice's check is a wrong codeword: reveal and decode again.
  const passed = res.ok && passesCheck(seed, res.bits, check);
  const wrongWords = st.wrongWords + (res.ok && !passed ? 1 : 0);
  if (passed) {
    const flips = hamming(res.bits, st.keptBits);
    const { code: _c, syndrome: _s, seed: _d, check: _k, revealed: _r, lastQuery: _q, attempts: _n, iterations: _i, wrongWords: _w, awaiting: _a, ...rest } = st;
    return sendVerify(ctx, { ...rest, reconciled: { bits: res.bits, disclosed, flips, rounds: attempts, attempts, iterations, revealed: revealed.size, wrongWords } });
  }
  // A failed frame still reports what it disclosed, the last reveal included (as Alice does).
  const sofar = { code, syndrome: s, seed, check, revealed, attempts, iterations, wrongWords };
  if (attempts > REVEAL_STEPS) fail('SEPKA_ERR_RECONCILE_FAILED', `LDPC decoding failed after ${attempts} attempts (${code.M} syndrome + ${LDPC_CHECK_BITS} check + ${revealed.size} revealed bits of ${N}): frame discarded`, sofar);
  const positions = leastReliable(res.posterior, Math.min(revealCount(N, st.eHat), N - 1 - disclosed), revealed);
  if (positions.length === 0) fail('SEPKA_ERR_RECONCILE_FAILED', `LDPC decoding failed with nothing left to reveal: frame discarded`, sofar);
  send(ctx, { type: 'reveal-query', positions: positions.map((pos) => ({ pos })) });
  return { ...st, ...sofar, awaiting: 'reveal', lastQuery: positions };
}

function onAmplify(ctx: BobContext, st: At<'amplify'>, msg: Message): At<'confirm'> {
  expect('bob', 'amplify', msg, 'amplify');
  const p = ctx.profile;
  const c = st.reconciled;
  const outBits = paLength(c.bits.length, c.disclosed + p.verifyBits, p.paMarginBits);
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
    case 'pairs': return onPairs(ctx, st, msg);
    case 'recon-reply': return onReconReply(ctx, st, msg);
    case 'syndrome':
    case 'reveal': return onLdpc(ctx, st, msg);
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

type Fields = Keyed & Cascading & Decoding & Pairing;
/** A field of whichever state Bob has reached, if that state has it. */
const get = <K extends keyof Fields>(st: BobState, k: K): Fields[K] | undefined => (k in st ? (st as unknown as Fields)[k] : undefined);

/** His reconciliation so far: finished, or Cascade / the LDPC decoder under way. */
function reconSoFar(ctx: BobContext, st: BobState): Reconciled['reconciled'] | undefined {
  const done = get(st, 'reconciled');
  if (done) return done;
  const c = st.awaiting === 'recon-reply' ? ctx.cascade : undefined;
  if (c) return { bits: c.bits, disclosed: c.disclosed, flips: c.flips, rounds: c.rounds };
  const code = get(st, 'code');
  const revealed = get(st, 'revealed');
  const kb = get(st, 'keptBits');
  if (code && revealed && kb) return { bits: kb, disclosed: ldpcDisclosed(code.M, revealed.size), flips: 0, rounds: get(st, 'attempts') ?? 0, attempts: get(st, 'attempts'), iterations: get(st, 'iterations'), revealed: revealed.size, wrongWords: get(st, 'wrongWords') };
  return undefined;
}

function bobStats(ctx: BobContext, st: BobState): Record<string, number | string | boolean> {
  const c = reconSoFar(ctx, st);
  const N = c?.bits.length ?? 0;
  const eAfter = c && N ? c.flips / N : 0;
  const ldpc = reconcilerOf(ctx.profile) === 'ldpc';
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
    ...(ldpc ? { ldpcAttempts: c?.attempts ?? 0, ldpcIterations: c?.iterations ?? 0, ldpcRevealed: c?.revealed ?? 0, ldpcWrongWords: c?.wrongWords ?? 0 } : {}),
    ...(ctx.profile.distill ? { pairRounds: get(st, 'rounds') ?? 0 } : {}),
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
  xs: Point[];
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
    reconciled: reconSoFar(ctx, st)?.bits,
    leakedBits: (reconSoFar(ctx, st)?.disclosed ?? 0) + (outBits !== undefined ? ctx.profile.verifyBits : 0),
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
    return { step: PHASE[st.awaiting], rawBits: n * ctx.profile.L, challenges: n, leakedBits: reconSoFar(ctx, st)?.disclosed ?? 0 };
  },
};

export type BobParty = RoleParty<BobState, BobInspect, BobContext>;

export function createBob(profile: Profile, opts: BobOptions): BobParty {
  const ctx: BobContext = { ...newContext('bob', profile, opts.rng, opts.separation), hooks: opts.hooks ?? {} };
  return makeParty(ctx, { awaiting: 'hello' }, BOB);
}
