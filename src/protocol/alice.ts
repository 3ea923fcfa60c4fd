/**
 * Alice as a pure state machine (issue #3 §2; message flow in messages/types.ts).
 *
 * Alice holds the task: she publishes the seed of A and L label columns, learns ŝ_j with A_μ,
 * answers Bob's challenges with b_A = ⟨x*, ŝ_j⟩, counts errors on Bob's estimation sample,
 * chooses ℓ, masks her block values, answers Cascade parity queries, checks Bob's verification
 * tag, picks the privacy amplification seed and length, and confirms.
 *
 * Steps (state.step while waiting): hello → challenges (batches, then estimate) → distill
 * (kept) → reconcile (queries, then verify) → confirm → done. Anything else is rejected with
 * SEPKA_ERR_OUT_OF_ORDER.
 */
import { randomBytes, Rng } from '../rng.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import { amplify, paLength, sessionKeyBits } from './amplify.ts';
import { CascadePlan, cascadePlan, rangeParity } from './cascade.ts';
import { confirmTag, fingerprint, tagsEqual, verifyTag } from './confirm.ts';
import { countErrors, distillMask, estimationSample, keptString, remainingPositions } from './distill.ts';
import { labelsOf, publishTask, PublishedTask, aliceRawBits, column, spreadBits } from './publish.ts';
import type { Message } from './messages/index.ts';
import type { Party } from './party.ts';
import { paramsHash, Profile } from './profile.ts';
import { coreState, CoreState, elapsed, expect, fail, inspectShared, makeParty, runStep, send, SharedFields } from './session.ts';
import { chooseEll } from './theory.ts';

export interface AliceOptions {
  /** Alice's randomness (secrets, noise, seeds, block values). Drivers derive it per role. */
  rng: Rng;
}

export interface AliceState extends CoreState, SharedFields {
  task?: PublishedTask;
  nextBatch: number;
  challengesSeen: number;
  errors?: number;
  /** Block values c. */
  c?: Uint8Array;
  /** Alice's kept (= reference) string. */
  str?: Uint8Array;
  plan?: CascadePlan;
  disclosed: number;
  reconRounds: number;
}

function onHello(st: AliceState, msg: Message): void {
  expect(st, msg, 'hello');
  const mine = paramsHash(st.profile);
  send(st, { type: 'hello', role: 'alice', protocol: st.profile.name, paramsHash: mine });
  if (msg.role !== 'bob') fail('SEPKA_ERR_FRAME_FIELD', `hello from a peer claiming role ${msg.role}, expected bob`);
  if (msg.protocol !== st.profile.name || !tagsEqual(msg.paramsHash, mine)) {
    fail('SEPKA_ERR_PARAMS_MISMATCH', `peer uses protocol "${msg.protocol}" (params ${bytesToHex(msg.paramsHash).slice(0, 12)}), we use "${st.profile.name}" (params ${bytesToHex(mine).slice(0, 12)})`);
  }
  st.step = 'task';
  st.task = publishTask(st.profile, st.rng);
  send(st, { type: 'task', seedA: st.task.seedA, labels: labelsOf(st.task.Z) });
  st.step = 'challenges';
}

