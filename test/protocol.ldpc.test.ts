/**
 * The LDPC syndrome reconciler (src/protocol/ldpc/) against theory: the PEG code is
 * reproducible and check-concentrated; belief propagation decodes a noiseless syndrome in one
 * iteration; below the ensemble's threshold it decodes every frame to Alice's string; above the
 * Shannon limit it fails, and says so; in a session, leaked = syndrome bits + revealed bits +
 * verification tag exactly, and a damaged syndrome never yields a key. Everything is seeded;
 * the FER at the protocol's own sizing is measured in test/slow/ldpc.slow.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { buildCode, buildRandomCode, syndrome, variableDegrees, type DegreeProfile, type LdpcCode } from '../src/protocol/ldpc/code.ts';
import { channelLlr, decodeSyndrome, satisfies } from '../src/protocol/ldpc/decode.ts';
import { LDPC_CHECK_BITS, LDPC_PROFILE, ldpcCode, ldpcLocal, ldpcProfile, ldpcRows } from '../src/protocol/ldpc/reconcile.ts';
import { acceptance, errorAfter, pairErrorFromKept } from '../src/protocol/theory.ts';
import { xofRng } from '../src/protocol/bits.ts';
import { createAlice } from '../src/protocol/alice.ts';
import { createBob } from '../src/protocol/bob.ts';
import { createEve } from '../src/eve/eve.ts';
import { truthFromInspect } from '../src/eve/truth.ts';
import { runInMemorySession } from '../src/protocol/channel.ts';
import { decodeMessage, limitsOf } from '../src/protocol/messages/index.ts';
import { loadProfile, withOverrides } from '../src/protocol/profile.ts';
import { bernoulli, randomBytes, seededRng } from '../src/rng.ts';

function frame(N: number, e: number, seed: string) {
  const r = seededRng(seed, 'bsc');
  const x = new Uint8Array(N);
  const y = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    x[i] = r.u32() & 1;
    y[i] = x[i] ^ bernoulli(r, e);
  }
  return { x, y };
}
const priors = (y: Uint8Array, e: number) => Float64Array.from(y, (b) => (b ? -channelLlr(e) : channelLlr(e)));

/** Check degrees concentrated, variable degrees as the profile gives them, no repeated edge. */
function expectShape(code: LdpcCode, profile: DegreeProfile): void {
  const cdeg = Array.from({ length: code.M }, (_, c) => code.checkPtr[c + 1] - code.checkPtr[c]);
  expect(Math.max(...cdeg) - Math.min(...cdeg)).toBeLessThanOrEqual(1);
  const want = variableDegrees(code.N, code.M, profile);
  const got = Array.from({ length: code.N }, (_, v) => code.varPtr[v + 1] - code.varPtr[v]).sort((x, y) => x - y);
  expect(got).toEqual([...want].sort((x, y) => x - y));
  for (let c = 0; c < code.M; c++) {
    const vs = code.edgeVar.subarray(code.checkPtr[c], code.checkPtr[c + 1]);
    expect(new Set(vs).size).toBe(vs.length);
  }
}

describe('code constructions', () => {
  it('PEG (rate ≥ 0.45): reproducible from its seed, check-concentrated, with the profile\'s variable degrees and no repeated edge', () => {
    const seed = new Uint8Array(32).fill(3);
    const a = ldpcCode(seed, 2000, 900);
    const b = ldpcCode(seed, 2000, 900);
    expect(a.edgeVar).toEqual(b.edgeVar);
    expect(a.checkPtr).toEqual(b.checkPtr);
    expectShape(a, LDPC_PROFILE);
  });

  it('configuration model (rate < 0.45): the same properties, and ldpcCode picks it by rate', () => {
    const prof = ldpcProfile(0.25);
    const a = ldpcCode(new Uint8Array(32).fill(4), 4000, 3000);
    const b = buildRandomCode(4000, 3000, prof, xofRng(new Uint8Array(32).fill(4), 'ldpc/code'));
    expect(a.edgeVar).toEqual(b.edgeVar);
    expectShape(a, prof);
  });
});

describe('the error estimate from a pair round\'s kept fraction', () => {
  it('inverts the round: kept fraction p² + (1−p)² gives back (1−p)²/(p² + (1−p)²)', () => {
    for (const p of [0.588, 0.671, 0.9]) {
      const n = 1e6;
      expect(pairErrorFromKept(n, acceptance(p, 2) * n)).toBeCloseTo(errorAfter(p, 2), 9);
    }
    expect(pairErrorFromKept(0, 0)).toBe(0.5);
  });

  it('never estimates zero error: a round that discarded no pair counts half a discard', () => {
    // q = 999.5/1000: e = (1 − √(2q − 1))/2 = 2.5e-4 before the round, e²/q after it.
    const e = (1 - Math.sqrt(2 * 0.9995 - 1)) / 2;
    expect(pairErrorFromKept(1000, 1000)).toBeCloseTo((e * e) / 0.9995, 15);
    expect(pairErrorFromKept(1000, 1000)).toBeGreaterThan(0);
    expect(pairErrorFromKept(1000, 999)).toBeGreaterThan(pairErrorFromKept(1000, 1000));
    // Fewer kept than uncorrelated bits would keep: no information, never above 1/2.
    for (const kept of [1, 200, 500]) expect(pairErrorFromKept(1000, kept)).toBe(0.5);
  });
});

