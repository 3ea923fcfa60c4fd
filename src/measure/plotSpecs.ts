/**
 * The sweep's plots as Vega-Lite specs (issue #5 item 4, issue 12 item 5), built from the
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
 * - amplification: bits per raw bit against ℓ — after distillation and reconciliation (measured
 *   and theory) and in the session key (β × limit) — with the limit 1 − h(1 − p) (DESIGN.md §3),
 *   and the reconciliation efficiency f against ℓ with its ideal f = 1.
 *
 * Readability rules (issue 12 item 5): ticks at the grid's own values, every series named in a
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
  const lines = [AMU, EST, ...budgets.map((b) => b.series)];
  const legend = { field: 'series', type: 'nominal' as const, title: null, legend: { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 300 } };
  const color = { ...legend, scale: { domain: lines, range: [OKABE_ITO[0], '#555555', ...budgets.map(() => OKABE_ITO[1])] } };
  const strokeDash = { ...legend, scale: { domain: lines, range: [[1, 0], [6, 4], ...budgets.map(() => [2, 3])] } };
  const spec = {
    $schema: SCHEMA,
    title: { text: 'The separation: time to learn s against n', subtitle: 'θ = 1/√n, m = 4n; log–log axes, so a polynomial is a straight line' },
    width: WIDTH,
    height: 340,
    layer: [
      { data: { values: budgets }, mark: { type: 'rule', opacity: 0.8 }, encoding: { y, color, strokeDash } },
      { data: { values: est }, mark: { type: 'line', clip: true }, encoding: { x, y, color, strokeDash } },
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
      'Time to learn the secret s against n (log–log), with a tick at each n of the grid. Blue: the multimodal learner ' +
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

function amplification(recs: SweepRecord[]): Built {
  const rs = recs.filter((r) => r.measure && r.measure.efficiency.ell !== null);
  if (rs.length === 0) return null;
  const group = (r: SweepRecord) => `n = ${r.params.n}, w = ${r.params.w}`;
  if (!spansAxis(rs.map((r) => ({ series: group(r), x: r.measure!.efficiency.ell! }))))
    return { name: 'amplification', reason: 'one ℓ per (n, w): the yield, β and f are in the table' };
  const rows = rs.map((r) => {
    const e = r.measure!.efficiency;
    return { ell: e.ell, group: group(r), yield: e.yieldPerRawBit, key: e.beta === null ? null : e.beta * e.limit, f: e.reconciliationF, theory: e.yieldTheory };
  });
  const LIMIT = 'limit 1 − h(1 − p)';
  const THEORY = 'yield after Cascade, theory';
  const MEASURED = 'yield after Cascade, measured';
  const KEY = 'session key (β × limit)';
  const F = 'reconciliation efficiency f (right)';
  const F1 = 'f = 1, the Shannon limit (right)';
  const series = (name: string, field: 'yield' | 'key' | 'theory' | 'f') =>
    rows.filter((r) => r[field] !== null && Number.isFinite(r[field]!)).map((r) => ({ ell: r.ell, group: r.group, v: r[field], series: name }));
  const measured = series(MEASURED, 'yield');
  const theory = series(THEORY, 'theory');
  const key = series(KEY, 'key');
  const fRows = series(F, 'f');
  const limits = [...new Map(rs.map((r) => [group(r), { group: group(r), v: r.measure!.efficiency.limit, series: LIMIT }])).values()];
  const ells = distinctSorted(rows.map((r) => r.ell!));
  const x = { field: 'ell', type: 'quantitative' as const, title: 'ℓ (repetition block length)', scale: { zero: false, padding: 12 }, axis: { values: ells, format: 'd' } };
  const y = { field: 'v', type: 'quantitative' as const, title: 'bits per raw bit' };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain: [LIMIT, THEORY, MEASURED, KEY, F, F1], range: [OKABE_ITO[1], '#777777', OKABE_ITO[0], OKABE_ITO[2], OKABE_ITO[3], '#000000'] },
  };
  const detail = { field: 'group', type: 'nominal' as const };
  const groups = [...new Set(rows.map((r) => r.group))];
  // With several (n, w), each measured line is labelled at its right end with what varies.
  const nVaries = new Set(rs.map((r) => r.params.n)).size > 1;
  const wVaries = new Set(rs.map((r) => r.params.w)).size > 1;
  const ends = [...new Map(measured.map((m) => [m.group, m])).values()]
    .map((m) => measured.filter((x) => x.group === m.group).reduce((a, b) => (b.ell! > a.ell! ? b : a)))
    .map((m) => {
      const r = rs.find((x) => group(x) === m.group)!;
      return { ...m, label: [nVaries ? `n = ${r.params.n}` : '', wVaries ? `w = ${r.params.w}` : ''].filter(Boolean).join(', ') };
    });
  const endLabels = groups.length > 1 ? [{ data: { values: ends }, mark: { type: 'text', align: 'left', dx: 7, fontSize: 10, color: OKABE_ITO[0] }, encoding: { x, y, text: { field: 'label' } } }] : [];
  const spec = {
    $schema: SCHEMA,
    title: {
      text: 'Amplification against ℓ',
      subtitle: `left: bits per raw bit; right: reconciliation efficiency f (${groups.length <= 2 ? groups.join('; ') : `one line per (n, w), ${groups.length} of them`})`,
    },
    hconcat: [
      {
        width: 290,
        height: 260,
        layer: [
          { data: { values: limits }, mark: { type: 'rule', strokeDash: [6, 3] }, encoding: { y, color, detail } },
          { data: { values: theory }, mark: { type: 'line', strokeDash: [4, 3] }, encoding: { x, y, color, detail } },
          { data: { values: measured }, mark: { type: 'line' }, encoding: { x, y, color, detail } },
          { name: 'pt_yield', data: { values: measured }, mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y, color, detail } },
          { name: 'pt_key', data: { values: key }, mark: { type: 'point', filled: false, size: 60, strokeWidth: 2 }, encoding: { x, y, color, detail } },
          ...endLabels,
        ],
      },
      {
        width: 180,
        height: 260,
        layer: [
          { data: { values: [{ v: 1, series: F1 }] }, mark: { type: 'rule', strokeDash: [6, 3] }, encoding: { y: { field: 'v', type: 'quantitative' }, color } },
          {
            name: 'pt_f',
            data: { values: fRows },
            mark: { type: 'point', filled: true, size: 60, shape: 'square' },
            encoding: { x, y: { field: 'v', type: 'quantitative', title: 'f = leaked / (N·h(e))', scale: { zero: false } }, color, detail },
          },
        ],
      },
    ],
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
  } as unknown as TopLevelSpec;
  return {
    name: 'amplification',
    title: 'Amplification',
    caption:
      'Left, per raw bit: the limit I(A;B) = 1 − h(1 − p) for a computationally blind Eve (dashes, DESIGN.md §3); ' +
      "the bits left after repetition-code distillation and Cascade's disclosed parities, measured (blue) and from " +
      'theory.ts (grey dashes), which is what the choice of ℓ trades (acceptance p^ℓ + (1−p)^ℓ against the error ' +
      'left to reconcile); and the session key actually output per raw bit, β × limit (green rings), which is lower ' +
      'again because the verification tag and the privacy-amplification margin are fixed costs and sessions stop at ' +
      "the target key length. Right: Cascade's reconciliation efficiency f (1 is the Shannon limit).",
    spec,
    points: { pt_yield: measured.length, pt_key: key.length, pt_f: fRows.length },
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
