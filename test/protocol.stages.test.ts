/**
 * The pure stage modules Eve reuses: Toeplitz hashing, Cascade (and Eve's follow), repetition
 * distillation, task publication with A_μ, the transcript, and the theory formulas, each
 * checked against an independent computation or its closed form with a stated tolerance.
 */
import { describe, expect, it } from 'vitest';
import { toeplitzHash } from '../src/protocol/toeplitz.ts';
import { cascadeAbsorb, cascadeFollow, cascadeNext, cascadePlan, cascadeStart, initialBlockSize, rangeParity, Range } from '../src/protocol/cascade.ts';
import { distillFollow, distillKeep, distillMask, keptString } from '../src/protocol/distill.ts';
import { publishTask, column, labelsOf, labelsToMat, makeChallenge, aliceRawBits } from '../src/separation/lpn.ts';
import { Transcript } from '../src/protocol/transcript.ts';
import { hamming, publicPermutation, xofRng } from '../src/protocol/bits.ts';
import { acceptance, chooseEll, errorAfter } from '../src/protocol/theory.ts';
import { balancedW } from '../src/cost/index.ts';
import { clusteredRate } from '../src/measure/rates.ts';
import { fitAmu } from '../src/learners/amu.ts';
import { matVec } from '../src/gf2/mat.ts';
import { vecEqual, xorInto } from '../src/gf2/vec.ts';
import { bernoulli, randomBytes, seededRng } from '../src/rng.ts';
import { contains, h2, wilson, Z99 } from '../src/stats.ts';
import { SMALL } from './helpers/protocol.ts';

const rng = seededRng(42, 'stages');
const randomBits = (n: number) => Uint8Array.from({ length: n }, () => rng.u32() & 1);

describe('toeplitz', () => {
  it('equals the explicit Toeplitz matrix product and is linear', () => {
    for (const [N, out] of [[1, 1], [31, 7], [64, 33], [100, 64], [257, 40]]) {
      const seed = randomBytes(rng, 32);
      const x = randomBits(N);
      const y = randomBits(N);
      // Recover t from unit vectors: column j of T is h(e_j), and T[i][j] = t[i − j + N − 1].
      const col = (j: number) => toeplitzHash(seed, Uint8Array.from({ length: N }, (_, k) => +(k === j)), out);
      const cols = Array.from({ length: N }, (_, j) => col(j));
      for (let i = 1; i < out; i++) for (let j = 1; j < N; j++) expect(cols[j][i]).toBe(cols[j - 1][i - 1]);
      const naive = new Uint8Array(out);
      for (let j = 0; j < N; j++) if (x[j]) for (let i = 0; i < out; i++) naive[i] ^= cols[j][i];
      expect(toeplitzHash(seed, x, out)).toEqual(naive);
      const xy = x.map((b, i) => b ^ y[i]);
      const hx = toeplitzHash(seed, x, out);
      const hy = toeplitzHash(seed, y, out);
      expect(toeplitzHash(seed, xy, out)).toEqual(hx.map((b, i) => b ^ hy[i]));
    }
  });

  it('collides with probability 2^-out for a fixed pair over random seeds (99% Wilson)', () => {
    const x = randomBits(200);
    const y = x.slice();
    y[17] ^= 1;
    let coll = 0;
    const T = 4000;
    for (let t = 0; t < T; t++) {
      const s = randomBytes(rng, 32);
      if (hamming(toeplitzHash(s, x, 4), toeplitzHash(s, y, 4)) === 0) coll++;
    }
    expect(contains(wilson(coll, T, Z99), 1 / 16)).toBe(true);
  });
});

describe('cascade', () => {
  it('corrects every error at e ∈ {0.02, 0.1, 0.2} with f < 1.6, and Eve can follow', () => {
    for (const e of [0.02, 0.1, 0.2]) {
      const N = 3000;
      const a = randomBits(N);
      const b = a.map((x) => x ^ bernoulli(rng, e));
      const errs = hamming(a, b);
      const plan = cascadePlan(randomBytes(rng, 32), N, 4, initialBlockSize(e, N));
      // Bob's side, recording what travels (as Eve sees it).
      const exchanges: { ranges: Range[]; parities: number[] }[] = [];
      const st = cascadeStart(plan, b.slice());
      for (let q = cascadeNext(st); q; q = cascadeNext(st)) {
        const parities = q.map((r) => rangeParity(plan, a, r));
        exchanges.push({ ranges: q, parities });
        cascadeAbsorb(st, q, parities);
      }
      expect(hamming(st.bits, a)).toBe(0);
      expect(st.flips).toBe(errs);
      const f = st.disclosed / (N * h2(errs / N));
      expect(f).toBeGreaterThan(1);
      expect(f).toBeLessThan(1.6);
      // Eve following with Alice's own string changes nothing; following from Bob's starting
      // string with the same parities corrects most of it without asking anything.
      expect(cascadeFollow(plan, a, exchanges)).toEqual(a);
      expect(hamming(cascadeFollow(plan, b, exchanges), a)).toBeLessThanOrEqual(errs / 4);
    }
  });
});

describe('cascade limits', () => {
  it('refuses a string too long for its exact range cache instead of mixing up parities', () => {
    // passes·(N+1)² must stay ≤ 2^53 so that every (pass, lo, hi) has its own exact key.
    expect(() => cascadePlan(new Uint8Array(32), 2 ** 25, 16, 2)).toThrow(/range cache/);
    // Above 2^21 bits (where a fixed-width key lo·2^21 + hi would let ranges of different passes
    // share a key) it still reconciles; one pass, one block: a single bisection path.
    const N = 2 ** 21 + 5;
    const a = new Uint8Array(N);
    const b = a.slice();
    for (const i of [0, 2 ** 20 + 3, N - 1]) b[i] ^= 1;
    const st = cascadeStart(cascadePlan(new Uint8Array(32), N, 1, N), b);
    for (let q = cascadeNext(st); q; q = cascadeNext(st)) cascadeAbsorb(st, q, q.map((r) => rangeParity(st.plan, a, r)));
    expect(st.flips).toBe(1);
    expect(hamming(st.bits, a)).toBe(2);
  });
});

