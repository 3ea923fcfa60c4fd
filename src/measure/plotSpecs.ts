/**
 * The sweep's plots as Vega-Lite specs (issue #5 item 4), built from the result records:
 *
 * - separation: time to learn s against n, log–log. A_μ (multimodal) is polynomial, so a
 *   straight line; Eve's best unimodal learner is plotted at her measured time-to-recover where
 *   she succeeded and as a censored triangle at the budget where the budget ran out; the cost
 *   estimate (DESIGN.md §2, pooled-Gauss trials) is converted to time at Eve's measured trial
 *   rate at that n.
 * - eve-success: Eve's success rate within the budget against n, with Wilson intervals.
 * - agreement: raw agreement against w, measured (with intervals) and theory (1 + (1−2θ)^w)/2.
 * - amplification: bits per raw bit against ℓ — after distillation and reconciliation (measured
 *   and theory) and in the session key (β × limit) — with the limit 1 − h(1 − p) (DESIGN.md §3),
 *   and the reconciliation efficiency f against ℓ with its ideal f = 1.
 *
 * Marks drawn once per grid point are named `pt_*` (see plot.ts).
 */
import type { TopLevelSpec } from 'vega-lite';
import { rawAgreementTheory } from '../protocol/theory.ts';
import type { SweepRecord } from './sweep/record.ts';

export interface PlotDef {
  /** File stem: `<name>.svg`. */
  name: string;
  title: string;
  /** What the plot shows and how to read it (for the report). */
  caption: string;
  spec: TopLevelSpec;
  /** Expected item count of each `pt_*` mark (one per grid point that has the data). */
  points: Record<string, number>;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Log scales need positive values; sub-microsecond timings are clamped to this. */
const MIN_MS = 1e-3;

/** Distinct labels ordered by the first number in each ("n = 24" before "n = 128"). */
const byNumber = (labels: string[]): string[] =>
  [...new Set(labels)].sort((a, b) => Number(/\d+/.exec(a)?.[0] ?? 0) - Number(/\d+/.exec(b)?.[0] ?? 0));

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

function separation(recs: SweepRecord[]): PlotDef | null {
  const rs = recs.filter((r) => r.learn);
  if (rs.length === 0) return null;
  const amu = rs.map((r) => ({ n: r.params.n, ms: Math.max(MIN_MS, r.learn!.amu.ms), who: 'A_μ (multimodal)' }));
  const eve = rs.map((r) => {
    const ok = r.learn!.eve.bestMsToRecover !== null;
    return {
      n: r.params.n,
      ms: Math.max(MIN_MS, ok ? r.learn!.eve.bestMsToRecover! : r.learn!.eve.budgetMs),
      status: ok ? `Eve recovered s (${r.learn!.eve.best})` : 'Eve: budget ran out (censored)',
      shape: ok ? 'recovered' : 'censored',
      rate: r.learn!.eve.anyRecovered.p,
      label: `${r.learn!.eve.anyRecovered.k}/${r.learn!.eve.anyRecovered.n}`,
    };
  });
  const est = rs.flatMap((r) => {
    const ms = estimatedMs(r);
    return ms === null ? [] : [{ n: r.params.n, ms: Math.max(MIN_MS, ms), who: 'cost estimate at measured trial rate' }];
  });
  const budgets = [...new Set(rs.map((r) => r.learn!.eve.budgetMs))].map((b) => ({ ms: b, label: `Eve's budget ${b} ms` }));
  const x = { field: 'n', type: 'quantitative' as const, title: 'n (secret length)', scale: { type: 'log' as const, nice: false, padding: 14 } };
  const y = { field: 'ms', type: 'quantitative' as const, title: 'time to learn s (ms, log scale)', scale: { type: 'log' as const } };
  const color = {
    field: 'who',
    type: 'nominal' as const,
    title: null,
    scale: {
      domain: ['A_μ (multimodal)', 'cost estimate at measured trial rate'],
      range: ['#1f77b4', '#7f7f7f'],
    },
  };
  const spec = {
    $schema: SCHEMA,
    title: { text: 'The separation: time to learn s against n', subtitle: 'θ = 1/√n, m = 4n; log–log axes, so a polynomial is a straight line' },
    width: 520,
    height: 340,
    layer: [
      { data: { values: budgets }, mark: { type: 'rule', strokeDash: [2, 3], color: '#d62728', opacity: 0.6 }, encoding: { y: { field: 'ms', type: 'quantitative' } } },
      { data: { values: est }, mark: { type: 'line', strokeDash: [6, 4], point: false }, encoding: { x, y, color } },
      { data: { values: amu }, mark: { type: 'line' }, encoding: { x, y, color } },
      { name: 'pt_amu', data: { values: amu }, mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color } },
      {
        name: 'pt_eve',
        data: { values: eve },
        mark: { type: 'point', filled: true, size: 90, color: '#d62728' },
        encoding: {
          x,
          y,
          shape: {
            field: 'shape',
            type: 'nominal',
            title: "Eve's best unimodal learner",
            scale: { domain: ['recovered', 'censored'], range: ['circle', 'triangle-up'] },
            legend: { labelExpr: "datum.label == 'recovered' ? 'recovered s (measured time)' : 'budget ran out (at the budget)'" },
          },
        },
      },
      // How many instances Eve won at each n: a circle at n = 128 may stand for 1 in 5.
      { data: { values: eve }, mark: { type: 'text', dy: -13, fontSize: 10, color: '#d62728' }, encoding: { x, y, text: { field: 'label' } } },
    ],
  } as unknown as TopLevelSpec;
  return {
    name: 'separation',
    title: 'The separation',
    caption:
      'Time to learn the secret s against n (log–log). Blue: the multimodal learner A_μ, one Gaussian elimination, ' +
      'so its points lie on a straight line (polynomial). Red circles: the fastest of Eve\'s unimodal learners, at ' +
      'her median measured time-to-recover over the instances she won (the label says how many: 1/5 means one ' +
      'lucky instance of five); red triangles: censored points, where every learner used its whole budget ' +
      '(dotted red line) without recovering s, so the true time lies above the triangle. Grey dashes: the cost ' +
      'estimate (expected pooled-Gauss trials, DESIGN.md §2) converted to time at Eve\'s trial rate measured at that n. ' +
      'It is an expected time: the trial count is geometric, so where the curve meets the budget Eve still succeeds ' +
      'within it about 1 − 1/e ≈ 63% of the time, and some instances fall well before.',
    spec,
    points: { pt_amu: amu.length, pt_eve: eve.length },
  };
}

