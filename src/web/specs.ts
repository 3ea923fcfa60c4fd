/**
 * The Vega-Lite specs of the live page, built from its ViewState (view.ts) with
 * the data inline; the page compiles each with vega-lite and renders it with vega, the same
 * stack as the sweep report's plots (src/measure/plot.ts). Nothing here draws SVG by hand.
 *
 * - timeline: each message type's frames in each direction, from the first to the last
 *   (ms since the first frame), labelled with frames and bytes;
 * - rawBits: Bob's and Alice's raw bits, and how many Eve has read, against time;
 * - agreement: raw agreement over the first k raw bits with its 99% interval, against the
 *   theory (1 + (1 − 2θ)^w)/2;
 * - funnel: bits at each stage of amplification, on a linear axis, each bar labelled with its
 *   count and its share of the raw bits (a log axis made 34,560 → 2,405 look like a small step);
 * - eve: Eve's advantage per stage with its 99% interval, against chance (0);
 * - budget: her attack budget spent against the total.
 */
import type { TopLevelSpec } from 'vega-lite';
import { SERIES, type ViewState } from './view.ts';

const WIDTH = 520;
const DIR_COLOURS = { domain: ['bob->alice', 'alice->bob'], range: ['#1f77b4', '#d62728'] };

const kB = (b: number): string => (b < 1024 ? `${b} B` : b < 1024 * 1024 ? `${(b / 1024).toFixed(1)} kB` : `${(b / 1024 / 1024).toFixed(2)} MB`);

export function timelineSpec(s: ViewState): TopLevelSpec {
  const end = Math.max(1, ...s.timeline.map((t) => t.lastMs));
  const values = s.timeline.map((t, i) => ({
    ...t,
    order: i,
    // A flight of one frame is an instant: give its bar a visible width.
    endMs: Math.max(t.lastMs, t.firstMs + end / 120),
    label: `${t.frames} frame${t.frames === 1 ? '' : 's'}, ${kB(t.bytes)}`,
    row: `${t.type} (${t.dir === 'bob->alice' ? 'B→A' : 'A→B'})`,
  }));
  // An explicit order (the order of first appearance): a layered chart cannot sort by a field.
  const y = { field: 'row', type: 'nominal' as const, sort: values.map((v) => v.row), title: null, axis: { labelLimit: 200 } };
  return {
    width: WIDTH,
    height: { step: 18 },
    data: { values },
    encoding: { y },
    layer: [
      {
        name: 'pt_timeline',
        mark: { type: 'bar', cornerRadius: 2 },
        encoding: {
          x: { field: 'firstMs', type: 'quantitative', title: 'ms since the first frame', scale: { domain: [0, end * 1.35] }, axis: { tickCount: 6 } },
          x2: { field: 'endMs' },
          color: { field: 'dir', type: 'nominal', title: 'direction', scale: DIR_COLOURS },
          tooltip: [{ field: 'type' }, { field: 'dir' }, { field: 'frames' }, { field: 'bytes' }, { field: 'firstMs' }, { field: 'lastMs' }],
        },
      },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 }, encoding: { x: { field: 'endMs', type: 'quantitative' }, text: { field: 'label' } } },
    ],
  } as TopLevelSpec;
}

export function rawBitsSpec(s: ViewState): TopLevelSpec {
  return {
    width: WIDTH,
    height: 150,
    data: { values: s.rawSeries },
    mark: { type: 'line', point: { size: 14 }, interpolate: 'step-after' },
    encoding: {
      x: { field: 'ms', type: 'quantitative', title: 'ms since the run began', scale: { zero: false } },
      y: { field: 'bits', type: 'quantitative', title: 'raw bits', axis: { format: ',d' } },
      color: { field: 'who', type: 'nominal', title: null, scale: s.noEve ? { domain: [SERIES.bob, SERIES.alice], range: ['#1f77b4', '#d62728'] } : { domain: [SERIES.bob, SERIES.alice, SERIES.eve], range: ['#1f77b4', '#d62728', '#9467bd'] } },
    },
  } as TopLevelSpec;
}

export function agreementSpec(s: ViewState): TopLevelSpec {
  const a = s.agreement;
  const maxBits = Math.max(100, s.funnel.rawBits, ...a.curve.map((c) => c.bits));
  const lo = Math.min(a.theory, ...a.curve.map((c) => c.lo));
  const hi = Math.max(a.theory, ...a.curve.map((c) => c.hi));
  const pad = Math.max(0.01, (hi - lo) * 0.08);
  const decades = [100, 1e3, 1e4, 1e5, 1e6, 1e7].filter((v) => v <= maxBits);
  const x = {
    field: 'bits',
    type: 'quantitative' as const,
    title: 'raw bits compared (first k, log scale)',
    scale: { type: 'log' as const, domain: [Math.min(100, maxBits), maxBits] },
    axis: { values: decades, format: ',d' },
  };
  const yScale = { domain: [Math.max(0, lo - pad), Math.min(1, hi + pad)], zero: false };
  return {
    width: WIDTH,
    height: 200,
    layer: [
      {
        data: { values: a.curve },
        mark: { type: 'area', opacity: 0.25, color: '#1f77b4' },
        encoding: { x, y: { field: 'lo', type: 'quantitative', title: 'Pr[b_A = b_B]', scale: yScale }, y2: { field: 'hi' } },
      },
      { data: { values: a.curve }, mark: { type: 'line', color: '#1f77b4' }, encoding: { x, y: { field: 'rate', type: 'quantitative' } } },
      {
        data: { values: a.curve },
        name: 'pt_agreement',
        mark: { type: 'point', size: 12, filled: true, color: '#1f77b4' },
        encoding: { x, y: { field: 'rate', type: 'quantitative' }, tooltip: [{ field: 'bits' }, { field: 'rate', format: '.4f' }, { field: 'lo', format: '.4f' }, { field: 'hi', format: '.4f' }] },
      },
      {
        data: { values: [{ theory: a.theory, label: `theory ${a.theory.toFixed(4)}` }] },
        layer: [
          { mark: { type: 'rule', strokeDash: [5, 4], color: '#2ca02c' }, encoding: { y: { field: 'theory', type: 'quantitative' } } },
          { mark: { type: 'text', align: 'right', dy: -6, color: '#2ca02c', x: WIDTH - 4 }, encoding: { y: { field: 'theory', type: 'quantitative' }, text: { field: 'label' } } },
        ],
      },
    ],
  } as TopLevelSpec;
}

