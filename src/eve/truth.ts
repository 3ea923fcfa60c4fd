/**
 * The ground truth Eve is scored against (eve/report.ts), which only the honest parties hold:
 * in-process from their inspection (`truthFromInspect`), in the demo from its private IPC
 * channel, whose JSON-ish values `normaliseTruth` accepts. Never sent on the protocol wire.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import type { AliceInspect } from '../protocol/alice.ts';
import type { BobInspect } from '../protocol/bob.ts';

/** Ground truth for scoring. Every field is optional; stages without truth report null. */
export interface EveTruth {
  aliceRaw?: Uint8Array;
  bobRaw?: Uint8Array;
  /** Alice's kept (distilled) string, which reconciliation converges to. */
  aliceKept?: Uint8Array;
  secrets?: Uint32Array[];
  /** Bob's challenge supports. */
  rs?: number[][];
  key?: Uint8Array;
}

/** Truth from the honest parties' inspection (measurement). */
export function truthFromInspect(a: AliceInspect, b?: BobInspect): EveTruth {
  return { aliceRaw: a.raw, bobRaw: b?.raw, aliceKept: a.keptString, secrets: a.secrets, rs: b?.rs, key: a.key };
}

/**
 * Bytes from a Uint8Array, a number array, a JSON'd typed array ({"0":…}), a hex string, or a
 * packed bit string {packed: hex, bits: N} (LSB-first, bits.ts packBits) unpacked to 0/1 values.
 */
function bytesOf(v: unknown): Uint8Array | undefined {
  if (v instanceof Uint8Array) return v;
  if (v && typeof v === 'object' && typeof (v as { packed?: unknown }).packed === 'string') {
    const { packed, bits } = v as { packed: string; bits: number };
    const b = bytesOf(packed);
    if (!b || !(Number.isInteger(bits) && bits >= 0 && bits <= b.length * 8)) return undefined;
    return Uint8Array.from({ length: bits }, (_, i) => (b[i >>> 3] >>> (i & 7)) & 1);
  }
  if (typeof v === 'string' && /^[0-9a-f]*$/i.test(v) && v.length % 2 === 0) return hexToBytes(v);
  if (Array.isArray(v)) return Uint8Array.from(v as number[]);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.type === 'Buffer' && Array.isArray(o.data)) return Uint8Array.from(o.data as number[]);
    const keys = Object.keys(o);
    if (keys.length && keys.every((k) => /^\d+$/.test(k))) return Uint8Array.from(keys.map((k) => Number(o[k])));
  }
  return undefined;
}

/**
 * Accepts an EveTruth, or the demo's `{alice: {...}, bob: {...}}` with fields named as in
 * AliceInspect / BobInspect (raw, keptString, secrets, rs, key), values as bytes or hex.
 */
export function normaliseTruth(x: unknown): EveTruth {
  if (!x || typeof x !== 'object') return {};
  const o = x as Record<string, unknown>;
  if (!('alice' in o) && !('bob' in o)) return o as EveTruth;
  const a = (o.alice ?? {}) as Record<string, unknown>;
  const b = (o.bob ?? {}) as Record<string, unknown>;
  const secrets = Array.isArray(a.secrets) ? (a.secrets as unknown[]).map((s) => (s instanceof Uint32Array ? s : new Uint32Array(bytesOf(s)?.buffer ?? new ArrayBuffer(0)))) : undefined;
  return {
    aliceRaw: bytesOf(a.raw),
    bobRaw: bytesOf(b.raw),
    aliceKept: bytesOf(a.keptString),
    secrets,
    rs: Array.isArray(b.rs) ? (b.rs as number[][]) : undefined,
    key: bytesOf(a.key),
  };
}
