/**
 * The one cost model (DESIGN.md §5): every trial count, per-trial / per-iteration
 * success formula and bit-operation estimate of Eve's attacks, defined once here and used by
 * the learners, Eve, `sepka estimate`, the sweep and the bench. A leaf: it imports only
 * src/stats.ts, src/errors.ts and its own modules.
 *
 * - gauss.ts    n^2.8 per elimination; the full-rank factor (+1.8 bits)
 * - isd.ts      Prange / Stern / Dumer on a syndrome-decoding instance [N, K, W], p and ℓ optimised
 * - primal.ts   the primal route (pooled Gauss = Prange on (A, z)): counts, per-trial success, plan;
 *               primal Stern on all L columns: its plan and acceptance weight
 * - dual.ts     the dual route (Prange / Stern on x* = rᵀA): counts, per-iteration success, plans
 * - balance.ts  balanced w: the dual count matched to the primal one
 * - session.ts  whole-session factors (all L secrets, all challenges)
 * - bkw.ts      the samples BKW (LF1) needs
 * - multi.ts    several targets over one A: L columns with binomial weights, a session's challenges
 *               (Sendrier 2011), cost per success, the lightest column, all columns
 * - advanced.ts MMT/BJMM (depth 2, multi-target) and May–Ozerov, with memory
 * - quantum.ts  Grover-accelerated Prange (Bernstein 2010) and what its model leaves out
 * - floor.ts    the wire floor of the LPN line: least bytes for a key, and the L that minimises them
 * - bkz.ts      LWE: BKZ-β's root-Hermite factor and cost (core-SVP; MATZOV, the lattice estimator's default)
 * - lwe.ts      LWE: primal uSVP, primal BDD and dual, each with its β and d; estimateLwe
 * - cn11.ts     the Chen–Nguyen BKZ simulator (the estimator's cn11 shape model)
 * - leastSquares.ts  ordinary least squares (the natural control's learner): polynomial
 * - lweSession.ts  LWE session key: columns and challenges as targets (knapsack as LWE)
 * - lweSmallBeta.ts  LWE: the block size progressive BKZ needs at small β (Dachman-Soled et al. 2020)
 */
export * from './balance.ts';
export * from './advanced.ts';
export * from './bkw.ts';
export * from './dual.ts';
export * from './gauss.ts';
export * from './isd.ts';
export * from './leastSquares.ts';
export * from './multi.ts';
export * from './primal.ts';
export * from './quantum.ts';
export * from './session.ts';
export * from './floor.ts';
export * from './bkz.ts';
export * from './lwe.ts';
export * from './cn11.ts';
export * from './lweSession.ts';
export * from './lweSmallBeta.ts';
