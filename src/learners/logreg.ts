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

/**
 * Rows encoded, SGD steps or rows scored between two looks at the clock: 64 × n ≈ 460k
 * operations at n = 7168, about a millisecond, so the fit overruns its budget by at most that
 * (paper-128's full feature matrix alone is ≈ 0.7 s).
 */
export const LOGREG_CHUNK = 64;

export const logreg: UnimodalLearner = {
  name: 'logreg',
  fit(view: UnimodalView, budget: Budget, rng: Rng): FitResult {
    const { n } = view.params;
    const mMax = Math.min(view.params.m, Math.max(1, Math.floor(MAX_FEATURE_BYTES / n)));
    const clock = new BudgetClock(budget);
    const { A, z } = view;
    // Features as ±1 bytes, once (the inner loop then has no bit twiddling), a chunk of rows at
    // a time until mMax or the time is up; the buffer doubles as it fills.
    let phi = new Int8Array(Math.min(mMax, 4 * LOGREG_CHUNK) * n);
    const y = new Int8Array(mMax);
    let m = 0;
    while (m < mMax && !clock.timeUp()) {
      const end = Math.min(mMax, m + LOGREG_CHUNK);
      if (end * n > phi.length) {
        const grown = new Int8Array(Math.min(mMax, 2 * (phi.length / n)) * n);
        grown.set(phi);
        phi = grown;
      }
      for (let i = m; i < end; i++) {
        const o = i * A.stride;
        for (let j = 0; j < n; j++) phi[i * n + j] = (A.data[o + (j >>> 5)] >>> (j & 31)) & 1 ? -1 : 1;
        y[i] = (z[i >>> 5] >>> (i & 31)) & 1 ? -1 : 1;
      }
      m = end;
    }
    const wts = new Float64Array(n);
    let bias = 0;
    const order = Array.from({ length: m }, (_, i) => i);
    let epochs = 0;
    let step = 0;
    sgd: while (m > 0 && epochs < MAX_EPOCHS && !clock.exhausted(epochs)) {
      for (let i = m - 1; i > 0; i--) {
        const j = uniformInt(rng, i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let q = 0; q < m; q++) {
        if (q % LOGREG_CHUNK === 0 && q > 0 && clock.timeUp()) break sgd; // a partial epoch is not counted
        const i = order[q];
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
    // Training error on the encoded rows; with no step taken every score is 0, an error each.
    let trainErr = 0;
    let scored = 0;
    if (step === 0) scored = trainErr = m;
    else {
      for (; scored < m && !(scored % LOGREG_CHUNK === 0 && scored > 0 && clock.timeUp()); scored++) {
        let score = bias;
        for (let j = 0; j < n; j++) score += wts[j] * phi[scored * n + j];
        if (score * y[scored] <= 0) trainErr++;
      }
    }
    const h: Hypothesis = (x) => {
      let score = bias;
      for (let j = 0; j < n; j++) score += (x[j >>> 5] >>> (j & 31)) & 1 ? -wts[j] : wts[j];
      return score < 0 ? 1 : 0;
    };
    const of = m < view.params.m ? ` of ${view.params.m}` : '';
    const err = scored < m ? `training error ${trainErr}/${scored} (the first ${scored} scored within the budget)` : `training error ${trainErr}/${m}`;
    return {
      name: 'logreg',
      h,
      accepted: false,
      trials: epochs,
      budgetExhausted: epochs < MAX_EPOCHS,
      ms: clock.elapsed(),
      limit: 'model',
      note:
        m === 0
          ? 'budget spent before the first samples were encoded: no SGD step, constant hypothesis'
          : `${epochs} SGD epochs (${step} steps) on ${m}${of} samples; ${err} (fit to noise), no parity structure learnt`,
      details: { epochs, steps: step, samplesEncoded: m, trainingErrors: trainErr, samplesScored: scored },
    };
  },
};
