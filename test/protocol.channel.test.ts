/**
 * Alice and Bob end to end : full sessions agree and confirm; raw
 * agreement matches (1 + (1−2θ)^w)/2; any tampering, any flipped bit in Bob's copy, a
 * parameter mismatch, and out-of-order or malformed frames at every step end the session
 * cleanly with a named failure and no key on either side.
 */
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, limitsOf, Message } from '../src/protocol/messages/index.ts';
import { loadProfile, withOverrides } from '../src/protocol/profile.ts';
import { rawAgreementTheory } from '../src/protocol/theory.ts';
import { clusteredRate } from '../src/measure/rates.ts';
import { runInMemorySession } from '../src/protocol/channel.ts';
import { vecEqual } from '../src/gf2/vec.ts';
import { contains } from '../src/stats.ts';
import { parties, session, SMALL } from './helpers/protocol.ts';
import type { SessionOutcome } from '../src/protocol/party.ts';

const DEFAULT = loadProfile('demo-256');

function noKey(o: SessionOutcome): void {
  expect(o.ok).toBe(false);
  expect('key' in o).toBe(false);
}

describe('full sessions on demo-256', () => {
  const runs = [1, 2, 3].map((s) => session(DEFAULT, s));

  it('agree and confirm with ≥ 128-bit keys', () => {
    for (const r of runs) {
      expect(r.alice.ok && r.bob.ok).toBe(true);
      if (!r.alice.ok || !r.bob.ok) continue;
      expect(Buffer.from(r.alice.key).equals(Buffer.from(r.bob.key))).toBe(true);
      expect(r.alice.keyBits).toBeGreaterThanOrEqual(128);
      expect(r.alice.key.length * 8).toBe(r.alice.keyBits);
      expect(r.alice.fingerprint).toBe(r.bob.fingerprint);
      expect(r.alice_.inspect().keptString).toEqual(r.bob_.inspect().reconciled);
    }
    // Different sessions, different keys.
    expect(new Set(runs.map((r) => (r.alice.ok ? r.alice.fingerprint : ''))).size).toBe(runs.length);
  });

  it('A_μ recovers every secret (rank(A) = n)', () => {
    for (const r of runs) {
      const a = r.alice_.inspect();
      expect(a.secrets.length).toBe(DEFAULT.L);
      a.secrets.forEach((s, j) => expect(vecEqual(s, a.sHat[j])).toBe(true));
    }
  });

  it('raw agreement matches (1 + (1−2θ)^w)/2 within its 99% interval', () => {
    // Clusters: one (session, label column) each, since the bits of a column share e_j.
    const clusters: [number, number][] = [];
    for (const r of runs) {
      const a = r.alice_.inspect().raw;
      const b = r.bob_.inspect().raw;
      const L = DEFAULT.L;
      for (let j = 0; j < L; j++) {
        let agree = 0;
        let total = 0;
        for (let i = j; i < a.length; i += L, total++) agree += 1 - (a[i] ^ b[i]);
        clusters.push([agree, total]);
      }
    }
    const [lo, hi] = clusteredRate(clusters).ci;
    const theory = rawAgreementTheory(DEFAULT.theta, DEFAULT.w);
    expect(contains({ lo, hi }, theory), `theory ${theory} not in [${lo}, ${hi}]`).toBe(true);
    expect(hi - lo).toBeLessThan(0.02);
  });

  it("raw disagreements are exactly ⟨r, e_j⟩ (Bob's r, Alice's noise)", () => {
    const a = runs[0].alice_.inspect();
    const b = runs[0].bob_.inspect();
    const L = DEFAULT.L;
    for (let c = 0; c < 50; c++) {
      for (let j = 0; j < L; j++) {
        let par = 0;
        for (const i of b.rs[c]) par ^= (a.noise[j][i >>> 5] >>> (i & 31)) & 1;
        expect(a.raw[c * L + j] ^ b.raw[c * L + j]).toBe(par);
      }
    }
    expect(b.rs.every((r) => r.length === DEFAULT.w)).toBe(true);
  });

  it('reports what it chose', () => {
    const s = runs[0].bob.ok ? runs[0].bob.stats : {};
    for (const k of ['rawBits', 'pHat', 'ell', 'keptBits', 'leakedBits', 'reconciliationF', 'outBits', 'keyBits', 'ms']) expect(s).toHaveProperty(k);
    expect(s.leakedBits).toBe((s.cascadeParities as number) + DEFAULT.verifyBits);
    expect(s.outBits).toBe((s.keptBits as number) - (s.leakedBits as number) - DEFAULT.paMarginBits);
  });
});