function onChallenges(st: AliceState, msg: Message): void {
  const { lim, derived } = st;
  if (st.nextBatch < lim.batches) {
    expect(st, msg, 'challenges');
    if (msg.batch !== st.nextBatch) fail('SEPKA_ERR_OUT_OF_ORDER', `challenge batch ${msg.batch} arrived, expected batch ${st.nextBatch}`);
    const want = msg.batch < lim.batches - 1 ? lim.batchSize : derived.challenges - (lim.batches - 1) * lim.batchSize;
    if (msg.xs.length !== want) fail('SEPKA_ERR_FRAME_FIELD', `challenge batch ${msg.batch} carries ${msg.xs.length} challenges, expected ${want}`);
    for (const x of msg.xs) {
      spreadBits(aliceRawBits(x, st.task!.SHat), lim.L, st.raw, st.challengesSeen * lim.L);
      st.challengesSeen++;
    }
    st.nextBatch++;
    return;
  }
  expect(st, msg, 'estimate');
  st.step = 'distill';
  if (msg.bits.length !== derived.sampleBits) fail('SEPKA_ERR_FRAME_FIELD', `estimate reveals ${msg.bits.length} bits, expected ${derived.sampleBits}`);
  st.sample = estimationSample(msg.seed, derived.rawBits, derived.sampleBits);
  st.errors = countErrors(st.raw, st.sample, msg.bits);
  st.pHat = 1 - st.errors / st.sample.length;
  const ell = st.profile.ell === 'auto' ? chooseEll(st.pHat, st.profile.ellMax) : st.profile.ell;
  if (ell === 0) fail('SEPKA_ERR_TOO_FEW_BITS', `measured raw agreement ${st.pHat.toFixed(4)} leaves no key for any ℓ ≤ ${st.profile.ellMax}`);
  st.ell = ell;
  st.remaining = remainingPositions(derived.rawBits, st.sample);
  const blocks = Math.floor(st.remaining.length / ell);
  st.c = new Uint8Array(blocks);
  for (let b = 0; b < blocks; b++) st.c[b] = st.rng.u32() & 1;
  const masked = distillMask(st.raw, st.remaining, ell, st.c);
  send(st, { type: 'distill', ell, errors: st.errors, sample: st.sample.length, blocks, masked });
}

function onKept(st: AliceState, msg: Message): void {
  expect(st, msg, 'kept');
  if (msg.kept.length !== st.c!.length) fail('SEPKA_ERR_FRAME_FIELD', `kept mask covers ${msg.kept.length} blocks, expected ${st.c!.length}`);
  if (msg.passes !== st.profile.cascadePasses) fail('SEPKA_ERR_FRAME_FIELD', `Cascade with ${msg.passes} passes, profile says ${st.profile.cascadePasses}`);
  st.kept = msg.kept;
  st.str = keptString(st.c!, msg.kept);
  const N = st.str.length;
  st.step = 'reconcile';
  if (N === 0) fail('SEPKA_ERR_TOO_FEW_BITS', 'no block survived distillation');
  if (msg.k1 > N) fail('SEPKA_ERR_FRAME_FIELD', `Cascade block size ${msg.k1} exceeds the ${N} kept bits`);
  st.plan = cascadePlan(msg.seed, N, msg.passes, msg.k1);
}

function onReconcile(st: AliceState, msg: Message): void {
  expect(st, msg, 'recon-query', 'verify');
  const N = st.str!.length;
  if (msg.type === 'recon-query') {
    const parities = new Uint8Array(msg.ranges.length);
    for (let i = 0; i < msg.ranges.length; i++) {
      const r = msg.ranges[i];
      if (r.pass >= st.plan!.passes || r.hi > N) fail('SEPKA_ERR_FRAME_FIELD', `parity query (${r.pass}, ${r.lo}, ${r.hi}) outside ${st.plan!.passes} passes × ${N} bits`);
      parities[i] = rangeParity(st.plan!, st.str!, r);
    }
    st.disclosed += parities.length;
    st.reconRounds++;
    if (st.disclosed >= N) fail('SEPKA_ERR_TOO_FEW_BITS', `reconciliation asked for ${st.disclosed} parities of a ${N}-bit string`);
    send(st, { type: 'recon-reply', parities });
    return;
  }
  const p = st.profile;
  if (msg.tag.length * 8 !== p.verifyBits) fail('SEPKA_ERR_FRAME_FIELD', `verification tag of ${msg.tag.length * 8} bits, profile says ${p.verifyBits}`);
  if (!tagsEqual(verifyTag(msg.seed, st.str!, p.verifyBits), msg.tag)) {
    fail('SEPKA_ERR_RECONCILE_FAILED', `verification hash differs after reconciliation: the reconciled strings disagree`);
  }
  st.step = 'amplify';
  const outBits = paLength(N, st.disclosed + p.verifyBits, p.paMarginBits);
  const keyBits = sessionKeyBits(outBits, p.targetKeyBits);
  if (keyBits < p.minKeyBits) {
    fail('SEPKA_ERR_TOO_FEW_BITS', `only ${outBits} bits survive privacy amplification (N = ${N}, leaked ${st.disclosed + p.verifyBits}, margin ${p.paMarginBits}); need ${p.minKeyBits}`);
  }
  const seed = randomBytes(st.rng, 32);
  send(st, { type: 'amplify', seed, outBits, keyBits });
  st.outBits = outBits;
  st.keyBits = keyBits;
  st.hStar = st.transcript.digest();
  const k = amplify(st.str!, seed, outBits, keyBits, st.hStar);
  st.key = k.key;
  st.kConf = k.kConf;
  st.step = 'confirm';
  send(st, { type: 'confirm', role: 'alice', tag: confirmTag(k.kConf, st.hStar, 'alice') });
}

