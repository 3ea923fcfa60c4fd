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
 * - amplification: the key efficiency β against raw bits per session and
 *   against p, one series per method (distillation × reconciler), each point with its interval
 *   over sessions, and the limit β = 1 (all of I(A;B), DESIGN.md §3) drawn in.
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
import { MIN_SESSIONS_FOR_INTERVAL, TOO_FEW_FOR_INTERVAL } from '../stats.ts';
import { OKABE_ITO, ORDERED_SCHEME } from './plot.ts';
import type { SweepRecord } from './sweep/record.ts';

export interface PlotDef {
  /** File stem: `<name>.svg`, `<name>.vl.json`. */
  name: string;
  title: string;
  /** What the plot shows and how to read it (for the report). */
  caption: string;
  spec: TopLevelSpec;
  /** Expected item count of each `pt_*` mark (one per grid point that has the data). */
  points: Record<string, number>;
}

/** A plot the records have data for but that is not drawn, and why. */
export interface OmittedPlot {
  name: string;
  reason: string;
}

type Built = PlotDef | OmittedPlot | null;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Log scales need positive values; sub-microsecond timings are clamped to this. */
const MIN_MS = 1e-3;
/** Plot area widths: with axes and legend every plot stays within the report column (report.ts). */
const WIDTH = 520;

/** Distinct labels ordered by the first number in each ("n = 24" before "n = 128"). */
const byNumber = (labels: string[]): string[] =>
  [...new Set(labels)].sort((a, b) => Number(/\d+/.exec(a)?.[0] ?? 0) - Number(/\d+/.exec(b)?.[0] ?? 0));

const distinctSorted = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

/** True when some series has two or more distinct x values (else the plot is left out). */
function spansAxis(rows: { series: string; x: number }[]): boolean {
  const xs = new Map<string, Set<number>>();
  for (const r of rows) xs.set(r.series, (xs.get(r.series) ?? new Set()).add(r.x));
  return [...xs.values()].some((s) => s.size >= 2);
}

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

/** The data of one β panel: the per-point rows, the x axis, and whether some method spans it. */
interface BetaPanel {
  rows: { x: number; beta: number; lo: number | null; hi: number | null; series: string; line: string }[];
  x: Record<string, unknown>;
  spans: boolean;
  /** What x is, for the subtitle. */
  what: string;
}

/**
 * β (on the PA output) against one x (raw bits per session, or the theory p): one series per method, each point
 * with its 99% interval over sessions (drawn as a bar, in [0, 1] as β is; none where the point
 * has too few sessions for one, stats.ts meanInterval), and points of one
 * method joined in x order only where the other axis is the same (`line`). Methods that share
 * an x are drawn a little apart, by a fixed fraction of the axis, so that every bar stays visible.
 */
function betaPanel(rs: SweepRecord[], methods: string[], x: (r: SweepRecord) => number, other: (r: SweepRecord) => string, axis: { title: string; what: string; log: boolean; format: string }): BetaPanel {
  const xs = rs.map(x);
  const spans = spansAxis(rs.map((r, i) => ({ series: r.measure!.amplification!.method, x: xs[i] })));
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  const step = (i: number) => 0.025 * (i - (methods.length - 1) / 2);
  const dodge = (v: number, i: number) => (axis.log ? v * Math.exp(step(i) * Math.log(Math.max(hi / lo, 4))) : v + step(i) * Math.max(hi - lo, 0.01));
  const rows = rs.map((r, i) => {
    const a = r.measure!.amplification!;
    return { x: dodge(xs[i], methods.indexOf(a.method)), beta: a.beta.pa, lo: a.beta.paCi?.[0] ?? null, hi: a.beta.paCi?.[1] ?? null, series: a.method, line: `${a.method}|${other(r)}` };
  });
  const ticks = distinctSorted(xs);
  const enc = {
    field: 'x',
    type: 'quantitative' as const,
    title: axis.title,
    scale: axis.log ? { type: 'log' as const, nice: false, padding: 16 } : { zero: false, nice: false, padding: 16 },
    axis: { values: ticks.length <= 8 ? ticks : undefined, format: axis.format, labelOverlap: true, grid: true },
  };
  return { rows, x: enc, spans, what: axis.what };
}

