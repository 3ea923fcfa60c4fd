/**
 * Expansion of the public example matrix A ∈ F2^{m×n} from a 32-byte seed with SHAKE128
 * (FIPS 202, via @noble/hashes), as DESIGN.md §1 prescribes: only the seed travels.
 *
 * Domain separation: the XOF input is an ASCII label naming the format version, the purpose
 * and the shape, then the seed. Two parameter sets or purposes never share a stream.
 *
 * The stream comes from node:crypto's SHAKE128 (OpenSSL) when the runtime has it — the same
 * FIPS 202 output, 13× faster than the JS permutation (92 against 1264 ms for paper-128's
 * 25.7 MB A; test/task.expand.test.ts checks the two agree) — else from @noble/hashes.
 */
import { createHash } from 'node:crypto';
import { shake128 } from '@noble/hashes/sha3.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { SepkaError } from '../errors.ts';
import { Mat, matZero } from '../gf2/mat.ts';
import { tailMask } from '../gf2/vec.ts';

export const SEED_BYTES = 32;

export function expandMatrix(seed: Uint8Array, rows: number, cols: number, purpose = 'A'): Mat {
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_BYTES) {
    throw new SepkaError('SEPKA_ERR_SHAPE', `expandMatrix: seed must be ${SEED_BYTES} bytes`);
  }
  const M = matZero(rows, cols);
  const label = utf8ToBytes(`sepka/v1/expand|${purpose}|${rows}x${cols}|`);
  const input = new Uint8Array(label.length + seed.length);
  input.set(label);
  input.set(seed, label.length);
  const bytes = shakeBytes(input, M.data.length * 4);
  // Little-endian words regardless of the host, so A is the same on every machine.
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let k = 0; k < M.data.length; k++) M.data[k] = dv.getUint32(4 * k, true);
  const mask = tailMask(cols);
  if (M.stride > 0) for (let i = 0; i < rows; i++) M.data[i * M.stride + M.stride - 1] &= mask;
  return M;
}

/** SHAKE128(input) to len bytes: node:crypto (OpenSSL) when available, else @noble/hashes. */
export function shakeBytes(input: Uint8Array, len: number, impl: 'auto' | 'noble' = 'auto'): Uint8Array {
  if (impl === 'auto' && len > 0) {
    try {
      return createHash('shake128', { outputLength: len }).update(input).digest();
    } catch {
      // no SHAKE128 in this runtime's OpenSSL: the JS permutation below
    }
  }
  return shake128(input, { dkLen: len });
}
