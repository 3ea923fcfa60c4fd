/**
 * Majority (constant) baseline: predict the most frequent label, ignoring x.
 *
 * Source: the trivial baseline of any classification benchmark. For s ≠ 0 the label
 * z = ⟨x, s⟩ ⊕ e is uniform whatever θ, so every constant hypothesis has risk exactly 1/2; any
 * learner that cannot beat this learnt nothing. Cost: one pass over the m labels.
 */
import { weight } from '../gf2/vec.ts';
import { Rng } from '../rng.ts';
import { Budget, FitResult, UnimodalLearner, UnimodalView } from './types.ts';

export const majority: UnimodalLearner = {
  name: 'majority',
  fit(view: UnimodalView, _budget: Budget, _rng: Rng): FitResult {
    const t0 = performance.now();
    const ones = weight(view.z);
    const bit: 0 | 1 = 2 * ones > view.params.m ? 1 : 0;
    return {
      name: 'majority',
      h: () => bit,
      accepted: false,
      trials: 1,
      budgetExhausted: false,
      ms: performance.now() - t0,
      limit: 'model',
      note: `constant ${bit} (${ones}/${view.params.m} labels are 1)`,
    };
  },
};
