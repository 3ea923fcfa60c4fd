/**
 * The GF(2) core: packed vectors and matrices, elimination, solving. This is the hot path of
 * every attack (Eve's pooled Gauss / Prange trials) and of A_μ.
 *
 * `rref` is the fast elimination used by the rest of sepka; `rrefNaive` is the word-level
 * baseline kept for the benchmark and as a test oracle.
 */
import { Mat, matClone } from './mat.ts';
import { Echelon, inverseWith, solveWith } from './elim.ts';
import { rrefFast } from './m4ri.ts';

export * from './vec.ts';
export * from './mat.ts';
export { matMulFast } from './product.ts';
export { rrefNaive, swapRows, augment, type Echelon } from './elim.ts';

/** In-place reduced row echelon form over the first maxCol columns (fast path). */
export const rref: (M: Mat, maxCol?: number) => Echelon = rrefFast;

export const rank = (M: Mat): number => rref(matClone(M)).rank;

/** Unique x with A·x = b; throws SEPKA_ERR_SINGULAR / SEPKA_ERR_INCONSISTENT. */
export const solve = (A: Mat, b: Uint32Array): Uint32Array => solveWith(rref, A, b);

/** A^-1; throws SEPKA_ERR_SINGULAR. */
export const inverse = (A: Mat): Mat => inverseWith(rref, A);
