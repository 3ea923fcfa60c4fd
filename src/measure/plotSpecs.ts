/**
 * The sweep's plots as Vega-Lite specs, built from the
 * result records:
 *
 * - separation: time to learn s against n, log–log. A_μ (multimodal) is polynomial, so a
 *   straight line; Eve's best unimodal learner is plotted at her measured time-to-recover where
 *   she succeeded and as a censored triangle at the budget where the budget ran out; the cost
 *   estimate (DESIGN.md §2, pooled-Gauss trials) is converted to time at Eve's measured trial
 *   rate at that n.
 * - eve-success: Eve's success rate within the budget against n, with Wilson intervals, and
 *   each learner's own rate.
 * - agreement: raw agreement against w, measured (with intervals) and theory (1 + (1−2θ)^w)/2.
 * - amplification (plotAmplification.ts): the key efficiency β against raw bits per session and
 *   against p, one series per method, each point with its interval over sessions.
 *
 * Readability rules: ticks at the grid's own values, every series named in a
 * legend, colour-blind-safe colours (plot.ts), axis ranges fitted to the data, and no plot
 * whose series each have a single point along its x axis (that is a table, and the report's
 * tables already hold it): such a plot is left out with the reason.
 *
 * Marks drawn once per grid point are named `pt_*` (see plot.ts).
 */
import type { TopLevelSpec } from 'vega-lite';
import { rawAgreementTheory } from '../protocol/theory.ts';
import { OKABE_ITO, ORDERED_SCHEME } from './plot.ts';
import type { SweepRecord } from './sweep/record.ts';
import { amplification } from './plotAmplification.ts';
import { byNumber, distinctSorted, MIN_MS, SCHEMA, spansAxis, WIDTH, type Built, type OmittedPlot, type PlotDef } from './plotCommon.ts';

export type { OmittedPlot, PlotDef } from './plotCommon.ts';



/** Budgets as the legend says them: "4 s", "500 ms". */
const budgetText = (ms: number): string => (ms >= 1000 && ms % 100 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/** Axis labels for a log time axis in ms: "0.1 ms", "10 ms", "1 s", "100 s". */
const TIME_LABEL = "datum.value >= 1000 ? format(datum.value / 1000, '~g') + ' s' : format(datum.value, '~g') + ' ms'";

/** Powers of ten from 10^lo to 10^hi. */
const decades = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => Number((10 ** (lo + i)).toPrecision(1)));

/** The measured trials/s of Eve's pooled-Gauss learner at this point (or any learner with a rate). */
function eveTrialRate(r: SweepRecord): number | null {
  const ls = r.learn?.eve.learners ?? [];
  const pg = ls.find((l) => /gauss|prange/i.test(l.name) && l.trialsPerSec);
  return pg?.trialsPerSec ?? null;
}

/** Estimated time (ms) for Eve's pooled-Gauss learner: 2^log2Trials at the measured rate. */
export function estimatedMs(r: SweepRecord): number | null {
  const t = r.estimate?.primalPooledGaussLog2Trials;
  const rate = eveTrialRate(r);
  if (t === null || t === undefined || !rate) return null;
  return (2 ** t / rate) * 1000;
}

/** An n axis on log scale with a tick (and grid line) at each of the grid's n. */
const nAxis = (ns: number[]) => ({
  field: 'n',
  type: 'quantitative' as const,
  title: 'n (secret length)',
  scale: { type: 'log' as const, nice: false, padding: 14 },
  axis: { values: ns, format: 'd', labelOverlap: false, grid: true },
});

