/**
 * Message codec entry points, all derived from the wire table (table.ts): `encodeMessage` /
 * `decodeMessage`, and the largest legal frame per type and overall (the ws driver sets its
 * maxPayload from `maxFrameBytes`). Frame header and error codes: ../frame.ts; message
 * meanings and flow: types.ts; field kinds: fields.ts.
 */
import { SepkaError } from '../../errors.ts';
import { HEADER_BYTES, parseHeader, Reader, Writer } from '../frame.ts';
import { ringOf } from '../../separation/index.ts';
import type { Ring } from '../../separation/ring.ts';
import { derive, Profile } from '../profile.ts';
import { readFields } from './fields.ts';
import { Layout, TABLE } from './table.ts';
import { Limits, Message, MessageType } from './types.ts';

export * from './types.ts';
export { ABORT_CODES, ABORT_REASON_MAX_BYTES, MAX_ROUNDS, maxRevealPositions, STEPS, TABLE } from './table.ts';

/** The sizes decoders check, from the profile; `ring`: a caller's own separation's (default: the profile's). */
export function limitsOf(p: Profile, ring: Ring = ringOf(p)): Limits {
  const d = derive(p);
  return { ring, n: p.n, m: p.m, L: p.L, batchSize: p.batchSize, batches: Math.ceil(d.challenges / p.batchSize), maxRaw: d.rawBits, ellMax: p.ellMax };
}

const TYPES = Object.keys(TABLE) as MessageType[];
const BY_BYTE = new Map<number, [MessageType, Layout]>(TYPES.map((t) => [TABLE[t].byte, [t, TABLE[t]]]));

export function encodeMessage(msg: Message, lim: Limits): Uint8Array {
  const { byte, fields } = TABLE[msg.type];
  const w = new Writer();
  for (const f of fields) f.write(w, msg, lim);
  return w.frame(byte);
}

/** Decode and validate one frame; throws SepkaError (SEPKA_ERR_FRAME_*) on anything illegal. */
export function decodeMessage(frame: Uint8Array, lim: Limits): Message {
  const { type, body } = parseHeader(frame, maxFrameBytes(lim), (t) => BY_BYTE.has(t));
  const entry = BY_BYTE.get(type);
  if (!entry) throw new SepkaError('SEPKA_ERR_FRAME_TYPE', `unknown message type ${type}`);
  const [name, layout] = entry;
  const r = new Reader(body, name);
  const msg = { type: name, ...readFields(r, layout.fields, lim) };
  r.end();
  layout.atEnd?.(msg);
  return msg as Message;
}

/** Largest legal frame of one message type under these limits, in bytes (header included). */
export function maxFrameBytesOf(type: MessageType, lim: Limits): number {
  return HEADER_BYTES + TABLE[type].fields.reduce((s, f) => s + f.maxBytes(lim), 0);
}

/** Largest legal frame for these limits, in bytes (header included). */
export function maxFrameBytes(lim: Limits): number {
  return Math.max(...TYPES.map((t) => maxFrameBytesOf(t, lim)));
}

/** The largest legal frame of a profile (for the WebSocket maxPayload). */
export const MAX_FRAME_BYTES = (p: Profile): number => maxFrameBytes(limitsOf(p));
