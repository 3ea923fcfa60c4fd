/**
 * The primal uSVP attack (src/lattice/usvp.ts) on toy LWE against the LWE cost model's
 * prediction (src/cost/lwe.ts: the 2016 ADPS condition under the GSA, the lattice estimator's
 * default). Instance: n = 26, q = 97, s and e from the centred binomial B_16 (σ = 2√2), with as
 * many samples as the model's optimal dimension asks for at its least β: β_pred = 25, d = 84
 * (57 samples). Three seeded instances; progressive BKZ-β, β = 4, 6, …, ≤ 8 tours each.
 *
 * Asserted: BKZ recovers s exactly on every instance at a block size ≤ β_pred (the model is an
 * upper estimate here), LLL alone does not. Not true at this size, so not asserted: a two-sided
 * ±5 match. BKZ succeeds at β = 8, 8, 10 on these seeds (4–10 over seeds 1–6; 12–16 for
 * n = 30, B_16, where the model says 40). The estimate was shown accurate at β ≈ 56 and above
 * (Albrecht–Göpfert–Virdia–Wunderer, ASIACRYPT 2017: n = 65, q = 521, predicted 56; this model
 * gives 57), beyond what a test here can run.
 *
 * Why (asserted on the same seeds): the 2016 condition itself, ‖π_{d−β}(t)‖ < ‖b*_{d−β}‖,
 * evaluated on the measured BKZ-β profile and the true target t, predicts the β at which s
 * appears within ±4 (measured: 4, 6, 8 against 8, 8, 10). What misleads the model is the GSA:
 * the measured ‖b*_{d−β}‖ exceeds the GSA line by 5–50% at β = 4–10 (the tail of a reduced
 * q-ary basis bulges above it), and both sides of the condition grow so slowly with β that
 * this moves the predicted β from ≈ 8 to 25. (The Chen–Nguyen simulator, src/cost/cn11.ts,
 * says 30: it does not capture this tail either.)
 * The small-β prediction that models it (src/cost/lweSmallBeta.ts: the Z-shaped δ_β profile,
 * χ² probabilities) is tested in test/lattice.smallbeta.test.ts.
 *
 * fplll as a second BKZ (skipped without the binary, required by SEPKA_REQUIRE_FPLLL=1): one
 * `fplll -a bkz -b β` from the embedding reveals s at some β ≤ ours + 4; scanning β = 4, 6, …
 * it first does at 8, 8, 12 on these seeds (ours: 8, 8, 10), so the estimate's conservatism at
 * this size is not an artefact of this BKZ.
 */
