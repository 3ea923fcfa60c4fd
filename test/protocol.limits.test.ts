/**
 * Alice's per-step limits, on the real state machine in memory:
 *   - round-trip caps from the step's own plan: Cascade's cap (cascadeRoundCap: 4 × passes ×
 *     (1 + ⌈log2 N⌉)) and LDPC's REVEAL_STEPS reveal queries; one more legal query past the
 *     cap ends the session with SEPKA_ERR_LIMIT;
 *   - bounds before work: a parity query over the disclosure budget, or spanning more than
 *     passes × N positions, is refused before a single parity is computed (her kept string is
 *     replaced by a counting proxy, which must see no read);
 *   - honest sessions stay far below the Cascade cap (the margin cascade.ts states).
 */
import { describe, expect, it } from 'vitest';
import type { AliceParty } from '../src/protocol/alice.ts';
import type { BobParty } from '../src/protocol/bob.ts';
import { cascadeRoundCap } from '../src/protocol/cascade.ts';
import { REVEAL_STEPS } from '../src/protocol/ldpc/reconcile.ts';
import { encodeMessage, limitsOf, maxRevealPositions, type Message } from '../src/protocol/messages/index.ts';
import { withOverrides, type Profile } from '../src/protocol/profile.ts';
import { parties, session, SMALL } from './helpers/protocol.ts';

/** Run an honest session in memory until Alice waits in `until`; Bob's next frames are dropped. */
function upTo(p: Profile, seed: number, until: 'recon' | 'ldpc'): { alice: AliceParty; bob: BobParty } {
  const { alice, bob } = parties(p, seed);
  const q: Array<['a' | 'b', Uint8Array]> = bob.start().frames.map((f) => ['a', f]);
  while (q.length > 0 && alice.state.awaiting !== until) {
    const [to, f] = q.shift()!;
    const out = (to === 'a' ? alice : bob).receive(f);
    for (const g of out.frames) q.push([to === 'a' ? 'b' : 'a', g]);
    if (out.outcome && !out.outcome.ok) throw new Error(`honest session failed: ${out.outcome.reason}`);
  }
  expect(alice.state.awaiting).toBe(until);
  return { alice, bob };
}

