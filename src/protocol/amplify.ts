/**
 * Privacy amplification and key derivation (DESIGN.md §3).
 *
 * Output length (leftover hash lemma; see profile.ts for the margin's justification):
 *   outBits = N − leaked − paMarginBits, leaked = Cascade parities + verification tag bits.
 * The reconciled N-bit string is hashed with a public Toeplitz seed (toeplitz.ts) to outBits
 * bits; HKDF-SHA256 (RFC 5869, @noble/hashes) then derives the session key (keyBits =
 * min(targetKeyBits, outBits rounded down to bytes), never more than the extracted entropy)
 * and a separate 256-bit confirmation key, with the transcript hash as salt so that keys are
 * bound to this session.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { packBits } from './bits.ts';
import { toeplitzHash } from './toeplitz.ts';

/** Toeplitz output length; ≤ 0 means no key can be extracted. */
export const paLength = (N: number, leaked: number, marginBits: number): number => N - leaked - marginBits;

/** Session key length for a PA output of outBits. */
export const sessionKeyBits = (outBits: number, targetKeyBits: number): number => Math.min(targetKeyBits, Math.floor(outBits / 8) * 8);

export interface Keys {
  key: Uint8Array;
  kConf: Uint8Array;
}

/** HKDF-SHA256 of the PA output: the session key and the confirmation key. */
export function deriveKeys(paOut: Uint8Array, transcriptHash: Uint8Array, keyBits: number): Keys {
  const ikm = packBits(paOut);
  return {
    key: hkdf(sha256, ikm, transcriptHash, utf8ToBytes('sepka/v1/session-key'), keyBits / 8),
    kConf: hkdf(sha256, ikm, transcriptHash, utf8ToBytes('sepka/v1/confirm-key'), 32),
  };
}

/** Whole amplification for one side (or for Eve, on her guess): Toeplitz, then HKDF. */
export function amplify(bits: Uint8Array, seed: Uint8Array, outBits: number, keyBits: number, transcriptHash: Uint8Array): Keys & { paOut: Uint8Array } {
  const paOut = toeplitzHash(seed, bits, outBits, 'pa');
  return { paOut, ...deriveKeys(paOut, transcriptHash, keyBits) };
}
