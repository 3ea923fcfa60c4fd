/**
 * The amplification plot of a sweep (plotSpecs.ts lists it): the key efficiency β against raw
 * bits per session and against p, one series per method (distillation × reconciler), each point
 * with its interval over sessions, and the limit β = 1 (all of I(A;B), DESIGN.md §3) drawn in.
 */
import type { TopLevelSpec } from 'vega-lite';
import { MIN_SESSIONS_FOR_INTERVAL, TOO_FEW_FOR_INTERVAL } from '../stats.ts';
import { OKABE_ITO } from './plot.ts';
import { distinctSorted, SCHEMA, spansAxis, WIDTH, type Built } from './plotCommon.ts';
import type { SweepRecord } from './sweep/record.ts';

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

export function amplification(recs: SweepRecord[]): Built {
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