/** Alice's kept string, swapped for a proxy that counts every indexed read. */
function countReads(alice: AliceParty): { reads: () => number; N: number } {
  const st = alice.state as unknown as { str: Uint8Array };
  let reads = 0;
  const real = st.str;
  st.str = new Proxy(real, {
    get(t, k) {
      if (typeof k === 'string' && /^\d+$/.test(k)) reads++;
      const v = Reflect.get(t, k, t);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
  return { reads: () => reads, N: real.length };
}

const frame = (p: Profile, m: Message) => encodeMessage(m, limitsOf(p));

describe('Cascade: round cap and bounds before work', () => {
  it('answers legal one-range queries up to the cap and ends the session at cap + 1 with SEPKA_ERR_LIMIT', () => {
    const { alice } = upTo(SMALL, 1, 'recon');
    const plan = (alice.state as unknown as { plan: Parameters<typeof cascadeRoundCap>[0] }).plan;
    const cap = cascadeRoundCap(plan);
    expect(cap).toBe(4 * plan.passes * (1 + Math.ceil(Math.log2(plan.N))));
    expect(cap).toBeLessThan(plan.N); // so the disclosure budget is not what stops it
    const q = frame(SMALL, { type: 'recon-query', ranges: [{ pass: 0, lo: 0, hi: 2 }] });
    for (let i = 0; i < cap; i++) {
      const out = alice.receive(q);
      expect(out.outcome).toBeUndefined();
      expect(out.frames).toHaveLength(1);
    }
    const last = alice.receive(q);
    expect(last.outcome?.ok).toBe(false);
    if (last.outcome && !last.outcome.ok) {
      expect(last.outcome.code).toBe('SEPKA_ERR_LIMIT');
      expect(last.outcome.step).toBe('reconcile');
      expect(last.outcome.reason).toMatch(new RegExp(`over the cap of ${cap} rounds`));
    }
    expect(last.frames).toHaveLength(1); // the abort frame, and no reply
  });

  it('refuses a query over the disclosure budget before computing any parity', () => {
    const { alice } = upTo(SMALL, 2, 'recon');
    const { reads, N } = countReads(alice);
    // N ranges of the whole string in pass 0: the largest work a frame of this size can ask for.
    const ranges = Array.from({ length: N }, () => ({ pass: 0, lo: 0, hi: N }));
    const out = alice.receive(frame(SMALL, { type: 'recon-query', ranges }));
    expect(out.outcome?.ok).toBe(false);
    if (out.outcome && !out.outcome.ok) expect(out.outcome.code).toBe('SEPKA_ERR_TOO_FEW_BITS');
    expect(reads()).toBe(0);
  });

  it('refuses a query spanning more than passes × N positions before computing any parity', () => {
    const { alice } = upTo(SMALL, 3, 'recon');
    const { reads, N } = countReads(alice);
    const passes = SMALL.cascadePasses;
    const ranges = Array.from({ length: passes + 1 }, () => ({ pass: 0, lo: 0, hi: N }));
    const out = alice.receive(frame(SMALL, { type: 'recon-query', ranges }));
    expect(out.outcome?.ok).toBe(false);
    if (out.outcome && !out.outcome.ok) {
      expect(out.outcome.code).toBe('SEPKA_ERR_FRAME_FIELD');
      expect(out.outcome.reason).toMatch(new RegExp(`spans ${(passes + 1) * N} positions`));
    }
    expect(reads()).toBe(0);
  });

  it('honest sessions stay below half the cap (20 seeded sessions of the small profile)', () => {
    let worst = 0;
    for (let seed = 0; seed < 20; seed++) {
      const r = session(SMALL, 100 + seed);
      expect(r.alice.ok && r.bob.ok).toBe(true);
      const st = r.alice_.state as unknown as { reconRounds: number; plan: Parameters<typeof cascadeRoundCap>[0] };
      worst = Math.max(worst, st.reconRounds / cascadeRoundCap(st.plan));
    }
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(0.5);
  });
});

describe('LDPC: reveal cap and bounds before work', () => {
  const LDPC = withOverrides(SMALL, { reconciler: 'ldpc' });

  it(`answers ${REVEAL_STEPS} reveal queries and ends the session at the next with SEPKA_ERR_LIMIT`, () => {
    const { alice } = upTo(LDPC, 4, 'ldpc');
    const q = frame(LDPC, { type: 'reveal-query', positions: [{ pos: 0 }] });
    for (let i = 0; i < REVEAL_STEPS; i++) expect(alice.receive(q).outcome).toBeUndefined();
    const last = alice.receive(q);
    expect(last.outcome?.ok).toBe(false);
    if (last.outcome && !last.outcome.ok) expect(last.outcome.code).toBe('SEPKA_ERR_LIMIT');
  });

  it('refuses a reveal query over the disclosure budget before reading any bit', () => {
    const { alice } = upTo(LDPC, 5, 'ldpc');
    const st = alice.state as unknown as { str: Uint8Array; disclosed: number };
    const N = st.str.length;
    // The largest query a frame may carry (maxRevealPositions), repeated until the next one
    // would cross the disclosure budget; that one must be refused unread.
    const count = Math.min(maxRevealPositions(limitsOf(LDPC)), N - 1);
    const q = frame(LDPC, { type: 'reveal-query', positions: Array.from({ length: count }, (_, pos) => ({ pos })) });
    let sent = 0;
    while ((alice.state as unknown as { disclosed: number }).disclosed + count < N) {
      expect(alice.receive(q).outcome).toBeUndefined();
      expect(++sent).toBeLessThan(REVEAL_STEPS); // else the cap, not the budget, would be tested
    }
    const { reads } = countReads(alice);
    const out = alice.receive(q);
    expect(out.outcome?.ok).toBe(false);
    if (out.outcome && !out.outcome.ok) expect(out.outcome.code).toBe('SEPKA_ERR_RECONCILE_FAILED');
    expect(reads()).toBe(0);
  });
});