describe('belief-propagation syndrome decoding', () => {
  const N = 3000;
  const code = buildCode(N, N / 2, LDPC_PROFILE, xofRng(new Uint8Array(32).fill(9), 'ldpc/code'));

  it('a noiseless syndrome decodes in one iteration (sum-product and corrected min-sum)', () => {
    const { x } = frame(N, 0, 'noiseless');
    for (const rule of ['sum-product', 'min-sum'] as const) {
      const res = decodeSyndrome(code, syndrome(code, x), priors(x, 0.05), 50, rule);
      expect(res.ok).toBe(true);
      expect(res.iterations).toBe(1);
      expect(res.bits).toEqual(x);
    }
  });

  it('below threshold (rate 1/2 at e = 0.05; the ensemble\'s BSC threshold is ≈ 0.1) every one of 20 frames decodes to Alice\'s string', () => {
    let fails = 0;
    for (let t = 0; t < 20; t++) {
      const { x, y } = frame(N, 0.05, `below/${t}`);
      const res = decodeSyndrome(code, syndrome(code, x), priors(y, 0.05), 120);
      if (!(res.ok && res.bits.every((b, i) => b === x[i]))) fails++;
    }
    expect(fails).toBe(0);
  });

  it('above the Shannon limit (rate 1/2 at e = 0.14 > h⁻¹(1/2) = 0.110) it fails, detectably', () => {
    for (let t = 0; t < 4; t++) {
      const { x, y } = frame(N, 0.14, `above/${t}`);
      const s = syndrome(code, x);
      const res = decodeSyndrome(code, s, priors(y, 0.14), 60);
      expect(res.ok).toBe(false);
      expect(satisfies(code, res.bits, s)).toBe(false);
    }
  });
});

/** A nonzero codeword of `code` (H·c = 0), by Gaussian elimination over GF(2) with one free variable set. */
function codeword(code: LdpcCode): Uint8Array {
  const { N, M } = code;
  const rows = Array.from({ length: M }, (_, c) => {
    const r = new Uint8Array(N);
    for (let e = code.checkPtr[c]; e < code.checkPtr[c + 1]; e++) r[code.edgeVar[e]] ^= 1;
    return r;
  });
  const pivots: number[] = [];
  let rank = 0;
  for (let col = 0; col < N && rank < M; col++) {
    const p = rows.findIndex((r, i) => i >= rank && r[col] === 1);
    if (p < 0) continue;
    [rows[rank], rows[p]] = [rows[p], rows[rank]];
    for (let i = 0; i < M; i++) if (i !== rank && rows[i][col]) for (let k = 0; k < N; k++) rows[i][k] ^= rows[rank][k];
    pivots.push(col);
    rank++;
  }
  const c = new Uint8Array(N);
  const free = [...Array(N).keys()].filter((v) => !pivots.includes(v));
  for (const v of free.slice(0, free.length >> 1)) c[v] = 1;
  pivots.forEach((col, i) => {
    let b = 0;
    for (const v of free) b ^= rows[i][v] & c[v];
    c[col] = b;
  });
  return c;
}

describe('the decoder check (a wrong word of the right syndrome)', () => {
  const N = 400;
  const e = 0.05;
  const seed = randomBytes(seededRng('check', 'seed'), 32);
  const code = ldpcCode(seed, N, ldpcRows(N, e));
  const { x } = frame(N, 0, 'check');
  const c = codeword(code);
  const y = x.map((b, i) => b ^ c[i]);

  it('BP alone returns Bob\'s string when it differs from Alice\'s by a codeword: the syndrome cannot tell', () => {
    expect(c.some((b) => b === 1)).toBe(true);
    expect(satisfies(code, c, new Uint8Array(code.M))).toBe(true);
    const res = decodeSyndrome(code, syndrome(code, x), priors(y, e), 50);
    expect(res.ok).toBe(true);
    expect(res.iterations).toBe(1);
    expect(Buffer.from(res.bits).equals(Buffer.from(y))).toBe(true);
  });

  it('with the check, that word is rejected, never returned, and costs its 16 bits in the disclosure', () => {
    const r = ldpcLocal(x, y, e, seed);
    expect(r.wrongWords).toBeGreaterThanOrEqual(1);
    // c has weight ≈ N/2, so reveals cannot rescue the frame: it fails, and fails detectably.
    expect(r.ok).toBe(false);
    expect(r.disclosed).toBeGreaterThanOrEqual(code.M + LDPC_CHECK_BITS);
    const clean = ldpcLocal(x, x, e, seed);
    expect([clean.ok, clean.wrongWords, clean.attempts, clean.disclosed]).toEqual([true, 0, 1, code.M + LDPC_CHECK_BITS]);
  });
});

