/**
 * The wire format: one entry per message type, giving its type byte and its body as a list of
 * fields in wire order (field kinds: fields.ts). encodeMessage, decodeMessage (index.ts) and the
 * largest legal frame (maxFrameBytes, below) are all derived from this table, so what a decoder accepts and what
 * the ws driver's maxPayload allows cannot drift apart. Message meanings and flow: types.ts.
 *
 * Conventions: integers big-endian; bit strings packed LSB-first with zero padding; a length
 * prefix precedes what it counts. Each entry's comment is its layout in one line. The bytes
 * and the errors are pinned by test/vectors/ (scripts/vectors.ts): changing an entry here is
 * changing the protocol, and needs a new FRAME_VERSION.
 */
import { SepkaError, SepkaErrorCode } from '../../errors.ts';
import { safeText } from '../../text.ts';
import type { Role, StepName } from '../party.ts';
import { bits, blob, fixed, Field, Got, labels, list, lookup, rangeOf, u16, u32, u8, vectors } from './fields.ts';
import { Limits, MessageType, MSG } from './types.ts';
import { LDPC_CHECK_BITS } from '../ldpc/reconcile.ts';
import { HEADER_BYTES } from '../frame.ts';

export interface Layout {
  /** Type byte in the frame header (types.ts MSG). */
  readonly byte: number;
  readonly fields: readonly Field[];
  /** Checks that run only once the whole body has been read, trailing bytes ruled out. */
  readonly atEnd?: (msg: Got) => void;
}

const fail = (reason: string): never => {
  throw new SepkaError('SEPKA_ERR_FRAME_FIELD', reason);
};

const roleByte = (r: Role): number => (r === 'alice' ? 0 : 1);
const roleName = (b: number): Role => (b === 0 ? 'alice' : 'bob');

/** A protocol name is what a profile file may be called (profile.ts), at most this long. */
export const PROTOCOL_NAME_MAX_BYTES = 64;
const NAME_RE = new RegExp(`^[a-z0-9][a-z0-9-]{0,${PROTOCOL_NAME_MAX_BYTES - 1}}$`);
function protocolName(b: Uint8Array): string {
  const name = new TextDecoder().decode(b);
  if (!NAME_RE.test(name)) fail(`hello: protocol name ${safeText(JSON.stringify(name))} is not [a-z0-9-]{1,${PROTOCOL_NAME_MAX_BYTES}}`);
  return name;
}

/** Most ranges one query may carry: one per block of size ≥ 2 (Cascade's k1 ≥ 2). */
export const maxRanges = (lim: Limits): number => Math.max(1, Math.ceil(lim.maxRaw / 2));

/**
 * Most positions one reveal query may name: a fortieth of the raw bits, so that the frame (4
 * bytes a position) stays below the bit-string frames that bound the largest legal frame.
 */
export const maxRevealPositions = (lim: Limits): number => Math.max(1, Math.floor(lim.maxRaw / 40));

/** Most bit-pair rounds a session may run (pairs, survivors). */
export const MAX_ROUNDS = 8;

/** Codes an abort frame may carry, by index (the protocol-level ones; anything else is INTERNAL). */
export const ABORT_CODES: readonly SepkaErrorCode[] = [
  'SEPKA_ERR_FRAME_TRUNCATED', 'SEPKA_ERR_FRAME_TOO_LONG', 'SEPKA_ERR_FRAME_VERSION', 'SEPKA_ERR_FRAME_TYPE',
  'SEPKA_ERR_FRAME_FIELD', 'SEPKA_ERR_OUT_OF_ORDER', 'SEPKA_ERR_PARAMS_MISMATCH', 'SEPKA_ERR_LEARN_FAILED',
  'SEPKA_ERR_RECONCILE_FAILED', 'SEPKA_ERR_TOO_FEW_BITS', 'SEPKA_ERR_CONFIRM_FAILED', 'SEPKA_ERR_TIMEOUT',
  'SEPKA_ERR_INTERNAL', 'SEPKA_ERR_BUSY', 'SEPKA_ERR_PEER_ABORT', 'SEPKA_ERR_DISCONNECTED',
  // Appended, so the indices above keep their meaning.
  'SEPKA_ERR_LIMIT',
];
/** Steps an abort frame may name, by index. */
export const STEPS: readonly StepName[] = ['hello', 'task', 'challenges', 'distill', 'reconcile', 'amplify', 'confirm', 'done', 'failed'];
/** Longest reason an abort frame carries, in UTF-8 bytes (longer ones are cut when sent). */
export const ABORT_REASON_MAX_BYTES = 512;

const codeIndex = (c: SepkaErrorCode): number => {
  const i = ABORT_CODES.indexOf(c);
  return i >= 0 ? i : ABORT_CODES.indexOf('SEPKA_ERR_INTERNAL');
};
const stepIndex = (s: StepName): number => Math.max(0, STEPS.indexOf(s));