function separation(recs: SweepRecord[]): Built {
  const rs = recs.filter((r) => r.learn);
  if (rs.length === 0) return null;
  const ns = distinctSorted(rs.map((r) => r.params.n));
  if (ns.length < 2) return { name: 'separation', reason: `one n only (n = ${ns[0]}): a plot against n needs two` };
  const AMU = 'A_μ (multimodal)';
  const EST = 'cost estimate at measured trial rate';
  const amu = rs.map((r) => ({ n: r.params.n, ms: Math.max(MIN_MS, r.learn!.amu.ms), series: AMU }));
  const REC = 'recovered s (at the measured time)';
  const CEN = 'budget ran out (at the budget)';
  const eve = rs.map((r) => {
    const ok = r.learn!.eve.bestMsToRecover !== null;
    return {
      n: r.params.n,
      ms: Math.max(MIN_MS, ok ? r.learn!.eve.bestMsToRecover! : r.learn!.eve.budgetMs),
      outcome: ok ? REC : CEN,
      label: `${r.learn!.eve.anyRecovered.k}/${r.learn!.eve.anyRecovered.n}`,
    };
  });
  const est = rs.flatMap((r) => {
    const ms = estimatedMs(r);
    return ms === null ? [] : [{ n: r.params.n, ms: Math.max(MIN_MS, ms), series: EST }];
  });
  const budgetMs = distinctSorted(rs.map((r) => r.learn!.eve.budgetMs));
  const budgets = budgetMs.map((b) => ({ ms: b, series: `Eve's budget, ${budgetText(b)} per learner` }));
  // y range: the measured times and the budgets, with a factor of 2 of room below the fastest
  // and 20 above the slowest (or the budget); the cost estimate is cut at the top (it grows like
  // 2^(c·√n), and what it does far beyond the budget is off the point).
  const lo = Math.min(...amu.map((a) => a.ms), ...eve.map((e) => e.ms), ...est.map((e) => e.ms)) / 2;
  const hi = Math.max(...amu.map((a) => a.ms), ...eve.map((e) => e.ms), ...budgetMs) * 20;
  const x = nAxis(ns);
  const y = {
    field: 'ms',
    type: 'quantitative' as const,
    title: 'time to learn s (log scale)',
    scale: { type: 'log' as const, domain: [lo, hi], nice: false },
    axis: { values: decades(Math.ceil(Math.log10(lo)), Math.floor(Math.log10(hi))), labelExpr: TIME_LABEL },
  };
  // The cost-estimate line exists only where Eve's learner has a trial count to convert (LPN's
  // pooled Gauss); on LWE and the natural control it is left out, legend entry and all.
  const hasEst = est.length > 0;
  const lines = [AMU, ...(hasEst ? [EST] : []), ...budgets.map((b) => b.series)];
  const legend = { field: 'series', type: 'nominal' as const, title: null, legend: { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 300 } };
  const color = { ...legend, scale: { domain: lines, range: [OKABE_ITO[0], ...(hasEst ? ['#555555'] : []), ...budgets.map(() => OKABE_ITO[1])] } };
  const strokeDash = { ...legend, scale: { domain: lines, range: [[1, 0], ...(hasEst ? [[6, 4]] : []), ...budgets.map(() => [2, 3])] } };
  const sep = rs[0].learn!.separation;
  const subtitle =
    sep === 'lwe'
      ? `LWE, q = ${rs[0].params.q}, θ = σ/q = ${rs[0].params.theta.toPrecision(3)}, m = ${(rs[0].params.m / rs[0].params.n).toPrecision(3)}n; A_μ: Gauss–Jordan mod q; Eve: uSVP (LLL + BKZ); log–log axes`
      : sep
        ? `${sep}, θ = ${rs[0].params.theta}, m = ${(rs[0].params.m / rs[0].params.n).toPrecision(3)}n; Eve: least squares; log–log axes`
        : 'θ = 1/√n, m = 4n; log–log axes, so a polynomial is a straight line';
  const spec = {
    $schema: SCHEMA,
    title: { text: 'The separation: time to learn s against n', subtitle },
    width: WIDTH,
    height: 340,
    layer: [
      { data: { values: budgets }, mark: { type: 'rule', opacity: 0.8 }, encoding: { y, color, strokeDash } },
      ...(hasEst ? [{ data: { values: est }, mark: { type: 'line', clip: true }, encoding: { x, y, color, strokeDash } }] : []),
      { data: { values: amu }, mark: { type: 'line' }, encoding: { x, y, color, strokeDash } },
      { name: 'pt_amu', data: { values: amu }, mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color } },
      {
        name: 'pt_eve',
        data: { values: eve },
        mark: { type: 'point', filled: true, size: 90, color: OKABE_ITO[1] },
        encoding: {
          x,
          y,
          shape: { field: 'outcome', type: 'nominal', title: "Eve's best unimodal learner", scale: { domain: [REC, CEN], range: ['circle', 'triangle-up'] } },
        },
      },
      // How many instances Eve won at each n: a circle at n = 128 may stand for 1 in 5.
      { data: { values: eve }, mark: { type: 'text', dy: -13, fontSize: 10, color: OKABE_ITO[1] }, encoding: { x, y, text: { field: 'label' } } },
    ],
    resolve: { legend: { color: 'shared', strokeDash: 'shared' } },
  } as unknown as TopLevelSpec;
  return {
    name: 'separation',
    title: 'The separation',
    caption:
      sep === 'lwe'
        ? 'Time to learn the secret s against n (log–log), with a tick at each n of the grid, on LWE. Blue: the multimodal ' +
          'learner A_μ, Gauss–Jordan mod q on the noise-free (A, y), polynomial. Orange circles: Eve\'s lattice route (the ' +
          'uSVP embedding of (A, z), LLL then progressive BKZ), at her median time-to-recover over the instances she won ' +
          '(the label says how many); orange triangles: censored points, where the budget (dotted line) ran out, or her ' +
          'embedding did not fit the float64 reduction, without s, so the true time lies above. Least squares mod q, the ' +
          'baseline, never recovers s. No cost-estimate line: the LWE cost model counts operations, not trials; its level ' +
          'and β are in the table.'
        : sep
          ? 'Time to learn the secret s against n (log–log) on the natural control. Blue: A_μ on the noise-free (A, y). ' +
            'Orange circles: Eve\'s ordinary least squares on (A, z), counted as a win when her relative error is below ' +
            'θ, i.e. she reads Alice\'s values better than Bob does; one polynomial fit, like A_μ\'s: there is no separation.'
          : 'Time to learn the secret s against n (log–log), with a tick at each n of the grid. Blue: the multimodal learner ' +
      'A_μ, one Gaussian elimination, so its points lie on a straight line (polynomial). Orange circles: the fastest of ' +
      "Eve's unimodal learners, at her median measured time-to-recover over the instances she won (the label says how " +
      'many: 1/5 means one lucky instance of five); orange triangles: censored points, where every learner used its whole ' +
      'budget (dotted line) without recovering s, so the true time lies above the triangle. Grey dashes: the cost ' +
      "estimate (expected pooled-Gauss trials, DESIGN.md §2) converted to time at Eve's trial rate measured at that n, cut " +
      'off at the top of the plot. It is an expected time: the trial count is geometric, so where the curve meets the ' +
      'budget Eve still succeeds within it about 1 − 1/e ≈ 63% of the time, and some instances fall well before.',
    spec,
    points: { pt_amu: amu.length, pt_eve: eve.length },
  };
}

