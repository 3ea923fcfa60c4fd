/**
 * What every sweep plot shares (plotSpecs.ts, plotAmplification.ts): the plot definition's
 * shape, the Vega-Lite schema, the plot width, and the rules for ordering series and for leaving
 * out a plot whose series have a single point each.
 */
import type { TopLevelSpec } from 'vega-lite';

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

export type Built = PlotDef | OmittedPlot | null;

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Log scales need positive values; sub-microsecond timings are clamped to this. */
export const MIN_MS = 1e-3;
/** Plot area widths: with axes and legend every plot stays within the report column (report.ts). */
export const WIDTH = 520;

/** Distinct labels ordered by the first number in each ("n = 24" before "n = 128"). */
export const byNumber = (labels: string[]): string[] =>
  [...new Set(labels)].sort((a, b) => Number(/\d+/.exec(a)?.[0] ?? 0) - Number(/\d+/.exec(b)?.[0] ?? 0));

export const distinctSorted = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

/** True when some series has two or more distinct x values (else the plot is left out). */
export function spansAxis(rows: { series: string; x: number }[]): boolean {
  const xs = new Map<string, Set<number>>();
  for (const r of rows) xs.set(r.series, (xs.get(r.series) ?? new Set()).add(r.x));
  return [...xs.values()].some((s) => s.size >= 2);
}
