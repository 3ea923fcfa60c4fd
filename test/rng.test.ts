/**
 * Tests for src/rng.ts against theory: Bernoulli frequencies inside Wilson 99% intervals
 * (exactness for tiny θ), fixed-weight sets uniform by chi-square, uniformInt free of modulo
 * bias, seeded streams reproducible and independent per purpose, and the secure source.
 * Seeded, so deterministic; tolerances are 99% (Z99) or the chi-square 99.9% quantile.
 */
import { describe, expect, it } from 'vitest';
import {
  bernoulli,
  choice,
  fixedWeightIndices,
  fork,
  makeRng,
  randomBytes,
  secureRng,
  seededRng,
  shuffle,
  uniformInt,
  type Rng,
} from '../src/rng.ts';
import { contains, wilson, Z99 } from '../src/stats.ts';
import { matRandom, rank } from '../src/gf2/index.ts';

/** Upper 0.1% quantile of the chi-square distribution, by degrees of freedom (tables). */
const CHI2_999: Record<number, number> = { 5: 20.515, 14: 36.123, 19: 43.82 };

function chiSquare(counts: readonly number[], expected: number): number {
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

const count = (rng: Rng, draws: number, f: (rng: Rng) => number): number => {
  let k = 0;
  for (let i = 0; i < draws; i++) k += f(rng);
  return k;
};

describe('bernoulli (exact)', () => {
  const cases: [string, number, number][] = [
    ['1/2', 1 / 2, 100_000],
    ['1/3', 1 / 3, 100_000],
    ['n^-1/2, n = 256', 256 ** -0.5, 200_000],
    ['n^-1/2, n = 1000', 1000 ** -0.5, 200_000],
    ['2^-10', 2 ** -10, 1_000_000],
  ];
  for (const [name, theta, draws] of cases) {
    it(`frequency matches θ = ${name} within a Wilson 99% interval`, () => {
      const rng = seededRng(1, `test/bernoulli/${name}`);
      const k = count(rng, draws, (r) => bernoulli(r, theta));
      expect(contains(wilson(k, draws, Z99), theta)).toBe(true);
    });
  }

  it('θ = 2^-40 gives no hits in 10^6 draws', () => {
    // P[≥ 1 hit] ≤ 10^6 · 2^-40 < 10^-6. (Too rare to tell exact from rounded; see the next test.)
    const rng = seededRng(1, 'test/bernoulli/tiny');
    expect(count(rng, 1_000_000, (r) => bernoulli(r, 2 ** -40))).toBe(0);
  });

  it('is exact past 32 bits: with θ = 2^-40 + 2^-45, U < θ is decided bit by bit beyond the first word', () => {
    // A scripted uniform U = 0.u1u2… (words MSB first). θ has ones at bits 40 and 45 only, so
    // the answer depends on U's bits 33–45, which a single 32-bit draw never sees.
    const scripted = (...words: number[]): Rng => ({ seeded: true, u32: () => words.shift() ?? 0 });
    const theta = 2 ** -40 + 2 ** -45;
    const bit = (k: number) => 2 ** (64 - k); // U's bit k (k in 33..64) within the second word
    const cases: [number, 0 | 1][] = [
      [0, 1], // U < 2^-64 < θ
      [bit(39), 0], // U ≥ 2^-39 > θ
      [bit(40), 1], // U = 2^-40 exactly in the first 64 bits, below θ (bit 45 of θ is set)
      [bit(40) + bit(45), 0], // U's first 64 bits equal θ's; θ has no more ones: U ≥ θ
      [bit(40) + bit(44), 0], // bit 44: U has 1, θ has 0
      [bit(41) + bit(42) + bit(43) + bit(44) + bit(45), 1], // below 2^-40
    ];
    for (const [w2, want] of cases) expect(bernoulli(scripted(0, w2), theta), w2.toString(16)).toBe(want);
    // A first word that is not zero already decides: U ≥ 2^-32 > θ.
    expect(bernoulli(scripted(1, 0), theta)).toBe(0);
  });

  it('decides word by word exactly as the bit-by-bit comparison does, drawing the same words', () => {
    // The reference: U's bits against θ's, one at a time (the definition of the draw).
    const bitwise = (rng: Rng, theta: number): 0 | 1 => {
      let t = theta;
      for (;;) {
        let w = rng.u32();
        for (let k = 0; k < 32; k++) {
          t *= 2;
          const tb = t >= 1 ? 1 : 0;
          t -= tb;
          const ub = (w >>> 31) & 1;
          w <<= 1;
          if (ub !== tb) return ub < tb ? 1 : 0;
          if (t === 0 && tb === 0) return 0;
        }
      }
    };
    const counted = (seed: string) => {
      const r = seededRng(seed, 'test/bernoulli/words');
      let words = 0;
      return { rng: { seeded: true, u32: () => (words++, r.u32()) } as Rng, words: () => words };
    };
    for (const theta of [0, 1 / 2, 1 / 3, 7168 ** -0.5, 0.999, 2 ** -40 + 2 ** -45, 2 ** -32, 1 - 2 ** -53]) {
      const a = counted(`t${theta}`);
      const b = counted(`t${theta}`);
      for (let i = 0; i < 20_000; i++) expect(bernoulli(a.rng, theta)).toBe(bitwise(b.rng, theta));
      expect(a.words()).toBe(b.words());
    }
    // Ties: a word equal to θ's first 32 bits moves on to the next word, in both.
    // θ ending on a word's last bit (2^-32, 3·2^-32) or inside it (2^-31), and going on past it.
    const ties: [number, number[]][] = [
      [3 * 2 ** -32 + 2 ** -50, [3, 0, 7]], [3 * 2 ** -32 + 2 ** -50, [3, 2 ** 18, 7]], [3 * 2 ** -32 + 2 ** -50, [3, 2 ** 18 - 1, 7]],
      [3 * 2 ** -32 + 2 ** -50, [2, 0xffffffff, 7]], [3 * 2 ** -32 + 2 ** -50, [4, 0, 7]],
      [2 ** -32, [1, 0, 7]], [2 ** -32, [1, 0xffffffff, 7]], [3 * 2 ** -32, [3, 5, 7]], [2 ** -31, [2, 5, 7]], [2 ** -31, [2, 0, 7]],
    ];
    for (const [theta, words] of ties) {
      const x = [...words];
      const y = [...words];
      expect(bernoulli({ seeded: true, u32: () => x.shift() ?? 0 }, theta)).toBe(bitwise({ seeded: true, u32: () => y.shift() ?? 0 }, theta));
      expect(x.length, `θ = ${theta}, words ${words}`).toBe(y.length);
    }
  });

  it('θ = 0 and θ = 1 are certain; θ outside [0, 1] is rejected', () => {
    const rng = seededRng(1, 'test/bernoulli/edges');
    expect(count(rng, 1000, (r) => bernoulli(r, 0))).toBe(0);
    expect(count(rng, 1000, (r) => bernoulli(r, 1))).toBe(1000);
    expect(() => bernoulli(rng, -0.1)).toThrow(RangeError);
    expect(() => bernoulli(rng, NaN)).toThrow(RangeError);
  });
});

describe('fixedWeightIndices', () => {
  it('returns w distinct sorted indices in [0, m)', () => {
    const rng = seededRng(2, 'test/fw/shape');
    for (const [m, w] of [[1, 0], [1, 1], [10, 10], [1000, 31], [64, 8]]) {
      const idx = fixedWeightIndices(rng, m, w);
      expect(idx.length).toBe(w);
      expect(new Set(idx).size).toBe(w);
      expect(idx.every((i, k) => Number.isInteger(i) && i >= 0 && i < m && (k === 0 || i > idx[k - 1]))).toBe(true);
    }
    expect(() => fixedWeightIndices(rng, 5, 6)).toThrow(RangeError);
  });

  it('each index is equally likely (chi-square, m = 20, w = 5)', () => {
    const rng = seededRng(2, 'test/fw/marginal');
    const T = 20_000;
    const counts = new Array<number>(20).fill(0);
    for (let t = 0; t < T; t++) for (const i of fixedWeightIndices(rng, 20, 5)) counts[i]++;
    expect(chiSquare(counts, (T * 5) / 20)).toBeLessThan(CHI2_999[19]);
  });

  it('every w-subset is equally likely (chi-square over all C(6,2) = 15 subsets)', () => {
    const rng = seededRng(2, 'test/fw/subsets');
    const T = 30_000;
    const counts = new Map<string, number>();
    for (let t = 0; t < T; t++) {
      const key = fixedWeightIndices(rng, 6, 2).join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(15);
    expect(chiSquare([...counts.values()], T / 15)).toBeLessThan(CHI2_999[14]);
  });
});

describe('uniformInt, choice, shuffle', () => {
  it('has no modulo bias: for k = 3·2^30, P[x < 2^30] = 1/3 (plain modulo would give 1/2)', () => {
    const rng = seededRng(3, 'test/uniformInt/bias');
    const draws = 100_000;
    const k = count(rng, draws, (r) => (uniformInt(r, 3 * 2 ** 30) < 2 ** 30 ? 1 : 0));
    expect(contains(wilson(k, draws, Z99), 1 / 3)).toBe(true);
  });

  it('is uniform on [0, 6) (chi-square) and rejects bad bounds', () => {
    const rng = seededRng(3, 'test/uniformInt/six');
    const counts = new Array<number>(6).fill(0);
    for (let t = 0; t < 60_000; t++) counts[uniformInt(rng, 6)]++;
    expect(chiSquare(counts, 10_000)).toBeLessThan(CHI2_999[5]);
    expect(uniformInt(rng, 1)).toBe(0);
    for (const bad of [0, 1.5, -3, 2 ** 32 + 1]) expect(() => uniformInt(rng, bad)).toThrow(RangeError);
  });

  it('choice picks from the array; shuffle permutes it', () => {
    const rng = seededRng(3, 'test/choice');
    const xs = ['a', 'b', 'c'];
    expect(xs).toContain(choice(rng, xs));
    expect(() => choice(rng, [])).toThrow(RangeError);
    const p = shuffle(rng, [...Array(50).keys()]);
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
  });
});

describe('seeded streams', () => {
  const take = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.u32());

  it('are reproducible from (seed, purpose) and marked as seeded', () => {
    expect(take(seededRng(42, 'task'), 100)).toEqual(take(seededRng(42, 'task'), 100));
    expect(take(seededRng('42', 'task'), 10)).toEqual(take(seededRng(42, 'task'), 10));
    expect(seededRng(42, 'task').seeded).toBe(true);
    expect(makeRng(42, 'task').seeded).toBe(true);
    expect(take(makeRng(42, 'task'), 10)).toEqual(take(seededRng(42, 'task'), 10));
  });

  it('fork: a seeded child depends only on the parent draws before the split, not after', () => {
    const a = seededRng(7, 'eve');
    const b = seededRng(7, 'eve');
    const ca = fork(a, 'eve/coins');
    const cb = fork(b, 'eve/coins');
    take(a, 1000); // the parent is drawn on differently afterwards (Eve's wall-clock share)
    expect(ca.seeded).toBe(true);
    expect(take(ca, 50)).toEqual(take(cb, 50));
    expect(take(fork(seededRng(7, 'eve'), 'x'), 5)).not.toEqual(take(fork(seededRng(7, 'eve'), 'y'), 5));
    expect(fork(secureRng(), 'eve/coins').seeded).toBe(false);
  });

  it('differ, and are independent, across purposes and seeds', () => {
    // XOR of two independent uniform streams is uniform: its 1-bit frequency is 1/2.
    for (const [a, b] of [
      [seededRng(42, 'task'), seededRng(42, 'bob.r')],
      [seededRng(42, 'task'), seededRng(43, 'task')],
      [seededRng('1', '0x'), seededRng('10', 'x')],
    ] as const) {
      const words = 5000;
      let ones = 0;
      let equal = 0;
      for (let i = 0; i < words; i++) {
        const x = a.u32();
        const y = b.u32();
        if (x === y) equal++;
        let z = (x ^ y) >>> 0;
        for (; z !== 0; z &= z - 1) ones++;
      }
      expect(equal).toBe(0);
      expect(contains(wilson(ones, 32 * words, Z99), 1 / 2)).toBe(true);
    }
  });

  it('fills GF(2) matrices with full rank (no xorshift linearity): 300×256 has rank 256', () => {
    // A uniform 300×256 matrix is rank-deficient with probability < 2^-44.
    for (const seed of [1, 2, 3]) expect(rank(matRandom(300, 256, seededRng(seed, 'test/rank')))).toBe(256);
  });
});

describe('secureRng', () => {
  it('is not seeded, gives uniform bits, and never repeats a 64-bit window', () => {
    const rng = secureRng();
    expect(rng.seeded).toBe(false);
    expect(makeRng(undefined, 'any').seeded).toBe(false);
    const words = 4000; // crosses several 1 KiB refills
    let ones = 0;
    const seen = new Set<string>();
    let prev = 0;
    for (let i = 0; i < words; i++) {
      const x = rng.u32();
      expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
      for (let z = x; z !== 0; z &= z - 1) ones++;
      seen.add(`${prev},${x}`);
      prev = x;
    }
    expect(seen.size).toBe(words);
    // Unseeded by nature, so no 99% interval here (it would fail one CI run in 100): within 0.01
    // of 1/2 is 7 σ at 128,000 bits, yet a stuck bit position (rate 31/64 or 33/64) fails it.
    expect(Math.abs(ones / (32 * words) - 1 / 2)).toBeLessThan(0.01);
    expect(randomBytes(rng, 7).length).toBe(7);
  });
});