describe('LDPC in a session', () => {
  const profile = withOverrides(loadProfile('toy-insecure'), { distill: 'pairs', reconciler: 'ldpc' });

  it('leaked = syndrome bits + decoder check + revealed bits + verification tag, exactly; PA takes N − leaked − margin', () => {
    const lim = limitsOf(profile);
    let wire = 0;
    const alice = createAlice(profile, { rng: seededRng('ldpc-leak', 'alice') });
    const bob = createBob(profile, { rng: seededRng('ldpc-leak', 'bob') });
    const res = runInMemorySession(alice, bob, undefined, {
      tamper: (_dir, f) => {
        const m = decodeMessage(f, lim);
        if (m.type === 'syndrome') wire += m.bits.length + m.check.length * 8;
        if (m.type === 'reveal') wire += m.bits.length;
        return f;
      },
    });
    expect(res.alice.ok && res.bob.ok).toBe(true);
    const a = alice.inspect();
    expect(wire).toBeGreaterThan(0);
    expect(a.leakedBits).toBe(wire + profile.verifyBits);
    expect(bob.inspect().leakedBits).toBe(a.leakedBits);
    expect(a.outBits).toBe(a.keptString!.length - a.leakedBits - profile.paMarginBits);
  });

  it('a damaged syndrome never yields a key: the frame fails to decode or the verification hash catches it', () => {
    const lim = limitsOf(profile);
    const alice = createAlice(profile, { rng: seededRng('ldpc-damage', 'alice') });
    const bob = createBob(profile, { rng: seededRng('ldpc-damage', 'bob') });
    const res = runInMemorySession(alice, bob, undefined, {
      tamper: (_dir, f) => {
        const m = decodeMessage(f, lim);
        if (m.type !== 'syndrome') return f;
        const g = f.slice();
        for (let i = 7 + 38; i < g.length; i += 3) g[i] ^= 0x5a; // past header, seed, check, rows: many syndrome bits flipped
        return g;
      },
    });
    expect(res.alice.ok).toBe(false);
    expect(res.bob.ok).toBe(false);
    const codes = [res.alice, res.bob].map((o) => (o.ok ? '' : o.code));
    expect(codes).toContain('SEPKA_ERR_RECONCILE_FAILED');
  });

  it('a damaged decoder check: Bob\'s converged words all fail it, he reveals until the step cap, and no key results', () => {
    const lim = limitsOf(profile);
    const alice = createAlice(profile, { rng: seededRng('ldpc-check', 'alice') });
    const bob = createBob(profile, { rng: seededRng('ldpc-check', 'bob') });
    const res = runInMemorySession(alice, bob, undefined, {
      tamper: (_dir, f) => {
        if (decodeMessage(f, lim).type !== 'syndrome') return f;
        const g = f.slice();
        g[7 + 32] ^= 0x01; // the check's first byte
        return g;
      },
    });
    expect(res.alice.ok).toBe(false);
    expect(res.bob.ok).toBe(false);
    expect(res.bob.ok ? '' : res.bob.code).toBe('SEPKA_ERR_RECONCILE_FAILED');
    expect(Number(bob.inspect().stats.ldpcWrongWords)).toBeGreaterThan(0);
    expect(bob.inspect().key).toBeUndefined();
    expect(alice.inspect().key).toBeUndefined();
    // Both count what was disclosed up to the failure alike: syndrome + check + every reveal.
    expect(Number(bob.inspect().stats.ldpcRevealed)).toBeGreaterThan(0);
    expect(bob.inspect().leakedBits).toBe(alice.inspect().leakedBits);
  });

  it('Eve follows pairs and the syndrome: on toy-insecure she recovers the key', () => {
    const alice = createAlice(profile, { rng: seededRng('ldpc-eve', 'alice') });
    const bob = createBob(profile, { rng: seededRng('ldpc-eve', 'bob') });
    const eve = createEve(profile, { rng: seededRng('ldpc-eve', 'eve'), budgetMs: 1500 });
    const res = runInMemorySession(alice, bob, eve);
    expect(res.alice.ok && res.bob.ok).toBe(true);
    const rep = eve.report(truthFromInspect(alice.inspect(), bob.inspect()));
    expect(rep.keyRecovered).toBe(true);
    expect(rep.keyConfirmedByTag).toBe(true);
  });
});