import { describe, expect, it } from 'vitest';
import { rootHermite, usvpDimension, usvpSucceeds, type LweParams } from '../src/cost/index.ts';
import {
  bkzReduce,
  gsoNorms,
  lllReduce,
  lweEmbedding,
  makeGso,
  secretFromEmbedding,
  usvpAttack,
  type Gso,
} from '../src/lattice/index.ts';
import { fplll, fplllRequired, haveFplll } from '../scripts/fplll.ts';
import { lweToy } from '../scripts/lweToy.ts';

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

  /**
   * Progressive BKZ-β (β = 4, 6, …; ≤ 8 tours each) on each seed's embedding, recording after
   * each β: whether s is a basis row, whether the 2016 condition holds on the measured profile,
   * and ‖b*_{d−β}‖ measured over the GSA's.
   */
  interface Run {
    found: number;
    condition: number;
    ratios: number[];
  }
  let runs: Run[] | undefined;
  const progressive = () =>
    (runs ??= seeds.map((seed) => {
      const { A, b, s, e } = lweToy(seed, N, m, Q, K);
      const st = makeGso(lweEmbedding(A, b, Q, tau));
      const t = [...e, ...s.map((x) => -x), tau];
      lllReduce(st);
      const run: Run = { found: NaN, condition: NaN, ratios: [] };
      const lnVolPerDim = (m * Math.log(Q) + Math.log(tau)) / d;
      for (let beta = 4; beta <= betaPred && (Number.isNaN(run.condition) || Number.isNaN(run.found)); beta += 2) {
        bkzReduce(st, { beta, maxTours: 8 });
        const bStar = Math.sqrt(gsoNorms(st)[d - beta]);
        const gsa = Math.exp(lnVolPerDim + (2 * beta - d - 1) * Math.log(rootHermite(beta)));
        if (Number.isNaN(run.found)) run.ratios.push(bStar / gsa);
        if (Number.isNaN(run.condition) && projectedNorm(st, t, d - beta) < bStar) run.condition = beta;
        const got = secretFromEmbedding(st.B, A, b, Q, tau, maxNorm2);
        if (Number.isNaN(run.found) && got && got.every((x, j) => x === s[j])) run.found = beta;
      }
      return run;
    }));

  it('BKZ recovers s on 3 instances at β ≤ β_pred; LLL alone does not; usvpAttack agrees', () => {
    for (const r of progressive()) {
      expect(r.found).toBeGreaterThan(2);
      expect(r.found).toBeLessThanOrEqual(betaPred);
    }
    // usvpAttack runs the same schedule but looks after every tour, so it may stop earlier
    const { A, b, s } = lweToy(seeds[0], N, m, Q, K);
    const betas = Array.from({ length: 12 }, (_, i) => 4 + 2 * i).filter((x) => x <= betaPred);
    const attack = usvpAttack(A, b, Q, { tau, maxNorm2, betas });
    expect(attack.s).toEqual(s);
    expect(attack.beta).toBeLessThanOrEqual(progressive()[0].found);
  });

  it('the 2016 condition on the measured profile predicts the β at which s appears (±4)', () => {
    for (const r of progressive()) {
      expect(Math.abs(r.condition - r.found)).toBeLessThanOrEqual(4);
      // the GSA underestimates ‖b*_{d−β}‖ in the tail, by less than 60%
      for (const x of r.ratios) {
        expect(x).toBeGreaterThan(1);
        expect(x).toBeLessThan(1.6);
      }
    }
  });

  it.runIf(haveFplll() || fplllRequired())('fplll BKZ reveals s by β + 4 too, β being ours', () => {
    seeds.forEach((seed, i) => {
      const { A, b, s } = lweToy(seed, N, m, Q, K);
      const rows = lweEmbedding(A, b, Q, tau);
      const ours = progressive()[i].found;
      let theirs = NaN;
      // one BKZ-β from the embedding; success is not monotone in β (a BKZ-8 may find s where a
      // BKZ-10 does not), so scan
      for (let beta = Math.max(4, ours - 2); beta <= ours + 4; beta += 2) {
        const got = secretFromEmbedding(fplll(['-a', 'bkz', '-b', String(beta)], rows), A, b, Q, tau, maxNorm2);
        if (got && got.every((x, j) => x === s[j])) {
          theirs = beta;
          break;
        }
      }
      expect(theirs).toBeLessThanOrEqual(ours + 4);
    });
  });
});

/** ‖π_i(t)‖: t's component orthogonal to b_0 … b_{i−1} (classical Gram–Schmidt in float64). */
function projectedNorm(st: Gso, t: readonly number[], i: number): number {
  const d = t.length;
  const r = gsoNorms(st);
  const star: number[][] = [];
  for (let a = 0; a < d; a++) {
    const v = [...st.B[a]];
    for (let j = 0; j < a; j++) for (let c = 0; c < d; c++) v[c] -= st.mu[a][j] * star[j][c];
    star.push(v);
  }
  let s2 = 0;
  for (let j = i; j < d; j++) {
    const dot = t.reduce((acc, x, c) => acc + x * star[j][c], 0);
    s2 += (dot * dot) / r[j];
  }
  return Math.sqrt(s2);
}
