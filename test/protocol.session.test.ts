/**
 * The bit agreement, message by message: Alice and Bob driven through every step with
 * scripted and malformed messages. Each bad message is rejected by its receiver with its own
 * code at the step it arrived in; the receiver's abort frame reaches the sender (who ends with
 * SEPKA_ERR_PEER_ABORT), and neither side outputs a key. Also: a bit flipped anywhere in Bob's
 * copy fails confirmation; every disclosed parity and the verification tag are counted as
 * leaked, exactly as they travel; the transcript hash covers every frame in both directions.
 * All sessions are seeded (deterministic) on the small test profile.
 */
import { describe, expect, it } from 'vitest';
import { amplify } from '../src/protocol/amplify.ts';
import { confirmTag } from '../src/protocol/confirm.ts';
import { HEADER_BYTES } from '../src/protocol/frame.ts';
import { decodeMessage, encodeMessage, limitsOf, Message, MessageType } from '../src/protocol/messages/index.ts';
import type { Direction, SessionOutcome, StepName } from '../src/protocol/party.ts';
import { Transcript } from '../src/protocol/transcript.ts';
import { fixedWeightIndices, randomBytes, seededRng } from '../src/rng.ts';
import { session, SMALL } from './helpers/protocol.ts';

const lim = limitsOf(SMALL);
const SEED = 11;

/** The honest session's frames, in wire order, with direction and decoded message. */
const wire: { dir: Direction; frame: Uint8Array; msg: Message }[] = [];
const honest = session(SMALL, SEED, { tamper: (dir, frame) => (wire.push({ dir, frame, msg: decodeMessage(frame, lim) }), frame) });

function noKey(o: SessionOutcome): void {
  expect(o.ok).toBe(false);
  expect('key' in o).toBe(false);
}

/**
 * The session ended cleanly after `receiver` rejected a frame from `sender`: the receiver
 * names code and step; the sender got the receiver's abort frame; both are in the final state.
 */
function endedCleanly(r: ReturnType<typeof session>, receiverRole: 'alice' | 'bob', code: string, step?: StepName): void {
  const receiver = receiverRole === 'alice' ? r.alice : r.bob;
  const sender = receiverRole === 'alice' ? r.bob : r.alice;
  expect(receiver).toMatchObject({ ok: false, code, ...(step ? { step } : {}) });
  expect(sender).toMatchObject({ ok: false, code: 'SEPKA_ERR_PEER_ABORT' });
  if (!sender.ok) expect(sender.reason).toContain(code);
  noKey(r.alice);
  noKey(r.bob);
  expect(r.alice_.step).toBe('failed');
  expect(r.bob_.step).toBe('failed');
  expect(r.alice_.inspect().key).toBeUndefined();
  expect(r.bob_.inspect().key).toBeUndefined();
}

const receiverOf = (dir: Direction): 'alice' | 'bob' => (dir === 'bob->alice' ? 'alice' : 'bob');

describe('the honest scripted session', () => {
  it('passes through every step and message type', () => {
    expect(honest.alice.ok && honest.bob.ok).toBe(true);
    const types = new Set(wire.map((x) => x.msg.type));
    for (const t of ['hello', 'task', 'challenges', 'estimate', 'distill', 'kept', 'recon-query', 'recon-reply', 'verify', 'amplify', 'confirm']) {
      expect(types.has(t as MessageType), t).toBe(true);
    }
  });
});

