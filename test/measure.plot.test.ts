/**
 * Sweep plots: every SVG rendered by vega is well-formed XML,
 * carries exactly one data mark per grid point in each per-point layer, names every series it
 * draws in a legend (in full: a truncated label fails), gives distinct series distinct legend
 * symbols, and fits the report column (REPORT_COLUMN_PX = 960 px). A plot whose series each
 * have one point along the x axis is left out, with the reason. The amplification plot draws β
 * per method (distillation + reconciler) with its interval over sessions and the limit β = 1. Records come from real point
 * jobs on tiny sizes, run in this thread.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { DEFAULT_GRID, expandGrid } from '../src/measure/sweep/grid.ts';
import { countPointMarks, legendLabels, OKABE_ITO, renderSvg, svgWidth } from '../src/measure/plot.ts';
import { plotDefs, plotPlan } from '../src/measure/plotSpecs.ts';
import { REPORT_COLUMN_PX } from '../src/measure/report.ts';
import { runPoint } from '../src/measure/sweep/job.ts';
import type { SweepRecord } from '../src/measure/sweep/record.ts';

/**
 * The series a spec draws, read from the spec itself: in every layer (at any depth) whose colour
 * or shape is encoded by a field, that field's distinct values in the layer's inline data.
 */
function seriesDrawn(spec: unknown): Set<string> {
  const out = new Set<string>();
  const visit = (u: Record<string, unknown>) => {
    for (const k of ['layer', 'hconcat', 'vconcat', 'concat']) for (const c of (u[k] as Record<string, unknown>[] | undefined) ?? []) visit(c);
    const enc = u.encoding as Record<string, { field?: string }> | undefined;
    const values = (u.data as { values?: Record<string, unknown>[] } | undefined)?.values ?? [];
    for (const ch of ['color', 'shape']) {
      const f = enc?.[ch]?.field;
      if (f) for (const v of values) out.add(String(v[f]));
    }
  };
  visit(spec as Record<string, unknown>);
  return out;
}

