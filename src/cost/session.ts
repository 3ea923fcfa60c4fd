/**
 * Whole session: the key depends on every kept raw bit, so recovering it takes all L secrets on
 * the primal route — one elimination serves all L label columns (multi-right-hand-side,
 * src/eve/primal.ts), and the last of L independent geometric waits takes H_L = Σ_{j≤L} 1/j
 * times one (coupon collector) — or every challenge on the dual route (× challenges). A single
 * raw bit costs one of either.
 */

/** log2 of the factors by which a whole session costs more than one raw bit, per route. */
export function sessionLog2Factors(L: number, challenges: number): { log2Columns: number; log2Challenges: number } {
  let harmonic = 0;
  for (let j = 1; j <= L; j++) harmonic += 1 / j;
  return { log2Columns: Math.log2(harmonic), log2Challenges: Math.log2(challenges) };
}
