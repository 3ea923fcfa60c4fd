/**
 * Eve's unimodal attacks on the LWE instance (lwe.ts), from the public (A, Z) alone, as the
 * instance's `attack` (types.ts UnimodalFit): her guess of Alice's raw bits at any x*.
 *
 * - Primal route (uSVP): for each label column j, Kannan's embedding of (A', z'_j) — the first
 *   m' = min(m, ⌈3n/2⌉) examples — with the secret's coordinates (Bai–Galbraith 2014), LLL and
 *   progressive BKZ-β for β = 4, 6, …, 12 (src/lattice/usvp.ts `usvpAttack`, with her deadline
 *   checked after every tour), until ±(e, −s, τ) is a basis row; τ = max(1, round(σ)). The
 *   fit's `primal` reports whether it ran, why not, and the largest β a secret needed. The budget
 *   decides where it runs: LLL is not interruptible, so a column starts only if LLL in the
 *   embedding's dimension d = n + m' + 1 is projected to end before her deadline (the first
 *   column: LLL_MS_PER_D3·d³; the next ones: as long as the last took), and d must be within
 *   float64 Gram–Schmidt's range (src/lattice/gso.ts MAX_DIM = 160; numerics in docs/eve.md).
 *   Where it cannot run she says so with the cost model's price of the route (`primalCost`,
 *   src/cost/lwe.ts). lwe-toy: d = 41, ≈ 60–180 ms a column. A recovered s_j gives Alice's
 *   value ⟨x*, s_j⟩ exactly (reliability 1).
 * - Otherwise, the unimodal learner an ML practitioner would try first, least squares mod q:
 *   Gauss–Jordan on the noisy (A, Z) (zq.ts `solveModQ`, the n first unit-pivot rows). It fails:
 *   the n errors it absorbs come out multiplied by A_n⁻¹, uniform mod q, so ⟨x*, ŝ_j⟩ is
 *   independent of Alice's value and her raw bits sit at chance. She can see it fail — the
 *   residual z − Aŝ on the other m − n rows is uniform — so she gives its bits reliability ½.
 *   One exception, measured: ŝ = s + A_P⁻¹e_P from its n pivot rows P, so when Bob's r lies
 *   within P, ⟨x*, ŝ⟩ = a + rᵀe_P is Bob's value; that happens for C(n, w)/C(m, w) of the
 *   challenges (≈ 2% on lwe-toy: advantage ≈ 0.01; nil on lwe-demo-256 and lwe-128).
 * Columns the primal route leaves unbroken get the least-squares guess, at reliability ½.
 * - Dual route (the fit's `dual`, lweDual.ts): Bob's r from each challenge x*, by Babai's nearest
 *   plane on the reduced lattice {v : vᵀA ≡ 0}, then the coset embedding; Eve runs it on the
 *   challenges when a column is left open (src/eve/eve.ts). Where its lattice is beyond float64
 *   Gram–Schmidt or LLL is projected past her deadline (LLL_MS_PER_D3), it is not attempted and
 *   says so with the cost model's figure for recovering r (`knapsackCost`, src/cost/lwe.ts).
 * Cost figures: the lattice route's ops are BKZ tours as run (not priced); least squares mod q
 * counts n²(n + L) multiply-adds for the elimination.
 */
import { LatticeError, MAX_DIM } from '../lattice/gso.ts';
import { usvpAttack, usvpTarget } from '../lattice/usvp.ts';
import { lweChiStd, lweSigma, topBits, type LweParams, type LweView } from './lweLaw.ts';
import { primalUsvp } from '../cost/lwe.ts';
import { DUAL_BETAS, LweDualRoute } from './lweDual.ts';
import type { ChallengeRoute, EveRoutes, PrimalRun, UnimodalFit } from './types.ts';
import { dotColumnsModQ, solveModQ } from './zq.ts';

/** Largest uSVP embedding (n + m' + 1) Eve reduces: float64 Gram–Schmidt's limit; below it her budget decides. */
export const MAX_EMBED_DIM = MAX_DIM;
/** Block sizes of her progressive BKZ after LLL. */
const BETAS = [4, 6, 8, 10, 12];

/** Examples Eve embeds: min(m, ⌈3n/2⌉). */
export const embedSamples = (p: { n: number; m: number }): number => Math.min(p.m, Math.ceil((3 * p.n) / 2));

