/**
 * Bit-pair distillation (src/protocol/pairs.ts) against its theory (theory.ts): on a
 * simulated binary symmetric source with agreement p, every round keeps a fraction
 * p² + (1−p)² of its pairs and leaves error (1−p)²/(p² + (1−p)²); the rounds compose. Seeded;
 * tolerance: the 99.9% Wilson interval of each measured rate must contain the theory value
 * (one round of 200,000 bits, 3 rounds; a false alarm has probability ≈ 0.6% over the 6 checks).
 */
import { describe, expect, it } from 'vitest';
import { bitsAt, pairBlocks, pairCount, pairOrder, pairParities, pairsKept, pairSurvivors } from '../src/protocol/pairs.ts';
import { acceptance, chooseRounds, errorAfter, pairRoundsOutcome, pairYield } from '../src/protocol/theory.ts';
import { bernoulli, seededRng } from '../src/rng.ts';
import { contains, h2, wilson, Z999 } from '../src/stats.ts';
import { keyLimit } from '../src/measure/holenstein.ts';

describe('bit pairs on a binary symmetric source', () => {
  it('kept fraction and error after each round match p² + (1−p)² and (1−p)²/(p² + (1−p)²)', () => {
    const rng = seededRng('pairs-theory', 'source');
    const n = 200_000;
    const p = 0.588;
    const a = new Uint8Array(n);
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = rng.u32() & 1;
      b[i] = a[i] ^ bernoulli(rng, 1 - p);
    }
    const seed = new Uint8Array(32).fill(7);
    let list: Uint32Array = Uint32Array.from({ length: n }, (_, i) => i);
    let q = p;
    for (let round = 0; round < 3; round++) {
      const order = pairOrder(seed, round, list.length);
      const parities = pairParities(a, list, order);
      const kept = pairsKept(b, list, order, parities);
      const next = pairSurvivors(list, order, kept);
      const k = next.length;
      let errors = 0;
      for (const i of next) errors += a[i] ^ b[i];
      expect(contains(wilson(k, pairCount(list.length), Z999), acceptance(q, 2))).toBe(true);
      expect(contains(wilson(errors, k, Z999), errorAfter(q, 2))).toBe(true);
      // Bob's copy of each kept bit is his first bit of the pair; Alice's is hers.
      expect(bitsAt(a, next).length).toBe(k);
      q = 1 - errorAfter(q, 2);
      list = next;
    }
    expect(pairRoundsOutcome(p, 3).e).toBeCloseTo(1 - q, 12);
  });

  it('a kept pair agrees on both bits or on neither, and pairBlocks writes it as an ℓ = 2 block', () => {
    const a = Uint8Array.of(0, 1, 1, 1, 0, 0);
    const b = Uint8Array.of(1, 0, 1, 0, 0, 0);
    const list = Uint32Array.of(0, 1, 2, 3, 4, 5);
    const order = Uint32Array.of(0, 1, 2, 3, 4, 5);
    const par = pairParities(a, list, order);
    expect([...par]).toEqual([1, 0, 0]);
    const kept = pairsKept(b, list, order, par);
    expect([...kept]).toEqual([1, 0, 1]); // (0,1)/(1,0) both wrong: kept; (1,1)/(1,0): dropped
    expect([...pairSurvivors(list, order, kept)]).toEqual([0, 4]);
    const blocks = pairBlocks(order, par, kept);
    expect(blocks.map((x) => [...x.idx])).toEqual([[0, 1], [4, 5]]);
    // Alice's kept bit = g ⊕ d for either bit of the pair.
    for (const blk of blocks) expect(a[blk.idx[1]] ^ blk.d[1]).toBe(a[blk.idx[0]] ^ blk.d[0]);
  });

  it('round choice: with an ideal reconciler one round keeps ≈ 98% of I(A;B) at p = 0.588', () => {
    const p = 0.588;
    const { keep, e } = pairRoundsOutcome(p, 1);
    expect((keep * (1 - h2(e))) / keyLimit(p)).toBeGreaterThan(0.97);
    // DESIGN.md §3 table: pairs ×3 with Cascade f ≈ 1.1–1.2 reaches ≈ 0.7 of the limit.
    expect(pairYield(p, 3, 'cascade') / keyLimit(p)).toBeGreaterThan(0.65);
    expect(chooseRounds(p, 'cascade')).toBe(3);
    expect(chooseRounds(0.5, 'cascade')).toBe(0);
  });
});