describe('header manglers at every position (wrong version, unknown type, extended, zeroed)', () => {
  const manglers: [string, string, (f: Uint8Array) => Uint8Array][] = [
    ['wrong version', 'SEPKA_ERR_FRAME_VERSION', (f) => Object.assign(f.slice(), { 1: f[1] + 1 })],
    ['unknown type', 'SEPKA_ERR_FRAME_TYPE', (f) => Object.assign(f.slice(), { 2: 0xee })],
    ['extended by one byte', 'SEPKA_ERR_FRAME_TOO_LONG', (f) => Uint8Array.of(...f, 0)],
    ['zeroed', 'SEPKA_ERR_FRAME_VERSION', (f) => new Uint8Array(f.length)],
  ];
  for (const [name, code, mangle] of manglers) {
    it(`${name} → ${code} at the receiver's step, whoever receives it`, () => {
      const steps = new Set<string>();
      for (let k = 0; k < wire.length; k++) {
        const r = session(SMALL, SEED, { tamper: (_d, f, i) => (i === k ? mangle(f) : f) });
        const to = receiverOf(wire[k].dir);
        if (k < wire.length - 1) endedCleanly(r, to, code);
        else {
          // Bob's final confirmation: he already holds a confirmed key; Alice cannot check his
          // tag and outputs none (the last-message asymmetry of any two-party protocol).
          expect(r.alice).toMatchObject({ ok: false, code, step: 'confirm' });
          expect(r.bob.ok).toBe(true);
        }
        const rec = to === 'alice' ? r.alice : r.bob;
        if (!rec.ok) steps.add(`${to}:${rec.step}`);
      }
      // Every step of both parties saw a mangled frame.
      expect([...steps].sort()).toEqual(
        ['alice:hello', 'alice:challenges', 'alice:distill', 'alice:reconcile', 'alice:confirm', 'bob:hello', 'bob:task', 'bob:distill', 'bob:reconcile', 'bob:amplify', 'bob:confirm'].sort(),
      );
    });
  }
});

/** Replace the first message of `type` travelling in `dir` by `edit(msg)`, re-encoded legally. */
function scripted(dir: Direction, type: MessageType, edit: (m: any) => Message) {
  let done = false;
  return session(SMALL, SEED, {
    tamper: (d, f) => {
      if (done || d !== dir || f.length <= HEADER_BYTES) return f;
      const m = decodeMessage(f, lim);
      if (m.type !== type) return f;
      done = true;
      return encodeMessage(edit(structuredClone(m)), lim);
    },
  });
}

const flipByte = (b: Uint8Array, i = 0): Uint8Array => Object.assign(b.slice(), { [i]: b[i] ^ 1 });

