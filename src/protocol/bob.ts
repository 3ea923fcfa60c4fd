/**
 * Bob as a pure state machine (issue #3 §2; message flow in messages/types.ts).
 *
 * Bob opens with hello, expands A from Alice's seed, sends all challenges x* = rᵀA (r uniform
 * of weight w) in batches with his estimation sample, keeps the repetition blocks whose masked
 * values all agree with his bits, drives Cascade, sends the verification tag, applies Alice's
 * amplification and checks her confirmation before sending his own.
 *
 * Steps (state.step while waiting): hello → task → distill → reconcile → amplify → confirm →
 * done. Anything else is rejected with SEPKA_ERR_OUT_OF_ORDER.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomBytes, Rng } from '../rng.ts';
import { Mat } from '../gf2/mat.ts';
import { expandMatrix } from '../task/expand.ts';
import { amplify, paLength, sessionKeyBits } from './amplify.ts';
import { cascadeAbsorb, cascadeNext, cascadePlan, CascadeState, cascadeStart, initialBlockSize, Range } from './cascade.ts';
import { confirmTag, fingerprint, tagsEqual, verifyTag } from './confirm.ts';
import { distillKeep, estimationSample, keptString, remainingPositions } from './distill.ts';
import type { Message } from './messages/index.ts';
import type { Party } from './party.ts';
import { paramsHash, Profile } from './profile.ts';
import { labelsToMat, makeChallenge, spreadBits } from './publish.ts';
import { coreState, CoreState, elapsed, expect, fail, inspectShared, makeParty, runStep, send, SharedFields } from './session.ts';
import { h2 } from '../stats.ts';
import { chooseEll, errorAfter } from './theory.ts';

/** Test hooks: each may modify Bob's string in place at that point (fault injection). */
export interface BobHooks {
  /** After Cascade, before the verification tag. */
  reconciled?(bits: Uint8Array): void;
  /** After verification, before privacy amplification. */
  beforeAmplify?(bits: Uint8Array): void;
}

export interface BobOptions {
  /** Bob's randomness (challenges r, public seeds). Drivers derive it per role. */
  rng: Rng;
  hooks?: BobHooks;
}

export interface BobState extends CoreState, SharedFields {
  hooks: BobHooks;
  A?: Mat;
  Z?: Mat;
  /** Challenge supports r (sorted indices) and challenges x*. */
  rs: number[][];
  xs: Uint32Array[];
  /** Bob's kept string before reconciliation. */
  keptBits?: Uint8Array;
  cascade?: CascadeState;
  lastQuery?: Range[];
}

function onHello(st: BobState, msg: Message): void {
  expect(st, msg, 'hello');
  if (msg.role !== 'alice') fail('SEPKA_ERR_FRAME_FIELD', `hello from a peer claiming role ${msg.role}, expected alice`);
  const mine = paramsHash(st.profile);
  if (msg.protocol !== st.profile.name || !tagsEqual(msg.paramsHash, mine)) {
    fail('SEPKA_ERR_PARAMS_MISMATCH', `peer uses protocol "${msg.protocol}" (params ${bytesToHex(msg.paramsHash).slice(0, 12)}), we use "${st.profile.name}" (params ${bytesToHex(mine).slice(0, 12)})`);
  }
  st.step = 'task';
}

function onTask(st: BobState, msg: Message): void {
  expect(st, msg, 'task');
  const { profile: p, lim, derived } = st;
  st.A = expandMatrix(msg.seedA, p.m, p.n);
  st.Z = labelsToMat(msg.labels, p.m, p.L);
  st.step = 'challenges';
  for (let b = 0; b < lim.batches; b++) {
    const xs: Uint32Array[] = [];
    const count = Math.min(lim.batchSize, derived.challenges - b * lim.batchSize);
    for (let i = 0; i < count; i++) {
      const ch = makeChallenge(st.A, st.Z, p.w, st.rng);
      spreadBits(ch.bits, p.L, st.raw, st.xs.length * p.L);
      st.rs.push(ch.r);
      st.xs.push(ch.x);
      xs.push(ch.x);
    }
    send(st, { type: 'challenges', batch: b, batches: lim.batches, xs });
  }
  const seed = randomBytes(st.rng, 32);
  st.sample = estimationSample(seed, derived.rawBits, derived.sampleBits);
  send(st, { type: 'estimate', seed, bits: Uint8Array.from(st.sample, (i) => st.raw[i]) });
  st.step = 'distill';
}

