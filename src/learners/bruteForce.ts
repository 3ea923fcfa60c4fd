/**
 * Brute force over s: maximum-likelihood decoding by exhaustive search, for tiny n only.
 *
 * Every s' ∈ F2^n is scored by its errors wt(A·s' ⊕ z) on the m samples and the minimiser is
 * returned; under Ber(θ) noise with θ < 1/2 the fewest errors is the maximum-likelihood choice.
 * Candidates are visited in Gray-code order, so each step flips one coordinate j of s' and
 * updates A·s' by XOR-ing in column j of A: cost 2^n · ⌈m/32⌉ word operations (n = 24, m = 96:
 * ≈ 5·10⁷, well under a second).
 *
 * Success: ML fails only if some s' ≠ s has at most t = wt(e) errors; each wrong s' has
 * Bin(m, 1/2) errors, so by the union bound Pr[fail] ≤ (2^n − 1)·Pr[Bin(m, 1/2) ≤ t]
 * (reported, with t ≈ θm, as log2FailBound). n > 24 is refused: 2^25 candidates is where an
 * exhaustive search stops being a sensible baseline.
 */
import { SepkaError } from '../errors.ts';
import { transpose } from '../gf2/mat.ts';
import { popcount32 } from '../gf2/vec.ts';
import { Rng } from '../rng.ts';
import { linear } from '../task/risk.ts';
import { log2BinomCdf } from './binomial.ts';
import { BudgetClock } from './budget.ts';
import { Budget, FitResult, UnimodalLearner, UnimodalView } from './types.ts';

export const BRUTE_MAX_N = 24;

export function bruteRefusal(n: number): string | undefined {
  return n > BRUTE_MAX_N ? `brute force enumerates 2^n secrets; refused for n = ${n} > ${BRUTE_MAX_N}` : undefined;
}

export const bruteForce: UnimodalLearner = {
  name: 'brute',
  fit(view: UnimodalView, budget: Budget, _rng: Rng): FitResult {
    const { n, m, theta } = view.params;
    const refusal = bruteRefusal(n);
    if (refusal) throw new SepkaError('SEPKA_ERR_USAGE', refusal);
    const clock = new BudgetClock(budget);
    const cols = transpose(view.A); // n rows of m bits: column j of A
    const cw = cols.stride;
    const v = view.z.slice(0, cw); // A·s' ⊕ z, starting from s' = 0
    const sCur = new Uint32Array(view.A.stride);
    const errs = (): number => {
      let e = 0;
      for (let k = 0; k < cw; k++) e += popcount32(v[k]);
      return e;
    };
    let bestErr = errs();
    let best = sCur.slice();
    let ties = 1;
    const total = 2 ** n;
    // Look at the clock every ~2^20 words of work, whatever m is (a power of two, for the mask).
    const clockEvery = 2 ** Math.max(0, 20 - Math.ceil(Math.log2(cw)));
    let g = 1;
    for (; g < total; g++) {
      if ((g & (clockEvery - 1)) === 0 && clock.exhausted(g)) break;
      const j = 31 - Math.clz32(g & -g); // Gray code: flip the lowest set bit of g
      sCur[j >>> 5] ^= 1 << (j & 31);
      const o = j * cw;
      for (let k = 0; k < cw; k++) v[k] ^= cols.data[o + k];
      const e = errs();
      if (e < bestErr) {
        bestErr = e;
        best = sCur.slice();
        ties = 1;
      } else if (e === bestErr) ties++;
    }
    const complete = g >= total;
    return {
      name: 'brute',
      h: linear(best),
      sHat: best,
      accepted: complete && ties === 1,
      trials: g,
      budgetExhausted: !complete,
      ms: clock.elapsed(),
      log2TrialsExpected: n,
      note: complete
        ? `searched all 2^${n} secrets; minimum ${bestErr} errors${ties > 1 ? ` shared by ${ties} secrets` : ''}`
        : `budget ran out after ${g} of 2^${n} secrets; best has ${bestErr} errors`,
      details: {
        minErrors: bestErr,
        log2FailBound: Math.min(0, Math.log2(total - 1) + log2BinomCdf(m, 0.5, Math.round(theta * m))),
      },
    };
  },
};
