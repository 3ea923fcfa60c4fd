/**
 * What a sweep's records say, in numbers the report states in words:
 *
 * - the crossover: the largest n at which Eve recovered s within her budget, the smallest n
 *   from which she never did, and the n from which her success rate stays below one half (per
 *   budget); plus the n at which the cost estimate, converted to time at Eve's measured trial
 *   rate, crosses the budget (log-linear interpolation);
 * - A_μ's growth: the least-squares slope of log(time) against log(n), i.e. the exponent k of
 *   time ≈ c·n^k (a polynomial is a straight line on log–log axes);
 * - per amplification method: β with its interval over sessions, f, the
 *   frame-error rate with its interval, the decoder's iterations and the bits through each stage.
 */
import { estimatedMs } from '../plotSpecs.ts';
import type { SweepRecord } from './record.ts';
import { meanText, MIN_SESSIONS_FOR_INTERVAL, TOO_FEW_FOR_INTERVAL } from '../../stats.ts';

export interface Crossover {
  budgetMs: number;
  /** Largest n with at least one recovery within the budget (null: none). */
  lastRecoveredN: number | null;
  /** Smallest n from which no instance was recovered, at that n and every larger one (null: none). */
  firstFailedN: number | null;
  /** Smallest n from which Eve's success rate stays below one half (null: never). */
  belowHalfN: number | null;
  /** n at which the estimated time crosses the budget, interpolated (null: no crossing in range). */
  estimatedN: number | null;
  /** One-sentence statement for the report. */
  text: string;
}

export function crossovers(recs: SweepRecord[]): Crossover[] {
  const byBudget = new Map<number, SweepRecord[]>();
  for (const r of recs) {
    if (!r.learn) continue;
    const b = r.learn.eve.budgetMs;
    byBudget.set(b, [...(byBudget.get(b) ?? []), r]);
  }
  const out: Crossover[] = [];
  for (const [budgetMs, rs] of [...byBudget].sort((a, b) => a[0] - b[0])) {
    // Pool the instances at each n (several seeds may share an n).
    const perN = new Map<number, { k: number; reps: number; est: number[] }>();
    for (const r of rs) {
      const e = perN.get(r.params.n) ?? { k: 0, reps: 0, est: [] };
      e.k += r.learn!.eve.anyRecovered.k;
      e.reps += r.learn!.eve.anyRecovered.n;
      const ms = estimatedMs(r);
      if (ms !== null) e.est.push(ms);
      perN.set(r.params.n, e);
    }
    const ns = [...perN.keys()].sort((a, b) => a - b);
    const won = ns.filter((n) => perN.get(n)!.k > 0);
    const lastRecoveredN = won.length ? won[won.length - 1] : null;
    let firstFailedN: number | null = null;
    for (let i = ns.length - 1; i >= 0 && perN.get(ns[i])!.k === 0; i--) firstFailedN = ns[i];
    let belowHalfN: number | null = null;
    for (let i = ns.length - 1; i >= 0 && 2 * perN.get(ns[i])!.k < perN.get(ns[i])!.reps; i--) belowHalfN = ns[i];
    // Estimated crossing: first consecutive pair with est(n_i) ≤ budget < est(n_{i+1}).
    let estimatedN: number | null = null;
    const est = ns.filter((n) => perN.get(n)!.est.length).map((n) => ({ n, ms: geoMean(perN.get(n)!.est) }));
    for (let i = 0; i + 1 < est.length && estimatedN === null; i++) {
      const [a, b] = [est[i], est[i + 1]];
      if (a.ms <= budgetMs && b.ms > budgetMs) {
        const t = (Math.log(budgetMs) - Math.log(a.ms)) / (Math.log(b.ms) - Math.log(a.ms));
        estimatedN = Math.round(a.n + t * (b.n - a.n));
      }
    }
    out.push({
      budgetMs,
      lastRecoveredN,
      firstFailedN,
      belowHalfN,
      estimatedN,
      text: crossoverText(budgetMs, lastRecoveredN, firstFailedN, belowHalfN, estimatedN, ns, (n) => `${perN.get(n)!.k}/${perN.get(n)!.reps}`),
    });
  }
  return out;
}

