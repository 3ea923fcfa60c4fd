/**
 * The multi-target attacks against the multi-target formulas, by real
 * breaks at small n, all seeded:
 * - primal Stern on L columns (src/learners/primalStern.ts): per-iteration hits against
 *   Σ_j P(t_j) (isd.ts's Stern success at each column's true weight), within 3.3σ of the
 *   Poisson-binomial sum; the chance that a session loses SOME column within k iterations
 *   against multi.ts's probSomeBroken over Bin(m, θ) (99% Wilson interval; the formula treats
 *   the iterations' information sets as fresh per column, exact at k = 1); iterations to the
 *   first break within 2× of the projection; the lightest column falls first as often as
 *   Σ_{lightest} P / Σ P says (99% Wilson interval).
 * - dual Stern on T challenges over one A (decoding one out of many): Pr[some challenge found
 *   in an iteration] = 1 − (1 − P)^T (99% Wilson interval), iterations to the first break
 *   within 2× of 1/that.
 */
import { describe, expect, it } from 'vitest';
import { fromIndices, matRandom, matVec, vecEqual, vecMat, vecXor, weight } from '../src/gf2/index.ts';
import { binomialLaw, collisionIsdLog2Success, dualSternLog2Success, probSomeBroken, type SternPlan } from '../src/cost/index.ts';
import { DualStern } from '../src/learners/dualStern.ts';
import { PrimalStern } from '../src/learners/primalStern.ts';
import { bernoulli, fixedWeightIndices, seededRng, type Rng } from '../src/rng.ts';
import { contains, wilson, Z99 } from '../src/stats.ts';

const n = 32;
const m = 4 * n;
const theta = 1 / 16;
const L = 6;
const plan: SternPlan = { p: 1, ell: 6 };
const MAX_WEIGHT = 24; // C(128, ≤ 24)/2^96 ≈ 2^-13: e_j is the only coset member this light

function session(seed: string) {
  const A = matRandom(m, n, seededRng(seed, 'A'));
  const rng = seededRng(seed, 'task');
  const secrets: Uint32Array[] = [];
  const z: Uint32Array[] = [];
  const t: number[] = [];
  for (let j = 0; j < L; j++) {
    const s = matRandom(1, n, rng).data.slice(0, 1);
    const e = new Uint32Array(m / 32);
    for (let i = 0; i < m; i++) if (bernoulli(rng, theta)) e[i >>> 5] |= 1 << (i & 31);
    secrets.push(s);
    z.push(vecXor(matVec(A, s), e));
    t.push(weight(e));
  }
  return { A, secrets, z, t };
}

/** Stern's success on the primal [m, n] code at weight t (isd.ts; ℓ bits of the m − n redundancy). */
const P = (t: number) => 2 ** collisionIsdLog2Success('stern', { N: m, K: n, W: t }, plan.p, plan.ell);

