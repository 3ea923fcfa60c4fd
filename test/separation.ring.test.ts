/**
 * The separation interface is generic in fact (src/separation/types.ts, ring.ts):
 * - the wire encodings of the rings outside F2 are pinned byte for byte: Z_q as ⌈log2 q⌉-bit
 *   residues and R as two's-complement fixed point, packed LSB-first (messages/ring.ts); a
 *   residue ≥ q and set padding bits are refused;
 * - an instance over Z_q defined here, and nowhere in src/, goes through the library entry
 *   (src/index.ts) — Alice, Bob, the in-memory channel and Eve's followers unchanged — to
 *   confirmed keys. It is an LWE-shaped toy (A from a seed, z = A s + e mod q with uniform
 *   noise in [−B, B], Bob's x* = rᵀA for a 0/1 r of weight w, the raw bit the upper half of
 *   Z_q): small and insecure, it shows only that the protocol does not care which ring it runs on.
 */
import { describe, expect, it } from 'vitest';
import {
  createAlice,
  createBob,
  createEve,
  loadProfile,
  runInMemorySession,
  seededRng,
  truthFromInspect,
  validateProfile,
  type Point,
  type Rng,
  type Separation,
} from '../src/index.ts';
import { decodeMessage, encodeMessage, type Limits } from '../src/protocol/messages/index.ts';
import { SepkaError } from '../src/errors.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const BASE = { m: 2, L: 1, batchSize: 2, batches: 1, maxRaw: 4, ellMax: 4, n: 2 };
const ZQ: Limits = { ...BASE, ring: { kind: 'zq', q: 3329 } };
const RE: Limits = { ...BASE, ring: { kind: 'real', bits: 32, frac: 16 } };
const seedA = Uint8Array.from({ length: 32 }, (_, i) => i);
const SEED_HEX = hex(seedA);

describe('ring encodings on the wire (pinned)', () => {
  it('Z_3329: 12-bit residues packed LSB-first — 1 and 3328 are 01 00 d0', () => {
    const task = encodeMessage({ type: 'task', seedA, labels: Uint32Array.from([1, 3328]) }, ZQ);
    // header 'S' v1 type 2, body length 41 | seed | m = 2 | L = 1 | 24 bits of labels
    expect(hex(task)).toBe(`53010200000029${SEED_HEX}0000000200010100d0`);
    const ch = encodeMessage({ type: 'challenges', batch: 0, batches: 1, xs: [Uint32Array.from([1, 3328])] }, ZQ);
    expect(hex(ch)).toBe('5301030000000d000000000000000100010100d0');
    const back = decodeMessage(ch, ZQ);
    expect(back.type === 'challenges' && Array.from(back.xs[0])).toEqual([1, 3328]);
  });

  it('R as Q15.16 in 32 bits: 1.5, −1, −32768 and the largest value, two\'s complement LSB-first', () => {
    const task = encodeMessage({ type: 'task', seedA, labels: Float64Array.from([1.5, -1]) }, RE);
    expect(hex(task)).toBe(`5301020000002e${SEED_HEX}000000020001008001000000ffff`);
    const top = 32768 - 2 ** -16;
    const ch = encodeMessage({ type: 'challenges', batch: 0, batches: 1, xs: [Float64Array.from([1.5, -1]), Float64Array.from([-32768, top])] }, RE);
    expect(hex(ch)).toBe('5301030000001a00000000000000010002008001000000ffff00000080ffffff7f');
    const back = decodeMessage(ch, RE);
    expect(back.type === 'challenges' && back.xs.map((x) => Array.from(x))).toEqual([[1.5, -1], [-32768, top]]);
  });

  it('refuses a residue ≥ q and set padding bits; a value off the fixed-point range is never sent', () => {
    const ok = encodeMessage({ type: 'challenges', batch: 0, batches: 1, xs: [Uint32Array.from([1, 3328])] }, ZQ);
    const big = ok.slice();
    big[big.length - 1] = 0xe0; // 3584 ≥ 3329
    expect(() => decodeMessage(big, ZQ)).toThrow(/challenge 0: element 1 = 3584 is not below q = 3329/);
    const pad = encodeMessage({ type: 'challenges', batch: 0, batches: 1, xs: [Uint32Array.from([1])] }, { ...ZQ, n: 1 });
    pad[pad.length - 1] |= 0x80;
    expect(() => decodeMessage(pad, { ...ZQ, n: 1 })).toThrow(/non-zero padding bits/);
    let err: unknown;
    try {
      encodeMessage({ type: 'challenges', batch: 0, batches: 1, xs: [Float64Array.from([40000, 0])] }, RE);
    } catch (e) {
      err = e;
    }
    expect(err instanceof SepkaError && err.code).toBe('SEPKA_ERR_INTERNAL');
  });
});

// ---------------------------------------------------------------------------------------------
// The Z_q toy.

const q = 3329;
const B = 200;
const P = validateProfile({ ...loadProfile('toy-insecure'), name: 'test-zq', source: 'test fixture', n: 24, theta: 0.1, m: 96, w: 4, L: 16, batchSize: 64 }, 'test-zq');
const { n, m, L, w } = P;

