/**
 * The wire floor of the LPN line (src/cost/floor.ts) against hand computation and brute force,
 * and a real session (scripts/bench/floor.ts) against it: a floor is never above what a session
 * sends, and at a profile's own yield its labels and challenges are exactly the task and
 * challenge payloads the message table lays out (m·L and c·n bits).
 */
import { describe, expect, it } from 'vitest';
import { bestL, wireFloor, shannonYield } from '../src/cost/floor.ts';
import { h2 } from '../src/stats.ts';
import { derive, keyBitsOf, loadProfile } from '../src/protocol/profile.ts';
import { floorOf, formatFloor } from '../scripts/bench/floor.ts';
import { runMeta } from '../src/meta.ts';
import { expectValid } from './helpers/schema.ts';

describe('wireFloor', () => {
  it('is m·L + ⌈R/L⌉·n + ⌈R·h(p)⌉ bits with R = ⌈K / yield⌉', () => {
    const f = wireFloor({ n: 100, m: 400, L: 10, keyBits: 64, yieldPerRawBit: 0.01, p: 0.6 });
    expect(f.rawBits).toBe(6400);
    expect(f.challenges).toBe(640);
    expect(f.labelBits).toBe(4000);
    expect(f.challengeBits).toBe(64_000);
    expect(f.reconcileBits).toBe(Math.ceil(6400 * h2(0.6)));
    expect(f.bytes).toBeCloseTo((4000 + 64_000 + f.reconcileBits) / 8, 9);
    expect(shannonYield(0.6)).toBeCloseTo(1 - h2(0.6), 12);
    expect(() => wireFloor({ n: 1, m: 1, L: 1, keyBits: 1, yieldPerRawBit: 0, p: 0.6 })).toThrow(RangeError);
    // A ring of b wire bits an element (gaussian-regression's Q15.16: 32) scales labels and points, not the discussion.
    const r32 = wireFloor({ n: 100, m: 400, L: 10, keyBits: 64, yieldPerRawBit: 0.01, p: 0.6, elementBits: 32 });
    expect([r32.labelBits, r32.challengeBits, r32.reconcileBits]).toEqual([32 * 4000, 32 * 64_000, f.reconcileBits]);
  });

  it('paper-128 at its own yield: labels and challenges are the task and challenge payloads', () => {
    const p = loadProfile('paper-128');
    const d = derive(p);
    const f = wireFloor({ n: p.n, m: p.m, L: p.L, keyBits: keyBitsOf(p), yieldPerRawBit: keyBitsOf(p) / d.rawBits, p: d.pTheory });
    expect(f.rawBits).toBe(d.rawBits);
    expect(f.challenges).toBe(d.challenges);
    expect(f.labelBits / 8).toBe(458_752);
    expect(f.challengeBits / 8).toBe(d.challenges * 896);
  });

  it('bestL is the brute-force minimum and lies near √(R·n/m)', () => {
    const x = { n: 7168, m: 28_672, keyBits: 256, yieldPerRawBit: 256 / 34_560, p: 0.5916 };
    const b = bestL(x);
    for (let L = 1; L <= 1024; L++) expect(wireFloor({ ...x, L }).bytes).toBeGreaterThanOrEqual(b.floor.bytes);
    expect(Math.abs(b.L - Math.sqrt((34_560 * 7168) / 28_672))).toBeLessThan(6);
  });
});

describe('floor bench on a real session', () => {
  it('another instance: gaussian-regression sends 32-bit elements, and its floor counts them so', () => {
    const r = floorOf(loadProfile('gaussian-regression'));
    expect(r.separation).toBe('gaussian-regression');
    expect(r.elementBits).toBe(32);
    expect(r.measured.floor.labelBits).toBe(32 * r.m * r.L);
    expect(r.measured.ratio).toBeGreaterThanOrEqual(1);
    // No LPN estimate prices it (insecure by design): L* is reported without a security figure.
    expect(r.bestL.log2Security).toBeNull();
  }, 60_000);

  it('sent ≥ floor at the measured yield ≥ floor at the Shannon yield; the table fits 100 columns', () => {
    const r = floorOf(loadProfile('toy-insecure'), false);
    expect(r.keyBits).toBeGreaterThan(0);
    expect(r.measured.floor.rawBits).toBe(r.rawBits);
    expect(r.measured.ratio).toBeGreaterThanOrEqual(1);
    expect(r.shannon.floor.bytes).toBeLessThanOrEqual(r.measured.floor.bytes);
    expect(r.measured.ratio).toBeCloseTo(r.bytes / r.measured.floor.bytes, 12);
    expect(r.bestL.floor.bytes).toBeLessThanOrEqual(r.measured.floor.bytes);
    expect(r.bestL.log2Security).toBeNull();
    expect(r.elementBits).toBe(1);
    for (const line of formatFloor([r]).split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expectValid('bench', JSON.parse(JSON.stringify({ floor: [r], meta: runMeta({ startedAt: new Date(), seed: 'bench' }) })));
  }, 60_000);
});
