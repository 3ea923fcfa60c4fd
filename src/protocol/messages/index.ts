/**
 * Message codec entry points: `encodeMessage` / `decodeMessage` dispatch on the type, and
 * `MAX_FRAME_BYTES(profile)` bounds every legal frame (the ws driver sets maxPayload from it).
 * Frame layout and error codes: ../frame.ts; message flow: types.ts.
 */
import { SepkaError } from '../../errors.ts';
import { HEADER_BYTES, parseHeader, Reader } from '../frame.ts';
import { derive, Profile } from '../profile.ts';
import { decodeAmplify, decodeConfirm, encodeAmplify, encodeConfirm } from './finish.ts';
import { decodeChallenges, decodeDistill, decodeEstimate, decodeKept, encodeChallenges, encodeDistill, encodeEstimate, encodeKept } from './agreement.ts';
import { decodeReconQuery, decodeReconReply, decodeVerify, encodeReconQuery, encodeReconReply, encodeVerify, maxRanges } from './reconcile.ts';
import { decodeAbort, decodeHello, decodeTask, encodeAbort, encodeHello, encodeTask, MAX_REASON_BYTES } from './setup.ts';
import { Limits, Message, MSG } from './types.ts';

export * from './types.ts';
export { ABORT_CODES, STEPS } from './setup.ts';

/** The sizes decoders check, from the profile. */
export function limitsOf(p: Profile): Limits {
  const d = derive(p);
  return { n: p.n, m: p.m, L: p.L, batchSize: p.batchSize, batches: Math.ceil(d.challenges / p.batchSize), maxRaw: d.rawBits, ellMax: p.ellMax };
}

const TYPES = new Set<number>(Object.values(MSG));

export function encodeMessage(msg: Message, lim: Limits): Uint8Array {
  switch (msg.type) {
    case 'hello': return encodeHello(msg);
    case 'task': return encodeTask(msg, lim);
    case 'challenges': return encodeChallenges(msg, lim);
    case 'estimate': return encodeEstimate(msg);
    case 'distill': return encodeDistill(msg);
    case 'kept': return encodeKept(msg);
    case 'recon-query': return encodeReconQuery(msg);
    case 'recon-reply': return encodeReconReply(msg);
    case 'verify': return encodeVerify(msg);
    case 'amplify': return encodeAmplify(msg);
    case 'confirm': return encodeConfirm(msg);
    case 'abort': return encodeAbort(msg);
  }
}

/** Decode and validate one frame; throws SepkaError (SEPKA_ERR_FRAME_*) on anything illegal. */
export function decodeMessage(frame: Uint8Array, lim: Limits): Message {
  const { type, body } = parseHeader(frame, maxFrameBytes(lim), (t) => TYPES.has(t));
  switch (type) {
    case MSG.hello: return decodeHello(new Reader(body, 'hello'));
    case MSG.task: return decodeTask(new Reader(body, 'task'), lim);
    case MSG.challenges: return decodeChallenges(new Reader(body, 'challenges'), lim);
    case MSG.estimate: return decodeEstimate(new Reader(body, 'estimate'), lim);
    case MSG.distill: return decodeDistill(new Reader(body, 'distill'), lim);
    case MSG.kept: return decodeKept(new Reader(body, 'kept'), lim);
    case MSG.reconQuery: return decodeReconQuery(new Reader(body, 'recon-query'), lim);
    case MSG.reconReply: return decodeReconReply(new Reader(body, 'recon-reply'), lim);
    case MSG.verify: return decodeVerify(new Reader(body, 'verify'));
    case MSG.amplify: return decodeAmplify(new Reader(body, 'amplify'), lim);
    case MSG.confirm: return decodeConfirm(new Reader(body, 'confirm'));
    case MSG.abort: return decodeAbort(new Reader(body, 'abort'));
  }
  throw new SepkaError('SEPKA_ERR_FRAME_TYPE', `unknown message type ${type}`);
}

/** Largest legal frame for these limits, in bytes (header included). */
export function maxFrameBytes(lim: Limits): number {
  const b = (bits: number): number => (bits + 7) >>> 3;
  const bodies = [
    1 + 1 + 64 + 32, // hello
    32 + 4 + 2 + b(lim.m * lim.L), // task
    4 + 4 + 2 + lim.batchSize * b(lim.n), // challenges
    32 + 4 + b(lim.maxRaw), // estimate
    1 + 4 + 4 + 4 + b(lim.maxRaw), // distill
    4 + b(lim.maxRaw) + 32 + 1 + 4, // kept
    4 + 9 * maxRanges(lim), // recon-query
    4 + b(maxRanges(lim)), // recon-reply
    32 + 1 + 32, // verify
    32 + 4 + 2, // amplify
    1 + 32, // confirm
    1 + 1 + 2 + MAX_REASON_BYTES, // abort
  ];
  return HEADER_BYTES + Math.max(...bodies);
}

/** The largest legal frame of a profile (for the WebSocket maxPayload). */
export const MAX_FRAME_BYTES = (p: Profile): number => maxFrameBytes(limitsOf(p));
