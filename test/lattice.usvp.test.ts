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
 */
import { describe, expect, it } from 'vitest';
import { usvpDimension, usvpSucceeds, type LweParams } from '../src/cost/index.ts';
import { usvpAttack, uniformMod } from '../src/lattice/index.ts';
import { seededRng, type Rng } from '../src/rng.ts';

const N = 26;
const Q = 97;
const K = 16; // B_K: σ² = K/2
const SIGMA = Math.sqrt(K / 2);

function cbd(rng: Rng): number {
  let s = 0;
  for (let i = 0; i < K; i++) {
    const u = rng.u32();
    s += (u & 1) - ((u >>> 1) & 1);
  }
  return s;
}

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

  it('BKZ recovers s on 3 instances at β ≤ β_pred; LLL alone does not', () => {
    const found: number[] = [];
    for (let seed = 1; seed <= 3; seed++) {
      const rng = seededRng(seed, 'usvp-toy');
      const A = Array.from({ length: m }, () => Array.from({ length: N }, () => uniformMod(rng, Q)));
      const s = Array.from({ length: N }, () => cbd(rng));
      const e = Array.from({ length: m }, () => cbd(rng));
      const b = A.map((row, i) => (((row.reduce((acc, a, j) => acc + a * s[j], 0) + e[i]) % Q) + Q) % Q);
      const tau = Math.round(SIGMA);
      // ‖(e, s, τ)‖² is ≈ (m + n)σ² + τ²; accept up to 1.5× that
      const maxNorm2 = 1.5 * ((m + N) * SIGMA ** 2 + tau ** 2);
      const r = usvpAttack(A, b, Q, {
        tau,
        maxNorm2,
        betas: Array.from({ length: betaPred / 2 }, (_, i) => 4 + 2 * i).filter((x) => x <= betaPred),
      });
      expect(r.s).toEqual(s);
      found.push(r.beta);
    }
    for (const beta of found) {
      expect(beta).toBeGreaterThan(2);
      expect(beta).toBeLessThanOrEqual(betaPred);
    }
  });
});