function crossoverText(
  budgetMs: number,
  last: number | null,
  first: number | null,
  half: number | null,
  est: number | null,
  ns: number[],
  count: (n: number) => string,
): string {
  const b = `${budgetMs} ms`;
  const estS =
    est !== null
      ? ` The expected time from the cost estimate, at Eve's measured trial rate, crosses the budget at n ≈ ${est} (an expected time: lucky instances succeed beyond it).`
      : '';
  if (last === null) return `With a budget of ${b} per learner, Eve recovered s at none of the sizes measured (n = ${ns[0]}…${ns[ns.length - 1]}).${estS}`;
  if (first === null) return `With a budget of ${b} per learner, Eve recovered s at every size measured, up to n = ${last}: no crossover in this range.${estS}`;
  const halfS =
    half !== null && half !== first
      ? ` Her success rate stays below one half from n = ${half} on (n = ${half}: ${count(half)}` +
        `${ns.indexOf(half) > 0 ? `; n = ${ns[ns.indexOf(half) - 1]}: ${count(ns[ns.indexOf(half) - 1])}` : ''}).`
      : '';
  return (
    `With a budget of ${b} per learner, Eve recovers s up to n = ${last} and fails within the budget in every instance from n = ${first} on: ` +
    `the crossover lies between n = ${last} and n = ${first}.${halfS}${estS}`
  );
}

const geoMean = (xs: number[]): number => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

/** Least-squares fit of log(y) = k·log(x) + c; null with fewer than two distinct x. */
export function powerFit(pts: { x: number; y: number }[]): { k: number; c: number } | null {
  const ps = pts.filter((p) => p.x > 0 && p.y > 0);
  const xs = ps.map((p) => Math.log(p.x));
  const ys = ps.map((p) => Math.log(p.y));
  if (new Set(xs).size < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const k = sxy / sxx;
  return { k, c: my - k * mx };
}

/** A_μ's time-growth exponent over the sweep (time ≈ c·n^k). */
export function amuExponent(recs: SweepRecord[]): number | null {
  const fit = powerFit(recs.filter((r) => r.learn).map((r) => ({ x: r.params.n, y: r.learn!.amu.ms })));
  return fit ? fit.k : null;
}

const pct1 = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * Per point that ran a named method (distill × reconciler), lines of at most 100 columns: raw
 * bits per session and f; β on the PA output and on the session key with their 99% intervals
 * over sessions, and the FER with its Wilson interval; the LDPC decoder's mean iterations; the
 * bits out of each stage.
 */
export function amplificationLines(recs: SweepRecord[]): string[] {
  const rs = recs.filter((r) => r.measure?.amplification);
  // What varies between the points is named on each line (n, w, ℓ), beside the measured p.
  const varies = (f: (r: SweepRecord) => unknown) => new Set(rs.map(f)).size > 1;
  const [nV, wV, ellV] = [varies((r) => r.params.n), varies((r) => r.params.w), varies((r) => r.measure!.efficiency.ell)];
  return rs.flatMap((r) => {
    const M = r.measure!;
    const a = M.amplification!;
    const ell = M.efficiency.ell;
    const at = [nV ? `n = ${r.params.n}` : '', wV ? `w = ${r.params.w}` : '', ellV && ell !== null ? `ℓ = ${ell}` : '', `p = ${M.raw.agreement.p.toFixed(4)}`]
      .filter(Boolean)
      .join(', ');
    const fer = a.frameErrorRate;
    return [
      `${a.method}: ${at}, ${Math.round(M.raw.bits / M.sessions)} raw bits/session, f = ${a.f === null ? '–' : a.f.toFixed(3)}`,
      `  β: PA output ${meanText(a.beta.pa, a.beta.paCi)}, key ${meanText(a.beta.key, a.beta.keyCi)}; FER ${fer.k}/${fer.n} [${pct1(fer.ci[0])}, ${pct1(fer.ci[1])}]`,
      ...(a.beta.paCi && a.beta.keyCi ? [] : [`    β for ${M.sessions} sessions: ${TOO_FEW_FOR_INTERVAL} (fewer than ${MIN_SESSIONS_FOR_INTERVAL})`]),
      ...(a.ldpcIterations === null ? [] : [`  LDPC: ${a.ldpcIterations.toFixed(1)} BP iterations, ${a.ldpcAttempts!.toFixed(2)} attempts per session`]),
      `  bits raw → distilled → reconciled → PA → key: ${a.stages.map((s) => s.bits).join(' → ')}`,
    ];
  });
}
