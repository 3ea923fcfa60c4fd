/**
 * The field kinds message layouts are written in (table.ts). Each kind knows three things about
 * itself: how to write a value, how to read and validate it, and the most bytes it can take
 * under the profile's limits. Encoder, decoder and frame bound are all derived from the same
 * field list, so a field cannot be read longer than the bound says or the other way round.
 *
 * Decoding reads fields in wire order into `got` (field key → value), so a later field's length
 * or range can depend on an earlier one. Checks run where they stand in the list: the order in
 * which a malformed body is reported (truncated before out of range, and so on) is part of the
 * wire contract pinned by test/vectors/rejects.txt. Range errors come from frame.ts `checkRange`
 * (SEPKA_ERR_FRAME_FIELD); a body that ends inside a field is SEPKA_ERR_FRAME_TRUNCATED, named
 * after the field's label.
 */
import { SepkaError } from '../../errors.ts';
import { F2, vectorBytes } from '../../separation/ring.ts';
import { packBits, unpackBits } from '../bits.ts';
import { checkRange, Reader, Writer } from '../frame.ts';
import { bytesToLabels, bytesToPoint, labelsToBytes, pointToBytes } from './ring.ts';
import type { Limits } from './types.ts';

/** Values decoded so far, by field key. */
export type Got = Record<string, any>;

export interface Field {
  /** Property of the message (or, for wire-only fields, of `got`) this field fills. */
  readonly key: string;
  /** False for fields that exist only on the wire (shapes, lookups); the message omits them. */
  readonly inMessage: boolean;
  /** Most bytes this field can occupy under `lim`; a layout's body bound is their sum. */
  maxBytes(lim: Limits): number;
  write(w: Writer, msg: Got, lim: Limits): void;
  /** Read and validate; stores into got[key]. `scope` prefixes range labels inside lists. */
  read(r: Reader, got: Got, lim: Limits, scope: string): void;
}

type Width = 1 | 2 | 4;
type Range = (lim: Limits, got: Got) => readonly [number, number];

const nbytes = (bits: number): number => (bits + 7) >>> 3;
const put = (w: Writer, width: Width, x: number): Writer => (width === 1 ? w.u8(x) : width === 2 ? w.u16(x) : w.u32(x));
const get = (r: Reader, width: Width, label: string): number => (width === 1 ? r.u8(label) : width === 2 ? r.u16(label) : r.u32(label));
const noWrite = (): void => {};

// ---------------------------------------------------------------------------------------------
// Integers

export interface UintOptions {
  /** Name in truncation errors (default: the key). */
  label?: string;
  /** Checked right after the read, reported as `scope + key`. */
  range?: Range;
  /** Further validation of the wire value, after `range`. */
  check?: (v: number, got: Got, lim: Limits) => void;
  /** Wire-only: the value written comes from the limits, not the message (task's shape). */
  fromLimits?: (lim: Limits) => number;
  /** Message value ↔ wire value, for enumerations such as roles. */
  encode?: (v: never) => number;
  decode?: (v: number) => unknown;
}

function uint(width: Width, key: string, o: UintOptions = {}): Field {
  return {
    key,
    inMessage: !o.fromLimits,
    maxBytes: () => width,
    write(w, msg, lim) {
      put(w, width, o.fromLimits ? o.fromLimits(lim) : o.encode ? o.encode(msg[key] as never) : msg[key]);
    },
    read(r, got, lim, scope) {
      const v = get(r, width, o.label ?? key);
      if (o.range) checkRange(r.what, scope + key, v, ...o.range(lim, got));
      o.check?.(v, got, lim);
      got[key] = o.decode ? o.decode(v) : v;
    },
  };
}
export const u8 = (key: string, o?: UintOptions): Field => uint(1, key, o);
export const u16 = (key: string, o?: UintOptions): Field => uint(2, key, o);
export const u32 = (key: string, o?: UintOptions): Field => uint(4, key, o);

