/**
 * Fast elimination. Placeholder: delegates to the word-level algorithm until the Method of
 * Four Russians kernel lands.
 */
import { Mat } from './mat.ts';
import { Echelon, rrefNaive } from './elim.ts';

export function rrefFast(M: Mat, maxCol = M.cols): Echelon {
  return rrefNaive(M, maxCol);
}
