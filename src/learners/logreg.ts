/**
 * ML baseline: the model a practitioner would try first — L2-regularised logistic regression
 * on ±1 features (φ(x)_j = 1 − 2x_j, plus a bias), fitted by stochastic gradient descent over
 * shuffled epochs with a decaying step (Bottou, "Large-scale machine learning with stochastic
 * gradient descent", COMPSTAT 2010).
 *
 * Why it fails, and is meant to: in ±1 form the noise-free label is the product
 * ∏_{j ∈ supp(s)} φ(x)_j of |s| ≈ n/2 features, which is orthogonal to every affine function of
 * φ (all Fourier weight sits on one degree-|s| character). The best linear-threshold hypothesis
 * therefore has risk 1/2 − 2^-Ω(|s|) on the population, whatever the budget; what it learns on
 * m samples is overfitting. Cost: epochs × m × n floating-point operations.
 */
import { Rng, uniformInt } from '../rng.ts';
import { Hypothesis } from '../task/risk.ts';
import { BudgetClock } from './budget.ts';
import { Budget, FitResult, UnimodalLearner, UnimodalView } from './types.ts';

const MAX_EPOCHS = 50;
const LAMBDA = 1e-3;
const STEP0 = 0.1;
/** Cap on the ±1 feature matrix (bytes); beyond it we fit on the first samples only. */
const MAX_FEATURE_BYTES = 2 ** 26;

export const logreg: UnimodalLearner = {
  name: 'logreg',
  fit(view: UnimodalView, budget: Budget, rng: Rng): FitResult {
    const { n } = view.params;
    const m = Math.min(view.params.m, Math.max(1, Math.floor(MAX_FEATURE_BYTES / n)));
    const clock = new BudgetClock(budget);
    const { A, z } = view;
    // Features as ±1 bytes, once: the inner loop then has no bit twiddling.
    const phi = new Int8Array(m * n);
    const y = new Int8Array(m);
    for (let i = 0; i < m; i++) {
      const o = i * A.stride;
      for (let j = 0; j < n; j++) phi[i * n + j] = (A.data[o + (j >>> 5)] >>> (j & 31)) & 1 ? -1 : 1;
      y[i] = (z[i >>> 5] >>> (i & 31)) & 1 ? -1 : 1;
    }
    const wts = new Float64Array(n);
    let bias = 0;
    const order = Array.from({ length: m }, (_, i) => i);
    let epochs = 0;
    let step = 0;
    while (epochs < MAX_EPOCHS && !clock.exhausted(epochs)) {
      for (let i = m - 1; i > 0; i--) {
        const j = uniformInt(rng, i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const i of order) {
        const eta = STEP0 / (1 + STEP0 * LAMBDA * step++);
        let score = bias;
        const o = i * n;
        for (let j = 0; j < n; j++) score += wts[j] * phi[o + j];
        // Gradient of log(1 + e^{−y·score}) + (λ/2)|w|².
        const g = -y[i] / (1 + Math.exp(y[i] * score));
        for (let j = 0; j < n; j++) wts[j] -= eta * (g * phi[o + j] + LAMBDA * wts[j]);
        bias -= eta * g;
      }
      epochs++;
    }
    let trainErr = 0;
    for (let i = 0; i < m; i++) {
      let score = bias;
      for (let j = 0; j < n; j++) score += wts[j] * phi[i * n + j];
      if (score * y[i] <= 0) trainErr++;
    }
    const h: Hypothesis = (x) => {
      let score = bias;
      for (let j = 0; j < n; j++) score += (x[j >>> 5] >>> (j & 31)) & 1 ? -wts[j] : wts[j];
      return score < 0 ? 1 : 0;
    };
    return {
      name: 'logreg',
      h,
      accepted: false,
      trials: epochs,
      budgetExhausted: epochs < MAX_EPOCHS,
      ms: clock.elapsed(),
      limit: 'model',
      note:
        `${epochs} SGD epochs on ${m}${m < view.params.m ? ` of ${view.params.m}` : ''} samples; ` +
        `training error ${trainErr}/${m} (fit to noise), no parity structure learnt`,
      details: { epochs, trainingErrors: trainErr },
    };
  },
};