// ---------------------------------------------------------------------------------------------
// Checks and lookups: zero bytes on the wire, a step in the decoder.

/** Range check of an earlier field against later ones (e.g. errors ≤ sample). */
export function rangeOf(key: string, range: Range): Field {
  return {
    key,
    inMessage: false,
    maxBytes: () => 0,
    write: noWrite,
    read(r, got, lim, scope) {
      checkRange(r.what, scope + key, got[key], ...range(lim, got));
    },
  };
}

/** Replace the index in got[key] by values[index]; an index past the end is a field error. */
export function lookup<T>(key: string, values: readonly T[], reject: (i: number) => string): Field {
  return {
    key,
    inMessage: false,
    maxBytes: () => 0,
    write: noWrite,
    read(_r, got) {
      const i = got[key] as number;
      if (i >= values.length) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', reject(i));
      got[key] = values[i];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Byte strings

/** Exactly k raw bytes (seeds, hashes, tags). */
export function fixed(key: string, k: number): Field {
  return {
    key,
    inMessage: true,
    maxBytes: () => k,
    write(w, msg) {
      // The reader takes exactly k bytes, so a longer or shorter value would shift every later field.
      const v = msg[key] as Uint8Array;
      if (v.length !== k) throw new SepkaError('SEPKA_ERR_INTERNAL', `${key}: ${v.length} bytes, the frame carries exactly ${k}`);
      w.bytes(v);
    },
    read(r, got) {
      got[key] = r.bytes(k, key);
    },
  };
}

/** A length prefix: its width, its label, and the check of the length against [min, max]. */
export interface Prefix {
  width: Width;
  label: string;
  /** Name in the range error (default: the label). */
  rangeLabel?: string;
  min: number;
  /** The bound: both the range check and the field's maxBytes come from it. */
  max: (lim: Limits) => number;
  /**
   * Replaces the standard range check, for prefixes whose error wording predates it. Together
   * with the field's decode it must still reject every length above max (what maxBytes assumes).
   */
  reject?: (len: number, lim: Limits) => void;
}

function readPrefix(r: Reader, p: Prefix, lim: Limits, scope: string): number {
  const len = get(r, p.width, p.label);
  if (p.reject) p.reject(len, lim);
  else checkRange(r.what, scope + (p.rangeLabel ?? p.label), len, p.min, p.max(lim));
  return len;
}

export interface BlobOptions {
  /** Name in truncation errors (default: the key). */
  label?: string;
  /** Message value → bytes (default: the value is the bytes). */
  encode?: (v: never) => Uint8Array;
  /** Bytes → message value, then validation (default: the bytes). */
  decode?: (b: Uint8Array) => unknown;
}

/** A length-prefixed byte string (tags, names, reasons). */
export function blob(key: string, prefix: Prefix, o: BlobOptions = {}): Field {
  return {
    key,
    inMessage: true,
    maxBytes: (lim) => prefix.width + prefix.max(lim),
    write(w, msg) {
      const b: Uint8Array = o.encode ? o.encode(msg[key] as never) : msg[key];
      put(w, prefix.width, b.length).bytes(b);
    },
    read(r, got, lim, scope) {
      const b = r.bytes(readPrefix(r, prefix, lim, scope), o.label ?? key);
      got[key] = o.decode ? o.decode(b) : b;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Bit strings and GF(2) vectors (packed LSB-first, zero padding: bits.ts)

export interface BitsOptions {
  /** Name in truncation errors (default: the key). */
  label?: string;
  /** Name in padding and length errors. */
  what: string;
  /** Either a count prefix, or the length as a function of earlier fields. */
  count: Prefix | { of: (got: Got) => number; max: (lim: Limits) => number };
}

/** A bit string (one 0/1 value per byte in the message, packed on the wire). */
export function bits(key: string, o: BitsOptions): Field {
  const c = o.count;
  const prefixed = 'width' in c;
  return {
    key,
    inMessage: true,
    maxBytes: (lim) => (prefixed ? c.width : 0) + nbytes(c.max(lim)),
    write(w, msg) {
      if (prefixed) put(w, c.width, msg[key].length);
      w.bytes(packBits(msg[key]));
    },
    read(r, got, lim, scope) {
      let len: number;
      if (prefixed) len = readPrefix(r, c, lim, scope);
      else {
        len = c.of(got);
        // Earlier range checks keep this from firing; it keeps the bound true by construction.
        if (len > c.max(lim)) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `${o.what}: ${len} bits exceed ${c.max(lim)}`);
      }
      got[key] = unpackBits(r.bytes(nbytes(len), o.label ?? key), len, o.what);
    },
  };
}

/**
 * A counted list of points of n elements of the profile's ring (lim.ring; messages/ring.ts),
 * each ⌈n·width/8⌉ bytes (challenges).
 */
export function vectors(key: string, prefix: Prefix, label: (i: number) => string): Field {
  return {
    key,
    inMessage: true,
    maxBytes: (lim) => prefix.width + prefix.max(lim) * vectorBytes(lim.ring ?? F2, lim.n),
    write(w, msg, lim) {
      put(w, prefix.width, msg[key].length);
      msg[key].forEach((x: Uint32Array | Float64Array, i: number) => w.bytes(pointToBytes(lim.ring ?? F2, x, lim.n, label(i))));
    },
    read(r, got, lim, scope) {
      const count = readPrefix(r, prefix, lim, scope);
      const xs: (Uint32Array | Float64Array)[] = [];
      const ring = lim.ring ?? F2;
      for (let i = 0; i < count; i++) xs.push(bytesToPoint(ring, r.bytes(vectorBytes(ring, lim.n), label(i)), lim.n, label(i)));
      got[key] = xs;
    },
  };
}

/** Labels of the profile's ring (lim.ring), their count a function of earlier fields (task). */
export function labels(key: string, o: { what: string; count: (got: Got) => number; max: (lim: Limits) => number }): Field {
  return {
    key,
    inMessage: true,
    maxBytes: (lim) => vectorBytes(lim.ring ?? F2, o.max(lim)),
    write(w, msg, lim) {
      w.bytes(labelsToBytes(lim.ring ?? F2, msg[key], msg[key].length, o.what));
    },
    read(r, got, lim) {
      const len = o.count(got);
      // Earlier range checks keep this from firing; it keeps the bound true by construction.
      if (len > o.max(lim)) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `${o.what}: ${len} elements exceed ${o.max(lim)}`);
      const ring = lim.ring ?? F2;
      got[key] = bytesToLabels(ring, r.bytes(vectorBytes(ring, len), key), len, o.what);
    },
  };
}

/** A counted list of records, each a layout of its own; `scope(i)` prefixes its range labels. */
export function list(key: string, prefix: Prefix, item: readonly Field[], scope: (i: number) => string): Field {
  return {
    key,
    inMessage: true,
    maxBytes: (lim) => prefix.width + prefix.max(lim) * item.reduce((s, f) => s + f.maxBytes(lim), 0),
    write(w, msg, lim) {
      put(w, prefix.width, msg[key].length);
      for (const x of msg[key] as Got[]) for (const f of item) f.write(w, x, lim);
    },
    read(r, got, lim, outer) {
      const count = readPrefix(r, prefix, lim, outer);
      const out: Got[] = [];
      for (let i = 0; i < count; i++) out.push(readFields(r, item, lim, outer + scope(i)));
      got[key] = out;
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** Read `fields` in order; returns the message part (inMessage fields, in wire order). */
export function readFields(r: Reader, fields: readonly Field[], lim: Limits, scope = ''): Got {
  const got: Got = {};
  for (const f of fields) f.read(r, got, lim, scope);
  return pick(got, fields);
}

/** got's message fields, in wire order. */
export function pick(got: Got, fields: readonly Field[]): Got {
  const out: Got = {};
  for (const f of fields) if (f.inMessage) out[f.key] = got[f.key];
  return out;
}
