/**
 * report.html for a sweep: one self-contained file — inline
 * SVG plots, inline CSS, no script and no network — with the summary (crossover, A_μ's growth),
 * notes on where the tables surprise (notes.ts), the plots, the controls, the per-point
 * parameter table and the command that regenerates it. It is a function of its input alone (no
 * clock, no machine), so `sepka report DIR` rebuilds the same bytes.
 */
import { reportNotes } from './notes.ts';
import type { OmittedPlot, PlotDef } from './plotSpecs.ts';
import type { Estimate, Rate, SweepRecord } from './sweep/record.ts';
import { amuExponent, crossovers } from './sweep/summary.ts';
import { TOO_FEW_FOR_INTERVAL } from '../stats.ts';

export interface ControlResult {
  name: string;
  /** What the control checks and what passing means. */
  expectation: string;
  passed: boolean;
  detail: string;
}

/** The last run of the sweep, as sweep.json keeps it. */
export interface ReportRun {
  workers: number;
  wallMs: number;
  /** Points computed in that run, and points taken from results.jsonl (--resume). */
  computed: number;
  resumed: number;
}

export interface ReportInput {
  title: string;
  command: string;
  records: SweepRecord[];
  plots: { def: PlotDef; svg: string }[];
  /** Plots left out (a single point along their axis), with the reason. */
  omitted: OmittedPlot[];
  controls: ControlResult[];
  /** null: not known (the report was rebuilt from a results.jsonl without its sweep.json). */
  run: ReportRun | null;
}

/**
 * Width of the report's text column in CSS px. Every plot's SVG fits in it (plotSpecs.ts sizes
 * them; test/measure.plot.test.ts checks), so no plot is scaled down in a browser; the wide
 * tables scroll sideways instead.
 */
export const REPORT_COLUMN_PX = 960;

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const num = (x: number | null | undefined, d = 3): string =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : Number.isInteger(x) ? String(x) : x.toPrecision(d);
const pct = (r: Rate | Estimate | null | undefined): string =>
  r && !Number.isNaN(r.p) ? `${(100 * r.p).toFixed(1)}% <small>[${(100 * r.ci[0]).toFixed(1)}, ${(100 * r.ci[1]).toFixed(1)}]</small>` : '–';
const ms = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(0));

function summary(inp: ReportInput): string {
  const items: string[] = [];
  for (const c of crossovers(inp.records)) items.push(`<li><b>Crossover.</b> ${esc(c.text)}</li>`);
  const unident = inp.records.filter((r) => r.learn && r.learn.eve.unidentifiable > 0);
  if (unident.length)
    items.push(
      `<li><b>Sample-bound sizes.</b> ${unident
        .map((r) => `at n = ${r.params.n}, in ${r.learn!.eve.unidentifiable} of ${r.learn!.reps} instances`)
        .join('; ')} brute force searched every secret and found one that fits the m = 4n noisy examples better ` +
        `than s: there the examples do not determine s, so no unimodal learner can recover it whatever its budget ` +
        `(A_μ still can: its second modality y is noise-free). These failures are not the computational separation.</li>`,
    );
  for (const line of instanceLines(inp.records)) items.push(`<li>${line}</li>`);
  const k = amuExponent(inp.records);
  if (k !== null)
    items.push(
      `<li><b>A_μ grows polynomially.</b> A least-squares fit of its time gives time ≈ c·n<sup>${k.toFixed(2)}</sup> ` +
        `(one Gaussian elimination of an m×n system with m = 4n is O(n³) word operations at most; small n are dominated by fixed costs).</li>`,
    );
  const failed = inp.controls.filter((c) => !c.passed);
  if (inp.controls.length)
    items.push(`<li><b>Controls.</b> ${failed.length === 0 ? 'all passed' : `${failed.length} FAILED: ${esc(failed.map((c) => c.name).join(', '))}`}.</li>`);
  const cpu = inp.records.reduce((a, r) => a + r.ms, 0) / 1000;
  const run = inp.run
    ? `${inp.run.computed} computed in the last run, ${inp.run.resumed} resumed from results.jsonl; that run: ${inp.run.workers} worker(s), ` +
      `wall time ${(inp.run.wallMs / 1000).toFixed(1)} s`
    : 'how they were run is not known (no sweep.json beside results.jsonl)';
  items.push(`<li>${inp.records.length} grid point(s) and ${inp.controls.length} control(s): ${run}; the grid points' own compute time totals ${cpu.toFixed(1)} s.</li>`);
  return `<ul>${items.join('')}</ul>`;
}