function amplification(recs: SweepRecord[]): Built {
  const ms = recs.filter((r) => r.measure);
  if (ms.length === 0) return null;
  const rs = ms.filter((r) => r.measure!.amplification);
  if (rs.length === 0)
    return { name: 'amplification', reason: 'no point sets --distill, --pair-rounds or --reconciler, so there is no β per method with an interval (β and f are in the table)' };
  const methods = [...new Set(rs.map((r) => r.measure!.amplification!.method))].sort();
  const rawPerSession = (r: SweepRecord) => r.measure!.raw.bits / r.measure!.sessions;
  const pTheory = (r: SweepRecord) => r.measure!.raw.theory;
  const panels = [
    betaPanel(rs, methods, rawPerSession, (r) => pTheory(r).toFixed(6), { title: 'raw bits per session (log scale)', what: 'raw bits per session', log: true, format: '.3~s' }),
    betaPanel(rs, methods, pTheory, (r) => String(rawPerSession(r)), { title: 'p = Pr[b_A = b_B] (theory)', what: 'p', log: false, format: '.3f' }),
  ].filter((p) => p.spans);
  if (panels.length === 0)
    return { name: 'amplification', reason: 'one raw-bit count and one p per method: β, f and the FER are in the table' };
  const LIMIT = 'β = 1: all of I(A;B) = raw bits·(1 − h(1 − p))';
  const domain = [...methods, LIMIT];
  const shapes = ['circle', 'square', 'triangle-up', 'diamond', 'triangle-down', 'cross'];
  const legend = { field: 'series', type: 'nominal' as const, title: 'method (distillation + reconciler)', legend: { orient: 'bottom', direction: 'vertical', symbolSize: 90 } };
  const color = { ...legend, scale: { domain, range: [...methods.map((_, i) => OKABE_ITO[i % 6]), '#000000'] } };
  // The limit's legend symbol is a horizontal stroke, as the rule is drawn.
  const shape = { ...legend, scale: { domain, range: [...methods.map((_, i) => shapes[i % shapes.length]), 'M-1,0H1'] } };
  const width = panels.length === 2 ? 360 : WIDTH;
  const y = { field: 'beta', type: 'quantitative' as const, title: 'β = secret bits out of PA / I(A;B)', scale: { domain: [0, 1.05], nice: false } };
  const panel = (p: BetaPanel, i: number) => ({
    width,
    height: 260,
    layer: [
      { data: { values: [{ beta: 1, series: LIMIT }] }, mark: { type: 'rule', strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { y, color } },
      { data: { values: p.rows }, mark: { type: 'line', strokeWidth: 1.5, opacity: 0.7 }, encoding: { x: p.x, y, color, detail: { field: 'line' } } },
      // Only the points that have an interval get a bar; clip keeps any bar inside the frame.
      { data: { values: p.rows.filter((r) => r.lo !== null) }, mark: { type: 'rule', strokeWidth: 2, clip: true }, encoding: { x: p.x, y: { field: 'lo', type: 'quantitative', scale: y.scale }, y2: { field: 'hi' }, color } },
      { name: `pt_beta${i}`, data: { values: p.rows }, mark: { type: 'point', filled: true, size: 80, opacity: 1 }, encoding: { x: p.x, y, color, shape } },
    ],
  });
  // Points drawn without a bar: said in the subtitle, so that no bar does not read as no spread.
  const bare = panels[0].rows.some((r) => r.lo === null);
  const spec = {
    $schema: SCHEMA,
    title: {
      text: 'Key efficiency β per method',
      subtitle: [
        `β on the privacy-amplification output: mean over sessions, bars 99% t-intervals${bare ? ` (none: ${TOO_FEW_FOR_INTERVAL})` : ''};`,
        panels.length === 2 ? 'left: against raw bits per session, right: against p' : `against ${panels[0].what}`,
      ],
    },
    ...(panels.length === 2 ? { hconcat: panels.map(panel) } : panel(panels[0], 0)),
    resolve: { scale: { color: 'shared', shape: 'shared' }, legend: { color: 'shared', shape: 'shared' } },
  } as unknown as TopLevelSpec;
  return {
    name: 'amplification',
    title: 'Amplification',
    caption:
      'Key efficiency β = secret bits out of privacy amplification (the session key and the confirmation key are ' +
      'derived from them) / (raw bits·(1 − h(1 − p))) for each method (advantage distillation by ' +
      'repetition blocks or bit pairs, reconciliation by Cascade or LDPC), against the raw bits a session uses and ' +
      'against the theory raw agreement p. Each point is the mean over its sessions of their own β (each against its ' +
      'own measured p), with a 99% t-interval over sessions, cut to [0, 1] (no bar where a point has fewer than ' +
      `${MIN_SESSIONS_FOR_INTERVAL} sessions: too few for an interval); methods at the same x are drawn slightly apart. ` +
      'The dashed line β = 1 is the limit: I(A;B) for a computationally blind Eve (DESIGN.md §3); what a method loses ' +
      'below it is the distillation (discarded pairs or blocks), f − 1, and the verification tag and PA margin, which ' +
      'are fixed costs per session. β on the session key alone, f, the FER and the bits through each stage are in the table.',
    spec,
    points: Object.fromEntries(panels.map((p, i) => [`pt_beta${i}`, p.rows.length])),
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