function onDistill(st: BobState, msg: Message): void {
  expect(st, msg, 'distill');
  const { profile: p, derived } = st;
  if (msg.sample !== st.sample!.length) fail('SEPKA_ERR_FRAME_FIELD', `distill reports a sample of ${msg.sample}, we revealed ${st.sample!.length}`);
  st.pHat = 1 - msg.errors / msg.sample;
  const ell = p.ell === 'auto' ? chooseEll(st.pHat, p.ellMax) : p.ell;
  if (msg.ell !== ell) fail('SEPKA_ERR_FRAME_FIELD', `distill uses ℓ = ${msg.ell}, the rule gives ℓ = ${ell} at p̂ = ${st.pHat.toFixed(4)}`);
  st.remaining = remainingPositions(derived.rawBits, st.sample!);
  const blocks = Math.floor(st.remaining.length / ell);
  if (msg.blocks !== blocks) fail('SEPKA_ERR_FRAME_FIELD', `distill carries ${msg.blocks} blocks, expected ${blocks}`);
  st.ell = ell;
  const { kept, values } = distillKeep(st.raw, st.remaining, ell, msg.masked);
  st.kept = kept;
  st.keptBits = keptString(values, kept);
  const N = st.keptBits.length;
  if (N === 0) fail('SEPKA_ERR_TOO_FEW_BITS', 'no block survived distillation');
  st.step = 'reconcile';
  const k1 = initialBlockSize(errorAfter(st.pHat, ell), N);
  const seed = randomBytes(st.rng, 32);
  st.cascade = cascadeStart(cascadePlan(seed, N, p.cascadePasses, k1), st.keptBits.slice());
  send(st, { type: 'kept', kept, seed, passes: p.cascadePasses, k1 });
  st.lastQuery = cascadeNext(st.cascade)!;
  send(st, { type: 'recon-query', ranges: st.lastQuery });
}

function onReconReply(st: BobState, msg: Message): void {
  expect(st, msg, 'recon-reply');
  const q = st.lastQuery!;
  if (msg.parities.length !== q.length) fail('SEPKA_ERR_FRAME_FIELD', `recon-reply carries ${msg.parities.length} parities for ${q.length} queries`);
  cascadeAbsorb(st.cascade!, q, msg.parities);
  const next = cascadeNext(st.cascade!);
  if (next) {
    st.lastQuery = next;
    send(st, { type: 'recon-query', ranges: next });
    return;
  }
  const bits = st.cascade!.bits;
  st.hooks.reconciled?.(bits);
  const seed = randomBytes(st.rng, 32);
  send(st, { type: 'verify', seed, tag: verifyTag(seed, bits, st.profile.verifyBits) });
  st.step = 'amplify';
}

function onAmplify(st: BobState, msg: Message): void {
  expect(st, msg, 'amplify');
  const p = st.profile;
  const c = st.cascade!;
  const outBits = paLength(c.plan.N, c.disclosed + p.verifyBits, p.paMarginBits);
  const keyBits = sessionKeyBits(outBits, p.targetKeyBits);
  if (msg.outBits !== outBits || msg.keyBits !== keyBits) {
    fail('SEPKA_ERR_FRAME_FIELD', `amplify to ${msg.outBits}/${msg.keyBits} bits, we compute ${outBits}/${keyBits}`);
  }
  st.hStar = st.transcript.digest();
  st.hooks.beforeAmplify?.(c.bits);
  const k = amplify(c.bits, msg.seed, outBits, keyBits, st.hStar);
  st.outBits = outBits;
  st.keyBits = keyBits;
  st.key = k.key;
  st.kConf = k.kConf;
  st.step = 'confirm';
}

