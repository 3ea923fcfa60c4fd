/**
 * Every profile's largest frame fits the wire and the stated memory bound (profile.ts
 * MAX_PROFILE_FRAME): a profile whose largest legal frame the wire's 32-bit body length cannot
 * describe (n = 256, L = 1024, 2^20 challenges: a 4.5 GiB Cascade query), or one over the
 * 256 MiB memory bound, is refused when it is validated, so no Alice ever takes such a
 * maxPayload. Every command that takes --protocol FILE exits 2 with one line naming the frame.
 * The bound itself is checked at its edge: the largest challenge count that fits is accepted,
 * one more batch is refused.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from './helpers/cli.ts';
import { expectOneProfileLine, PROFILE_COMMANDS, profileFilesDir } from './helpers/profileFile.ts';
import { FRAME_MEMORY_BOUND, loadAllProfiles, loadProfile, MAX_PROFILE_FRAME, validateProfile, WIRE_MAX_FRAME, type Profile } from '../src/protocol/profile.ts';
import { largestFrame, limitsOf } from '../src/protocol/messages/index.ts';

/** An n = 256 task (θ = 1/16, m = 4n, w = 13) on toy-insecure's other numbers. */
const base: Profile = { ...loadProfile('toy-insecure'), n: 256, theta: 1 / 16, m: 1024, w: 13 };
/** `base` with some fields replaced (challenges fixed, so the raw bits are challenges × L). */
const tweak = (f: Partial<Profile>): Profile => ({ ...base, ...f });
/** The issue's case: 2^20 challenges of 1024 label columns, 2^30 raw bits. */
const WIRE_BREAKER = tweak({ L: 1024, challenges: 1 << 20 });
/** Under the wire's 4 GiB but over the memory bound: 2^17 challenges × 1024 columns. */
const MEMORY_BREAKER = tweak({ L: 1024, challenges: 1 << 17 });

describe('the largest frame of a profile is bounded', () => {
  it('the bound is the stated one: 256 MiB, below what the 32-bit length field allows', () => {
    expect(FRAME_MEMORY_BOUND).toBe(2 ** 28);
    expect(WIRE_MAX_FRAME).toBe(7 + 2 ** 32 - 1);
    expect(MAX_PROFILE_FRAME).toBe(FRAME_MEMORY_BOUND);
  });

  it('every shipped profile is far inside it', () => {
    const { profiles, skipped } = loadAllProfiles();
    expect(skipped).toEqual([]);
    for (const p of profiles) expect(largestFrame(limitsOf(p)).bytes, p.name).toBeLessThan(MAX_PROFILE_FRAME / 100);
  });

  it("a frame the wire's length field cannot describe is refused at validation, naming it", () => {
    expect(() => validateProfile(WIRE_BREAKER, 'p')).toThrow(
      /^p: largest frame \(recon-query\) would be 4608 MiB: over the wire's 32-bit length \(4 GiB\) and the 256 MiB bound; lower challenges or L$/,
    );
  });

  it('a frame the wire could carry but over the memory bound is refused too', () => {
    expect(() => validateProfile(MEMORY_BREAKER, 'p')).toThrow(/^p: largest frame \(recon-query\) would be 576 MiB: over the 256 MiB bound; lower challenges or L$/);
  });

  it('at the edge: the most challenges that fit are accepted, one batch more is refused', () => {
    // Bisect on whole batches (the frame grows with the raw bits, challenges × L).
    const fits = (c: number) => largestFrame(limitsOf({ ...base, L: 1024, challenges: c })).bytes <= MAX_PROFILE_FRAME;
    let lo = 1;
    let hi = 1 << 17;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (fits(mid)) lo = mid;
      else hi = mid;
    }
    const ok = validateProfile(tweak({ L: 1024, challenges: lo }), 'p');
    expect(largestFrame(limitsOf(ok)).bytes).toBeLessThanOrEqual(MAX_PROFILE_FRAME);
    expect(() => validateProfile(tweak({ L: 1024, challenges: lo + base.batchSize }), 'p')).toThrow(/largest frame/);
  });
});

const dir = profileFilesDir('sepka-frame-bound-', () => [
  ['wire.json', JSON.stringify({ ...WIRE_BREAKER, name: 'wire-breaker' })],
  ['memory.json', JSON.stringify({ ...MEMORY_BREAKER, name: 'memory-breaker' })],
]);

describe('every command that takes --protocol FILE refuses such a profile: exit 2, one line', () => {
  it.each([
    ['wire.json', /largest frame \(recon-query\) would be 4608 MiB: over the wire's 32-bit length/],
    ['memory.json', /largest frame \(recon-query\) would be 576 MiB: over the 256 MiB bound/],
  ])('%s', async (file, why) => {
    for (const cmd of PROFILE_COMMANDS) {
      const r = await runCli([...cmd, '--protocol', join(dir(), file)]);
      expectOneProfileLine(r, why, `${cmd[0]} ${file}`, 300);
    }
  });
});
