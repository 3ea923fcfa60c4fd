/**
 * Message codecs: fast-check round trips for every message type, and the "mangler": truncated,
 * extended, zeroed, wrong-version and wrong-type frames, and random bodies behind a valid
 * header, all throw SepkaError with the right SEPKA_ERR_FRAME_* code and nothing else.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SepkaError } from '../src/errors.ts';
import { ABORT_CODES, decodeMessage, encodeMessage, Limits, maxFrameBytes, Message, MSG, STEPS, MAX_FRAME_BYTES, maxRevealPositions } from '../src/protocol/messages/index.ts';
import { FRAME_VERSION, HEADER_BYTES } from '../src/protocol/frame.ts';
import { pack } from '../src/gf2/vec.ts';
import { loadProfile, listProfiles } from '../src/protocol/profile.ts';

/** fast-check seed: every run checks the same cases (CI is deterministic). */
const SEED = 20240611;
const LIM: Limits = { n: 37, m: 50, L: 5, batchSize: 4, batches: 3, maxRaw: 200, ellMax: 8 };

const bytes = (k: number) => fc.uint8Array({ minLength: k, maxLength: k });
const bits = (lo: number, hi: number) => fc.array(fc.integer({ min: 0, max: 1 }), { minLength: lo, maxLength: hi }).map((a) => Uint8Array.from(a));
const bitsN = (k: number) => bits(k, k);
const role = fc.constantFrom<'alice' | 'bob'>('alice', 'bob');

const arbMessage: fc.Arbitrary<Message> = fc.oneof(
  fc.record({ type: fc.constant('hello' as const), role, protocol: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/), paramsHash: bytes(32) }),
  fc.record({ type: fc.constant('task' as const), seedA: bytes(32), labels: bitsN(LIM.m * LIM.L) }),
  fc.record({
    type: fc.constant('challenges' as const),
    batch: fc.integer({ min: 0, max: LIM.batches - 1 }),
    batches: fc.constant(LIM.batches),
    xs: fc.array(bitsN(LIM.n).map((b) => pack(b)), { minLength: 1, maxLength: LIM.batchSize }),
  }),
  fc.record({ type: fc.constant('estimate' as const), seed: bytes(32), bits: bits(1, LIM.maxRaw) }),
  fc
    .record({ ell: fc.integer({ min: 1, max: LIM.ellMax }), sample: fc.integer({ min: 1, max: LIM.maxRaw }), e: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.nat() })
    .chain(({ ell, sample, e, b }) => {
      const blocks = b % (Math.floor(LIM.maxRaw / ell) + 1);
      return bitsN(blocks * ell).map((masked) => ({ type: 'distill' as const, ell, errors: Math.floor(e * sample), sample, blocks, masked }));
    }),
  fc.record({ type: fc.constant('kept' as const), kept: bits(1, LIM.maxRaw), seed: bytes(32), passes: fc.integer({ min: 1, max: 16 }), k1: fc.integer({ min: 1, max: LIM.maxRaw }) }),
  fc.record({
    type: fc.constant('recon-query' as const),
    ranges: fc.array(
      fc.record({ pass: fc.integer({ min: 0, max: 15 }), hi: fc.integer({ min: 1, max: LIM.maxRaw }), f: fc.double({ min: 0, max: 1, noNaN: true }) }).map(({ pass, hi, f }) => ({ pass, lo: Math.min(hi - 1, Math.floor(f * hi)), hi })),
      { minLength: 1, maxLength: 30 },
    ),
  }),
  fc.record({ type: fc.constant('recon-reply' as const), parities: bits(1, LIM.maxRaw / 2) }),
  fc.record({ type: fc.constant('verify' as const), seed: bytes(32), tag: fc.integer({ min: 2, max: 32 }).chain((k) => bytes(k)) }),
  fc
    .record({ seed: bytes(32), outBits: fc.integer({ min: 8, max: LIM.maxRaw }), k: fc.nat() })
    .map(({ seed, outBits, k }) => ({ type: 'amplify' as const, seed, outBits, keyBits: 8 * (1 + (k % Math.floor(outBits / 8))) })),
  fc.record({ type: fc.constant('confirm' as const), role, tag: bytes(32) }),
  fc.record({
    type: fc.constant('abort' as const),
    code: fc.constantFrom(...ABORT_CODES),
    step: fc.constantFrom(...STEPS),
    reason: fc.string({ maxLength: 80 }).map((s) => s.replace(/[\u0000-\u001f\u007f]/g, ' ')),
  }),
  // Bit pairs and LDPC.
  fc
    .record({ rounds: fc.integer({ min: 1, max: 8 }), r: fc.nat(), sample: fc.integer({ min: 1, max: LIM.maxRaw }), e: fc.double({ min: 0, max: 1, noNaN: true }), seed: bytes(32), parities: bits(1, LIM.maxRaw / 2) })
    .map(({ rounds, r, sample, e, seed, parities }) => ({ type: 'pairs' as const, round: r % rounds, rounds, errors: Math.floor(e * sample), sample, seed, parities })),
  fc.record({ type: fc.constant('survivors' as const), round: fc.integer({ min: 0, max: 7 }), kept: bits(1, LIM.maxRaw) }),
  fc.record({ type: fc.constant('syndrome' as const), seed: bytes(32), check: bytes(2), bits: bits(1, LIM.maxRaw) }),
  fc.record({ type: fc.constant('reveal-query' as const), positions: fc.array(fc.record({ pos: fc.integer({ min: 0, max: LIM.maxRaw - 1 }) }), { minLength: 1, maxLength: maxRevealPositions(LIM) }) }),
  fc.record({ type: fc.constant('reveal' as const), bits: bits(1, LIM.maxRaw) }),
);

