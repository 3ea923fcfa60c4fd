/**
 * The separation interface and its two LPN instances (src/separation/): each method against
 * its definition (DESIGN.md §1–§2), the agreement of Bob's challenge with Alice's label against
 * (1 + ε)/2, ε = (1 − 2θ)^w, within a 99% Wilson interval on independent bits, the sparse
 * secret's weight against θ, and whole sessions run through a profile that selects the second
 * instance. Seeded, so deterministic.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { matEqual } from '../src/gf2/mat.ts';
import { vecEqual, weight } from '../src/gf2/vec.ts';
import { publish } from '../src/separation/publish.ts';
import { loadProfile, paramsHash, validateProfile } from '../src/protocol/profile.ts';
import { seededRng } from '../src/rng.ts';
import { column, lpnSeparation, type LpnParams } from '../src/separation/lpn.ts';
import { separationOf } from '../src/separation/index.ts';
import { contains, wilson, Z99 } from '../src/stats.ts';
import { session, SMALL } from './helpers/protocol.ts';

const P: LpnParams = { n: 32, theta: 1 / Math.sqrt(32), m: 128, w: 3, L: 32 };

describe.each([false, true])('LPN separation (sparse secret: %s)', (sparse) => {
  const sep = lpnSeparation(P, sparse);

  it('A_μ recovers every secret, and the public part opens to the same examples and labels', () => {
    const rng = seededRng(1, `sep/${sparse}`);
    for (let k = 0; k < 20; k++) {
      const t = publish(sep, rng);
      const truth = sep.inspect(t.task, t.examples, t.h);
      expect(truth.sHat.length).toBe(P.L);
      for (let j = 0; j < P.L; j++) expect(vecEqual(truth.sHat[j], truth.secrets[j])).toBe(true);
      const view = sep.openPublic(t.pub);
      expect(matEqual(view.A, t.examples.A)).toBe(true);
      expect(matEqual(view.Z, t.examples.Z)).toBe(true);
      // Eve's unimodal view of column j is (A, z_j), z_j = A s_j ⊕ e_j.
      const u = sep.unimodalView(view, 5);
      expect(u.params).toEqual({ n: P.n, theta: P.theta, m: P.m });
      expect(vecEqual(u.z, column(t.examples.Z, 5))).toBe(true);
    }
  });

  it('labels agree with Bob\'s bits w.p. (1 + ε)/2 (99% Wilson, 48,000 independent bits)', () => {
    // One challenge per fresh task: bits of different columns are independent given r (their
    // noise vectors are), and tasks are independent, so the 48,000 bits are i.i.d.
    const rng = seededRng(2, `sep/${sparse}`);
    let agree = 0;
    let total = 0;
    for (let k = 0; k < 1500; k++) {
      const t = publish(sep, rng);
      const ch = sep.challenge(sep.openPublic(t.pub), rng);
      expect(ch.witness.length).toBe(P.w);
      const a = sep.rawBits(sep.value(t.h, ch.x));
      const b = sep.rawBits(ch.values);
      for (let j = 0; j < P.L; j++) {
        agree += +(((a[j >>> 5] ^ b[j >>> 5]) >>> (j & 31)) & 1) ^ 1;
        total++;
      }
    }
    const p = (1 + sep.epsilon()) / 2;
    expect(sep.epsilon()).toBeCloseTo((1 - 2 * P.theta) ** P.w, 12);
    expect(contains(wilson(agree, total, Z99), p)).toBe(true);
  });

  it(`secrets have weight ${sparse ? 'θ' : '1/2'} per bit (99% Wilson over 20,480 bits)`, () => {
    const rng = seededRng(3, `sep/${sparse}`);
    let ones = 0;
    for (let k = 0; k < 20; k++) for (const s of sep.sampleTask(rng).secrets) ones += weight(s);
    expect(contains(wilson(ones, 20 * P.L * P.n, Z99), sparse ? P.theta : 0.5)).toBe(true);
  });
});

describe('lpnSeparation at the library boundary', () => {
  it('refuses numbers that are not an LPN instance, with SEPKA_ERR_USAGE and the reason', () => {
    const cases: [Partial<LpnParams>, RegExp][] = [
      [{ theta: 0.7 }, /theta must be in \[0, 0.5\)/],
      [{ w: 500 }, /challenge weight w must be an integer in \[1, m = 128\], got 500/],
      [{ m: 16 }, /A_μ needs m ≥ n examples/],
      [{ L: 0 }, /label columns L/],
      [{ n: 2.5 }, /n must be an integer/],
    ];
    for (const [o, re] of cases) expect(() => lpnSeparation({ ...P, ...o })).toThrow(expect.objectContaining({ code: 'SEPKA_ERR_USAGE', message: expect.stringMatching(re) }));
  });
});

describe('choosing the separation from a profile', () => {
  it('absent means lpn; an unknown name is a profile error', () => {
    expect(separationOf(SMALL).name).toBe('lpn');
    expect(separationOf({ ...SMALL, separation: 'lpn-sparse-secret' }).name).toBe('lpn-sparse-secret');
    expect(() => validateProfile({ ...SMALL, separation: 'ring-lwe' }, 'x')).toThrow(/field "separation" must be one of lpn, lpn-sparse-secret/);
  });

  it('optional fields leave the shipped profiles\' paramsHash as it was, and enter it when set to something else than their default', () => {
    // Values computed before the field existed: hello frames of old and new builds still match.
    expect(bytesToHex(paramsHash(loadProfile('demo-256-blocks')))).toBe('6da5c8429a25a8de548e510d5cd9d8bb881a224ebe917b5f0f0f142a6f57a0c7'); // blocks + Cascade
    expect(bytesToHex(paramsHash(loadProfile('toy-insecure')))).toBe('754a9de9aefde4ea2f12de474d1967dc9ee7986fa430a8c0b724bd70151e70ce');
    const sparse = validateProfile({ ...SMALL, separation: 'lpn-sparse-secret' }, 'sparse');
    expect(bytesToHex(paramsHash(sparse))).not.toBe(bytesToHex(paramsHash(SMALL)));
    // Spelling out what absence means changes nothing: two peers on the same numbers agree.
    expect(bytesToHex(paramsHash(validateProfile({ ...SMALL, separation: 'lpn' }, 'lpn')))).toBe(bytesToHex(paramsHash(SMALL)));
    expect(bytesToHex(paramsHash(validateProfile({ ...SMALL, distill: 'blocks', reconciler: 'cascade', pairRounds: 'auto' }, 'defaults')))).toBe(bytesToHex(paramsHash(SMALL)));
    expect(bytesToHex(paramsHash(validateProfile({ ...SMALL, reconciler: 'ldpc' }, 'ldpc')))).not.toBe(bytesToHex(paramsHash(SMALL)));
  });

  it('examples/sparse-secret.json selects the second instance on demo-256\'s numbers', () => {
    const ex = loadProfile('examples/sparse-secret.json');
    const def = loadProfile('demo-256');
    expect(separationOf(ex).name).toBe('lpn-sparse-secret');
    for (const k of ['n', 'theta', 'm', 'w', 'L', 'ell', 'targetKeyBits', 'paMarginBits'] as const) expect(ex[k]).toEqual(def[k]);
  });

  it('a session on the sparse-secret instance agrees and confirms, with sparse secrets', () => {
    const prof = validateProfile({ ...SMALL, name: 'test-sparse', separation: 'lpn-sparse-secret' }, 'sparse');
    let ones = 0;
    for (const seed of [1, 2, 3]) {
      const r = session(prof, seed);
      expect(r.alice.ok && r.bob.ok).toBe(true);
      const a = r.alice_.inspect();
      expect(Buffer.from(a.key!).equals(Buffer.from(r.bob_.inspect().key!))).toBe(true);
      for (const s of a.secrets) ones += weight(s);
    }
    // 3 × 64 secrets of 32 bits: weight θ = 0.177 per bit, far from the uniform 1/2.
    expect(contains(wilson(ones, 3 * prof.L * prof.n, Z99), prof.theta)).toBe(true);
  });
});
