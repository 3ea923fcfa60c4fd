/**
 * Eve's followers (src/eve/follow.ts) on hand-built beliefs: exact knowledge passes
 * through distillation and reconciliation unchanged, and disclosed parities fix what they pin.
 */
import { describe, expect, it } from 'vitest';
import { distilledError, followDistill, followParities, newBeliefs } from '../src/eve/follow.ts';
import { seededRng } from '../src/rng.ts';

describe('followDistill', () => {
  it('an exact Alice bit gives c; an exact Bob bit gives c\'; coins stay coins', () => {
    const raw = newBeliefs(9);
    // block 0: raw 0..2, Alice's bits 1,0,1 and c = 1 → d = 0,1,0. Eve knows raw[1] = 0 exactly.
    raw.g[1] = 0;
    raw.q[1] = 1;
    // block 1: raw 3..5, Eve knows Bob's raw[4] = 1 and d[1] = 1 → Bob's c' = 0.
    raw.g[4] = 1;
    raw.q[4] = 0.6;
    raw.bobExact[4] = 1;
    // block 2: coins.
    const out = followDistill(
      raw,
      [
        { idx: [0, 1, 2], d: [0, 1, 0] },
        { idx: [3, 4, 5], d: [0, 1, 1] },
        { idx: [6, 7, 8], d: [1, 1, 0] },
      ],
      0.6,
      seededRng(1, 't'),
    );
    expect([out.g[0], out.q[0]]).toEqual([1, 1]);
    expect(out.g[1]).toBe(0);
    expect(out.bobExact[1]).toBe(1);
    expect(out.q[1]).toBeCloseTo(1 - distilledError(0.6, 3), 12);
    expect(out.q[2]).toBe(0.5);
  });

  it('e_after matches r^ℓ/(1+r^ℓ)', () => {
    expect(distilledError(0.588, 1)).toBeCloseTo(0.412, 12);
    const r = 0.412 / 0.588;
    expect(distilledError(0.588, 7)).toBeCloseTo(r ** 7 / (1 + r ** 7), 12);
  });

  it('soft votes: the ML choice wins', () => {
    const raw = newBeliefs(3);
    raw.g.set([1, 1, 0]);
    raw.q.set([0.7, 0.7, 0.9]);
    const out = followDistill(raw, [{ idx: [0, 1, 2], d: [0, 0, 0] }], 0.6, seededRng(1, 't'));
    // LLR: two votes for 1 at log(7/3) each = 1.69 < one vote for 0 at log 9 = 2.20.
    expect(out.g[0]).toBe(0);
  });
});

describe('followParities', () => {
  it('propagates exact bits through a chain of parities', () => {
    const b = newBeliefs(4);
    b.g[0] = 1;
    b.q[0] = 1;
    // x0⊕x1 = 0, x1⊕x2 = 1, x2⊕x3 = 1 → x = 1,1,0,1.
    const out = followParities(b, [
      { idx: [0, 1], parity: 0 },
      { idx: [1, 2], parity: 1 },
      { idx: [2, 3], parity: 1 },
    ]);
    expect([...out.g]).toEqual([1, 1, 0, 1]);
    expect([...out.q]).toEqual([1, 1, 1, 1]);
  });

  it('a violated constraint flips its least reliable bit and leaves exact bits alone', () => {
    const b = newBeliefs(3);
    b.g.set([0, 0, 0]);
    b.q.set([1, 0.9, 0.6]);
    const out = followParities(b, [{ idx: [0, 1, 2], parity: 1 }]);
    expect([...out.g]).toEqual([0, 0, 1]);
    expect(b.g[2]).toBe(0); // input untouched
  });
});
