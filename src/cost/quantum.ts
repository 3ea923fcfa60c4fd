/**
 * The quantum column: Grover-accelerated Prange (D. J. Bernstein, "Grover
 * vs. McEliece", PQCrypto 2010). Grover search over information sets (and, with several
 * targets, over information set × target: an iteration is marked when some target's error
 * avoids it) finds a good one in ≈ (π/4)·√(1/P) iterations for a marked fraction P; each
 * Grover iteration evaluates the Prange check reversibly, twice (compute and uncompute).
 *
 * Cost model: log2 cost = log2(π/4) + ½·log2(1/P) + log2(2·G), with G = n^2.8 (gauss.ts) counted
 * as quantum gates at the classical bit-operation price. With T targets and a mean success
 * per target E[P] (multi.ts), P = T·E[P] and the check also transforms T syndromes
 * (T·(N−K)² gates), T optimised as classically.
 *
 * What it leaves out: the overhead of fault tolerance (logical qubits, error correction: a
 * gate costs far more than a bit operation), circuit depth limits (NIST's MAXDEPTH: Grover
 * does not parallelise, so a depth bound raises the total cost), the memory of the reversible
 * elimination (≈ n² qubits), and square-root-of-average vs average-of-square-root over sessions
 * (the multi-target figure uses the mean success). Quantum walks on Stern/MMT (G. Kachigar,
 * J.-P. Tillich, "Quantum information set decoding algorithms", PQCrypto 2017) improve only
 * lower-order terms in this sublinear-weight regime and are not priced. A classical attack on
 * an n-bit secret with cost 2^c becomes ≈ 2^{c/2 + log2 G/2}: the quantum figure is far
 * below 128 for paper-128 by design — the profile is sized for 128 classical bits.
 */
import { log2SumExp2 } from '../stats.ts';
import { log2MeanSuccess, targetCounts, type MultiInstance } from './multi.ts';

export interface QuantumCost {
  algorithm: 'grover-prange';
  targetsUsed: number;
  /** log2 of the Grover iterations. */
  log2Iterations: number;
  /** log2 of the quantum gates (the model above). */
  log2Gates: number;
}

/** Grover-Prange on a multi-target setting, T optimised over powers of two up to the targets. */
export function groverPrange(inst: MultiInstance, log2G: number): QuantumCost {
  const mean = log2MeanSuccess('stern', inst, 0, 0);
  let best: QuantumCost | null = null;
  for (const T of targetCounts(inst.targets)) {
    const logP = Math.min(0, mean + Math.log2(T));
    const log2Iterations = Math.log2(Math.PI / 4) - logP / 2;
    const perIter = 1 + log2SumExp2([log2G, Math.log2(T) + 2 * Math.log2(inst.N - inst.K)]);
    const c: QuantumCost = { algorithm: 'grover-prange', targetsUsed: T, log2Iterations, log2Gates: log2Iterations + perIter };
    if (!best || c.log2Gates < best.log2Gates) best = c;
  }
  return best!;
}
