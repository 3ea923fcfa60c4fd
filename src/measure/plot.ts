/**
 * Headless plot rendering for the sweep report (issue #5): a Vega-Lite spec is compiled to Vega
 * (vega-lite's `compile`) and rendered by vega's own SVG renderer (`View.toSVG()`, no DOM, no
 * canvas). No SVG is written by hand here; the specs come from plotSpecs.ts.
 *
 * Per-point marks are named `pt_*` in the specs. Vega puts each named mark's items under
 * `<g class="mark-… role-mark pt_…_marks">`, one `role="graphics-symbol"` element per datum,
 * which is what `countPointMarks` counts (the tests use it to check one mark per grid point).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Shared look: white background, readable fonts, no network access for anything. */
const CONFIG = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 320, titleLimit: 320 },
  title: { fontSize: 14, anchor: 'start' as const, subtitleFontSize: 11, subtitleColor: '#555' },
};

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const full = { ...spec, config: { ...CONFIG, ...(spec as { config?: object }).config } } as TopLevelSpec;
  const vg = compile(full).spec;
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
