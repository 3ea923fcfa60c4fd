/**
 * The protocol runs on a separation of the caller's own (src/separation/types.ts), not only on
 * LPN: a deliberately insecure toy — Alice publishes her secrets among the labels, Bob labels a
 * uniform point with them and flips each bit with probability η — goes through the unchanged
 * Alice and Bob state machines to a confirmed key, with raw agreement 1 − η within its 99%
 * Wilson interval. (It has no hard unimodal task: it only shows where the interface ends.)
 */
import { describe, expect, it } from 'vitest';
import { randomBytes, bernoulli, type Rng } from '../src/rng.ts';
import { createAlice } from '../src/protocol/alice.ts';
import { createBob } from '../src/protocol/bob.ts';
import { runInMemorySession } from '../src/protocol/channel.ts';
import { derive } from '../src/protocol/profile.ts';
import { seededRng } from '../src/rng.ts';
import type { Separation } from '../src/separation/types.ts';
import { F2 } from '../src/separation/ring.ts';
import { contains, wilson, Z99 } from '../src/stats.ts';
import { SMALL } from './helpers/protocol.ts';

const { n, m, L } = SMALL;
const words = (bits: number) => new Uint32Array((bits + 31) >>> 5);
const bit = (v: Uint32Array, i: number) => (v[i >>> 5] >>> (i & 31)) & 1;
/** A uniform n-bit vector, packed (bits past n cleared). */
const randomVec = (rng: Rng) => {
  const v = Uint32Array.from(words(n), () => rng.u32());
  if (n & 31) v[v.length - 1] &= (1 << (n & 31)) - 1;
  return v;
};
const dot = (x: Uint32Array, s: Uint32Array) => {
  let acc = 0;
  for (let i = 0; i < n; i++) acc ^= bit(x, i) & bit(s, i);
  return acc;
};

/** Secrets in the clear: label rows 0..n−1 carry s_j's bits; Bob's labels are noisy by η. */
function leakySeparation(eta: number): Separation<Uint32Array[], { seedA: Uint8Array; secrets: Uint32Array[] }, Uint32Array[], Uint32Array[]> {
  const labelsOf = (S: Uint32Array[]) => {
    const out = new Uint8Array(m * L);
    for (let i = 0; i < n; i++) for (let j = 0; j < L; j++) out[i * L + j] = bit(S[j], i);
    return out;
  };
  const label = (S: Uint32Array[], x: Uint32Array, rng?: Rng) => {
    const b = words(L);
    for (let j = 0; j < L; j++) if (dot(x, S[j]) ^ (rng && bernoulli(rng, eta) ? 1 : 0)) b[j >>> 5] |= 1 << (j & 31);
    return b;
  };
  return {
    name: 'leaky-toy',
    n,
    L,
    ring: F2,
    rule: 'the bits themselves',
    sampleTask: (rng) => Array.from({ length: L }, () => randomVec(rng)),
    drawExamples: (secrets, rng) => ({ seedA: randomBytes(rng, 32), secrets }),
    learnMultimodal: (ex) => ex.secrets,
    publicPart: (ex) => ({ seedA: ex.seedA, labels: labelsOf(ex.secrets) }),
    openPublic: (pub) => Array.from({ length: L }, (_, j) => {
      const s = words(n);
      for (let i = 0; i < n; i++) if (pub.labels[i * L + j]) s[i >>> 5] |= 1 << (i & 31);
      return s;
    }),
    challenge: (S, rng) => {
      const x = randomVec(rng);
      return { x, values: label(S, x, rng), witness: [] };
    },
    value: (S, x) => label(S, x as Uint32Array),
    rawBits: (v) => v as Uint32Array,
    unimodalView: () => {
      throw new Error('no unimodal view: this toy has no learning task');
    },
    epsilon: () => 1 - 2 * eta,
    inspect: (secrets) => ({ secrets, sHat: secrets, noise: [] }),
  };
}

describe('a separation of the caller\'s own', () => {
  it('runs through the unchanged Alice and Bob to a confirmed key, at its own agreement', () => {
    // η chosen so the toy's ε is the profile's: the profile sizes the session from its θ and w.
    const eta = (1 - (2 * derive(SMALL).pTheory - 1)) / 2;
    const sep = leakySeparation(eta);
    let agree = 0;
    let total = 0;
    for (const seed of [1, 2, 3]) {
      const alice = createAlice(SMALL, { rng: seededRng(seed, 'alice'), separation: sep });
      const bob = createBob(SMALL, { rng: seededRng(seed, 'bob'), separation: sep });
      const r = runInMemorySession(alice, bob);
      expect(r.alice.ok && r.bob.ok).toBe(true);
      expect(Buffer.from(alice.inspect().key!).equals(Buffer.from(bob.inspect().key!))).toBe(true);
      const a = alice.inspect().raw;
      const b = bob.inspect().raw;
      for (let i = 0; i < a.length; i++) agree += +(a[i] === b[i]);
      total += a.length;
    }
    expect(contains(wilson(agree, total, Z99), 1 - eta)).toBe(true);
  });
});
