/**
 * A_μ, the multimodal learner of DESIGN.md §1: solve the noise-free system ⟨a_i, ŝ⟩ = y_i by
 * Gaussian elimination and output h(x) = ⟨x, ŝ⟩.
 *
 * Cost: one elimination of the m×(n+1) augmented matrix, O(m·n²/32) word operations.
 * Success: ŝ = s exactly when rank(A) = n, which for uniform A with m rows has probability
 * ∏_{i<n} (1 − 2^{i−m}) ≈ 1 − 2^{−(m−n)}; its risk is then exactly θ.
 */
import { SepkaError } from '../errors.ts';
import { solve } from '../gf2/index.ts';
import { linear } from '../task/risk.ts';
import { BimodalView, FitResult } from './types.ts';

export function fitAmu(view: BimodalView): FitResult {
  const t0 = performance.now();
  try {
    const sHat = solve(view.A, view.y);
    return { name: 'A_mu', h: linear(sHat), sHat, accepted: true, trials: 1, budgetExhausted: false, ms: performance.now() - t0 };
  } catch (e) {
    if (e instanceof SepkaError && e.code === 'SEPKA_ERR_SINGULAR') {
      // rank(A) < n: the noise-free system does not pin s down. Report the failure honestly.
      return {
        name: 'A_mu',
        h: () => 0,
        accepted: false,
        trials: 1,
        budgetExhausted: false,
        ms: performance.now() - t0,
        note: e.message,
      };
    }
    throw e;
  }
}