/**
 * What the instance adds to the summary when it is not LPN: on LWE the block size at which Eve's
 * lattice route found s at each n, beside the cost model's, and the least-squares baseline; on the
 * natural control, that Eve wins at every n.
 */
function instanceLines(recs: SweepRecord[]): string[] {
  const rs = recs.filter((r) => r.learn?.separation).sort((a, b) => a.params.n - b.params.n);
  if (!rs.length) return [];
  const out: string[] = [];
  const lwe = rs.filter((r) => r.learn!.separation === 'lwe');
  if (lwe.length) {
    const at = lwe.map((r) => {
      const u = r.learn!.eve.learners.find((l) => l.name === 'usvp');
      const got = u ? (u.beta == null ? `not found (${u.recovered.k}/${u.recovered.n})` : u.beta === 2 ? 'LLL' : `β ${u.beta}`) : 'not run (embedding too large)';
      const sb = r.estimate?.lwe?.smallBeta;
      return `n = ${r.params.n}: ${got}${sb ? `, predicted ${sb.median} [${sb.q1}–${sb.q3}]` : ''}`;
    });
    out.push(
      `<b>LWE: Eve's lattice route.</b> The block size at which s became a basis row of her uSVP embedding (LLL: before any BKZ tour; her schedule stops at β = 20), ` +
        `against the small-β prediction of the first β, median [quartiles], on the same embedding (src/cost/lweSmallBeta.ts; 2 = LLL): ${esc(at.join('; '))}. ` +
        `The estimator's asymptotic model (the table's β) does not go below its smallest priced block size and says only that these sizes are cheap.`,
    );
    const ls = lwe.flatMap((r) => r.learn!.eve.learners.filter((l) => l.name === 'least-squares-mod-q'));
    if (ls.length) out.push(`<b>LWE: least squares mod q</b>, the baseline, recovered s in ${ls.reduce((a, l) => a + l.recovered.k, 0)} of ${ls.reduce((a, l) => a + l.recovered.n, 0)} instances: the errors it absorbs are multiplied by A⁻¹.`);
  }
  const reg = rs.filter((r) => r.learn!.separation === 'gaussian-regression');
  if (reg.length) {
    const won = reg.reduce((a, r) => a + r.learn!.eve.anyRecovered.k, 0);
    const all = reg.reduce((a, r) => a + r.learn!.eve.anyRecovered.n, 0);
    out.push(
      `<b>No separation (the natural control).</b> Eve's ordinary least squares read Alice's values better than Bob does (relative error below θ) in ${won} of ${all} instances ` +
        `from n = ${reg[0].params.n} to ${reg[reg.length - 1].params.n}${won === all ? ', at every n' : ''}: one polynomial fit on (A, z), as the paper predicts for a task that is not cryptographic.`,
    );
  }
  return out;
}

