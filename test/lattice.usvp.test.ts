/**
 * The primal uSVP attack (src/lattice/usvp.ts) on toy LWE against the LWE cost model's
 * prediction (src/cost/lwe.ts: the 2016 ADPS condition under the GSA, the lattice estimator's
 * default). Instance: n = 26, q = 97, s and e from the centred binomial B_16 (σ = 2√2), with as
 * many samples as the model's optimal dimension asks for at its least β: β_pred = 25, d = 84
 * (57 samples). Three seeded instances.
 *
 * What holds, and is asserted: BKZ recovers s exactly on every instance at a block size
 * ≤ β_pred (the model is an upper estimate of the block size needed), LLL alone does not, and
 * the secret is the embedded one. What does not hold at this size: a two-sided ±5 match. BKZ
 * succeeds at β = 8, 8, 10 on these seeds (19–28 tours in all; 4–10 over other seeds, and
 * 12–16 for n = 30, q = 97, B_16, where the model says 40): in this
 * range the 2016 condition (target found in the last block, the GSA with δ_β measured at
 * d = 320) is pessimistic, since the gap λ₂/λ₁ ≈ 2.3 already exceeds Gama–Nguyen's
 * LLL/BKZ-small threshold 0.3·δ_β^d. The 2016 estimate was shown accurate at β ≈ 56 and
 * above (Albrecht–Göpfert–Virdia–Wunderer, ASIACRYPT 2017: n = 65, q = 521, predicted 56; this
 * model gives 57), beyond what a test here can run.
 *
 * fplll as a second BKZ (skipped without the binary, required by SEPKA_REQUIRE_FPLLL=1): one
 * `fplll -a bkz -b β` from the embedding reveals s at some β ≤ usvpAttack's + 4; scanning β = 4,
 * 6, … it first does at 8, 8, 12 on these seeds (usvpAttack: 8, 8, 10), so the estimate's
 * conservatism at this size is not an artefact of this BKZ.
 */
import { describe, expect, it } from 'vitest';
import { usvpDimension, usvpSucceeds, type LweParams } from '../src/cost/index.ts';
import { lweEmbedding, secretFromEmbedding, usvpAttack } from '../src/lattice/index.ts';
import { fplll, fplllRequired, haveFplll } from './helpers/fplll.ts';
import { lweToy } from './helpers/lweToy.ts';

const N = 26;
const Q = 97;
const K = 16; // B_K: σ² = K/2
const SIGMA = Math.sqrt(K / 2);

/** The model's least β over all dimensions, and its d (β from 2: this is a toy). */
function predicted(p: LweParams): { beta: number; d: number } {
  for (let beta = 2; beta <= 100; beta++) {
    const d = Math.max(usvpDimension(p, beta, p.m + p.n), beta);
    if (Number.isFinite(d) && usvpSucceeds(p, beta, d)) return { beta, d };
  }
  throw new Error('no β ≤ 100');
}

describe('primal uSVP on toy LWE against the cost model', () => {
  const model: LweParams = { n: N, q: Q, sigmaS: SIGMA, sigmaE: SIGMA, m: 1000 };
  const { beta: betaPred, d } = predicted(model);
  const m = d - N - 1;

  it('the model asks for β = 25 at d = 84 (57 samples)', () => {
    expect(betaPred).toBe(25);
    expect(d).toBe(84);
  });

  const tau = Math.round(SIGMA);
  // ‖(e, s, τ)‖² is ≈ (m + n)σ² + τ²; accept up to 1.5× that
  const maxNorm2 = 1.5 * ((m + N) * SIGMA ** 2 + tau ** 2);
  const seeds = [1, 2, 3];
  let runs: { beta: number; ok: boolean }[] | undefined;
  const ours = () =>
    (runs ??= seeds.map((seed) => {
      const { A, b, s } = lweToy(seed, N, m, Q, K);
      const betas = Array.from({ length: 12 }, (_, i) => 4 + 2 * i).filter((x) => x <= betaPred);
      const r = usvpAttack(A, b, Q, { tau, maxNorm2, betas });
      return { beta: r.beta, ok: r.s !== null && r.s.every((x, j) => x === s[j]) };
    }));

  it('BKZ recovers s on 3 instances at β ≤ β_pred; LLL alone does not', () => {
    for (const r of ours()) {
      expect(r.ok).toBe(true);
      expect(r.beta).toBeGreaterThan(2);
      expect(r.beta).toBeLessThanOrEqual(betaPred);
    }
  });

  it.runIf(haveFplll() || fplllRequired())('fplll BKZ reveals s by β + 4 too, β being usvpAttack’s', () => {
    const found = ours();
    seeds.forEach((seed, i) => {
      const { A, b, s } = lweToy(seed, N, m, Q, K);
      const rows = lweEmbedding(A, b, Q, tau);
      let theirs = NaN;
      // one BKZ-β from the embedding; success is not monotone in β (a BKZ-8 may find s where a
      // BKZ-10 does not), so scan
      for (let beta = Math.max(4, found[i].beta - 2); beta <= found[i].beta + 4; beta += 2) {
        const got = secretFromEmbedding(fplll(['-a', 'bkz', '-b', String(beta)], rows), A, b, Q, tau, maxNorm2);
        if (got && got.every((x, j) => x === s[j])) {
          theirs = beta;
          break;
        }
      }
      expect(theirs).toBeLessThanOrEqual(found[i].beta + 4);
    });
  });
});
