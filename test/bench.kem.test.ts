/**
 * The kem section of `npm run bench` (scripts/bench/kem.ts) on one interleaved round: every
 * exchange's two shared secrets agree, the bytes are the schemes' published sizes (HQC-128
 * 2,249 + 4,433, ML-KEM-768 1,184 + 1,088, Classic McEliece 348864 261,120 + 96), a sepka
 * contender's bytes are those `measure` reports for the same session, the ratios are the
 * records' own quotients, the human table fits 100 columns and the --json object validates
 * against schemas/bench.schema.json. No timing is asserted.
 */
import { describe, expect, it } from 'vitest';
import { formatKem, mlKem768, pqcleanKem, runKem, secureProfiles, sepkaSessions } from '../scripts/bench/kem.ts';
import { loadProfile } from '../src/protocol/profile.ts';
import { runMeta } from '../src/meta.ts';
import { expectValid } from './helpers/schema.ts';

describe('bench kem', () => {
  it('agrees on every shared secret, reports the published sizes and consistent ratios', () => {
    const toy = loadProfile('toy-insecure');
    const rs = runKem([pqcleanKem('hqc-128', 'HQC-128', 1, 2), mlKem768, pqcleanKem('mceliece348864', 'McEliece 348864', 1, 1), sepkaSessions(toy, 16.9)], 1);
    const by = Object.fromEntries(rs.map((r) => [r.name, r]));
    for (const r of rs) {
      expect(r.agreed, r.name).toBe(r.exchanges);
      expect(r.exchanges).toBe(1 + r.exchangesPerRound);
      expect(r.bytes.total).toBe(r.bytes.aliceToBob + r.bytes.bobToAlice);
      expect(r.ratios.hqc128.bytes).toBeCloseTo(r.bytes.total / by['HQC-128'].bytes.total, 12);
      expect(r.ratios.mlkem768.time).toBeCloseTo(r.ms.median / by['ML-KEM-768'].ms.median, 12);
      expect(r.keysPerSecond).toBeCloseTo(1000 / r.ms.median, 9);
    }
    expect(by['HQC-128'].bytes).toMatchObject({ aliceToBob: 2249, bobToAlice: 4433 });
    expect(by['ML-KEM-768'].bytes).toMatchObject({ aliceToBob: 1184, bobToAlice: 1088 });
    expect(by['McEliece 348864'].bytes).toMatchObject({ aliceToBob: 261_120, bobToAlice: 96 });
    expect(by['HQC-128'].keyBits).toBe(512);
    expect(by['ML-KEM-768'].keyBits).toBe(256);
    expect(by['McEliece 348864'].keyBits).toBe(256);
    const s = by['sepka toy-insecure'];
    expect(s.kind).toBe('interactive');
    expect(s.keyBits).toBe(toy.targetKeyBits);
    expect(s.frames).toBeGreaterThan(10);
    // Task frame alone: m·L label bits.
    expect(s.bytes.aliceToBob).toBeGreaterThan((toy.m * toy.L) / 8);

    const text = formatKem(rs);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(text).toMatch(/HQC-128 3\/3, ML-KEM-768 21\/21, McEliece 348864 2\/2, sepka toy-insecure 2\/2/);
    expectValid('bench', JSON.parse(JSON.stringify({ kem: rs, meta: runMeta({ startedAt: new Date(), seed: 'bench' }) })));
  }, 180_000);

  it('benches the profiles whose estimate is at least 2^128: paper-128, not the n = 256 or 1024 ones', () => {
    const names = secureProfiles().map((x) => x.profile.name);
    expect(names).toContain('paper-128');
    for (const n of ['toy-insecure', 'paper-1024', 'demo-256']) expect(names).not.toContain(n);
  }, 120_000);
});
