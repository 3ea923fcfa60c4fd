/**
 * What the network roles need from the protocol, in one place: the profile, the largest legal
 * frame (ws maxPayload), the per-step timeout, and factories for fresh Alice / Bob parties
 * (src/protocol/, issue #3). Also the ground truth a party exposes for scoring Eve, and its
 * conversion into the form Eve's report takes.
 */
import { loadProfile, type Profile } from '../protocol/profile.ts';
import { limitsOf, maxFrameBytes } from '../protocol/messages/index.ts';
import { createAlice, type AliceParty } from '../protocol/alice.ts';
import { createBob, type BobParty } from '../protocol/bob.ts';
import type { Rng } from '../rng.ts';
import type { RoleResult } from './ipc.ts';

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
 * Ground truth of one session for scoring Eve (eve/report.ts `normaliseTruth`): Alice's raw and
 * kept bits, secrets and key; Bob's raw bits and challenge supports. Sent only over the demo's
 * private IPC channel (structured clone), never printed. The key is there only on success.
 */
export function truthOf(party: AliceParty | BobParty): Record<string, unknown> {
  if (party.role === 'alice') {
    const a = (party as AliceParty).inspect();
    return { raw: a.raw, keptString: a.keptString, secrets: a.secrets, key: a.key };
  }
  const b = (party as BobParty).inspect();
  return { raw: b.raw, rs: b.rs };
}

/** The demo's truth message → the argument of Eve's report() ({alice, bob}, see normaliseTruth). */
export function eveTruth(t: unknown): unknown {
  const m = t as { alice?: RoleResult; bob?: RoleResult } | undefined;
  if (!m) return undefined;
  return { alice: m.alice?.truth ?? {}, bob: m.bob?.truth ?? {} };
}
