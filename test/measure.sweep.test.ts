/**
 * `sepka sweep`: the same seed gives the same records whatever the worker count; a
 * sweep stopped halfway — by a hook, and by a real SIGKILL of the CLI process — and rerun with
 * --resume computes only the missing points; outputs carry one plot mark per point.
 *
 * Budgets are given in trials (with a generous time cap) so whether Eve succeeds does not depend
 * on the machine's speed; timing fields are stripped before comparing (sweep/record.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expandGrid, pointId } from '../src/measure/sweep/grid.ts';
import { byId, fileRecords, GRID, MEASURE_GRID } from './helpers/sweepGrid.ts';
import { countPointMarks } from '../src/measure/plot.ts';
import { runSweep } from '../src/measure/sweep/sweep.ts';
import { controlPoints, judgeControls } from '../src/measure/sweep/controls.ts';
import { runPoint } from '../src/measure/sweep/job.ts';
import { loadResults } from '../src/measure/sweep/store.ts';
import { expectValid } from './helpers/schema.ts';
import { tmpDirs } from './helpers/tmp.ts';

const tmp = tmpDirs('sepka-sweep-');
/** CLI processes started by a test; killed afterwards even when an assertion failed first. */
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('sepka sweep', () => {
  it('gives identical results.jsonl content (sorted, timings stripped) with 1 worker and with 2', async () => {
    const learnPoints = expandGrid(GRID);
    const points = [...learnPoints, ...expandGrid(MEASURE_GRID)];
    const [d1, d2] = [tmp(), tmp()];
    const r1 = await runSweep({ points, out: d1, workers: 1, command: 'test' });
    const r2 = await runSweep({ points, out: d2, workers: 2, command: 'test' });
    expect(r1.computed).toBe(points.length);
    expect(r2.computed).toBe(points.length);
    expect(r1.failed).toEqual([]);
    const [a, b] = [fileRecords(d1), fileRecords(d2)];
    expect(a.length).toBe(points.length);
    expect(a).toEqual(b);
    // The records are not trivially equal: they carry the per-point derived seeds and results.
    expect(new Set(a.map((r) => r.seed)).size).toBe(points.length);
    expect(a.filter((r) => r.learn && r.learn.amu.recovered.k === GRID.learnReps).length).toBe(learnPoints.length);
    expect(a.filter((r) => r.measure && r.measure.raw.bits > 0).length).toBe(points.length - learnPoints.length);

    // Outputs: CSV with a header and one row per point, the report, one plot mark per point,
    // each plot's Vega-Lite spec beside its SVG. MEASURE_GRID has one w per n and one ℓ per
    // point, so agreement and amplification are left out (test/measure.plot.test.ts draws them).
    const svgs = ['separation.svg', 'eve-success.svg'];
    for (const f of ['results.csv', 'report.html', 'sweep.json', ...svgs, ...svgs.map((s) => s.replace('.svg', '.vl.json'))]) expect(existsSync(join(d1, f)), f).toBe(true);
    for (const f of ['agreement.svg', 'amplification.svg']) expect(existsSync(join(d1, f)), f).toBe(false);
    expect(readFileSync(join(d1, 'results.csv'), 'utf8').trimEnd().split('\r\n').length).toBe(points.length + 1);
    const marks = (f: string) => countPointMarks(readFileSync(join(d1, f), 'utf8'));
    const nl = learnPoints.length;
    expect(marks('separation.svg')).toEqual({ pt_amu: nl, pt_eve: nl });
    expect(marks('eve-success.svg')).toEqual({ pt_success: nl });
    const html = readFileSync(join(d1, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // self-contained, no network
    expect((html.match(/<svg /g) ?? []).length).toBe(r1.files.filter((f) => f.endsWith('.svg')).length);
    expect(html).toMatch(/Not drawn, as each series would be a single point along the axis: agreement \(one w per n/);
  });

  it('resumes after a stop halfway, computing only the missing points', async () => {
    const points = expandGrid({ ...GRID, n: [12, 14, 16, 18, 20] });
    const dir = tmp();
    const first = await runSweep({ points, out: dir, workers: 1, command: 'test', afterPoint: (k) => k >= 2 });
    expect(first.stopped).toBe(true);
    expect(loadResults(join(dir, 'results.jsonl')).records.length).toBe(2);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    // A kill can tear the last line: resume must drop it and not glue the next record onto it.
    appendFileSync(join(dir, 'results.jsonl'), '{"v":1,"id":"torn');

    await expect(runSweep({ points, out: dir, workers: 1, command: 'test' })).rejects.toThrow(/--resume/);
    const second = await runSweep({ points, out: dir, workers: 2, command: 'test', resume: true });
    expect(second.skipped).toBe(2);
    expect(second.computed).toBe(3);
    const loaded = loadResults(join(dir, 'results.jsonl'));
    expect(loaded.dropped).toBe(0);
    expect(loaded.records.map((r) => r.id).sort()).toEqual(points.map(pointId).sort());

    const full = await runSweep({ points, out: tmp(), workers: 2, command: 'test' });
    expect(byId(second.records)).toEqual(byId(full.records));
  });

  it('the oracle-Eve control passes with Eve handed ŝ, and fails on the same sessions without it', async () => {
    const like = expandGrid({ ...GRID, n: [40], sessions: [1], parts: ['measure'] })[0];
    const oracle = controlPoints(like).find((p) => p.control === 'oracle')!;
    const rec = await runPoint(oracle);
    const [judged] = judgeControls([rec]);
    expect(judged.passed, judged.detail).toBe(true);
    const raw = rec.measure!.eve.stages.find((x) => x.stage === 'raw (vs Alice)')!;
    expect(raw.n).toBeGreaterThan(0);
    expect(raw.k).toBe(raw.n);
    // The same point run as an ordinary one (Eve without ŝ and with no budget), judged as the
    // oracle: the judge must see that she does not match Alice.
    const blind = await runPoint({ ...oracle, control: null, eveBudgetMs: 0 });
    expect(judgeControls([{ ...blind, spec: oracle }])[0].passed).toBe(false);
  });

  it('resumes after a real SIGKILL of the CLI', async () => {
    const dir = tmp();
    const args = [
      '--import', 'tsx', 'src/cli/main.ts', 'sweep', '--protocol', 'toy-insecure', '--n', '12,14,16,18,20,22,24,26', '--parts', 'learn',
      '--reps', '3', '--learners', 'pooled-gauss', '--eve-budget-trials', '3000', '--seed', '3', '--test', '200',
      '--no-controls', '--workers', '1', '--out', dir,
    ];
    const results = join(dir, 'results.jsonl');
    const lines = () => (existsSync(results) ? readFileSync(results, 'utf8').split('\n').filter((l) => l.trim()).length : 0);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    children.push(child);
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_c, sig) => res(sig)));
    while (lines() < 2 && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const done = loadResults(results).records.length;
    expect(done).toBeGreaterThanOrEqual(2);
    // Eight points of ≈ 250 ms each: the kill after two lands with ≈ 1.5 s of work to spare.
    expect(done).toBeLessThan(8);

    const rerun = spawn(process.execPath, [...args, '--resume', '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(rerun);
    let out = '';
    rerun.stdout.on('data', (b) => (out += b));
    const code = await new Promise<number | null>((res) => rerun.on('close', (c) => res(c)));
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expectValid('sweep', summary);
    expect(summary.skipped).toBe(done);
    expect(summary.computed).toBe(8 - done);
    expect(loadResults(results).records.length).toBe(8);
  });
});
