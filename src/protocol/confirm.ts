/**
 * Reconciliation check and key confirmation (DESIGN.md §3).
 *
 * - `verifyTag`: a verifyBits-bit Toeplitz hash of the reconciled string under a public seed;
 *   two different strings collide with probability 2^-verifyBits. Its bits count as leaked.
 * - `confirmTag`: HMAC-SHA256(k_conf, "sepka/v1/confirm|" ‖ role ‖ transcript hash) (RFC 2104),
 *   one per direction; compared with `tagsEqual` (constant time, node:crypto). Any difference
 *   in key or transcript (a frame changed in flight) makes the tags differ.
 * - `fingerprint`: a short, printable digest of a key (never the key).
 */
import { timingSafeEqual } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Role } from './party.ts';
import { packBits } from './bits.ts';
import { toeplitzHash } from './toeplitz.ts';

export const verifyTag = (seed: Uint8Array, bits: Uint8Array, verifyBits: number): Uint8Array => packBits(toeplitzHash(seed, bits, verifyBits, 'verify'));

export function confirmTag(kConf: Uint8Array, transcriptHash: Uint8Array, role: Role): Uint8Array {
  const label = utf8ToBytes(`sepka/v1/confirm|${role}|`);
  const msg = new Uint8Array(label.length + transcriptHash.length);
  msg.set(label);
  msg.set(transcriptHash, label.length);
  return hmac(sha256, kConf, msg);
}

/** Constant-time equality (false on different lengths, which are public). */
export const tagsEqual = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b);

export const fingerprint = (key: Uint8Array): string => bytesToHex(sha256(new Uint8Array([...utf8ToBytes('sepka/v1/fingerprint|'), ...key]))).slice(0, 16);