function eveSuccess(recs: SweepRecord[]): Built {
  const rs = recs.filter((r) => r.learn);
  if (rs.length === 0) return null;
  const ns = distinctSorted(rs.map((r) => r.params.n));
  if (ns.length < 2) return { name: 'eve-success', reason: `one n only (n = ${ns[0]}): a plot against n needs two` };
  const ANY = 'any of her learners (99% Wilson interval)';
  const rows = rs.map((r) => ({
    n: r.params.n,
    p: r.learn!.eve.anyRecovered.p,
    lo: r.learn!.eve.anyRecovered.ci[0],
    hi: r.learn!.eve.anyRecovered.ci[1],
    series: ANY,
  }));
  const learners = [...new Set(rs.flatMap((r) => r.learn!.eve.learners.map((l) => l.name)))];
  // Learners often coincide (all at 0 beyond the crossover): each is drawn a little apart along
  // n, by a fixed factor on the log axis, so that every one stays visible.
  const dodge = (i: number) => Math.exp(0.035 * (i - (learners.length - 1) / 2));
  const per = rs.flatMap((r) =>
    r.learn!.eve.learners.map((l) => ({ n: r.params.n * dodge(learners.indexOf(l.name)), p: l.recovered.p, series: l.name })),
  );
  const domain = [...learners, ANY];
  const shapes = ['square', 'triangle-up', 'diamond', 'triangle-down', 'cross', 'triangle-left', 'triangle-right'];
  const legend = { field: 'series', type: 'nominal' as const, title: 'learner', scale: { domain } };
  const color = { ...legend, scale: { domain, range: [...learners.map((_, i) => OKABE_ITO[i % 6]), '#000000'] } };
  const shape = { ...legend, scale: { domain, range: [...learners.map((_, i) => shapes[i % shapes.length]), 'circle'] } };
  const x = nAxis(ns);
  const y = { field: 'p', type: 'quantitative' as const, title: 'Pr[Eve recovers s]', scale: { domain: [0, 1] } };
  const spec = {
    $schema: SCHEMA,
    title: { text: "Eve's success within the budget against n", subtitle: 'fraction of learning instances in which s was recovered' },
    width: WIDTH,
    height: 260,
    layer: [
      { data: { values: per }, mark: { type: 'line', strokeWidth: 1.2, opacity: 0.8 }, encoding: { x, y, color } },
      { data: { values: per }, mark: { type: 'point', filled: true, size: 40 }, encoding: { x, y, color, shape } },
      { data: { values: rows }, mark: { type: 'rule', color: 'black' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
      { name: 'pt_success', data: { values: rows }, mark: { type: 'point', filled: true, size: 70 }, encoding: { x, y, color, shape } },
    ],
  } as unknown as TopLevelSpec;
  return {
    name: 'eve-success',
    title: "Eve's success rate",
    caption:
      "Black: the fraction of learning instances in which at least one of Eve's unimodal learners recovered s within " +
      'its budget, with 99% Wilson intervals. Coloured: each learner on its own, drawn slightly apart along n so that ' +
      'learners with the same rate stay visible.',
    spec,
    points: { pt_success: rows.length },
  };
}

function agreement(recs: SweepRecord[]): Built {
  const rs = recs.filter((r) => r.measure);
  if (rs.length === 0) return null;
  // One series per (n, θ); θ is named only when the records hold more than one θ for some n.
  const thetas = new Map<number, Set<number>>();
  for (const r of rs) thetas.set(r.params.n, (thetas.get(r.params.n) ?? new Set()).add(r.params.theta));
  const group = (r: SweepRecord) =>
    thetas.get(r.params.n)!.size > 1 ? `n = ${r.params.n}, θ = ${r.params.theta.toPrecision(3)}` : `n = ${r.params.n}`;
  const rows = rs.map((r) => ({
    w: r.params.w,
    series: group(r),
    p: r.measure!.raw.agreement.p,
    lo: r.measure!.raw.agreement.ci[0],
    hi: r.measure!.raw.agreement.ci[1],
  }));
  if (!spansAxis(rows.map((r) => ({ series: r.series, x: r.w }))))
    return { name: 'agreement', reason: 'one w per n: raw agreement and its theory are in the table' };
  // Theory (1 + (1−2θ)^w)/2 drawn densely over the w range of each series.
  const theory: { w: number; series: string; p: number }[] = [];
  const bySeries = new Map<string, { theta: number; ws: number[] }>();
  for (const r of rs) {
    const k = group(r);
    const e = bySeries.get(k) ?? { theta: r.params.theta, ws: [] };
    e.ws.push(r.params.w);
    bySeries.set(k, e);
  }
  for (const [k, { theta, ws }] of bySeries)
    for (let w = Math.max(1, Math.min(...ws) - 1); w <= Math.max(...ws) + 1; w++) theory.push({ w, series: k, p: rawAgreementTheory(theta, w) });
  const ws = distinctSorted(theory.map((t) => t.w));
  const x = { field: 'w', type: 'quantitative' as const, title: 'w (challenge weight)', scale: { domain: [ws[0], ws[ws.length - 1]] }, axis: { values: ws, format: 'd' } };
  const color = { field: 'series', type: 'ordinal' as const, title: null, scale: { domain: byNumber(rows.map((r) => r.series)), ...ORDERED_SCHEME } };
  const spec = {
    $schema: SCHEMA,
    title: { text: 'Raw agreement against w', subtitle: 'points: measured, with 99% intervals; dashes: theory (1 + (1−2θ)^w)/2' },
    width: WIDTH,
    height: 280,
    layer: [
      { data: { values: theory }, mark: { type: 'line', strokeDash: [4, 3] }, encoding: { x, y: { field: 'p', type: 'quantitative' }, color } },
      { data: { values: rows }, mark: { type: 'rule' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
      {
        name: 'pt_raw',
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: { x, y: { field: 'p', type: 'quantitative', title: 'Pr[b_A = b_B]', scale: { zero: false } }, color },
      },
    ],
  } as unknown as TopLevelSpec;
  return {
    name: 'agreement',
    title: 'Raw agreement',
    caption:
      'Measured raw-bit agreement Pr[b_A = b_B] with 99% intervals, and the i.i.d.-noise theory (1 + ε)/2 with ' +
      'ε = (1 − 2θ)^w (DESIGN.md §2). Raw bits of one session share its noise vector e, so the intervals are ' +
      'session-clustered (wide with few sessions).',
    spec,
    points: { pt_raw: rows.length },
  };
}


/** The plots the records have data for: those drawn, and those left out with the reason. */
export function plotPlan(recs: SweepRecord[]): { defs: PlotDef[]; omitted: OmittedPlot[] } {
  const built = [separation(recs), eveSuccess(recs), agreement(recs), amplification(recs)].filter((p): p is PlotDef | OmittedPlot => p !== null);
  return {
    defs: built.filter((p): p is PlotDef => 'spec' in p),
    omitted: built.filter((p): p is OmittedPlot => !('spec' in p)),
  };
}

/** Every plot drawn for these records. */
export const plotDefs = (recs: SweepRecord[]): PlotDef[] => plotPlan(recs).defs;
