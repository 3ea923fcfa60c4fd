/**
 * Shared fixtures for the protocol tests: a small, fast profile (n = 32, w = 3; insecure and
 * only for exercising every code path quickly) and a session runner over seeded roles.
 */
import { createAlice, AliceParty } from '../../src/protocol/alice.ts';
import { createBob, BobHooks, BobParty } from '../../src/protocol/bob.ts';
import { loadProfile, Profile, validateProfile } from '../../src/protocol/profile.ts';
import { ChannelOptions, runInMemorySession, InMemoryResult } from '../../src/protocol/channel.ts';
import { seededRng } from '../../src/rng.ts';

export const SMALL: Profile = validateProfile(
  {
    ...loadProfile('toy-insecure'),
    name: 'test-small',
    source: 'test fixture',
    n: 32,
    theta: 1 / Math.sqrt(32),
    m: 128,
    w: 3,
    L: 64,
    batchSize: 64,
    rawSlack: 2.5,
    targetKeyBits: 128,
    minKeyBits: 128,
    verifyBits: 32,
    paMarginBits: 32,
  },
  'test-small',
);

export function parties(p: Profile, seed: number, hooks?: BobHooks): { alice: AliceParty; bob: BobParty } {
  return { alice: createAlice(p, { rng: seededRng(seed, 'alice') }), bob: createBob(p, { rng: seededRng(seed, 'bob'), hooks }) };
}

export function session(p: Profile, seed: number, opts: ChannelOptions & { hooks?: BobHooks } = {}): InMemoryResult & { alice_: AliceParty; bob_: BobParty } {
  const { alice, bob } = parties(p, seed, opts.hooks);
  return { ...runInMemorySession(alice, bob, undefined, opts), alice_: alice, bob_: bob };
}