describe('distillation', () => {
  it('acceptance and error after match p^ℓ+(1−p)^ℓ and r^ℓ/(1+r^ℓ) (99% Wilson)', () => {
    const p = 0.6;
    for (const ell of [1, 3, 5]) {
      const R = 60000;
      const rawA = randomBits(R);
      const rawB = rawA.map((x) => x ^ bernoulli(rng, 1 - p));
      const remaining = Uint32Array.from({ length: R }, (_, i) => i);
      const blocks = Math.floor(R / ell);
      const c = randomBits(blocks);
      const masked = distillMask(rawA, remaining, ell, c);
      const { kept, values } = distillKeep(rawB, remaining, ell, masked);
      const nk = kept.reduce((s, x) => s + x, 0);
      expect(contains(wilson(nk, blocks, Z99), acceptance(p, ell))).toBe(true);
      const wrong = hamming(keptString(values, kept), keptString(c, kept));
      expect(contains(wilson(wrong, nk, Z99), errorAfter(p, ell))).toBe(true);
      // Eve with Alice's raw bits recovers c exactly; with Bob's, she matches Bob's kept string.
      expect(distillFollow(rawA, remaining, ell, masked, kept)).toEqual(keptString(c, kept));
      expect(distillFollow(rawB, remaining, ell, masked, kept)).toEqual(keptString(values, kept));
    }
  });
});

describe('task publication', () => {
  it('publishes z_j = A s_j ⊕ e_j and learns ŝ_j = s_j as fitAmu does', () => {
    const t = publishTask(SMALL, seededRng(1, 'publish'));
    expect(labelsToMat(labelsOf(t.Z), SMALL.m, SMALL.L)).toEqual(t.Z);
    for (const j of [0, 5, SMALL.L - 1]) {
      const z = matVec(t.A, t.secrets[j]);
      xorInto(z, t.noise[j]);
      expect(vecEqual(column(t.Z, j), z)).toBe(true);
      expect(vecEqual(column(t.SHat, j), t.secrets[j])).toBe(true);
      const amu = fitAmu({ params: { n: SMALL.n, theta: SMALL.theta, m: SMALL.m }, A: t.A, z: column(t.Z, j), y: matVec(t.A, t.secrets[j]) });
      expect(vecEqual(amu.sHat!, column(t.SHat, j))).toBe(true);
    }
    const ch = makeChallenge(t.A, t.Z, SMALL.w, rng);
    expect(ch.r.length).toBe(SMALL.w);
    // b_A ⊕ b_B = ⟨r, e_j⟩ for every column.
    const bA = aliceRawBits(ch.x, t.SHat);
    for (let j = 0; j < SMALL.L; j++) {
      let par = 0;
      for (const i of ch.r) par ^= (t.noise[j][i >>> 5] >>> (i & 31)) & 1;
      expect(((bA[j >>> 5] >>> (j & 31)) & 1) ^ ((ch.bits[j >>> 5] >>> (j & 31)) & 1)).toBe(par);
    }
  });
});

describe('transcript, public coins, theory', () => {
  it('transcript digests depend on every frame and its boundaries', () => {
    const t1 = new Transcript();
    const t2 = new Transcript();
    t1.update(Uint8Array.of(1, 2));
    t1.update(Uint8Array.of(3));
    t2.update(Uint8Array.of(1));
    t2.update(Uint8Array.of(2, 3));
    expect(t1.digest()).not.toEqual(t2.digest());
    expect(t1.digest()).toEqual(t1.digest());
    expect(t1.frames).toBe(2);
  });

  it('public coins are reproducible and purpose-separated', () => {
    const s = randomBytes(rng, 32);
    expect(publicPermutation(s, 'a', 50)).toEqual(publicPermutation(s, 'a', 50));
    expect(publicPermutation(s, 'a', 50)).not.toEqual(publicPermutation(s, 'b', 50));
    expect([...publicPermutation(s, 'a', 50)].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const r = xofRng(s, 'x');
    const bitsSet = Array.from({ length: 2000 }, () => r.u32() & 1).reduce((a: number, b) => a + b, 0);
    expect(contains(wilson(bitsSet, 2000, Z99), 0.5)).toBe(true);
  });

  it('theory: balanced w, ℓ choice, clustered intervals', () => {
    expect(balancedW(1024, 1 / 32, 4096)).toBe(27);
    expect(balancedW(256, 1 / 16, 1024)).toBe(14);
    expect(chooseEll(0.588, 12)).toBe(5);
    expect(chooseEll(0.5, 12)).toBe(0);
    expect(chooseEll(0.95, 12)).toBe(1);
    // Clusters with no extra spread: deff ≈ 1 and the interval is the plain Wilson one.
    const flat = Array.from({ length: 100 }, (): [number, number] => [60, 100]);
    const r = clusteredRate(flat);
    expect(r.deff).toBe(1);
    expect(r.ci[0]).toBeCloseTo(wilson(6000, 10000, Z99).lo, 6);
    // Spread between clusters widens it.
    const spread = Array.from({ length: 100 }, (_, i): [number, number] => [i % 2 ? 70 : 50, 100]);
    expect(clusteredRate(spread).deff).toBeGreaterThan(3);
  });
});
