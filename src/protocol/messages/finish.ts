/** Codecs for amplify and confirm (wire layouts in each function's comment). */
import { SepkaError } from '../../errors.ts';
import { checkRange, Reader, Writer } from '../frame.ts';
import { Amplify, Confirm, Limits, MSG } from './types.ts';

// amplify: seed 32 | outBits u32 | keyBits u16
export function encodeAmplify(m: Amplify): Uint8Array {
  return new Writer().bytes(m.seed).u32(m.outBits).u16(m.keyBits).frame(MSG.amplify);
}
export function decodeAmplify(r: Reader, lim: Limits): Amplify {
  const seed = r.bytes(32, 'seed');
  const outBits = checkRange('amplify', 'outBits', r.u32('outBits'), 8, lim.maxRaw);
  const keyBits = checkRange('amplify', 'keyBits', r.u16('keyBits'), 8, Math.min(4096, outBits));
  if (keyBits % 8) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `amplify: keyBits = ${keyBits} is not a multiple of 8`);
  r.end();
  return { type: 'amplify', seed, outBits, keyBits };
}

// confirm: role u8 (0 alice, 1 bob) | HMAC-SHA256 tag 32
export function encodeConfirm(m: Confirm): Uint8Array {
  return new Writer().u8(m.role === 'alice' ? 0 : 1).bytes(m.tag).frame(MSG.confirm);
}
export function decodeConfirm(r: Reader): Confirm {
  const role = checkRange('confirm', 'role', r.u8('role'), 0, 1);
  const tag = r.bytes(32, 'tag');
  r.end();
  return { type: 'confirm', role: role === 0 ? 'alice' : 'bob', tag };
}