/** Her primal embedding's dimension n + m' + 1. */
export const embedDimension = (p: { n: number; m: number }): number => p.n + embedSamples(p) + 1;

/** Whether her primal route can run on p at all (its embedding within float64 GSO's range); the budget decides the rest. */
export const primalRuns = (p: { n: number; m: number }): boolean => embedDimension(p) <= MAX_EMBED_DIM;

/** What the cost model (src/cost/lwe.ts, MATZOV) charges for recovering a column's s_j (primal uSVP). */
export function primalCost(p: LweParams): string {
  const sigma = lweChiStd(lweSigma(p));
  const c = primalUsvp({ n: p.n, q: p.q, sigmaS: sigma, sigmaE: sigma, m: p.m });
  return Number.isFinite(c.log2Rop)
    ? `projected cost 2^${c.log2Rop.toFixed(1)} a column (primal uSVP, β = ${c.beta}, d = ${c.d}; MATZOV, src/cost/lwe.ts)`
    : 'projected cost beyond 2^512 (primal uSVP; src/cost/lwe.ts)';
}

/**
 * Her attacks on the public (A, Z) (header); `deadline` (performance.now() ms) bounds the primal
 * route; `routes` (EveOptions.routes) switches either route off (default: both on).
 */
export function lweAttack(p: LweParams, v: LweView, budget?: { deadline: number; routes?: EveRoutes }): UnimodalFit {
  const { n, m, L, q } = p;
  const found: (Int32Array | null)[] = new Array(L).fill(null);
  let tours = 0;
  let why = '';
  let notRun: PrimalRun['notRun'] = null;
  let beta: number | null = null;
  if (budget?.routes?.primal === false) {
    notRun = 'off';
    why = '; primal route off (EveOptions.routes)';
  } else if (!primalRuns(p)) {
    notRun = 'dimension';
    why = `; primal uSVP not attempted: its embedding has dimension ${embedDimension(p)} > ${MAX_EMBED_DIM}, float64 Gram–Schmidt's limit (src/lattice/gso.ts); ${primalCost(p)}`;
  } else {
    const me = embedSamples(p);
    const d = embedDimension(p);
    const A = Array.from({ length: me }, (_, i) => Array.from(v.A.subarray(i * n, i * n + n)));
    const sigma = lweChiStd(lweSigma(p));
    const { tau, maxNorm2 } = usvpTarget(me, n, sigma);
    const deadline = budget?.deadline ?? Infinity;
    // LLL cannot stop early: the first column starts on the projection, the next on the last's time.
    let last = projectedLllMs(d);
    for (let j = 0; j < L; j++) {
      const t0 = performance.now();
      if (t0 + last > deadline) {
        if (j === 0) notRun = 'budget';
        const left = `the ${fmtMs(Math.max(0, deadline - t0))} left`;
        why =
          j === 0
            ? `; primal uSVP not attempted: LLL in dimension ${d} projected at ${fmtMs(last)} > ${left}; ${primalCost(p)}`
            : `; ${L - j} columns not started (the last took ${fmtMs(last)} > ${left})`;
        break;
      }
      const b = Array.from({ length: me }, (_, i) => v.Z[i * L + j]);
      try {
        const r = usvpAttack(A, b, q, { tau, maxNorm2, betas: BETAS, maxTours: 4, deadline });
        tours += r.tours;
        if (r.s) {
          found[j] = Int32Array.from(r.s);
          beta = Math.max(beta ?? 0, r.beta);
        }
      } catch (e) {
        if (!(e instanceof LatticeError)) throw e;
        why = `; column ${j}: reduction failed in dimension ${d} (${e.message})`;
        break;
      }
      last = performance.now() - t0;
    }
  }
  const solved = found.filter((s) => s !== null).length;
  // Least squares mod q for the columns the lattice left open.
  const ls = solved < L ? solveModQ(v.A, v.Z, m, n, L, q) : null;
  const S = new Int32Array(n * L);
  for (let j = 0; j < L; j++) for (let i = 0; i < n; i++) S[i * L + j] = found[j] ? found[j]![i] : (ls?.[i * L + j] ?? 0);
  const lsOps = solved < L ? n * n * (n + L) : 0;
  const name = solved > 0 ? 'usvp' : 'least-squares-mod-q';
  const note =
    solved > 0
      ? `primal uSVP (Kannan embedding in dimension ${embedDimension(p)}, LLL + BKZ ≤ ${BETAS.at(-1)}) recovered ${solved} of ${L} secrets by ${beta === 2 ? 'LLL alone' : `BKZ-${beta}`} (${tours} BKZ tours)${why}`
      : `least squares mod q (Gauss–Jordan on the noisy (A, z)): the residual is uniform, the fit is noise${why}`;
  return {
    name,
    solved,
    ops: lsOps,
    note,
    primal: { ran: notRun === null, beta, notRun },
    ...(budget?.routes?.dual === false ? {} : { dual: lweDualRoute(p, v) }),
    guess(x) {
      const a = dotColumnsModQ(x, S, n, L, q);
      return { bits: topBits(a, q), reliability: Float64Array.from(found, (s) => (s ? 1 : 0.5)) };
    },
  };
}

