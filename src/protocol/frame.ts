/**
 * The versioned binary frame every protocol message travels in (DESIGN.md §5).
 *
 *   offset 0  magic    0x53 ('S')
 *          1  version  FRAME_VERSION (1)
 *          2  type     message type (messages/types.ts)
 *          3  length   body length, u32 big-endian
 *          7  body     exactly `length` bytes
 *
 * Decoding checks, in this order, and throws SepkaError with a stable code and a one-line
 * reason: fewer than 7 bytes or fewer than 7 + length bytes → SEPKA_ERR_FRAME_TRUNCATED; bad
 * magic or version → SEPKA_ERR_FRAME_VERSION; unknown type → SEPKA_ERR_FRAME_TYPE; bytes past
 * the body, or a frame above the profile's largest legal message → SEPKA_ERR_FRAME_TOO_LONG.
 * Bodies are laid out by messages/table.ts and read with `Reader`, which throws
 * SEPKA_ERR_FRAME_TRUNCATED when a field runs past the body and SEPKA_ERR_FRAME_TOO_LONG when
 * bytes are left over; range checks throw SEPKA_ERR_FRAME_FIELD. All integers are big-endian.
 */
import { SepkaError } from '../errors.ts';

export const FRAME_MAGIC = 0x53;
export const FRAME_VERSION = 1;
export const HEADER_BYTES = 7;

/** Serialises a body: fixed-width big-endian integers and raw byte strings. */
export class Writer {
  private parts: Uint8Array[] = [];
  private len = 0;
  bytes(b: Uint8Array): this {
    this.parts.push(b);
    this.len += b.length;
    return this;
  }
  u8(x: number): this {
    return this.bytes(Uint8Array.of(x & 0xff));
  }
  u16(x: number): this {
    return this.bytes(Uint8Array.of((x >>> 8) & 0xff, x & 0xff));
  }
  u32(x: number): this {
    return this.bytes(Uint8Array.of((x >>> 24) & 0xff, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff));
  }
  /** The frame: header for `type`, then the body written so far. */
  frame(type: number): Uint8Array {
    const out = new Uint8Array(HEADER_BYTES + this.len);
    out[0] = FRAME_MAGIC;
    out[1] = FRAME_VERSION;
    out[2] = type;
    new DataView(out.buffer).setUint32(3, this.len);
    let o = HEADER_BYTES;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

/** Reads a body front to back; every read is bounds-checked. */
export class Reader {
  private pos = 0;
  constructor(
    private readonly buf: Uint8Array,
    /** Message name, for error reasons. */
    readonly what: string,
  ) {}
  private take(k: number, field: string): Uint8Array {
    if (this.pos + k > this.buf.length) {
      throw new SepkaError('SEPKA_ERR_FRAME_TRUNCATED', `${this.what}: body ends inside ${field} (needs ${this.pos + k} bytes, has ${this.buf.length})`);
    }
    const b = this.buf.subarray(this.pos, this.pos + k);
    this.pos += k;
    return b;
  }
  u8(field: string): number {
    return this.take(1, field)[0];
  }
  u16(field: string): number {
    const b = this.take(2, field);
    return (b[0] << 8) | b[1];
  }
  u32(field: string): number {
    const b = this.take(4, field);
    return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
  }
  /** A copy of the next k bytes. */
  bytes(k: number, field: string): Uint8Array {
    return this.take(k, field).slice();
  }
  /** Throws SEPKA_ERR_FRAME_TOO_LONG if bytes are left over. */
  end(): void {
    if (this.pos !== this.buf.length) {
      throw new SepkaError('SEPKA_ERR_FRAME_TOO_LONG', `${this.what}: ${this.buf.length - this.pos} unexpected trailing bytes`);
    }
  }
}

/** Throws SEPKA_ERR_FRAME_FIELD unless lo ≤ x ≤ hi. */
export function checkRange(what: string, field: string, x: number, lo: number, hi: number): number {
  if (!(x >= lo && x <= hi)) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `${what}: ${field} = ${x} outside [${lo}, ${hi}]`);
  return x;
}

/** Split a frame into (type, body) after the header checks (see module header). */
export function parseHeader(frame: Uint8Array, maxBytes: number, knownType: (t: number) => boolean): { type: number; body: Uint8Array } {
  if (!(frame instanceof Uint8Array)) throw new SepkaError('SEPKA_ERR_FRAME_TRUNCATED', 'frame is not a byte array');
  if (frame.length < HEADER_BYTES) throw new SepkaError('SEPKA_ERR_FRAME_TRUNCATED', `frame of ${frame.length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  if (frame[0] !== FRAME_MAGIC) throw new SepkaError('SEPKA_ERR_FRAME_VERSION', `not a sepka frame (magic 0x${frame[0].toString(16).padStart(2, '0')})`);
  if (frame[1] !== FRAME_VERSION) throw new SepkaError('SEPKA_ERR_FRAME_VERSION', `frame version ${frame[1]}, expected ${FRAME_VERSION}`);
  if (!knownType(frame[2])) throw new SepkaError('SEPKA_ERR_FRAME_TYPE', `unknown message type ${frame[2]}`);
  if (frame.length > maxBytes) throw new SepkaError('SEPKA_ERR_FRAME_TOO_LONG', `frame of ${frame.length} bytes exceeds the largest legal message (${maxBytes} bytes)`);
  const len = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(3);
  if (frame.length < HEADER_BYTES + len) {
    throw new SepkaError('SEPKA_ERR_FRAME_TRUNCATED', `frame declares a ${len}-byte body but carries ${frame.length - HEADER_BYTES}`);
  }
  if (frame.length > HEADER_BYTES + len) {
    throw new SepkaError('SEPKA_ERR_FRAME_TOO_LONG', `frame carries ${frame.length - HEADER_BYTES - len} bytes past its declared ${len}-byte body`);
  }
  return { type: frame[2], body: frame.subarray(HEADER_BYTES) };
}