describe('well-formed frames with wrong content, at every step', () => {
  // [direction, message, what is wrong, edit, receiver's code, receiver's step]
  const cases: [Direction, MessageType, string, (m: any) => Message, string, StepName][] = [
    ['bob->alice', 'hello', 'claims to be alice', (m) => ({ ...m, role: 'alice' }), 'SEPKA_ERR_FRAME_FIELD', 'hello'],
    ['bob->alice', 'hello', 'other protocol', (m) => ({ ...m, protocol: 'other' }), 'SEPKA_ERR_PARAMS_MISMATCH', 'hello'],
    ['bob->alice', 'hello', 'other parameters', (m) => ({ ...m, paramsHash: flipByte(m.paramsHash, 31) }), 'SEPKA_ERR_PARAMS_MISMATCH', 'hello'],
    ['alice->bob', 'hello', 'claims to be bob', (m) => ({ ...m, role: 'bob' }), 'SEPKA_ERR_FRAME_FIELD', 'hello'],
    ['alice->bob', 'hello', 'other parameters', (m) => ({ ...m, paramsHash: flipByte(m.paramsHash) }), 'SEPKA_ERR_PARAMS_MISMATCH', 'hello'],
    ['bob->alice', 'challenges', 'batch 1 first', (m) => ({ ...m, batch: 1 }), 'SEPKA_ERR_OUT_OF_ORDER', 'challenges'],
    ['bob->alice', 'challenges', 'one challenge short', (m) => ({ ...m, xs: m.xs.slice(1) }), 'SEPKA_ERR_FRAME_FIELD', 'challenges'],
    ['bob->alice', 'estimate', 'one sample bit short', (m) => ({ ...m, bits: m.bits.slice(1) }), 'SEPKA_ERR_FRAME_FIELD', 'distill'],
    ['alice->bob', 'distill', 'other sample size', (m) => ({ ...m, sample: m.sample - 1, errors: 0 }), 'SEPKA_ERR_FRAME_FIELD', 'distill'],
    ['alice->bob', 'distill', 'ℓ off the rule', (m) => ({ ...m, ell: m.ell + 1, masked: new Uint8Array(m.blocks * (m.ell + 1)) }), 'SEPKA_ERR_FRAME_FIELD', 'distill'],
    ['alice->bob', 'distill', 'one block short', (m) => ({ ...m, blocks: m.blocks - 1, masked: m.masked.slice(m.ell) }), 'SEPKA_ERR_FRAME_FIELD', 'distill'],
    ['bob->alice', 'kept', 'mask one block short', (m) => ({ ...m, kept: m.kept.slice(1) }), 'SEPKA_ERR_FRAME_FIELD', 'distill'],
    ['bob->alice', 'kept', 'other Cascade passes', (m) => ({ ...m, passes: m.passes + 1 }), 'SEPKA_ERR_FRAME_FIELD', 'distill'],
    ['bob->alice', 'kept', 'block size past the kept bits', (m) => ({ ...m, k1: m.kept.length + 1 }), 'SEPKA_ERR_FRAME_FIELD', 'reconcile'],
    ['bob->alice', 'recon-query', 'range past the kept bits', (m) => ({ ...m, ranges: [{ pass: 0, lo: 0, hi: lim.maxRaw }] }), 'SEPKA_ERR_FRAME_FIELD', 'reconcile'],
    ['bob->alice', 'recon-query', 'pass past the plan', (m) => ({ ...m, ranges: [{ ...m.ranges[0], pass: 15 }] }), 'SEPKA_ERR_FRAME_FIELD', 'reconcile'],
    ['alice->bob', 'recon-reply', 'one parity short', (m) => ({ ...m, parities: m.parities.length > 1 ? m.parities.slice(1) : Uint8Array.of(0, 0) }), 'SEPKA_ERR_FRAME_FIELD', 'reconcile'],
    ['bob->alice', 'verify', 'tag of another length', (m) => ({ ...m, tag: m.tag.slice(1) }), 'SEPKA_ERR_FRAME_FIELD', 'reconcile'],
    ['bob->alice', 'verify', 'tag with a flipped bit', (m) => ({ ...m, tag: flipByte(m.tag) }), 'SEPKA_ERR_RECONCILE_FAILED', 'reconcile'],
    ['alice->bob', 'amplify', 'output length off by 8', (m) => ({ ...m, outBits: m.outBits - 8 }), 'SEPKA_ERR_FRAME_FIELD', 'amplify'],
    ['alice->bob', 'amplify', 'another Toeplitz seed', (m) => ({ ...m, seed: flipByte(m.seed) }), 'SEPKA_ERR_CONFIRM_FAILED', 'confirm'],
    ['alice->bob', 'confirm', 'role bob', (m) => ({ ...m, role: 'bob' }), 'SEPKA_ERR_CONFIRM_FAILED', 'confirm'],
    ['alice->bob', 'confirm', 'tag with a flipped bit', (m) => ({ ...m, tag: flipByte(m.tag, 31) }), 'SEPKA_ERR_CONFIRM_FAILED', 'confirm'],
    ['bob->alice', 'task', 'a task sent by Bob', () => ({ type: 'task', seedA: new Uint8Array(32), labels: new Uint8Array(lim.m * lim.L) }), 'SEPKA_ERR_OUT_OF_ORDER', 'challenges'],
  ];
  for (const [dir, type, what, edit, code, step] of cases) {
    it(`${dir} ${type}, ${what} → ${code} at ${step}`, () => {
      // 'task' from Bob replaces his first challenge batch (Bob never sends a task).
      const r = type === 'task' ? scripted(dir, 'challenges', edit) : scripted(dir, type, edit);
      endedCleanly(r, receiverOf(dir), code, step);
    });
  }

  it("Bob's confirmation with the wrong role or tag leaves Alice without a key", () => {
    for (const edit of [(m: any) => ({ ...m, role: 'alice' }), (m: any) => ({ ...m, tag: flipByte(m.tag) })]) {
      const r = scripted('bob->alice', 'confirm', edit);
      expect(r.alice).toMatchObject({ ok: false, code: 'SEPKA_ERR_CONFIRM_FAILED', step: 'confirm' });
      noKey(r.alice);
      expect(r.alice_.inspect().key).toBeUndefined();
    }
  });
});