describe('faults end the session with no key', () => {
  it('a flipped bit in Bob\'s reconciled string fails verification at reconcile', () => {
    const r = session(SMALL, 7, { hooks: { reconciled: (bits) => void (bits[bits.length >>> 1] ^= 1) } });
    noKey(r.alice);
    noKey(r.bob);
    expect(r.alice).toMatchObject({ code: 'SEPKA_ERR_RECONCILE_FAILED', step: 'reconcile' });
    expect(r.bob).toMatchObject({ code: 'SEPKA_ERR_PEER_ABORT' });
    expect(r.alice_.inspect().key).toBeUndefined();
    expect(r.bob_.inspect().key).toBeUndefined();
  });

  it("a flipped bit in Bob's string after verification fails confirmation", () => {
    for (const where of [0, 17, 100]) {
      const r = session(SMALL, 8, { hooks: { beforeAmplify: (bits) => void (bits[where] ^= 1) } });
      noKey(r.alice);
      noKey(r.bob);
      expect(r.bob).toMatchObject({ code: 'SEPKA_ERR_CONFIRM_FAILED', step: 'confirm' });
      expect(r.alice).toMatchObject({ code: 'SEPKA_ERR_PEER_ABORT' });
    }
  });

  it('a bit flipped in any frame in flight leaves both sides without a key (small profile)', () => {
    const honest = session(SMALL, 9);
    expect(honest.alice.ok && honest.bob.ok).toBe(true);
    const total = honest.frames;
    // Every frame but the last (Bob's confirmation, after which Bob already holds a confirmed
    // key; see the truncation test below).
    for (let k = 0; k < total - 1; k++) {
      const r = session(SMALL, 9, { tamper: (_d, f, i) => (i === k ? flip(f, (k * 7919) % (f.length * 8)) : f) });
      noKey(r.alice);
      noKey(r.bob);
    }
  });

  it('a bit flipped in a challenge frame on demo-256 fails confirmation', () => {
    const r = session(DEFAULT, 4, { tamper: (d, f, i) => (i === 3 ? flip(f, 8 * 20 + 5) : f) });
    noKey(r.alice);
    noKey(r.bob);
  });

  it('a parameter mismatch aborts at hello on both sides', () => {
    const alice = parties(DEFAULT, 1).alice;
    const bob = parties(withOverrides(DEFAULT, { w: 14 }), 1).bob;
    const r = runInMemorySession(alice, bob);
    for (const o of [r.alice, r.bob]) {
      noKey(o);
      expect(o).toMatchObject({ code: 'SEPKA_ERR_PARAMS_MISMATCH', step: 'hello' });
      if (!o.ok) expect(o.reason).toMatch(/peer uses protocol "demo-256" \(params [0-9a-f]{12}\), we use "demo-256"/);
    }
    const other = runInMemorySession(parties(DEFAULT, 1).alice, parties(loadProfile('paper-1024'), 1).bob);
    expect(other.bob).toMatchObject({ code: 'SEPKA_ERR_PARAMS_MISMATCH' });
  });
});

function flip(f: Uint8Array, bit: number): Uint8Array {
  const g = f.slice();
  g[bit >>> 3] ^= 1 << (bit & 7);
  return g;
}

