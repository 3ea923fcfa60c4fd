/**
 * Lattice reduction in TypeScript, for Eve's lattice routes on LWE and for checking the LWE
 * cost model (src/cost/lwe.ts) on toy instances. A leaf over stats.ts and rng.ts.
 *
 * - gso.ts        exact integer basis and Gram matrix, float64 Gram–Schmidt (numerics stated there)
 * - lll.ts        LLL, δ = 0.99, η = 0.51 (Lenstra–Lenstra–Lovász 1982; Schnorr–Euchner 1994; L²)
 * - enumerate.ts  Schnorr–Euchner enumeration of a projected block, optional linear pruning
 * - bkz.ts        BKZ-β with early-abort tours, vector insertion by unimodular operations
 * - qary.ts       random q-ary lattices, Gaussian heuristic, GSA profile, LWE uSVP embedding,
 *                 the dual lattice {w : wᵀA ≡ 0 mod q} (prime q or q = 2^k)
 * - usvp.ts       the primal uSVP attack: embedding, LLL, progressive BKZ until s appears
 */
export * from './bkz.ts';
export * from './enumerate.ts';
export * from './gso.ts';
export * from './lll.ts';
export * from './qary.ts';
export * from './usvp.ts';