/**
 * LLL's time on these q-ary bases, ms per d³: measured 2–5·10⁻³ (dimension 40–141, q ≤ 2^10,
 * the 2-core reference machine; LLL's cost grows as d³ here, the entries staying ≤ q). A
 * projection only, to refuse a reduction that cannot end before the deadline: LLL is not
 * interruptible.
 */
export const LLL_MS_PER_D3 = 4e-3;

/** A duration for a one-line reason: ms below 10 s, s above. */
const fmtMs = (ms: number): string => (ms < 10_000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toPrecision(3)} s`);

/** Projected LLL time in dimension d, ms (LLL_MS_PER_D3). */
export const projectedLllMs = (d: number): number => LLL_MS_PER_D3 * d ** 3;

/** What the cost model (src/cost/lwe.ts, MATZOV) charges for recovering r from x* (knapsack uSVP). */
export function knapsackCost(p: LweParams): string {
  const s = Math.sqrt(p.w / p.m);
  const c = primalUsvp({ n: p.m - p.n, q: p.q, sigmaS: s, sigmaE: s, m: p.n });
  return Number.isFinite(c.log2Rop)
    ? `projected cost 2^${c.log2Rop.toFixed(1)} (knapsack uSVP, β = ${c.beta}, d = ${c.d}; MATZOV, src/cost/lwe.ts)`
    : 'projected cost beyond 2^512 (knapsack uSVP; src/cost/lwe.ts)';
}

/** Her dual route (lweDual.ts) as the session's ChallengeRoute, refusing what the budget cannot meet. */
function lweDualRoute(p: LweParams, v: LweView): ChallengeRoute {
  const route = new LweDualRoute(v.A, v.Z, p);
  return {
    name: 'dual-lattice',
    prepare(deadline) {
      const d = route.dimension;
      const ms = projectedLllMs(d);
      const left = deadline - performance.now();
      const lll = `LLL in dimension ${d} projected at ${fmtMs(ms)}`;
      if (d > MAX_DIM) return `not attempted: Λ has dimension ${d} > ${MAX_DIM}, float64 Gram–Schmidt's limit (src/lattice/gso.ts); ${lll}; ${knapsackCost(p)}`;
      if (ms > left) return `not attempted: ${lll} > the ${fmtMs(Math.max(0, left))} left; ${knapsackCost(p)}`;
      // Its BKZ tours stop halfway to the deadline: the rest is the challenges'.
      const why = route.prepare(performance.now() + left / 2);
      return why ? `not attempted: ${why}; ${knapsackCost(p)}` : null;
    },
    recover(x, deadline) {
      const hit = route.recover(x, deadline);
      if (!hit) return null;
      const support: number[] = [];
      hit.r.forEach((c, i) => c && support.push(i));
      return { values: hit.values, support };
    },
    note() {
      const s = route.stats;
      return (
        `Babai's nearest plane on Λ = {v : vᵀA ≡ 0 mod q} (rank ${route.dimension}, LLL + BKZ ≤ ${DUAL_BETAS.at(-1)}, ` +
        `set up in ${s.setupMs.toFixed(0)} ms): ${s.babai} r by Babai, ${s.embedding} by the coset embedding (${s.tours} BKZ tours)`
      );
    },
  };
}