describe('primal Stern on all columns', () => {
  it('per-iteration hits match Σ_j P(t_j) at the true weights (3.3σ)', () => {
    let hits = 0;
    let mean = 0;
    let variance = 0;
    for (let c = 0; c < 6; c++) {
      const s = session(`pstern-${c}`);
      const ps = new PrimalStern(s.A, s.z);
      const rng = seededRng(`pstern-${c}`, 'eve');
      const open = [...Array(L).keys()];
      for (let it = 0; it < 300; it++) {
        const got = ps.iteration(open, MAX_WEIGHT, plan, rng);
        got.forEach((sj, j) => {
          if (!sj) return;
          expect(vecEqual(sj, s.secrets[j])).toBe(true);
          hits++;
        });
        for (const tj of s.t) {
          mean += P(tj);
          variance += P(tj) * (1 - P(tj));
        }
      }
    }
    expect(hits).toBeGreaterThan(200);
    expect(Math.abs(hits - mean)).toBeLessThan(3.3 * Math.sqrt(variance));
  });

  it('sessions losing some column within k iterations: as often as probSomeBroken says; first break within 2×; the lightest falls first as often as the formula says', () => {
    const law = binomialLaw(m, theta);
    const sessions = 400;
    const k = 2;
    let someBroken = 0;
    let firstSum = 0;
    let lightestFirst = 0;
    let broken = 0;
    let predictedLightest = 0;
    for (let c = 0; c < sessions; c++) {
      const s = session(`pmulti-${c}`);
      const ps = new PrimalStern(s.A, s.z);
      const rng: Rng = seededRng(`pmulti-${c}`, 'eve');
      const open = [...Array(L).keys()];
      let first = -1;
      for (let it = 1; first < 0 && it <= 200; it++) {
        const got = ps.iteration(open, MAX_WEIGHT, plan, rng);
        const j = got.findIndex((x) => x !== null);
        if (j >= 0) {
          first = it;
          broken++;
          const light = Math.min(...s.t);
          if (s.t[j] === light) lightestFirst++;
          predictedLightest += s.t.filter((x) => x === light).reduce((a, x) => a + P(x), 0) / s.t.reduce((a, x) => a + P(x), 0);
        }
      }
      if (first > 0 && first <= k) someBroken++;
      firstSum += first > 0 ? first : 200;
    }
    const predicted = probSomeBroken(law, P, k, L);
    expect(contains(wilson(someBroken, sessions, Z99), predicted)).toBe(true);
    // projection: E[first] = Σ_{k ≥ 0} Pr[none broken after k]
    let projected = 0;
    for (let kk = 0; kk < 2000; kk++) projected += 1 - probSomeBroken(law, P, kk, L);
    const measured = firstSum / sessions;
    expect(measured / projected).toBeGreaterThan(0.5);
    expect(measured / projected).toBeLessThan(2);
    // the weak-column effect: the first column to fall is a lightest one (ties count) as often
    // as the per-iteration formula says, Σ_{lightest j} P(t_j) / Σ_j P(t_j) averaged over the
    // sessions (99% Wilson interval), and more often than uniform (1/L)
    expect(contains(wilson(lightestFirst, broken, Z99), predictedLightest / broken)).toBe(true);
    expect(lightestFirst / broken).toBeGreaterThan(1 / L);
  });
});

describe('dual Stern on many challenges (decoding one out of many)', () => {
  const w = 4;
  const T = 4;
  const dplan: SternPlan = { p: 1, ell: 4 };
  it('Pr[some challenge found in an iteration] = 1 − (1 − P)^T; first break within 2×', () => {
    const Pone = 2 ** dualSternLog2Success(m, n, w, dplan);
    const Psome = 1 - (1 - Pone) ** T;
    let iters = 0;
    let some = 0;
    let firstSum = 0;
    let sessions = 0;
    for (let c = 0; c < 8; c++) {
      const A = matRandom(m, n, seededRng(`doom-${c}`, 'A'));
      const bob = seededRng(`doom-${c}`, 'bob');
      const rs = Array.from({ length: T }, () => fromIndices(m, fixedWeightIndices(bob, m, w)));
      const xs = rs.map((r) => vecMat(r, A));
      const ds = new DualStern(A, T);
      const rng = seededRng(`doom-${c}`, 'eve');
      let since = 0;
      for (let it = 0; it < 400; it++) {
        const got = ds.iterationMany(xs, { exact: w }, dplan, rng);
        iters++;
        since++;
        const hit = got.some((r, i) => r !== null && vecEqual(r, rs[i]));
        got.forEach((r, i) => r && expect(vecEqual(r, rs[i])).toBe(true));
        if (hit) {
          some++;
          firstSum += since;
          sessions++;
          since = 0;
        }
      }
    }
    expect(contains(wilson(some, iters, Z99), Psome)).toBe(true);
    const ratio = firstSum / sessions / (1 / Psome);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
