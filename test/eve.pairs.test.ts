/**
 * Eve follows the amplification messages (bit pairs, LDPC syndrome and reveals) as she follows
 * repetition blocks and Cascade: on `demo-256` her final-key bits stay at chance, and on
 * `toy-insecure` (broken on purpose) she still recovers the key. Seeded sessions; tolerance:
 * her key-bit agreement's 99% Wilson interval must contain 1/2.
 */
import { describe, expect, it } from 'vitest';
import { createAlice } from '../src/protocol/alice.ts';
import { createBob } from '../src/protocol/bob.ts';
import { createEve } from '../src/eve/eve.ts';
import { truthFromInspect } from '../src/eve/truth.ts';
import { runInMemorySession } from '../src/protocol/channel.ts';
import { loadProfile, Profile, withOverrides } from '../src/protocol/profile.ts';
import { seededRng } from '../src/rng.ts';
import { contains, wilson, Z99 } from '../src/stats.ts';
import type { EveCaps } from '../src/eve/state.ts';

function session(profile: Profile, seed: string, budgetMs: number, caps?: EveCaps) {
  const alice = createAlice(profile, { rng: seededRng(seed, 'alice') });
  const bob = createBob(profile, { rng: seededRng(seed, 'bob') });
  const eve = createEve(profile, { rng: seededRng(seed, 'eve'), budgetMs, caps });
  const res = runInMemorySession(alice, bob, eve);
  expect(res.alice.ok && res.bob.ok).toBe(true);
  return eve.report(truthFromInspect(alice.inspect(), bob.inspect()));
}

describe('Eve against bit pairs', () => {
  for (const reconciler of ['cascade', 'ldpc'] as const) {
    it(`demo-256, pairs + ${reconciler}: her final-key bits are at chance`, () => {
      const rep = session(withOverrides(loadProfile('demo-256'), { distill: 'pairs', reconciler }), `eve-pairs-${reconciler}`, 300);
      const k = rep.stages.key!;
      expect(contains(wilson(k.agree, k.total, Z99), 0.5)).toBe(true);
      expect(rep.keyRecovered).toBe(false);
    });

    it(`toy-insecure, pairs + ${reconciler}: she recovers the key`, () => {
      // Clock-free, as in eve.test.ts: a budget the clock never reaches (her dual route stops
      // once every target is broken, which alone gives her the key here: she does with the
      // primal caps at 0 too, and not at a 1 ms budget) and her primal work capped by count.
      const rep = session(withOverrides(loadProfile('toy-insecure'), { distill: 'pairs', reconciler }), `eve-toy-${reconciler}`, 20_000, {
        pooledGaussTrials: 3000,
        primalSternIterations: 40,
      });
      expect(rep.keyRecovered).toBe(true);
    });
  }
});