/** Run f; return the SepkaError code it threw, or fail if it threw anything else or nothing. */
function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (!(e instanceof SepkaError)) throw new Error(`threw a non-SepkaError: ${String(e)}`);
    expect(e.message).not.toContain('\n');
    return e.code;
  }
  return 'no error';
}

const decode = (f: Uint8Array) => decodeMessage(f, LIM);

describe('message codecs', () => {
  it('round-trips every message type', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbMessage, (m) => {
        seen.add(m.type);
        const frame = encodeMessage(m, LIM);
        expect(frame.length).toBeLessThanOrEqual(maxFrameBytes(LIM));
        expect(decode(frame)).toEqual(m);
      }),
      { seed: SEED, numRuns: 600 },
    );
    expect(seen.size).toBe(Object.keys(MSG).length);
  });

  it('refuses to encode a fixed-width field of the wrong length (it would shift every later field)', () => {
    for (const check of [new Uint8Array(1), new Uint8Array(3)]) {
      const m = { type: 'syndrome', seed: new Uint8Array(32), check, bits: Uint8Array.of(1, 0, 1) } as Message;
      expect(() => encodeMessage(m, LIM)).toThrow(/check: \d bytes, the frame carries exactly 2/);
    }
    expect(decodeMessage(encodeMessage({ type: 'syndrome', seed: new Uint8Array(32), check: Uint8Array.of(7, 9), bits: Uint8Array.of(1, 0, 1) }, LIM), LIM)).toMatchObject({ check: Uint8Array.of(7, 9) });
  });

  it('mangler: truncated frames → SEPKA_ERR_FRAME_TRUNCATED', () => {
    fc.assert(
      fc.property(arbMessage, fc.double({ min: 0, max: 1, noNaN: true }), (m, f) => {
        const frame = encodeMessage(m, LIM);
        const cut = Math.min(frame.length - 1, Math.floor(f * frame.length));
        expect(codeOf(() => decode(frame.subarray(0, cut)))).toBe('SEPKA_ERR_FRAME_TRUNCATED');
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('mangler: extended frames → SEPKA_ERR_FRAME_TOO_LONG', () => {
    fc.assert(
      fc.property(arbMessage, fc.uint8Array({ minLength: 1, maxLength: 16 }), (m, extra) => {
        const frame = encodeMessage(m, LIM);
        const long = new Uint8Array(frame.length + extra.length);
        long.set(frame);
        long.set(extra, frame.length);
        expect(codeOf(() => decode(long))).toBe('SEPKA_ERR_FRAME_TOO_LONG');
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('mangler: zeroed, wrong-version and wrong-type frames', () => {
    fc.assert(
      fc.property(arbMessage, fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (m, v, t) => {
        const frame = encodeMessage(m, LIM);
        expect(codeOf(() => decode(new Uint8Array(frame.length)))).toBe('SEPKA_ERR_FRAME_VERSION');
        const badV = frame.slice();
        badV[1] = v === FRAME_VERSION ? v + 1 : v;
        expect(codeOf(() => decode(badV))).toBe('SEPKA_ERR_FRAME_VERSION');
        const badT = frame.slice();
        badT[2] = (Object.values(MSG) as number[]).includes(t) ? 0 : t;
        expect(codeOf(() => decode(badT))).toBe('SEPKA_ERR_FRAME_TYPE');
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('mangler: random bodies behind a valid header decode or throw a SEPKA_ERR_FRAME_* code', () => {
    const types = Object.values(MSG) as number[];
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.uint8Array({ maxLength: 300 }), (type, body) => {
        const frame = new Uint8Array(HEADER_BYTES + body.length);
        frame.set([0x53, FRAME_VERSION, type]);
        new DataView(frame.buffer).setUint32(3, body.length);
        frame.set(body, HEADER_BYTES);
        const code = codeOf(() => decode(frame));
        expect(code === 'no error' || code.startsWith('SEPKA_ERR_FRAME_')).toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('mangler: single bit flips in valid frames never escape as anything but SepkaError', () => {
    fc.assert(
      fc.property(arbMessage, fc.nat(), (m, k) => {
        const frame = encodeMessage(m, LIM);
        const i = k % (frame.length * 8);
        frame[i >>> 3] ^= 1 << (i & 7);
        const code = codeOf(() => decode(frame));
        expect(code === 'no error' || code.startsWith('SEPKA_ERR_FRAME_')).toBe(true);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('rejects an oversized frame before reading it', () => {
    const big = new Uint8Array(maxFrameBytes(LIM) + 1);
    big.set([0x53, FRAME_VERSION, MSG.task]);
    expect(codeOf(() => decode(big))).toBe('SEPKA_ERR_FRAME_TOO_LONG');
  });

  it('MAX_FRAME_BYTES bounds the shipped profiles below 4 MiB', () => {
    for (const name of listProfiles()) {
      const max = MAX_FRAME_BYTES(loadProfile(name));
      expect(max).toBeGreaterThan(HEADER_BYTES);
      expect(max).toBeLessThan(4 << 20);
    }
  });
});
