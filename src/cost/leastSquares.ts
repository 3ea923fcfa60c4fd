/**
 * The cost of ordinary least squares, the unimodal learner that reads the natural control's
 * labels (src/separation/gaussian.ts): no trials, no exponential term, one polynomial count.
 * By the normal equations with a Cholesky factor (Golub–Van Loan, "Matrix Computations",
 * §5.3: m·n² for AᵀA, n³/3 for the factor, then 2n² per right-hand side for the two
 * triangular solves after m·n for Aᵀz), counting a multiply-add as two operations.
 */

/** Arithmetic operations of least squares on m examples of dimension n, L label columns. */
export function leastSquaresOps(m: number, n: number, L: number): number {
  return 2 * m * n * n + (n * n * n) / 3 + L * (2 * m * n + 2 * n * n);
}