/** Each legend entry's symbol as drawn (path, fill, stroke, dash), in legend order. */
function legendSymbols(svg: string): string[] {
  const out: string[] = [];
  const re = /<g class="mark-symbol role-legend-symbol"[^>]*>([\s\S]*?)<\/g>/g;
  for (let m = re.exec(svg); m; m = re.exec(svg)) for (const p of m[1].matchAll(/<path([^>]*)\/?>/g)) out.push(p[1].replace(/transform="[^"]*"/, '').trim());
  return out;
}

/**
 * XML 1.0 well-formedness, enough for SVG: one root element, properly nested and matched tags,
 * quoted and unique attributes, no raw '<' or stray '&' in text or attribute values.
 * Returns null when well-formed, else the first problem.
 */
function xmlProblem(xml: string): string | null {
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const entity = /^&(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9A-Fa-f]+);/;
  const text = (s: string, at: number): string | null => {
    for (let k = s.indexOf('&'); k >= 0; k = s.indexOf('&', k + 1)) if (!entity.test(s.slice(k))) return `bad '&' at ${at + k}`;
    return null;
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const chunk = xml.slice(i, lt < 0 ? xml.length : lt);
    const bad = text(chunk, i);
    if (bad) return bad;
    if (chunk.trim() && stack.length === 0) return `text outside the root at ${i}`;
    if (lt < 0) break;
    if (xml.startsWith('<?', lt)) {
      const e = xml.indexOf('?>', lt);
      if (e < 0) return 'unterminated <?';
      i = e + 2;
    } else if (xml.startsWith('<!--', lt)) {
      const e = xml.indexOf('-->', lt);
      if (e < 0) return 'unterminated comment';
      i = e + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const e = xml.indexOf(']]>', lt);
      if (e < 0) return 'unterminated CDATA';
      i = e + 3;
    } else if (xml.startsWith('</', lt)) {
      const m = /^<\/([A-Za-z_][\w:.-]*)\s*>/.exec(xml.slice(lt));
      if (!m) return `bad end tag at ${lt}`;
      if (stack.pop() !== m[1]) return `mismatched </${m[1]}> at ${lt}`;
      i = lt + m[0].length;
    } else {
      const m = /^<([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(xml.slice(lt));
      if (!m) return `bad start tag at ${lt}: ${xml.slice(lt, lt + 60)}`;
      const names = [...m[2].matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*("[^"]*"|'[^']*')/g)];
      const seen = new Set<string>();
      for (const [, name, val] of names) {
        if (seen.has(name)) return `duplicate attribute ${name} at ${lt}`;
        seen.add(name);
        const bad2 = text(val, lt);
        if (bad2) return bad2;
      }
      if (stack.length === 0 && ++roots > 1) return `second root element at ${lt}`;
      if (!m[3]) stack.push(m[1]);
      i = lt + m[0].length;
    }
  }
  if (stack.length) return `unclosed <${stack[stack.length - 1]}>`;
  return roots === 1 ? null : 'no root element';
}

describe('xmlProblem (the checker itself)', () => {
  it('accepts well-formed XML and rejects each kind of malformation', () => {
    expect(xmlProblem('<?xml version="1.0"?><svg a="1"><g b=\'x &amp; y\'/><!-- c --><text>a &lt; b</text></svg>')).toBeNull();
    expect(xmlProblem('<svg><g></svg>')).toMatch(/mismatched/);
    expect(xmlProblem('<svg><g>')).toMatch(/unclosed/);
    expect(xmlProblem('<svg a=1></svg>')).toMatch(/bad start tag/);
    expect(xmlProblem('<svg a="1" a="2"></svg>')).toMatch(/duplicate/);
    expect(xmlProblem('<svg>a & b</svg>')).toMatch(/&/);
    expect(xmlProblem('<svg/><svg/>')).toMatch(/second root/);
  });
});

describe('sweep plots', () => {
  let recs: SweepRecord[];
  let learnPoints: number;
  let sessionPoints: number;
  beforeAll(async () => {
    const points = expandGrid({
      ...DEFAULT_GRID,
      protocol: 'toy-insecure',
      n: [12, 16, 24],
      eveBudgetMs: [60_000],
      eveBudgetTrials: 2000,
      learnReps: 1,
      test: 200,
      learners: ['majority', 'pooled-gauss'],
      parts: ['learn', 'estimate'],
    });
    // Two w at n = 40 (agreement against w, and β against p) and two ℓ at w = 4 (so two raw-bit
    // counts per session: β against raw bits), each with both reconcilers (one β series each).
    const base = { ...DEFAULT_GRID, protocol: 'toy-insecure', n: [40], eveBudgetMs: [0], sessions: [2], reconciler: ['cascade' as const, 'ldpc' as const], parts: ['measure' as const] };
    const sessions = [...expandGrid({ ...base, w: [4], ell: [5, 6] }), ...expandGrid({ ...base, w: [5], ell: [5] })];
    recs = [];
    for (const p of [...points, ...sessions]) recs.push(await runPoint(p));
    [learnPoints, sessionPoints] = [points.length, sessions.length];
  }, 120_000);

  it('render to well-formed SVG with one data mark per point', async () => {
    const defs = plotDefs(recs);
    expect(defs.map((d) => d.name).sort()).toEqual(['agreement', 'amplification', 'eve-success', 'separation']);
    for (const def of defs) {
      const svg = await renderSvg(def.spec);
      expect(xmlProblem(svg), def.name).toBeNull();
      expect(svg.startsWith('<svg')).toBe(true);
      const marks = countPointMarks(svg);
      expect(marks, def.name).toEqual(def.points);
      const expected = ['agreement', 'amplification'].includes(def.name) ? sessionPoints : learnPoints;
      for (const k of Object.values(marks)) expect(k, def.name).toBe(expected);
    }
  });

  it('name every series drawn in a legend, with distinct symbols, and fit the report column', async () => {
    for (const def of plotDefs(recs)) {
      const svg = await renderSvg(def.spec);
      const labels = legendLabels(svg);
      const drawn = seriesDrawn(def.spec);
      expect(drawn.size, def.name).toBeGreaterThan(0);
      for (const s of drawn) expect(labels, `${def.name}: series '${s}' missing from the legend`).toContain(s);
      const symbols = legendSymbols(svg);
      expect(symbols.length, def.name).toBe(labels.length);
      expect(new Set(symbols).size, `${def.name}: two legend entries look the same`).toBe(symbols.length);
      expect(svgWidth(svg), def.name).toBeLessThanOrEqual(REPORT_COLUMN_PX);
      expect(svgWidth(svg), def.name).toBeGreaterThan(REPORT_COLUMN_PX / 2);
    }
  });

  it('separation: ticks at the grid n, the budget in the legend, a y range fitted to the data', async () => {
    const def = plotDefs(recs).find((d) => d.name === 'separation')!;
    const svg = await renderSvg(def.spec);
    // The x axis labels are exactly the grid's n.
    const xLabels = [...svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/g)].map((m) =>
      [...m[1].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]),
    );
    expect(xLabels).toContainEqual(['12', '16', '24']);
    expect(legendLabels(svg)).toContain("Eve's budget, 60 s per learner");
    // Fitted: the domain spans the plotted times (and the budget line) with at most a factor 20 of room either side.
    const y = (def.spec as unknown as { layer: { encoding: { y: { scale: { domain: [number, number] } } } }[] }).layer[0].encoding.y.scale.domain;
    const ls = recs.filter((r) => r.learn);
    const times = ls.flatMap((r) => [r.learn!.amu.ms, r.learn!.eve.bestMsToRecover ?? r.learn!.eve.budgetMs]);
    expect(y[0]).toBeLessThanOrEqual(Math.min(...times));
    expect(y[0]).toBeGreaterThanOrEqual(Math.min(...times) / 20);
    const top = Math.max(...times, ...ls.map((r) => r.learn!.eve.budgetMs));
    expect(y[1]).toBeGreaterThanOrEqual(top);
    expect(y[1]).toBeLessThanOrEqual(top * 20);
  });

  it("eve-success: one colour-blind-safe colour per learner, black for 'any'", async () => {
    const def = plotDefs(recs).find((d) => d.name === 'eve-success')!;
    const color = (def.spec as unknown as { layer: { encoding: { color?: { scale: { domain: string[]; range: string[] } } } }[] }).layer[0].encoding.color!.scale;
    expect(color.domain).toEqual(['majority', 'pooled-gauss', 'any of her learners (99% Wilson interval)']);
    expect(color.range).toEqual([OKABE_ITO[0], OKABE_ITO[1], '#000000']);
  });

  it('leave out a plot whose series each have one point along its axis, and say why', () => {
    const oneN = recs.filter((r) => r.params.n === 16 || r.measure);
    const oneW = recs.filter((r) => r.learn || r.params.w === 5);
    expect(plotPlan(oneN).omitted.map((o) => o.name).sort()).toEqual(['eve-success', 'separation']);
    expect(plotPlan(oneN).omitted[0].reason).toMatch(/one n only \(n = 16\)/);
    const p = plotPlan(oneW);
    expect(p.defs.map((d) => d.name).sort()).toEqual(['eve-success', 'separation']);
    expect(p.omitted.map((o) => o.name).sort()).toEqual(['agreement', 'amplification']);
    // Points without a named method have no β interval per method: left out, and said so.
    const plain = recs.map((r) => (r.measure ? { ...r, measure: { ...r.measure, amplification: null } } : r));
    expect(plotPlan(plain).omitted.find((o) => o.name === 'amplification')!.reason).toMatch(/no point sets --distill, --pair-rounds or --reconciler/);
  });

  it('amplification: bars only where there is an interval, inside [0, 1] and inside the frame; the subtitle says why a bar is missing', async () => {
    // Two points as they would come from ≥ 5 sessions (meanInterval cuts at 0 and 1), the rest
    // with 2 sessions (no interval).
    let given = 0;
    const withCi = recs.map((r) => {
      const a = r.measure?.amplification;
      if (!a || given >= 2) return r;
      given++;
      const paCi: [number, number] = given === 1 ? [0, 1] : [Math.max(0, a.beta.pa - 0.2), Math.min(1, a.beta.pa + 0.2)];
      return { ...r, measure: { ...r.measure!, amplification: { ...a, beta: { ...a.beta, paCi } } } };
    });
    const def = plotDefs(withCi).find((d) => d.name === 'amplification')!;
    const spec = def.spec as unknown as { title: { subtitle: string[] }; hconcat: { height: number; layer: { mark: { type: string; clip?: boolean }; data: { values: { lo: number; hi: number }[] } }[] }[] };
    expect(spec.title.subtitle.join(' ')).toMatch(/too few sessions for an interval/);
    for (const panel of spec.hconcat) {
      const bars = panel.layer[2];
      expect(bars.mark).toMatchObject({ type: 'rule', clip: true });
      expect(bars.data.values).toHaveLength(2);
      for (const b of bars.data.values) expect([b.lo >= 0, b.hi <= 1, b.lo <= b.hi]).toEqual([true, true, true]);
    }
    // In the drawing: every bar of the panels' bar layer runs within the 260-px frame.
    const svg = await renderSvg(def.spec);
    const layer = /class="mark-rule role-mark concat_0_layer_2_marks"[^]*?<\/g>/.exec(svg)![0];
    const lines = [...layer.matchAll(/translate\([-\d.e]+,([-\d.e]+)\)" x2="0" y2="([-\d.e]+)"/g)].map((m) => [Number(m[1]), Number(m[1]) + Number(m[2])]);
    expect(lines).toHaveLength(2);
    for (const y of lines.flat()) {
      expect(y).toBeGreaterThanOrEqual(-0.5);
      expect(y).toBeLessThanOrEqual(260.5);
    }
  });

  it('amplification: β per method against raw bits and against p, with intervals and the limit β = 1', async () => {
    const def = plotDefs(recs).find((d) => d.name === 'amplification')!;
    const svg = await renderSvg(def.spec);
    // Two panels, each with one β point per session point (both methods at every point).
    expect(def.points).toEqual({ pt_beta0: sessionPoints, pt_beta1: sessionPoints });
    const labels = legendLabels(svg);
    expect(labels).toEqual(['blocks + cascade', 'blocks + ldpc', 'β = 1: all of I(A;B) = raw bits·(1 − h(1 − p))']);
    // The data drawn are the records' β on the PA output and its interval, and β = 1 is a rule.
    const layers = (def.spec as unknown as { hconcat: { layer: { mark: { type: string }; data: { values: Record<string, number | string>[] } }[] }[] }).hconcat;
    expect(layers).toHaveLength(2);
    const ms = recs.filter((r) => r.measure);
    for (const panel of layers) {
      const [limit, , bars, pts] = panel.layer;
      expect(limit.mark.type).toBe('rule');
      expect(limit.data.values.map((v) => [v.beta, v.series])).toEqual([[1, labels[2]]]);
      expect(bars.mark.type).toBe('rule');
      const want = ms.map((r) => [r.measure!.amplification!.method, r.measure!.amplification!.beta.pa, r.measure!.amplification!.beta.paCi?.[0] ?? null]).sort();
      expect(pts.data.values.map((v) => [v.series, v.beta, v.lo]).sort()).toEqual(want);
      // Two sessions per point: too few for an interval (stats.ts), so no bar is drawn.
      expect(bars.data.values).toEqual([]);
    }
    // β against raw bits: the x values are the records' raw bits per session (methods drawn within 5% of them).
    const raw = new Set(ms.map((r) => r.measure!.raw.bits / r.measure!.sessions));
    expect(raw.size).toBeGreaterThanOrEqual(2);
    const betaMarks = layers[0].layer[3].data.values;
    expect(betaMarks.length, 'β-against-raw-bits marks (an empty layer would pass the loop below)').toBeGreaterThanOrEqual(raw.size);
    for (const v of betaMarks) expect([...raw].some((x) => Math.abs(Number(v.x) / x - 1) < 0.05)).toBe(true);
    // Axis titles name both x axes and β.
    for (const t of ['raw bits per session (log scale)', 'p = Pr[b_A = b_B] (theory)', 'β = secret bits out of PA / I(A;B)']) expect(svg).toContain(t);
  });
});
