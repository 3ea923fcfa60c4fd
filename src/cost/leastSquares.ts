/**
 * The cost of ordinary least squares, the unimodal learner that reads the natural control's
 * labels (src/separation/gaussian.ts, reals.ts): no trials, no exponential term, one
 * polynomial count. By the normal equations with a Cholesky factor (Golub–Van Loan, "Matrix
 * Computations", §5.3), in multiply-adds: m·n(n+1)/2 for the upper triangle of AᵀA, n³/6 for
 * its Cholesky factor, then per label column m·n for Aᵀz and n² for the two triangular solves.
 */

/** Multiply-adds of least squares on m examples of dimension n, L label columns. */
export function leastSquaresOps(m: number, n: number, L: number): number {
  return (m * n * (n + 1)) / 2 + (n * n * n) / 6 + L * (m * n + n * n);
}