/** An HTML table; cells are HTML already. */
const htmlTable = (head: string[], rows: string[][]): string =>
  `<div class="wide"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>` +
  `${rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;

/** A titled table, or nothing when it has no rows. */
const section = (title: string, head: string[], rows: string[][]): string => (rows.length ? `<h3>${esc(title)}</h3>${htmlTable(head, rows)}` : '');

/**
 * The cost column: LPN's log2 Prange trials; on LWE the session key's level in log2 operations
 * (MATZOV) with the column's primal uSVP β; on the natural control least squares' log2
 * multiply-adds, marked as no hardness.
 */
function estimateCell(r: SweepRecord): string {
  const e = r.estimate;
  if (!e) return '–';
  if (e.lwe) return `${num(e.log2BitOps, 3)} ops <small>(uSVP β ${num(e.lwe.usvpBeta)})</small>`;
  if (e.noHardness) return `${num(e.noHardness.log2Ops, 3)} <small>(least squares, no hardness)</small>`;
  return num(e.log2PrangeTrials, 3);
}

/** The per-point figures in two tables that each fit the column: the learning experiment, the sessions. */
function table(recs: SweepRecord[]): string {
  const learn = recs
    .filter((r) => r.learn || r.estimate)
    .map((r) => {
      const L = r.learn;
      return [
        num(r.params.n), num(r.params.theta), num(r.params.m), num(r.params.w), num(r.spec.eveBudgetMs),
        L ? pct(L.amu.risk) : '–', L ? ms(L.amu.ms) : '–', L ? pct(L.eve.anyRecovered) : '–', esc(L?.eve.best ?? '–'), ms(L?.eve.bestMsToRecover),
        estimateCell(r), `<code>${esc(r.spec.seed)}</code>`,
      ];
    });
  const sessions = recs
    .filter((r) => r.measure)
    .map((r) => {
      const M = r.measure!;
      return [
        num(r.params.n), num(r.params.w), M.efficiency.ell != null ? num(M.efficiency.ell) : esc(String(r.params.ell ?? '–')), num(r.params.L), num(M.sessions),
        pct(M.raw.agreement), num(M.raw.theory, 4), pct(M.key.agreement), pct(M.key.confirmed), num(M.eve.keyBitAgreement, 3),
        num(M.efficiency.beta, 3), num(M.efficiency.reconciliationF, 3),
      ];
    });
  const methods = recs
    .filter((r) => r.measure?.amplification)
    .map((r) => {
      const M = r.measure!;
      const a = M.amplification!;
      const ci = (x: [number, number] | null) => `<small>${x ? `[${x[0].toFixed(3)}, ${x[1].toFixed(3)}]` : `(${TOO_FEW_FOR_INTERVAL})`}</small>`;
      return [
        num(r.params.n), num(r.params.w), M.efficiency.ell != null ? num(M.efficiency.ell) : '–', esc(a.method), num(M.sessions),
        num(M.raw.bits / M.sessions), a.stages.map((x) => num(x.bits)).join(' → '), num(a.f, 3), pct(a.frameErrorRate),
        a.ldpcIterations === null ? '–' : a.ldpcIterations.toFixed(1), `${a.beta.key.toFixed(3)} ${ci(a.beta.keyCi)}`, `${a.beta.pa.toFixed(3)} ${ci(a.beta.paCi)}`,
      ];
    });
  return [
    section('Learning experiment and cost estimate', ['n', 'θ', 'm', 'w', 'budget ms', 'A_μ risk', 'A_μ ms', 'Eve recovered s', 'best learner', 'Eve ms to recover', 'log2 cost (est.)', 'seed'], learn),
    section('Sessions', ['n', 'w', 'ℓ', 'L', 'sessions', 'raw agreement', 'theory', 'key agreed', 'confirmed', 'Eve key-bit agr.', 'β', 'f'], sessions),
    section(
      'Amplification per method (bits out of each stage, summed over sessions: raw → distilled → reconciled, N − leaked → privacy amplification → session key)',
      ['n', 'w', 'ℓ', 'method', 'sessions', 'raw bits/session', 'bits per stage', 'f', 'FER', 'BP iterations', 'β (key)', 'β (PA output)'],
      methods,
    ),
  ]
    .filter(Boolean)
    .join('\n');
}

function eveStages(recs: SweepRecord[]): string {
  const rs = recs.filter((r) => r.measure && r.measure.eve.stages.length);
  if (!rs.length) return '';
  const stages = [...new Set(rs.flatMap((r) => r.measure!.eve.stages.map((s) => s.stage)))];
  const rows = rs.map((r) => {
    const by = new Map(r.measure!.eve.stages.map((s) => [s.stage, s]));
    const cells = stages.map((s) => {
      const e = by.get(s);
      return e ? pct({ p: e.agreement, ci: e.ci }) : '–';
    });
    return [String(r.params.n), String(r.params.w), ...cells];
  });
  return (
    `<h2>Eve per stage</h2><p>Eve's agreement with Alice's bits at each stage of the protocol (50% is a coin toss), with 99% session-clustered intervals.</p>` +
    htmlTable(['n', 'w', ...stages], rows)
  );
}

function controls(cs: ControlResult[]): string {
  if (!cs.length) return '<h2>Controls</h2><p>No controls were run for this sweep.</p>';
  const rows = cs.map(
    (c) =>
      `<tr><td>${esc(c.name)}</td><td>${esc(c.expectation)}</td><td class="${c.passed ? 'ok' : 'bad'}">${c.passed ? 'passed' : 'FAILED'}</td><td>${esc(c.detail)}</td></tr>`,
  );
  return (
    `<h2>Controls</h2><p>A figure of “Eve ≈ 50%” proves nothing unless the pipeline can see Eve win (DESIGN.md §4). ` +
    `These runs check that it can.</p><table><thead><tr><th>control</th><th>expected</th><th>result</th><th>detail</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