/** A bar's label: its count with thousands separators and, past the raw bits, its share of them. */
export function funnelLabel(bits: number, ofRaw: number | null): string {
  const count = String(Math.round(bits)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (ofRaw === null) return count;
  const pct = 100 * ofRaw;
  return `${count} (${pct >= 10 ? pct.toFixed(0) : pct >= 0.1 ? pct.toFixed(1) : pct.toPrecision(1)} % of raw)`;
}

export function funnelSpec(s: ViewState): TopLevelSpec {
  const f = s.funnel;
  const rows = [
    { stage: 'raw bits (each side)', bits: f.rawBits },
    { stage: 'kept after distillation', bits: f.keptBits },
    { stage: 'leaked in reconciliation', bits: f.leakedBits },
    { stage: 'privacy amplification out', bits: f.paBits },
    { stage: 'session key', bits: f.keyBits },
  ]
    .filter((r): r is { stage: string; bits: number } => r.bits !== null && r.bits > 0)
    .map((r, i) => ({ ...r, leak: r.stage.startsWith('leaked') ? 'disclosed' : 'secret so far', label: funnelLabel(r.bits, i === 0 ? null : r.bits / f.rawBits) }));
  const y = { field: 'stage', type: 'nominal' as const, sort: rows.map((r) => r.stage), title: null, axis: { labelLimit: 200 } };
  const maxBits = Math.max(10, ...rows.map((r) => r.bits));
  return {
    width: WIDTH,
    height: { step: 24 },
    data: { values: rows },
    encoding: { y },
    layer: [
      {
        name: 'pt_funnel',
        mark: 'bar',
        encoding: {
          // Linear, from 0, with room on the right for the labels.
          x: { field: 'bits', type: 'quantitative', title: 'bits', scale: { domain: [0, maxBits * 1.45], nice: false }, axis: { format: ',d', tickCount: 5 } },
          color: { field: 'leak', type: 'nominal', title: null, scale: { domain: ['secret so far', 'disclosed'], range: ['#2ca02c', '#ff7f0e'] } },
        },
      },
      { name: 'pt_funnel_label', mark: { type: 'text', align: 'left', dx: 4 }, encoding: { x: { field: 'bits', type: 'quantitative' }, text: { field: 'label' } } },
    ],
  } as TopLevelSpec;
}

export function eveSpec(s: ViewState): TopLevelSpec {
  const values = s.eve?.stages ?? [];
  const y = { field: 'stage', type: 'nominal' as const, sort: values.map((v) => v.stage), title: null, axis: { labelLimit: 200 } };
  const x = { type: 'quantitative' as const, scale: { domain: [-0.5, 0.5], clamp: true } };
  return {
    width: WIDTH,
    height: { step: 24 },
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x: { field: 'zero', ...x, title: "Eve's advantage: Pr[her bit = theirs] − 1/2 (0 = coin flip, 0.5 = she knows it)" } } },
      {
        data: { values },
        encoding: { y },
        layer: [
          { mark: { type: 'rule', strokeWidth: 2, color: '#9467bd' }, encoding: { x: { field: 'lo', ...x }, x2: { field: 'hi' } } },
          {
            name: 'pt_eve',
            mark: { type: 'point', filled: true, size: 60, color: '#9467bd' },
            encoding: { x: { field: 'advantage', ...x }, tooltip: [{ field: 'stage' }, { field: 'advantage', format: '+.4f' }, { field: 'lo', format: '+.4f' }, { field: 'hi', format: '+.4f' }, { field: 'total' }] },
          },
        ],
      },
    ],
  } as TopLevelSpec;
}

export function budgetSpec(s: ViewState): TopLevelSpec {
  const e = s.eve;
  const budget = e?.budgetMs ?? 0;
  const spent = e?.spentMs ?? 0;
  return {
    width: WIDTH,
    height: 24,
    layer: [
      {
        data: { values: [{ what: 'spent', ms: spent }] },
        mark: { type: 'bar', color: spent >= budget && budget > 0 ? '#d62728' : '#9467bd', height: 16 },
        encoding: { x: { field: 'ms', type: 'quantitative', title: "Eve's attack budget: ms spent", scale: { domain: [0, Math.max(1, budget, spent) * 1.05] } } },
      },
      { data: { values: [{ ms: budget }] }, mark: { type: 'tick', color: 'black', thickness: 2, size: 24 }, encoding: { x: { field: 'ms', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}

/** Every chart of the page by the id of its container. */
export function chartSpecs(s: ViewState): Record<string, TopLevelSpec> {
  const out: Record<string, TopLevelSpec> = {
    'chart-timeline': timelineSpec(s),
    'chart-raw': rawBitsSpec(s),
    'chart-agreement': agreementSpec(s),
    'chart-funnel': funnelSpec(s),
  };
  if (s.eve) {
    out['chart-eve'] = eveSpec(s);
    out['chart-budget'] = budgetSpec(s);
  }
  return out;
}
