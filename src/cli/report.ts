/**
 * `sepka report DIR [--out DIR2] [--png] [--json]` (DESIGN.md §6): rebuilds a
 * sweep's results.csv, plots and report.html from DIR/results.jsonl without running anything.
 * With DIR/sweep.json beside it (every sweep writes one) the report is byte for byte the one the
 * sweep wrote; --out writes into another directory, with copies of results.jsonl and sweep.json
 * so that the report's links hold.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, printJson } from './args.ts';
import { SepkaError } from '../errors.ts';

const usage = `usage: sepka report DIR [--out DIR2] [--png] [--json]

Rebuilds a sweep's report from DIR/results.jsonl without recomputing anything: results.csv,
one SVG and one Vega-Lite spec (.vl.json) per plot, and report.html. The title, the command
and the last run's wall time come from DIR/sweep.json, which every sweep writes; with both
files the report is identical to the one the sweep wrote.

options:
  --out DIR2   write into DIR2 instead of DIR (results.jsonl and sweep.json are copied there)
  --png        also write a PNG of each plot (2× size, for slides and papers)
  --json       print one JSON object: the directory, the records, the files written
               (schemas/report.schema.json)`;

const cmd: Command = {
  summary: "rebuild a sweep's report (CSV, plots, report.html) from its results.jsonl",
  usage,
  options: { out: { type: 'string' }, png: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1, name: 'DIR' },
  async run(v, [dir]) {
    const startedAt = new Date();
    const { RESULTS, RUN_FILE, readRunInfo, writeOutputs } = await import('../measure/sweep/outputs.ts');
    const { ensureDir, loadResults } = await import('../measure/sweep/store.ts');
    const path = join(dir, RESULTS);
    if (!existsSync(path)) throw new SepkaError('SEPKA_ERR_USAGE', `${path} does not exist: DIR must be a sweep's output directory`);
    const { records, dropped } = loadResults(path);
    if (records.length === 0) throw new SepkaError('SEPKA_ERR_USAGE', `${path} holds no records`);
    const info = readRunInfo(dir) ?? { title: 'sepka sweep', command: `(not known: ${join(dir, RUN_FILE)} is missing)`, run: null };
    const out = v.out === undefined ? dir : String(v.out);
    if (out === '') throw new SepkaError('SEPKA_ERR_USAGE', '--out: empty directory name');
    ensureDir(out);
    const copied: string[] = [];
    if (resolve(out) !== resolve(dir))
      for (const f of [RESULTS, RUN_FILE])
        if (existsSync(join(dir, f))) {
          copyFileSync(join(dir, f), join(out, f));
          copied.push(join(out, f));
        }
    const files = [...copied, ...(await writeOutputs(out, records, info, { png: !!v.png }))];
    if (dropped) process.stderr.write(`sepka report: ${path}: dropped an unterminated last line (a sweep killed mid-write)\n`);
    if (v.json) printJson({ dir, out, records: records.length, files }, (await import('../meta.ts')).runMeta({ startedAt, random: false }));
    else {
      process.stdout.write(`report: ${records.length} record(s) from ${path}\n`);
      for (const f of files) process.stdout.write(`  ${f}\n`);
    }
    return 0;
  },
};
export default cmd;