function eveSuccess(recs: SweepRecord[]): PlotDef | null {
  const rs = recs.filter((r) => r.learn);
  if (rs.length === 0) return null;
  const rows = rs.map((r) => ({
    n: r.params.n,
    p: r.learn!.eve.anyRecovered.p,
    lo: r.learn!.eve.anyRecovered.ci[0],
    hi: r.learn!.eve.anyRecovered.ci[1],
    k: r.learn!.eve.anyRecovered.k,
    reps: r.learn!.eve.anyRecovered.n,
  }));
  const per = rs.flatMap((r) => r.learn!.eve.learners.map((l) => ({ n: r.params.n, p: l.recovered.p, learner: l.name })));
  const x = { field: 'n', type: 'quantitative' as const, title: 'n (secret length)', scale: { type: 'log' as const, nice: false, padding: 14 } };
  const spec = {
    $schema: SCHEMA,
    title: { text: "Eve's success within the budget against n", subtitle: 'fraction of instances where s was recovered; bars: 99% Wilson intervals' },
    width: 520,
    height: 260,
    layer: [
      { data: { values: per }, mark: { type: 'line', strokeWidth: 1, opacity: 0.5 }, encoding: { x, y: { field: 'p', type: 'quantitative' }, color: { field: 'learner', type: 'nominal', title: 'learner' } } },
      { data: { values: rows }, mark: { type: 'rule', color: 'black' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
      {
        name: 'pt_success',
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 60, color: 'black' },
        encoding: { x, y: { field: 'p', type: 'quantitative', title: 'Pr[Eve recovers s]', scale: { domain: [0, 1] } } },
      },
    ],
  } as unknown as TopLevelSpec;
  return {
    name: 'eve-success',
    title: "Eve's success rate",
    caption:
      'Black: the fraction of learning instances in which at least one of Eve\'s unimodal learners recovered s within ' +
      'its budget, with 99% Wilson intervals. Thin coloured lines: each learner on its own.',
    spec,
    points: { pt_success: rows.length },
  };
}

function agreement(recs: SweepRecord[]): PlotDef | null {
  const rs = recs.filter((r) => r.measure);
  if (rs.length === 0) return null;
  const rows = rs.map((r) => ({
    w: r.params.w,
    n: `n = ${r.params.n}`,
    p: r.measure!.raw.agreement.p,
    lo: r.measure!.raw.agreement.ci[0],
    hi: r.measure!.raw.agreement.ci[1],
  }));
  // Theory (1 + (1−2θ)^w)/2 drawn densely over the w range of each (n, θ).
  const theory: { w: number; n: string; p: number }[] = [];
  const byN = new Map<string, { theta: number; ws: number[] }>();
  for (const r of rs) {
    const k = `n = ${r.params.n}`;
    const e = byN.get(k) ?? { theta: r.params.theta, ws: [] };
    e.ws.push(r.params.w);
    byN.set(k, e);
  }
  for (const [k, { theta, ws }] of byN)
    for (let w = Math.max(1, Math.min(...ws) - 1); w <= Math.max(...ws) + 1; w++) theory.push({ w, n: k, p: rawAgreementTheory(theta, w) });
  const x = { field: 'w', type: 'quantitative' as const, title: 'w (challenge weight)', axis: { tickMinStep: 1, format: 'd' } };
  const color = { field: 'n', type: 'nominal' as const, title: null, scale: { domain: byNumber(rows.map((r) => r.n)) } };
  const spec = {
    $schema: SCHEMA,
    title: { text: 'Raw agreement against w', subtitle: 'points: measured, with 99% intervals; line: theory (1 + (1−2θ)^w)/2' },
    width: 520,
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

function amplification(recs: SweepRecord[]): PlotDef | null {
  const rs = recs.filter((r) => r.measure && r.measure.efficiency.ell !== null);
  if (rs.length === 0) return null;
  const group = (r: SweepRecord) => `n = ${r.params.n}, w = ${r.params.w}`;
  const rows = rs.map((r) => {
    const e = r.measure!.efficiency;
    return { ell: e.ell, group: group(r), yield: e.yieldPerRawBit, key: e.beta === null ? null : e.beta * e.limit, beta: e.beta, f: e.reconciliationF, theory: e.yieldTheory };
  });
  const series = (name: string, field: 'yield' | 'key' | 'theory') =>
    rows.filter((r) => r[field] !== null && Number.isFinite(r[field]!)).map((r) => ({ ell: r.ell, group: r.group, v: r[field], series: name }));
  const measured = series('yield after Cascade, measured', 'yield');
  const theory = series('yield after Cascade, theory', 'theory');
  const key = series('session key (β × limit)', 'key');
  const limits = [...new Map(rs.map((r) => [group(r), { group: group(r), v: r.measure!.efficiency.limit, series: 'limit 1 − h(1 − p)' }])).values()];
  const x = { field: 'ell', type: 'quantitative' as const, title: 'ℓ (repetition block length)', axis: { tickMinStep: 1, format: 'd' }, scale: { zero: false } };
  const y = { field: 'v', type: 'quantitative' as const, title: 'bits per raw bit' };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: {
      domain: ['limit 1 − h(1 − p)', 'yield after Cascade, theory', 'yield after Cascade, measured', 'session key (β × limit)'],
      range: ['#d62728', '#7f7f7f', '#1f77b4', '#2ca02c'],
    },
  };
  const detail = { field: 'group', type: 'nominal' as const };
  const fRows = rows.filter((r) => r.f !== null && Number.isFinite(r.f));
  const spec = {
    $schema: SCHEMA,
    title: {
      text: 'Amplification against ℓ',
      subtitle: `left: bits per raw bit, against the limit 1 − h(1 − p); right: reconciliation efficiency f (${[...new Set(rows.map((r) => r.group))].join('; ')})`,
    },
    hconcat: [
      {
        width: 340,
        height: 260,
        layer: [
          { data: { values: limits }, mark: { type: 'rule', strokeDash: [6, 3] }, encoding: { y, color, detail } },
          { data: { values: theory }, mark: { type: 'line', strokeDash: [4, 3] }, encoding: { x, y, color, detail } },
          { data: { values: measured }, mark: { type: 'line' }, encoding: { x, y, color, detail } },
          { name: 'pt_yield', data: { values: measured }, mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y, color, detail } },
          { name: 'pt_key', data: { values: key }, mark: { type: 'point', filled: false, size: 60 }, encoding: { x, y, color, detail } },
        ],
      },
      {
        width: 220,
        height: 260,
        layer: [
          { data: { values: [{ f: 1 }] }, mark: { type: 'rule', strokeDash: [6, 3], color: '#555' }, encoding: { y: { field: 'f', type: 'quantitative' } } },
          {
            name: 'pt_f',
            data: { values: fRows },
            mark: { type: 'point', filled: true, size: 60, shape: 'square', color: '#9467bd' },
            encoding: { x, y: { field: 'f', type: 'quantitative', title: 'f = leaked / (N·h(e))', scale: { zero: false } }, detail },
          },
        ],
      },
    ],
  } as unknown as TopLevelSpec;
  return {
    name: 'amplification',
    title: 'Amplification',
    caption:
      'Left, per raw bit: the limit I(A;B) = 1 − h(1 − p) for a computationally blind Eve (red dashes, DESIGN.md §3); ' +
      'the bits left after repetition-code distillation and Cascade\'s disclosed parities, measured (blue) and from ' +
      'theory.ts (grey dashes), which is what the choice of ℓ trades (acceptance p^ℓ + (1−p)^ℓ against the error ' +
      'left to reconcile); and the session key actually output per raw bit, β × limit (green rings), which is lower ' +
      'again because the verification tag and the privacy-amplification margin are fixed costs and sessions stop at ' +
      'the target key length. Right: Cascade\'s reconciliation efficiency f (1 is the Shannon limit).',
    spec,
    points: { pt_yield: measured.length, pt_key: key.length, pt_f: fRows.length },
  };
}

/** Every plot the records have data for. */
export function plotDefs(recs: SweepRecord[]): PlotDef[] {
  return [separation(recs), eveSuccess(recs), agreement(recs), amplification(recs)].filter((p): p is PlotDef => p !== null);
}