function onConfirm(st: BobState, msg: Message): void {
  expect(st, msg, 'confirm');
  if (msg.role !== 'alice' || !tagsEqual(msg.tag, confirmTag(st.kConf!, st.hStar!, 'alice'))) {
    st.key = undefined;
    fail('SEPKA_ERR_CONFIRM_FAILED', "Alice's confirmation tag does not match: keys or transcripts differ; no key output");
  }
  send(st, { type: 'confirm', role: 'bob', tag: confirmTag(st.kConf!, st.hStar!, 'bob') });
  st.step = 'done';
  st.outcome = { ok: true, key: st.key!, keyBits: st.keyBits!, fingerprint: fingerprint(st.key!), stats: bobStats(st) };
}

function bobStats(st: BobState): Record<string, number | string | boolean> {
  const c = st.cascade;
  const N = c?.plan.N ?? 0;
  const eAfter = c && N ? c.flips / N : 0;
  return {
    role: 'bob',
    rawBits: st.derived.rawBits,
    challenges: st.xs.length,
    sampleBits: st.sample?.length ?? 0,
    pHat: st.pHat ?? NaN,
    ell: st.ell ?? 0,
    blocks: st.kept?.length ?? 0,
    keptBits: N,
    errorsCorrected: c?.flips ?? 0,
    errorRateAfterDistill: eAfter,
    cascadeParities: c?.disclosed ?? 0,
    leakedBits: (c?.disclosed ?? 0) + st.profile.verifyBits,
    reconRounds: c?.rounds ?? 0,
    // f = leak / (N·h(e)), e = errors Cascade corrected / N (DESIGN.md §3).
    reconciliationF: c && eAfter > 0 ? c.disclosed / (N * h2(eAfter)) : NaN,
    paMarginBits: st.profile.paMarginBits,
    outBits: st.outBits ?? 0,
    keyBits: st.keyBits ?? 0,
    ms: elapsed(st),
  };
}

export function bobStep(st: BobState, msg: Message): { state: BobState; out: Uint8Array[] } {
  return runStep(st, msg, (s, m) => {
    switch (s.step) {
      case 'hello': return onHello(s, m);
      case 'task': return onTask(s, m);
      case 'distill': return onDistill(s, m);
      case 'reconcile': return onReconReply(s, m);
      case 'amplify': return onAmplify(s, m);
      case 'confirm': return onConfirm(s, m);
      default: return fail('SEPKA_ERR_OUT_OF_ORDER', `bob received ${m.type} after the session ended (${s.step})`);
    }
  });
}

/** Bob opens: hello. */
function sendHello(st: BobState): void {
  send(st, { type: 'hello', role: 'bob', protocol: st.profile.name, paramsHash: paramsHash(st.profile) });
}

export function bobStart(st: BobState): { state: BobState; out: Uint8Array[] } {
  sendHello(st);
  const out = st.outbox;
  st.outbox = [];
  return { state: st, out };
}

export function initialBobState(profile: Profile, opts: BobOptions): BobState {
  const core = coreState('bob', profile, opts.rng);
  return { ...core, hooks: opts.hooks ?? {}, rs: [], xs: [], raw: new Uint8Array(core.derived.rawBits) };
}

/** Internals for measurement only (never on the wire); the state's fields keep their meaning. */
export interface BobInspect extends Pick<BobState, 'rs' | 'xs' | 'raw' | 'sample' | 'pHat' | 'ell' | 'kept' | 'outBits' | 'key'> {
  /** Bob's kept string before and after Cascade. */
  keptString?: Uint8Array;
  reconciled?: Uint8Array;
  leakedBits: number;
  transcriptHash?: Uint8Array;
  stats: Record<string, number | string | boolean>;
}

export function inspectBob(st: BobState): BobInspect {
  return {
    rs: st.rs,
    xs: st.xs,
    ...inspectShared(st),
    keptString: st.keptBits,
    reconciled: st.cascade?.bits,
    leakedBits: (st.cascade?.disclosed ?? 0) + (st.outBits !== undefined ? st.profile.verifyBits : 0),
    stats: bobStats(st),
  };
}

export type BobParty = Party & { inspect(): BobInspect; readonly state: BobState };

export function createBob(profile: Profile, opts: BobOptions): BobParty {
  return makeParty(
    initialBobState(profile, opts),
    sendHello,
    bobStep,
    inspectBob,
    (st) => ({ step: st.step, rawBits: st.xs.length * st.profile.L, challenges: st.xs.length, leakedBits: st.cascade?.disclosed ?? 0 }),
  );
}
