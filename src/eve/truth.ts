/**
 * The ground truth Eve is scored against (report.ts), which only the honest parties hold.
 * Never sent on the protocol wire.
 *
 * One encoding: each party's part is a `PartyTruth` of typed arrays, built from its inspection
 * (`partyTruth`). In-process (`measure`, tests) the parts are joined at once
 * (`truthFromInspect`). In the demo each part crosses the process boundaries as is, over IPC
 * channels with structured-clone serialization (which keeps typed arrays), and is checked once
 * where it arrives (`decodePartyTruth`, called by src/demo/ipc.ts); Eve's process joins the two
 * parts (`joinTruth`) and hands her analysis thread an `EveTruth`.
 */
import { SepkaError } from '../errors.ts';
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
  /** The confirmed key (only on success). */
  key?: Uint8Array;
}

/** Alice's part: her raw bits, kept string, secrets and (on success) the key. */
export interface AliceTruth {
  role: 'alice';
  raw: Uint8Array;
  keptString?: Uint8Array;
  secrets: Uint32Array[];
  key?: Uint8Array;
}

/** Bob's part: his raw bits and challenge supports. */
export interface BobTruth {
  role: 'bob';
  raw: Uint8Array;
  rs: number[][];
}

export type PartyTruth = AliceTruth | BobTruth;

export function aliceTruth(a: AliceInspect): AliceTruth {
  return { role: 'alice', raw: a.raw, keptString: a.keptString, secrets: a.secrets, key: a.key };
}

export function bobTruth(b: BobInspect): BobTruth {
  return { role: 'bob', raw: b.raw, rs: b.rs };
}

/** The two parts as Eve's report takes them. */
export function joinTruth(a?: AliceTruth, b?: BobTruth): EveTruth {
  return { aliceRaw: a?.raw, bobRaw: b?.raw, aliceKept: a?.keptString, secrets: a?.secrets, rs: b?.rs, key: a?.key };
}

/** Truth from the honest parties' inspection (measurement). */
export const truthFromInspect = (a: AliceInspect, b?: BobInspect): EveTruth => joinTruth(aliceTruth(a), b && bobTruth(b));

const bad = (where: string, what: string): never => {
  throw new SepkaError('SEPKA_ERR_IPC', `${where}: ${what}`);
};
const optBytes = (v: unknown, where: string, k: string): void => {
  if (v !== undefined && !(v instanceof Uint8Array)) bad(where, `truth.${k} must be a Uint8Array`);
};

/** Check a party's truth as it arrives over IPC (structured clone); SEPKA_ERR_IPC if malformed. */
export function decodePartyTruth(v: unknown, role: 'alice' | 'bob', where: string): PartyTruth {
  if (typeof v !== 'object' || v === null) return bad(where, 'truth must be an object');
  const t = v as Record<string, unknown>;
  if (t.role !== role) bad(where, `truth.role must be ${role}`);
  if (!(t.raw instanceof Uint8Array)) bad(where, 'truth.raw must be a Uint8Array');
  if (role === 'alice') {
    optBytes(t.keptString, where, 'keptString');
    optBytes(t.key, where, 'key');
    if (!Array.isArray(t.secrets) || !t.secrets.every((s) => s instanceof Uint32Array)) bad(where, 'truth.secrets must be a list of Uint32Array');
  } else if (!Array.isArray(t.rs) || !t.rs.every((r) => Array.isArray(r) && r.every((i) => Number.isInteger(i) && i >= 0))) {
    bad(where, 'truth.rs must be a list of index lists');
  }
  return t as unknown as PartyTruth;
}
