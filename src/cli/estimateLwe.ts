/**
 * `sepka estimate` on an LWE profile (src/separation/lwe.ts): the session key's security level
 * first, then the lattice estimator's routes on both kinds of target (src/cost/lweSession.ts) —
 * each route's β and d, its classical cost under the estimator's default model (MATZOV) and
 * under core-SVP, and the quantum figure, labelled — and the JSON object `--json` prints.
 * On small instances (Eve's uSVP embedding of dimension ≤ SMALL_BETA_MAX_DIM) it adds the block
 * size her progressive BKZ needs there, twice, labelled: by the GSA condition the routes use, and
 * by the small-β prediction (src/cost/lweSmallBeta.ts), which is the one measured to hold there.
 */
import { estimateLweSession, gsaUsvpBeta, predictUsvpBeta, type LweSessionEstimate } from '../cost/index.ts';
import type { Profile } from '../protocol/profile.ts';
import { agreementTheory, lweChiStd, lweSigma } from '../separation/index.ts';
import { embedSamples } from '../separation/lweEve.ts';
import { wrap } from '../term.ts';

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '∞');
/** JSON has no Infinity: a route with no β up to the cap is null. */
const fin = (x: number) => (Number.isFinite(x) ? x : null);

/** Largest embedding the small-β block size is reported for (it is a small-instance model). */
export const SMALL_BETA_MAX_DIM = 160;

/** The block size on Eve's uSVP embedding of one column: GSA condition and small-β prediction. */
export interface SmallBetaOut {
  samples: number;
  d: number;
  gsaBeta: number | null;
  mean: number;
  sd: number;
  median: number;
  q1: number;
  q3: number;
}

export interface LweEstimateOut {
  params: { n: number; theta: number; m: number; w: number; L: number; challenges: number; q: number; sigma: number };
  eps: number;
  pAgree: number;
  lwe: ReturnType<typeof lweJson> & { smallBeta?: SmallBetaOut };
}

function smallBeta(p: { n: number; m: number; q: number }, sigma: number): SmallBetaOut | undefined {
  const samples = embedSamples(p);
  if (samples + p.n + 1 > SMALL_BETA_MAX_DIM) return undefined;
  const lwe = { n: p.n, q: p.q, sigmaS: sigma, sigmaE: sigma, m: p.m };
  const r = predictUsvpBeta(lwe, samples);
  const gsa = gsaUsvpBeta(lwe, samples);
  return { samples, d: r.d, gsaBeta: fin(gsa), mean: r.mean, sd: r.sd, median: r.median, q1: r.q1, q3: r.q3 };
}

function lweJson(e: LweSessionEstimate) {
  const level = Object.fromEntries(Object.entries(e.level).map(([k, v]) => [k, { log2: fin(v.log2), route: v.route }]));
  return {
    securityLevel: { log2: e.level.matzov.log2, route: e.level.matzov.route, model: 'matzov' as const },
    level,
    columns: e.columns,
    challenge: e.challenge,
    rows: e.rows.map((r) => ({
      ...r,
      beta: fin(r.beta),
      d: fin(r.d),
      log2: Object.fromEntries(Object.entries(r.log2).map(([k, v]) => [k, fin(v)])),
    })),
  };
}

/** The estimate of an LWE profile (header). */
export function estimateLweProfile(p: Profile, challenges: number, pAgree: number): { out: LweEstimateOut; est: LweSessionEstimate } {
  const q = p.q!;
  const sigma = lweChiStd(lweSigma({ theta: p.theta, q }));
  const est = estimateLweSession({ n: p.n, q, sigma, m: p.m, w: p.w, L: p.L, challenges });
  const params = { n: p.n, theta: p.theta, m: p.m, w: p.w, L: p.L, challenges, q, sigma };
  const small = smallBeta({ n: p.n, m: p.m, q }, sigma);
  const lwe = small ? { ...lweJson(est), smallBeta: small } : lweJson(est);
  return { out: { params, eps: 2 * pAgree - 1, pAgree, lwe }, est };
}

export function formatLweEstimate(p: Profile, out: LweEstimateOut, est: LweSessionEstimate, derived?: string): string {
  const { params } = out;
  const lv = est.level;
  const head = '  target     route           finds              β      d  log2 MATZOV  core-SVP  quantum';
  return [
    `sepka estimate: protocol ${p.name}  (lwe: n = ${params.n}, q = ${params.q}, σ = ${params.sigma.toFixed(3)}, m = ${params.m}, w = ${params.w}, L = ${params.L})`,
    ...(derived ? wrap(`  ${derived}`, '    ') : []),
    `  SECURITY LEVEL of the session key: 2^${f1(lv.matzov.log2)} classical operations`,
    `    (lattice estimator's default model, MATZOV; cheapest: ${lv.matzov.route}; targets counted)`,
    `    core-SVP (2^0.292β): 2^${f1(lv['core-svp'].log2)}`,
    `    QUANTUM, not the classical level: MATZOV 2^${f1(lv['matzov-quantum'].log2)}, core-SVP 2^${f1(lv['core-svp-quantum'].log2)} (2^0.265β)`,
    `  raw agreement p = ${agreementTheory(p).formula} = ${out.pAgree.toFixed(4)}  (ε = ${out.eps.toFixed(3)})`,
    '',
    `  one target (log2 operations; the level subtracts log2 of the ${params.L} columns or ${params.challenges} challenges):`,
    head,
    ...est.rows.map(
      (r) =>
        `  ${r.target.padEnd(10)} ${r.route.padEnd(15)} ${r.finds.padEnd(17)} ${String(Number.isFinite(r.beta) ? r.beta : '-').padStart(4)} ${String(Number.isFinite(r.d) ? r.d : '-').padStart(6)}` +
        `  ${f1(r.log2.matzov).padStart(11)} ${f1(r.log2['core-svp']).padStart(9)} ${f1(r.log2['matzov-quantum']).padStart(8)}`,
    ),
    ...smallBetaLines(out.lwe.smallBeta),
    '',
    ...wrap(
      '  column: LWE(n, q, χ, χ, m), a secret gives that column\'s raw bits. challenge: x* = rᵀA as LWE of dimension m − n with n samples (Micciancio–Mol), or any short r\' in its coset, priced as the dual route. β, d under MATZOV; quantum = MATZOV\'s quantum sieve (src/cost/bkz.ts).',
      '  ',
    ),
  ].join('\n');
}

function smallBetaLines(sb: SmallBetaOut | undefined): string[] {
  if (!sb) return [];
  return [
    '',
    `  block size on Eve's uSVP embedding of one column (${sb.samples} samples, d = ${sb.d}), progressive BKZ:`,
    `    GSA condition (the routes' model, ADPS16):  β = ${sb.gsaBeta ?? 'none below d'}`,
    `    small-β prediction (Dachman-Soled et al. 2020): mean β ${sb.mean.toFixed(1)} (sd ${sb.sd.toFixed(1)})`,
    `      median ${sb.median}, quartiles ${sb.q1}–${sb.q3}; the one checked against measured BKZ at small n`,
  ];
}
