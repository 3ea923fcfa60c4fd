/**
 * What the network roles need from the protocol, in one place: the profile, the largest legal
 * frame (ws maxPayload), the per-step timeout, and factories for fresh Alice / Bob parties
 * (src/protocol/). Also the ground truth a party exposes for scoring Eve, and the
 * join of both parts into the EveTruth her report takes.
 */
import { loadProfile, type Profile } from '../protocol/profile.ts';
import { limitsOf, maxFrameBytes } from '../protocol/messages/index.ts';
import { createAlice, type AliceParty } from '../protocol/alice.ts';
import { createBob, type BobParty } from '../protocol/bob.ts';
import type { Rng } from '../rng.ts';
import { aliceTruth, bobTruth, joinTruth, type EveTruth, type PartyTruth } from '../eve/truth.ts';
import type { ParentMessage } from './ipc.ts';

export interface PartyKit {
  profile: Profile;
  maxPayload: number;
  stepTimeoutMs: number;
  newAlice(rng: Rng): AliceParty;
  newBob(rng: Rng): BobParty;
}

/** Load a profile by name (SepkaError 'SEPKA_ERR_PROFILE' → exit 2 when unknown or invalid). */
export function loadKit(protocol: string): PartyKit {
  const profile = loadProfile(protocol);
  return {
    profile,
    maxPayload: maxFrameBytes(limitsOf(profile)),
    stepTimeoutMs: profile.stepTimeoutMs,
    newAlice: (rng) => createAlice(profile, { rng }),
    newBob: (rng) => createBob(profile, { rng }),
  };
}

/**
 * A party's part of the ground truth for scoring Eve (src/eve/truth.ts), sent only over the
 * demo's private IPC channel (structured clone), never printed. The key is there only on
 * success.
 */
export function truthOf(party: AliceParty | BobParty): PartyTruth {
  return party.role === 'alice' ? aliceTruth((party as AliceParty).inspect()) : bobTruth((party as BobParty).inspect());
}

/** The demo's truth message (both parts, already checked by ipc.ts) → what Eve's report takes. */
export function eveTruth(m: Extract<ParentMessage, { t: 'truth' }> | undefined): EveTruth | undefined {
  if (!m) return undefined;
  const a = m.alice?.truth;
  const b = m.bob?.truth;
  return joinTruth(a?.role === 'alice' ? a : undefined, b?.role === 'bob' ? b : undefined);
}
