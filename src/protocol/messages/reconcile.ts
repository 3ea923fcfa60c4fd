/** Codecs for recon-query, recon-reply and verify (wire layouts in each function's comment). */
import { packBits, unpackBits } from '../bits.ts';
import { checkRange, Reader, Writer } from '../frame.ts';
import { Limits, MSG, ReconQuery, ReconReply, Verify } from './types.ts';

/** Most ranges one query may carry: one per block of size ≥ 2 (Cascade's k1 ≥ 2). */
export const maxRanges = (lim: Limits): number => Math.max(1, Math.ceil(lim.maxRaw / 2));

// recon-query: count u32 | count × (pass u8 | lo u32 | hi u32)
export function encodeReconQuery(m: ReconQuery): Uint8Array {
  const w = new Writer().u32(m.ranges.length);
  for (const { pass, lo, hi } of m.ranges) w.u8(pass).u32(lo).u32(hi);
  return w.frame(MSG.reconQuery);
}
export function decodeReconQuery(r: Reader, lim: Limits): ReconQuery {
  const count = checkRange('recon-query', 'count', r.u32('count'), 1, maxRanges(lim));
  const ranges: ReconQuery['ranges'] = [];
  for (let i = 0; i < count; i++) {
    const pass = checkRange('recon-query', `range ${i} pass`, r.u8('pass'), 0, 15);
    const lo = r.u32('lo');
    const hi = checkRange('recon-query', `range ${i} hi`, r.u32('hi'), 1, lim.maxRaw);
    checkRange('recon-query', `range ${i} lo`, lo, 0, hi - 1);
    ranges.push({ pass, lo, hi });
  }
  r.end();
  return { type: 'recon-query', ranges };
}

// recon-reply: count u32 | parities (count bits)
export function encodeReconReply(m: ReconReply): Uint8Array {
  return new Writer().u32(m.parities.length).bytes(packBits(m.parities)).frame(MSG.reconReply);
}
export function decodeReconReply(r: Reader, lim: Limits): ReconReply {
  const count = checkRange('recon-reply', 'count', r.u32('count'), 1, maxRanges(lim));
  const parities = unpackBits(r.bytes((count + 7) >>> 3, 'parities'), count, 'parities');
  r.end();
  return { type: 'recon-reply', parities };
}

// verify: seed 32 | tag length u8 (bytes) | tag
export function encodeVerify(m: Verify): Uint8Array {
  return new Writer().bytes(m.seed).u8(m.tag.length).bytes(m.tag).frame(MSG.verify);
}
export function decodeVerify(r: Reader): Verify {
  const seed = r.bytes(32, 'seed');
  const len = checkRange('verify', 'tag bytes', r.u8('tag length'), 2, 32);
  const tag = r.bytes(len, 'tag');
  r.end();
  return { type: 'verify', seed, tag };
}
