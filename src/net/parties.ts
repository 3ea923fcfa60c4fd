/**
 * What the network roles need from the protocol, in one place: the profile, the largest legal
 * frame (ws maxPayload), the per-step timeout, and factories for fresh Alice / Bob parties
 * (src/protocol/, issue #3). Also the ground truth a party exposes for scoring Eve, and its
 * conversion into the form Eve's report takes.
 */
import { loadProfile, type Profile } from '../protocol/profile.ts';
import { limitsOf, maxFrameBytes } from '../protocol/messages/index.ts';
import { createAlice } from '../protocol/alice.ts';
import { createBob } from '../protocol/bob.ts';
import type { Party, SessionOutcome } from '../protocol/party.ts';
import type { Rng } from '../rng.ts';
import type { RoleResult } from './ipc.ts';

export interface PartyKit {
  profile: Profile;
  maxPayload: number;
  stepTimeoutMs: number;
  newAlice(rng: Rng): Party;
  newBob(rng: Rng): Party;
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

/** Ground truth of one finished session, for Eve's scoring (sent over IPC only, never printed). */
export function truthOf(o: SessionOutcome): Record<string, unknown> | undefined {
  if (!o.ok) return undefined;
  return { key: Buffer.from(o.key).toString('hex') };
}

/** The demo's truth message → the argument of Eve's report(). */
export function eveTruth(t: unknown): unknown {
  const m = t as { alice?: RoleResult; bob?: RoleResult } | undefined;
  if (!m) return undefined;
  return { alice: m.alice?.truth, bob: m.bob?.truth };
}