function onConfirm(st: AliceState, msg: Message): void {
  expect(st, msg, 'confirm');
  if (msg.role !== 'bob' || !tagsEqual(msg.tag, confirmTag(st.kConf!, st.hStar!, 'bob'))) {
    st.key = undefined;
    fail('SEPKA_ERR_CONFIRM_FAILED', "Bob's confirmation tag does not match: keys or transcripts differ; no key output");
  }
  st.step = 'done';
  st.outcome = { ok: true, key: st.key!, keyBits: st.keyBits!, fingerprint: fingerprint(st.key!), stats: aliceStats(st) };
}

function aliceStats(st: AliceState): Record<string, number | string | boolean> {
  const N = st.str?.length ?? 0;
  return {
    role: 'alice',
    rawBits: st.derived.rawBits,
    challenges: st.challengesSeen,
    sampleBits: st.sample?.length ?? 0,
    pHat: st.pHat ?? NaN,
    ell: st.ell ?? 0,
    blocks: st.c?.length ?? 0,
    keptBits: N,
    leakedBits: st.disclosed + st.profile.verifyBits,
    cascadeParities: st.disclosed,
    reconRounds: st.reconRounds,
    paMarginBits: st.profile.paMarginBits,
    outBits: st.outBits ?? 0,
    keyBits: st.keyBits ?? 0,
    amuAttempts: st.task?.attempts ?? 0,
    ms: elapsed(st),
  };
}

export function aliceStep(st: AliceState, msg: Message): { state: AliceState; out: Uint8Array[] } {
  return runStep(st, msg, (s, m) => {
    switch (s.step) {
      case 'hello': return onHello(s, m);
      case 'challenges': return onChallenges(s, m);
      case 'distill': return onKept(s, m);
      case 'reconcile': return onReconcile(s, m);
      case 'confirm': return onConfirm(s, m);
      default: return fail('SEPKA_ERR_OUT_OF_ORDER', `alice received ${m.type} after the session ended (${s.step})`);
    }
  });
}

export function initialAliceState(profile: Profile, opts: AliceOptions): AliceState {
  const core = coreState('alice', profile, opts.rng);
  return { ...core, raw: new Uint8Array(core.derived.rawBits), nextBatch: 0, challengesSeen: 0, disclosed: 0, reconRounds: 0 };
}

/** Internals for measurement only (never on the wire); the state's fields keep their meaning. */
export interface AliceInspect extends Pick<AliceState, 'raw' | 'sample' | 'pHat' | 'ell' | 'kept' | 'outBits' | 'key'> {
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

export function inspectAlice(st: AliceState): AliceInspect {
  const t = st.task;
  return {
    secrets: t?.secrets ?? [],
    sHat: t ? Array.from({ length: st.profile.L }, (_, j) => column(t.SHat, j)) : [],
    noise: t?.noise ?? [],
    seedA: t?.seedA,
    ...inspectShared(st),
    blockValues: st.c,
    keptString: st.str,
    leakedBits: st.disclosed + (st.outBits !== undefined ? st.profile.verifyBits : 0),
    stats: aliceStats(st),
  };
}

export type AliceParty = Party & { inspect(): AliceInspect; readonly state: AliceState };

export function createAlice(profile: Profile, opts: AliceOptions): AliceParty {
  return makeParty(
    initialAliceState(profile, opts),
    () => {},
    aliceStep,
    inspectAlice,
    (st) => ({ step: st.step, rawBits: st.challengesSeen * st.profile.L, challenges: st.challengesSeen, leakedBits: st.disclosed }),
  );
}
