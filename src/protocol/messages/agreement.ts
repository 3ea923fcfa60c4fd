/** Codecs for challenges, estimate, distill and kept (wire layouts in each function's comment). */
import { SepkaError } from '../../errors.ts';
import { bytesToWords, packBits, unpackBits, wordsToBytes } from '../bits.ts';
import { checkRange, Reader, Writer } from '../frame.ts';
import { Challenges, Distill, Estimate, Kept, Limits, MSG } from './types.ts';

const nbytes = (bits: number): number => (bits + 7) >>> 3;

// challenges: batch u32 | batches u32 | count u16 | count × x* (ceil(n/8) bytes each, LSB-first)
export function encodeChallenges(m: Challenges, lim: Limits): Uint8Array {
  const w = new Writer().u32(m.batch).u32(m.batches).u16(m.xs.length);
  for (const x of m.xs) w.bytes(wordsToBytes(x, lim.n));
  return w.frame(MSG.challenges);
}
export function decodeChallenges(r: Reader, lim: Limits): Challenges {
  const batch = r.u32('batch');
  const batches = checkRange('challenges', 'batches', r.u32('batches'), lim.batches, lim.batches);
  checkRange('challenges', 'batch', batch, 0, batches - 1);
  const count = checkRange('challenges', 'count', r.u16('count'), 1, lim.batchSize);
  const xs: Uint32Array[] = [];
  for (let i = 0; i < count; i++) xs.push(bytesToWords(r.bytes(nbytes(lim.n), `challenge ${i}`), lim.n, `challenge ${i}`));
  r.end();
  return { type: 'challenges', batch, batches, xs };
}

// estimate: seed 32 | sample u32 | Bob's bits (sample bits)
export function encodeEstimate(m: Estimate): Uint8Array {
  return new Writer().bytes(m.seed).u32(m.bits.length).bytes(packBits(m.bits)).frame(MSG.estimate);
}
export function decodeEstimate(r: Reader, lim: Limits): Estimate {
  const seed = r.bytes(32, 'seed');
  const sample = checkRange('estimate', 'sample', r.u32('sample'), 1, lim.maxRaw);
  const bits = unpackBits(r.bytes(nbytes(sample), 'bits'), sample, 'estimate bits');
  r.end();
  return { type: 'estimate', seed, bits };
}

// distill: ell u8 | errors u32 | sample u32 | blocks u32 | masked (blocks·ℓ bits, block-major)
export function encodeDistill(m: Distill): Uint8Array {
  return new Writer().u8(m.ell).u32(m.errors).u32(m.sample).u32(m.blocks).bytes(packBits(m.masked)).frame(MSG.distill);
}
export function decodeDistill(r: Reader, lim: Limits): Distill {
  const ell = checkRange('distill', 'ell', r.u8('ell'), 1, lim.ellMax);
  const errors = r.u32('errors');
  const sample = checkRange('distill', 'sample', r.u32('sample'), 1, lim.maxRaw);
  checkRange('distill', 'errors', errors, 0, sample);
  const blocks = checkRange('distill', 'blocks', r.u32('blocks'), 0, Math.floor(lim.maxRaw / ell));
  const masked = unpackBits(r.bytes(nbytes(blocks * ell), 'masked'), blocks * ell, 'distill values');
  r.end();
  return { type: 'distill', ell, errors, sample, blocks, masked };
}

// kept: blocks u32 | kept mask (blocks bits) | seed 32 | passes u8 | k1 u32
export function encodeKept(m: Kept): Uint8Array {
  return new Writer().u32(m.kept.length).bytes(packBits(m.kept)).bytes(m.seed).u8(m.passes).u32(m.k1).frame(MSG.kept);
}
export function decodeKept(r: Reader, lim: Limits): Kept {
  const blocks = checkRange('kept', 'blocks', r.u32('blocks'), 0, lim.maxRaw);
  const kept = unpackBits(r.bytes(nbytes(blocks), 'kept mask'), blocks, 'kept mask');
  const seed = r.bytes(32, 'seed');
  const passes = checkRange('kept', 'passes', r.u8('passes'), 1, 16);
  const k1 = checkRange('kept', 'k1', r.u32('k1'), 1, Math.max(1, lim.maxRaw));
  r.end();
  if (blocks === 0) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', 'kept: no blocks');
  return { type: 'kept', kept, seed, passes, k1 };
}