const CSS = `body{font:14px/1.45 Helvetica,Arial,sans-serif;max-width:${REPORT_COLUMN_PX}px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
figure{margin:1.5em 0}figcaption{color:#444;max-width:900px}svg{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:right}
th{background:#f5f5f5}.wide td{white-space:nowrap}h3{font-size:1.05em}td small{color:#777}.ok{color:#080;font-weight:bold}.bad{color:#b00;font-weight:bold}
pre{background:#f5f5f5;padding:.6em;overflow-x:auto}.warn{color:#a60}.wide{overflow-x:auto}`;

export function renderReport(inp: ReportInput): string {
  const figs = inp.plots
    .map(
      ({ def, svg }) =>
        `<figure id="${esc(def.name)}">${svg.replace(/^<\?xml[^>]*>\s*/, '')}<figcaption><b>${esc(def.title)}.</b> ${esc(def.caption)} ` +
        `(<a href="${esc(def.name)}.svg">${esc(def.name)}.svg</a>; Vega-Lite spec to restyle: <a href="${esc(def.name)}.vl.json">${esc(def.name)}.vl.json</a>)</figcaption></figure>`,
    )
    .join('\n');
  const left = inp.omitted.length
    ? `<p>Not drawn, as each series would be a single point along the axis: ${inp.omitted.map((o) => `${esc(o.name)} (${esc(o.reason)})`).join('; ')}.</p>`
    : '';
  const notes = reportNotes(inp.records);
  const notesHtml = notes.length ? `<h2>Notes</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(inp.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CSS}</style></head>
<body>
<h1>${esc(inp.title)}</h1>
<p class="warn">Seeded simulation: reproducible and NOT secure. Parameters at and below the <code>demo-256</code> profile are demonstration-grade (DESIGN.md §2).</p>
<h2>Summary</h2>
${summary(inp)}
${notesHtml}
<h2>Plots</h2>
${figs}
${left}
${controls(inp.controls)}
<h2>Parameters and results per point</h2>
<p>Rates are given with 99% intervals in brackets (Wilson over instances or sessions; session-clustered for bit-level rates). Times are medians over the instances at that point. Full records: <a href="results.jsonl">results.jsonl</a>, <a href="results.csv">results.csv</a>.</p>
${table(inp.records)}
${eveStages(inp.records)}
<h2>Regenerate</h2>
<pre>${esc(inp.command)}</pre>
<p>Each point's seed is derived from the sweep seed and the point's parameters, so the same command gives the same records whatever the worker count; only the timings (and whether a learner beats a wall-clock budget) depend on the machine.</p>
</body></html>
`;
}
