/**
 * Message codec entry points, all derived from the wire table (table.ts): `encodeMessage` /
 * `decodeMessage`, and the largest legal frame per type and overall (table.ts; the ws driver
 * sets its maxPayload from `maxFrameBytes`). Frame header and error codes: ../frame.ts; message
 * meanings and flow: types.ts; field kinds: fields.ts.
 */
import { SepkaError } from '../../errors.ts';
import { parseHeader, Reader, Writer } from '../frame.ts';
import { limitsOf, type Profile } from '../profile.ts';
import { readFields } from './fields.ts';
import { Layout, maxFrameBytes, TABLE } from './table.ts';
import { Limits, Message, MessageType } from './types.ts';

export * from './types.ts';
export { ABORT_CODES, ABORT_REASON_MAX_BYTES, largestFrame, MAX_ROUNDS, maxFrameBytes, maxFrameBytesOf, maxRevealPositions, STEPS, TABLE } from './table.ts';
/** The sizes decoders check, from the profile (defined beside the profile's validation). */
export { limitsOf } from '../profile.ts';

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

/** The largest legal frame of a profile (for the WebSocket maxPayload). */
export const MAX_FRAME_BYTES = (p: Profile): number => maxFrameBytes(limitsOf(p));