describe('scripted and malformed messages at every step', () => {
  const lim = limitsOf(SMALL);
  const honest = session(SMALL, 11);
  const N = honest.frames;

  it('the honest session succeeds', () => {
    expect(honest.alice.ok && honest.bob.ok).toBe(true);
  });

  it('an out-of-order message at any position is rejected with SEPKA_ERR_OUT_OF_ORDER', () => {
    const steps = new Set<string>();
    for (let k = 0; k < N; k++) {
      // hello is never legal after the first frame each way; the first frames must be hellos.
      const wrong: Message = k <= 1 ? { type: 'confirm', role: 'bob', tag: new Uint8Array(32) } : { type: 'hello', role: 'bob', protocol: SMALL.name, paramsHash: new Uint8Array(32) };
      const r = session(SMALL, 11, { tamper: (_d, f, i) => (i === k ? encodeMessage(wrong, lim) : f) });
      const aliceRejects = !r.alice.ok && r.alice.code === 'SEPKA_ERR_OUT_OF_ORDER';
      const [receiver, sender] = aliceRejects ? [r.alice, r.bob] : [r.bob, r.alice];
      expect(receiver).toMatchObject({ ok: false, code: 'SEPKA_ERR_OUT_OF_ORDER' });
      if (k < N - 1) noKey(sender);
      if (!receiver.ok) steps.add(receiver.step);
    }
    expect([...steps].sort()).toEqual(['amplify', 'challenges', 'confirm', 'distill', 'hello', 'reconcile', 'task'].sort());
  });

  it('a truncated frame at any position is rejected with SEPKA_ERR_FRAME_TRUNCATED', () => {
    for (let k = 0; k < N; k++) {
      const r = session(SMALL, 11, { tamper: (_d, f, i) => (i === k ? f.subarray(0, f.length - 1) : f) });
      const codes = [r.alice, r.bob].map((o) => (o.ok ? 'ok' : o.code));
      expect(codes).toContain('SEPKA_ERR_FRAME_TRUNCATED');
      noKey(r.alice);
      // The last frame is Bob's confirmation: he has already checked Alice's and holds a
      // confirmed key; Alice, who cannot check his, outputs none (the last-message asymmetry).
      if (k < N - 1) noKey(r.bob);
      else expect(r.bob.ok).toBe(true);
    }
  });

  it('Alice answers garbage with an abort frame and accepts nothing after', () => {
    const { alice } = parties(SMALL, 1);
    const out = alice.receive(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(out.outcome).toMatchObject({ ok: false, code: 'SEPKA_ERR_FRAME_VERSION', step: 'hello' });
    expect(out.frames.length).toBe(1);
    expect(decodeMessage(out.frames[0], lim)).toMatchObject({ type: 'abort', code: 'SEPKA_ERR_FRAME_VERSION', step: 'hello' });
    expect(alice.step).toBe('failed');
    expect(alice.receive(new Uint8Array(10)).frames).toEqual([]);
  });

  it('scripted: Bob rejects a task before hello, Alice rejects a repeated challenge batch', () => {
    const { alice, bob } = parties(SMALL, 2);
    const hello = bob.start().frames[0];
    const r1 = bob.receive(encodeMessage({ type: 'task', seedA: new Uint8Array(32), labels: new Uint8Array(SMALL.m * SMALL.L) }, lim));
    expect(r1.outcome).toMatchObject({ code: 'SEPKA_ERR_OUT_OF_ORDER', step: 'hello' });

    const a1 = alice.receive(hello);
    expect(a1.frames.map((f) => decodeMessage(f, lim).type)).toEqual(['hello', 'task']);
    const bob2 = parties(SMALL, 2).bob;
    bob2.start();
    bob2.receive(a1.frames[0]);
    const flight = bob2.receive(a1.frames[1]).frames;
    expect(decodeMessage(flight[0], lim).type).toBe('challenges');
    expect(alice.receive(flight[0]).outcome).toBeUndefined();
    const again = alice.receive(flight[0]);
    expect(again.outcome).toMatchObject({ code: 'SEPKA_ERR_OUT_OF_ORDER', step: 'challenges' });
    expect(decodeMessage(again.frames[0], lim)).toMatchObject({ type: 'abort', code: 'SEPKA_ERR_OUT_OF_ORDER' });
  });

  it('abort() from a driver ends the session at the current step', () => {
    const { bob } = parties(SMALL, 3);
    bob.start();
    expect(bob.abort('SEPKA_ERR_TIMEOUT', 'no answer in 30 s')).toEqual({ ok: false, code: 'SEPKA_ERR_TIMEOUT', step: 'hello', reason: 'no answer in 30 s' });
    expect(bob.step).toBe('failed');
  });
});
