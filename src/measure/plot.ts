/**
 * Headless plot rendering for the sweep report: a Vega-Lite spec is
 * compiled to Vega (vega-lite's `compile`) and rendered by vega's own SVG renderer
 * (`View.toSVG()`, no DOM, no canvas). No SVG is written by hand here; the specs come from
 * plotSpecs.ts, and `fullSpec` is the spec with this shared look, as written to `<name>.vl.json`
 * so that a user can restyle it in any Vega-Lite tool.
 *
 * Text is measured with Helvetica's widths (textWidth.ts), not vega's 0.8 em guess.
 *
 * Per-point marks are named `pt_*` in the specs. Vega puts each named mark's items under
 * `<g class="mark-… role-mark pt_…_marks">`, one `role="graphics-symbol"` element per datum,
 * which is what `countPointMarks` counts (the tests use it to check one mark per grid point).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { textWidthPx } from './textWidth.ts';

/**
 * Okabe & Ito's colour-blind-safe palette ("Color Universal Design", 2002), in the order the
 * series take it; yellow (#F0E442) is last because it is faint on white.
 */
export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
/** For ordered series (n = 24, 32, …): viridis, whose lightness rises monotonically; cut before its pale yellow end. */
export const ORDERED_SCHEME = { scheme: 'viridis', extent: [0, 0.85] };

/** Shared look: white background, readable fonts, no network access for anything. */
const CONFIG = {
  background: 'white',
  font: 'Helvetica, Arial, "Liberation Sans", sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 400, titleLimit: 400 },
  range: { category: OKABE_ITO },
  title: { fontSize: 14, anchor: 'start' as const, subtitleFontSize: 11, subtitleColor: '#555' },
};

// vega asks `textMetrics.width` for every label's width (the hook exists for renderers without a canvas).
(vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics.width = (item, text) => {
  const t = text == null ? '' : String(text).trim();
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  return textWidthPx(t, size, item.fontWeight === 'bold' || Number(item.fontWeight) >= 600);
};
interface TextItem {
  fontSize?: number | string;
  fontWeight?: string | number;
}

/** The spec as rendered: the plot's own spec with the shared config underneath its own. */
export function fullSpec(spec: TopLevelSpec): TopLevelSpec {
  return { ...spec, config: { ...CONFIG, ...(spec as { config?: object }).config } } as TopLevelSpec;
}

/**
 * Restart vega's counter of SVG ids (clip1, gradient1, …). Ids must stay unique across the plots
 * inlined in one report, so the counter is reset once per report, not per plot: the report then
 * has the same ids whatever was rendered before in this process.
 */
export function resetPlotIds(): void {
  (vega as unknown as { resetSVGDefIds: () => void }).resetSVGDefIds();
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vg = compile(fullSpec(spec)).spec;
  // A loader that refuses every URL: the report is self-contained and data is always inline.
  const loader = vega.loader();
  loader.load = async (uri: string) => {
    // Our specs always carry their data inline: a URL here is a bug in plotSpecs.ts, not input.
    throw new TypeError(`plot: refusing to load '${uri}' (data must be inline)`);
  };
  const view = new vega.View(vega.parse(vg), { renderer: 'none', loader, logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Number of data items in every `pt_*` mark of a rendered SVG, by mark name. */
export function countPointMarks(svg: string): Record<string, number> {
  const out: Record<string, number> = {};
  const re = /<g class="mark-[a-z]+ role-mark (pt_[A-Za-z0-9_]+?)_marks"[^>]*>/g;
  for (let m = re.exec(svg); m; m = re.exec(svg)) {
    // Items of a symbol/rect mark are its direct children up to the group's close tag;
    // they never nest groups, so counting up to the first '</g>' is exact.
    const end = svg.indexOf('</g>', m.index + m[0].length);
    const body = svg.slice(m.index + m[0].length, end);
    out[m[1]] = (out[m[1]] ?? 0) + (body.match(/role="graphics-symbol"/g) ?? []).length;
  }
  return out;
}

const unescapeXml = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The text of every legend label in a rendered SVG (vega's `role-legend-label` marks), in order. */
export function legendLabels(svg: string): string[] {
  const out: string[] = [];
  const re = /<g class="mark-text role-legend-label"[^>]*>([\s\S]*?)<\/g>/g;
  for (let m = re.exec(svg); m; m = re.exec(svg)) for (const t of m[1].matchAll(/<text[^>]*>([^<]*)<\/text>/g)) out.push(unescapeXml(t[1]));
  return out;
}

/** The width attribute of the root <svg>, in px. */
export function svgWidth(svg: string): number {
  const m = /^<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  if (!m) throw new TypeError('plot: the SVG has no width attribute');
  return Number(m[1]);
}