describe("a flipped bit anywhere in Bob's copy", () => {
  it('after reconciliation, at the ends, word boundaries and random positions: confirmation fails, no key', () => {
    const N = honest.bob_.inspect().reconciled!.length;
    const where = [...new Set([0, 1, 7, 8, 31, 32, N >>> 1, N - 2, N - 1, ...fixedWeightIndices(seededRng(1, 'test/flip'), N, 6)])];
    for (const i of where) {
      const r = session(SMALL, SEED, { hooks: { beforeAmplify: (bits) => void (bits[i] ^= 1) } });
      expect(r.bob, `position ${i}`).toMatchObject({ ok: false, code: 'SEPKA_ERR_CONFIRM_FAILED', step: 'confirm' });
      expect(r.alice).toMatchObject({ ok: false, code: 'SEPKA_ERR_PEER_ABORT' });
      noKey(r.alice);
      noKey(r.bob);
    }
  });

  it('at every position of a reconciled string, the keys and both confirmation tags change', () => {
    const rng = seededRng(2, 'test/flip-all');
    const N = 700;
    const bits = Uint8Array.from({ length: N }, () => rng.u32() & 1);
    const seed = randomBytes(rng, 32);
    const h = randomBytes(rng, 32);
    const ref = amplify(bits, seed, 300, 128, h);
    const tags = (k: Uint8Array) => Buffer.concat([confirmTag(k, h, 'alice'), confirmTag(k, h, 'bob')]).toString('hex');
    const refTags = tags(ref.kConf);
    for (let i = 0; i < N; i++) {
      const b = bits.slice();
      b[i] ^= 1;
      const k = amplify(b, seed, 300, 128, h);
      // T·e_i is column i of the Toeplitz matrix: zero with probability 2^-300.
      expect(Buffer.from(k.key).equals(Buffer.from(ref.key)), `position ${i}`).toBe(false);
      expect(tags(k.kConf)).not.toBe(refTags);
    }
  });
});

describe('what is counted and what is hashed', () => {
  it('leaked bits = every parity that travelled + the verification tag, on both sides', () => {
    let parities = 0;
    let queried = 0;
    let tagBits = 0;
    for (const { msg } of wire) {
      if (msg.type === 'recon-reply') parities += msg.parities.length;
      if (msg.type === 'recon-query') queried += msg.ranges.length;
      if (msg.type === 'verify') tagBits += 8 * msg.tag.length;
    }
    expect(parities).toBe(queried);
    expect(tagBits).toBe(SMALL.verifyBits);
    const a = honest.alice_.inspect();
    const b = honest.bob_.inspect();
    for (const s of [a.stats, b.stats]) {
      expect(s.cascadeParities).toBe(parities);
      expect(s.leakedBits).toBe(parities + tagBits);
      expect(s.outBits).toBe((s.keptBits as number) - parities - tagBits - SMALL.paMarginBits);
    }
    expect(a.leakedBits).toBe(parities + tagBits);
    expect(b.leakedBits).toBe(parities + tagBits);
    const amp = wire.find((x) => x.msg.type === 'amplify')!.msg;
    expect(amp).toMatchObject({ outBits: a.stats.outBits });
  });

  it('the transcript hash both sides confirm covers every frame in both directions, in order', () => {
    const t = new Transcript();
    const upTo = wire.findIndex((x) => x.msg.type === 'amplify');
    for (let k = 0; k <= upTo; k++) t.update(wire[k].frame);
    expect(Buffer.from(honest.alice_.inspect().transcriptHash!).toString('hex')).toBe(Buffer.from(t.digest()).toString('hex'));
    expect(Buffer.from(honest.bob_.inspect().transcriptHash!).toString('hex')).toBe(Buffer.from(t.digest()).toString('hex'));
    // And each side absorbed every frame it sent or received, the final confirmations included.
    for (const p of [honest.alice_, honest.bob_]) {
      expect(p.context.transcript.frames).toBe(wire.length);
      expect(p.context.frames.sent + p.context.frames.received).toBe(wire.length);
    }
  });

});
