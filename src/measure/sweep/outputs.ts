/**
 * The files a sweep leaves beside its results.jsonl, built from the records alone:
 * results.csv; per plot `<name>.svg` and its Vega-Lite spec `<name>.vl.json`
 * (and `<name>.png` when asked); report.html. `sepka sweep` writes them after its points and
 * `sepka report DIR` rebuilds them from DIR/results.jsonl without running anything, so both go
 * through `writeOutputs` and write the same bytes.
 *
 * What the records cannot say — the report's title, the command that ran the sweep, and the
 * last run's worker count and wall time — is kept in DIR/sweep.json (RUN_FILE), written when
 * the sweep starts and again when it ends.
 */
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SepkaError } from '../../errors.ts';
import { toCsv } from '../csv.ts';
import { fullSpec, renderSvg, resetPlotIds } from '../plot.ts';
import { plotPlan } from '../plotSpecs.ts';
import { renderReport, type ReportRun } from '../report.ts';
import { judgeControls } from './controls.ts';
import type { SweepRecord } from './record.ts';

export const RESULTS = 'results.jsonl';
export const RUN_FILE = 'sweep.json';

/** DIR/sweep.json: what the report needs that the records do not hold. */
export interface RunInfo {
  title: string;
  command: string;
  /** The last run's figures; null until a run has finished. */
  run: ReportRun | null;
}

export function writeRunInfo(dir: string, info: RunInfo): void {
  const path = join(dir, RUN_FILE);
  try {
    writeFileSync(path, JSON.stringify(info, null, 2) + '\n');
  } catch (e) {
    throw new SepkaError('SEPKA_ERR_USAGE', `cannot write ${path}: ${(e as { code?: string }).code ?? (e as Error).message}`);
  }
}

/** DIR/sweep.json, or null when there is none (a results.jsonl copied on its own). */
export function readRunInfo(dir: string): RunInfo | null {
  const path = join(dir, RUN_FILE);
  if (!existsSync(path)) return null;
  let x: Partial<RunInfo>;
  try {
    x = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new SepkaError('SEPKA_ERR_USAGE', `${path} is not JSON (${(e as Error).message.split('\n')[0]}); delete it to use default titles`);
  }
  if (typeof x !== 'object' || x === null || typeof x.title !== 'string' || typeof x.command !== 'string') {
    throw new SepkaError('SEPKA_ERR_USAGE', `${path} lacks a title or command string; delete it to use default titles`);
  }
  return { title: x.title, command: x.command, run: x.run ?? null };
}

const CONTROL_ORDER = [null, 'insecure', 'oracle'];
const num = (x: unknown): number => (typeof x === 'number' ? x : -1);

/**
 * The records in report order: grid points by their parameters (n, θ, m, w, ℓ, L, distillation,
 * pair rounds, reconciler, budget, sessions, seed), then the controls. results.jsonl holds them
 * in the order they finished, which depends on the workers; this order depends on the records alone.
 */
export function reportOrder(recs: SweepRecord[]): SweepRecord[] {
  const key = (r: SweepRecord): (number | string)[] => [
    CONTROL_ORDER.indexOf(r.spec.control),
    r.params.n, r.params.theta, r.params.m, r.params.w, num(r.params.ell), r.params.L,
    r.spec.distill ?? '', String(r.spec.pairRounds ?? ''), r.spec.reconciler ?? '',
    r.spec.eveBudgetMs, r.spec.sessions, r.spec.seed, r.id,
  ];
  const cmp = (a: SweepRecord, b: SweepRecord): number => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  };
  return [...recs].sort(cmp);
}

export interface OutputOptions {
  /** Also write `<plot>.png` beside each SVG (png.ts). */
  png?: boolean;
}

/** results.csv, the plots, report.html in `dir`; returns the paths written. */
export async function writeOutputs(dir: string, records: SweepRecord[], info: RunInfo, o: OutputOptions = {}): Promise<string[]> {
  // Through JSON, as results.jsonl holds them (NaN becomes null): the report of a sweep and the
  // one rebuilt from its file then see the very same records.
  const recs = reportOrder(JSON.parse(JSON.stringify(records)) as SweepRecord[]);
  const files: string[] = [];
  const write = (name: string, data: string | Uint8Array) => {
    const p = join(dir, name);
    writeFileSync(p, data);
    files.push(p);
  };
  write('results.csv', toCsv(recs));
  const data = recs.filter((x) => !x.spec.control);
  const plan = plotPlan(data);
  const plots: Parameters<typeof renderReport>[0]['plots'] = [];
  const svgToPng = o.png ? (await import('../png.ts')).svgToPng : null;
  resetPlotIds();
  for (const def of plan.defs) {
    const svg = await renderSvg(def.spec);
    write(`${def.name}.svg`, svg);
    write(`${def.name}.vl.json`, JSON.stringify(fullSpec(def.spec), null, 2) + '\n');
    if (svgToPng) write(`${def.name}.png`, await svgToPng(svg));
    plots.push({ def, svg });
  }
  // A plot left out now may have been drawn into this directory before (other records, older
  // code): its files go, so that the directory holds what the report shows.
  for (const { name } of plan.omitted)
    for (const ext of ['svg', 'vl.json', 'png']) if (existsSync(join(dir, `${name}.${ext}`))) unlinkSync(join(dir, `${name}.${ext}`));
  write(
    'report.html',
    renderReport({ title: info.title, command: info.command, records: data, plots, omitted: plan.omitted, controls: judgeControls(recs), run: info.run }),
  );
  return files;
}