// The reason is printed by the peer, and a received one is outside text: both directions go
// through text.ts `safeText` (controls and bidi codes escaped, so it stays on one line and
// cannot act on a terminal). Decoding is the boundary, so every message,
// report and JSON built from a decoded abort is safe to print.
function reasonBytes(reason: string): Uint8Array {
  const enc = new TextEncoder();
  let text = safeText(reason);
  while (enc.encode(text).length > ABORT_REASON_MAX_BYTES) text = text.slice(0, -1);
  return enc.encode(text);
}
function reasonText(raw: Uint8Array): string {
  let reason: string;
  try {
    reason = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return fail('abort: reason is not valid UTF-8');
  }
  return safeText(reason);
}

export const TABLE: { readonly [T in MessageType]: Layout } = {
  // role u8 (0 alice, 1 bob) | name length u8 | name (ASCII) | paramsHash 32
  hello: {
    byte: MSG.hello,
    fields: [
      u8('role', {
        check: (v) => {
          if (v > 1) fail(`hello: role ${v} is neither 0 (alice) nor 1 (bob)`);
        },
        encode: roleByte,
        decode: roleName,
      }),
      // The name's pattern, checked once it is read, is what bounds its length.
      blob('protocol', { width: 1, label: 'name length', min: 1, max: () => PROTOCOL_NAME_MAX_BYTES, reject: () => {} }, {
        label: 'protocol name',
        encode: (s: string) => new TextEncoder().encode(s),
        decode: protocolName,
      }),
      fixed('paramsHash', 32),
    ],
  },

  // seedA 32 | m u32 | L u16 | labels (m·L ring elements, row-major; F2: m·L bits)
  task: {
    byte: MSG.task,
    fields: [
      fixed('seedA', 32),
      u32('m', { fromLimits: (lim) => lim.m }),
      u16('L', {
        fromLimits: (lim) => lim.L,
        check: (L, g, lim) => {
          if (g.m !== lim.m || L !== lim.L) fail(`task: shape m=${g.m}, L=${L}, expected m=${lim.m}, L=${lim.L}`);
        },
      }),
      labels('labels', { what: 'task labels', count: (g) => g.m * g.L, max: (lim) => lim.m * lim.L }),
    ],
  },

  // batch u32 | batches u32 | count u16 | count × x* (n ring elements each; F2: n bits)
  challenges: {
    byte: MSG.challenges,
    fields: [
      u32('batch'),
      u32('batches', { range: (lim) => [lim.batches, lim.batches] }),
      rangeOf('batch', (_, g) => [0, g.batches - 1]),
      vectors('xs', { width: 2, label: 'count', min: 1, max: (lim) => lim.batchSize }, (i) => `challenge ${i}`),
    ],
  },

  // seed 32 | sample u32 | Bob's bits (sample bits)
  estimate: {
    byte: MSG.estimate,
    fields: [fixed('seed', 32), bits('bits', { what: 'estimate bits', count: { width: 4, label: 'sample', min: 1, max: (lim) => lim.maxRaw } })],
  },

  // ell u8 | errors u32 | sample u32 | blocks u32 | masked (blocks·ℓ bits, block-major)
  distill: {
    byte: MSG.distill,
    fields: [
      u8('ell', { range: (lim) => [1, lim.ellMax] }),
      u32('errors'),
      u32('sample', { range: (lim) => [1, lim.maxRaw] }),
      rangeOf('errors', (_, g) => [0, g.sample]),
      u32('blocks', { range: (lim, g) => [0, Math.floor(lim.maxRaw / g.ell)] }),
      bits('masked', { what: 'distill values', count: { of: (g) => g.blocks * g.ell, max: (lim) => lim.maxRaw } }),
    ],
  },

  // blocks u32 | kept mask (blocks bits) | seed 32 | passes u8 | k1 u32
  kept: {
    byte: MSG.kept,
    fields: [
      bits('kept', { label: 'kept mask', what: 'kept mask', count: { width: 4, label: 'blocks', min: 0, max: (lim) => lim.maxRaw } }),
      fixed('seed', 32),
      u8('passes', { range: () => [1, 16] }),
      u32('k1', { range: (lim) => [1, Math.max(1, lim.maxRaw)] }),
    ],
    atEnd: (m) => {
      if (m.kept.length === 0) fail('kept: no blocks');
    },
  },

  // count u32 | count × (pass u8 | lo u32 | hi u32)
  'recon-query': {
    byte: MSG.reconQuery,
    fields: [
      list(
        'ranges',
        { width: 4, label: 'count', min: 1, max: maxRanges },
        [u8('pass', { range: () => [0, 15] }), u32('lo'), u32('hi', { range: (lim) => [1, lim.maxRaw] }), rangeOf('lo', (_, g) => [0, g.hi - 1])],
        (i) => `range ${i} `,
      ),
    ],
  },

  // count u32 | parities (count bits)
  'recon-reply': {
    byte: MSG.reconReply,
    fields: [bits('parities', { what: 'parities', count: { width: 4, label: 'count', min: 1, max: maxRanges } })],
  },

  // seed 32 | tag length u8 (bytes) | tag
  verify: {
    byte: MSG.verify,
    fields: [fixed('seed', 32), blob('tag', { width: 1, label: 'tag length', rangeLabel: 'tag bytes', min: 2, max: () => 32 })],
  },

  // seed 32 | outBits u32 | keyBits u16
  amplify: {
    byte: MSG.amplify,
    fields: [
      fixed('seed', 32),
      u32('outBits', { range: (lim) => [8, lim.maxRaw] }),
      u16('keyBits', {
        range: (_, g) => [8, Math.min(4096, g.outBits)],
        check: (k) => {
          if (k % 8) fail(`amplify: keyBits = ${k} is not a multiple of 8`);
        },
      }),
    ],
  },

  // role u8 (0 alice, 1 bob) | HMAC-SHA256 tag 32
  confirm: {
    byte: MSG.confirm,
    fields: [u8('role', { range: () => [0, 1], encode: roleByte, decode: roleName }), fixed('tag', 32)],
  },

  // round u8 | rounds u8 | errors u32 | sample u32 | seed 32 | count u32 | parities (count bits)
  pairs: {
    byte: MSG.pairs,
    fields: [
      u8('round'),
      u8('rounds', { range: () => [1, MAX_ROUNDS] }),
      rangeOf('round', (_, g) => [0, g.rounds - 1]),
      u32('errors'),
      u32('sample', { range: (lim) => [1, lim.maxRaw] }),
      rangeOf('errors', (_, g) => [0, g.sample]),
      fixed('seed', 32),
      bits('parities', { what: 'pair parities', count: { width: 4, label: 'count', min: 1, max: (lim) => Math.max(1, lim.maxRaw >>> 1) } }),
    ],
  },

  // round u8 | count u32 | kept mask (count bits)
  survivors: {
    byte: MSG.survivors,
    fields: [
      u8('round', { range: () => [0, MAX_ROUNDS - 1] }),
      bits('kept', { label: 'kept mask', what: 'kept mask', count: { width: 4, label: 'count', min: 1, max: (lim) => lim.maxRaw } }),
    ],
  },

  // seed 32 | check 2 | rows u32 | syndrome (rows bits)
  syndrome: {
    byte: MSG.syndrome,
    fields: [fixed('seed', 32), fixed('check', LDPC_CHECK_BITS / 8), bits('bits', { what: 'syndrome', count: { width: 4, label: 'rows', min: 1, max: (lim) => lim.maxRaw } })],
  },

  // count u32 | count × position u32
  'reveal-query': {
    byte: MSG.revealQuery,
    fields: [
      list('positions', { width: 4, label: 'count', min: 1, max: maxRevealPositions }, [u32('pos', { range: (lim) => [0, lim.maxRaw - 1] })], (i) => `position ${i} `),
    ],
  },

  // count u32 | bits (count bits)
  reveal: {
    byte: MSG.reveal,
    fields: [bits('bits', { what: 'revealed bits', count: { width: 4, label: 'count', min: 1, max: (lim) => lim.maxRaw } })],
  },

  // code index u8 (ABORT_CODES) | step index u8 (STEPS) | reason length u16 | reason UTF-8
  abort: {
    byte: MSG.abort,
    fields: [
      u8('code', { encode: codeIndex }),
      u8('step', { encode: stepIndex }),
      // Both indices are read before either is checked (a 1-byte body is truncated, not unknown).
      lookup('code', ABORT_CODES, (i) => `abort: unknown code index ${i}`),
      lookup('step', STEPS, (i) => `abort: unknown step index ${i}`),
      blob(
        'reason',
        {
          width: 2,
          label: 'reason length',
          min: 0,
          max: () => ABORT_REASON_MAX_BYTES,
          reject: (len) => {
            if (len > ABORT_REASON_MAX_BYTES) fail(`abort: reason of ${len} bytes exceeds ${ABORT_REASON_MAX_BYTES}`);
          },
        },
        { encode: reasonBytes },
      ),
    ],
    // UTF-8 is checked after the length: trailing bytes are reported before a bad reason.
    atEnd: (m) => {
      m.reason = reasonText(m.reason);
    },
  },
};

/** Largest legal frame of one message type under these limits, in bytes (header included). */
export function maxFrameBytesOf(type: MessageType, lim: Limits): number {
  return HEADER_BYTES + TABLE[type].fields.reduce((s, f) => s + f.maxBytes(lim), 0);
}

/** The message type with the largest legal frame under these limits, and that frame's bytes. */
export function largestFrame(lim: Limits): { type: MessageType; bytes: number } {
  let best: { type: MessageType; bytes: number } | undefined;
  for (const type of Object.keys(TABLE) as MessageType[]) {
    const bytes = maxFrameBytesOf(type, lim);
    if (!best || bytes > best.bytes) best = { type, bytes };
  }
  return best!;
}

/** Largest legal frame for these limits, in bytes (header included). */
export const maxFrameBytes = (lim: Limits): number => largestFrame(lim).bytes;