const mod = (x: number) => ((x % q) + q) % q;
/** A (m×n) over Z_q from the public seed: the toy's own expansion (both sides run it). */
const expandA = (seed: Uint8Array) => {
  const rng = seededRng(hex(seed), 'zq-toy/A');
  return Uint32Array.from({ length: m * n }, () => rng.u32() % q);
};
const dotCols = (x: ArrayLike<number>, S: Uint32Array) => {
  const out = new Uint32Array(L);
  for (let j = 0; j < L; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s = (s + x[i] * S[i * L + j]) % q;
    out[j] = s;
  }
  return out;
};
const inv = (a: number) => {
  let [r0, r1, s0, s1] = [q, a, 0, 1];
  while (r1) {
    const t = Math.floor(r0 / r1);
    [r0, r1, s0, s1] = [r1, r0 - t * r1, s1, s0 - t * s1];
  }
  return mod(s0);
};
/** A_μ: Gauss–Jordan mod q on [A | Y]; null when rank(A) < n. */
function solveModQ(A: Uint32Array, Y: Uint32Array): Uint32Array | null {
  const M = Array.from({ length: m }, (_, i) => [...A.subarray(i * n, i * n + n), ...Y.subarray(i * L, i * L + L)]);
  for (let c = 0; c < n; c++) {
    const p = M.findIndex((row, i) => i >= c && row[c] !== 0);
    if (p < 0) return null;
    [M[c], M[p]] = [M[p], M[c]];
    const k = inv(M[c][c]);
    M[c] = M[c].map((v) => (v * k) % q);
    for (let i = 0; i < m; i++) if (i !== c && M[i][c]) {
      const f = M[i][c];
      M[i] = M[i].map((v, t) => mod(v - f * M[c][t]));
    }
  }
  return Uint32Array.from({ length: n * L }, (_, t) => M[Math.floor(t / L)][n + (t % L)]);
}

interface Ex { seedA: Uint8Array; A: Uint32Array; Y: Uint32Array; Z: Uint32Array }
const zqToy: Separation<Uint32Array, Ex, Uint32Array, { A: Uint32Array; Z: Uint32Array }> = {
  name: 'zq-toy',
  n,
  L,
  ring: { kind: 'zq', q },
  rule: 'raw bit = [value ≥ q/2] (upper half of Z_q)',
  sampleTask: (rng: Rng) => Uint32Array.from({ length: n * L }, () => rng.u32() % q),
  drawExamples: (S, rng) => {
    const seed = Uint8Array.from({ length: 32 }, () => rng.u32() & 0xff);
    const A = expandA(seed);
    const Y = new Uint32Array(m * L);
    for (let i = 0; i < m; i++) Y.set(dotCols(A.subarray(i * n, i * n + n), S), i * L);
    const Z = Y.map((y) => mod(y + (rng.u32() % (2 * B + 1)) - B));
    return { seedA: seed, A, Y, Z };
  },
  learnMultimodal: (ex) => solveModQ(ex.A, ex.Y),
  publicPart: (ex) => ({ seedA: ex.seedA, labels: ex.Z }),
  openPublic: (pub) => ({ A: expandA(pub.seedA), Z: pub.labels as Uint32Array }),
  challenge: (v, rng) => {
    const r = new Set<number>();
    while (r.size < w) r.add(rng.u32() % m);
    const x = new Uint32Array(n);
    const values = new Uint32Array(L);
    for (const i of r) {
      for (let a = 0; a < n; a++) x[a] = (x[a] + v.A[i * n + a]) % q;
      for (let j = 0; j < L; j++) values[j] = (values[j] + v.Z[i * L + j]) % q;
    }
    return { x, values, witness: [...r] };
  },
  value: (S, x: Point) => dotCols(x, S),
  rawBits: (values) => {
    const out = new Uint32Array((L + 31) >>> 5);
    values.forEach((v, j) => {
      if (2 * v >= q) out[j >>> 5] |= 1 << (j & 31);
    });
    return out;
  },
  // Not closed form here (the toy needs none): Pr[disagree] ≈ 2·E|rᵀe|/q ≈ 0.1.
  epsilon: () => 0.8,
  inspect: () => ({ secrets: [], sHat: [], noise: [] }),
};

describe('an instance over Z_q of the caller\'s own, through the library entry', () => {
  it('runs through the unchanged Alice, Bob and Eve to confirmed keys', () => {
    let agree = 0;
    let total = 0;
    for (const seed of [1, 2, 3]) {
      const alice = createAlice(P, { rng: seededRng(seed, 'alice'), separation: zqToy });
      const bob = createBob(P, { rng: seededRng(seed, 'bob'), separation: zqToy });
      const eve = createEve(P, { rng: seededRng(seed, 'eve'), separation: zqToy, budgetMs: 0 });
      const r = runInMemorySession(alice, bob, eve);
      expect(r.alice.ok && r.bob.ok, JSON.stringify([r.alice, r.bob])).toBe(true);
      const ka = alice.inspect().key!;
      expect(Buffer.from(ka).equals(Buffer.from(bob.inspect().key!))).toBe(true);
      const a = alice.inspect().raw;
      const b = bob.inspect().raw;
      for (let i = 0; i < a.length; i++) agree += +(a[i] === b[i]);
      total += a.length;
      // Eve has no fit for this instance: her followers run on coins and reach no key.
      const rep = eve.report(truthFromInspect(alice.inspect(), bob.inspect()));
      expect(rep.completed).toBe(true);
      expect(rep.keyRecovered).toBe(false);
      const raw = rep.stages.rawVsAlice!;
      expect(raw.ci[0] <= 0.5 && 0.5 <= raw.ci[1], `her raw bits ${raw.rate} [${raw.ci}]`).toBe(true);
    }
    // The raw bits agree far above chance (the toy's rounding loses ≈ 10%), well below 1.
    expect(agree / total).toBeGreaterThan(0.8);
    expect(agree / total).toBeLessThan(0.99);
  });
});
