/**
 * `sepka sweep` engine: run a grid of points on a worker pool, append each record to
 * results.jsonl as it finishes, resume from that file, and write results.csv, the plots (SVG
 * and Vega-Lite spec) and a self-contained report.html (outputs.ts, shared with `sepka report`).
 *
 * Points whose id is already in results.jsonl are skipped with --resume; the outputs are then
 * built from the stored and the new records together, in grid order, so a resumed sweep writes
 * the same files as an uninterrupted one.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isSepkaError, SepkaError } from '../../errors.ts';
import { checkRedis, type RedisTarget } from '../../net/jobqueue.ts';
import { pointId, type PointSpec } from './grid.ts';
import { RESULTS, RUN_FILE, writeOutputs, writeRunInfo } from './outputs.ts';
import { runPoints } from './pool.ts';
import type { ControlResult } from '../report.ts';
import { judgeControls } from './controls.ts';
import { validateSpec } from './job.ts';
import { Progress, type ProgressSink } from './progress.ts';
import type { SweepRecord } from './record.ts';
import { appendRecord, ensureDir, openForResume, openFresh } from './store.ts';

export interface SweepOptions {
  points: PointSpec[];
  out: string;
  workers: number;
  resume?: boolean;
  /** Start over even if results.jsonl exists. */
  force?: boolean;
  /** The command line that regenerates this sweep (shown in the report). */
  command: string;
  title?: string;
  /** Where the progress bar goes (null: nowhere). */
  progress?: ProgressSink | null;
  /**
   * Called after each record is appended, with the number appended in this run; returning true
   * stops the sweep right there, as a kill would (no outputs are written). For tests.
   */
  afterPoint?: (appended: number) => boolean;
  /**
   * Called once the inputs have been checked and the output directory prepared, before the
   * first point runs (the CLI prints its seeded-run warning here, so that a usage error stays
   * the only line on stderr).
   */
  onReady?: () => void;
  /** Also write a PNG of each plot (png.ts). */
  png?: boolean;
  /** Distributed backend: the points go on this Redis's BullMQ queue for `sepka worker`s. */
  redis?: RedisTarget;
  /** Aborting stops the sweep as a kill would (what finished is in results.jsonl; no outputs written). */
  signal?: AbortSignal;
}

export interface SweepResult {
  /** Records of the grid's points, in grid order (stored and new). */
  records: SweepRecord[];
  computed: number;
  skipped: number;
  failed: { id: string; spec: PointSpec; message: string; refused?: boolean }[];
  controls: ControlResult[];
  /** True when `afterPoint` stopped the sweep. */
  stopped: boolean;
  wallMs: number;
  files: string[];
}

export async function runSweep(o: SweepOptions): Promise<SweepResult> {
  const t0 = performance.now();
  for (const p of o.points) validateSpec(p);
  if (o.redis) await checkRedis(o.redis.url);
  ensureDir(o.out);
  const path = join(o.out, RESULTS);
  if (!o.resume && !o.force && existsSync(path) && statSync(path).size > 0) {
    throw new SepkaError('SEPKA_ERR_USAGE', `${path} exists: pass --resume to continue that sweep or --force to start over`);
  }
  const stored = new Map<string, SweepRecord>();
  if (o.resume) for (const r of openForResume(path).records) stored.set(r.id, r);
  else openFresh(path);
  const title = o.title ?? 'sepka sweep';
  writeRunInfo(o.out, { title, command: o.command, run: null });

  o.onReady?.();

  const ids = o.points.map(pointId);
  const todo = o.points.filter((_, i) => !stored.has(ids[i]));
  const parallel = o.redis ? undefined : Math.max(1, Math.min(o.workers, todo.length));
  const progress = new Progress(todo.length, o.points.length - todo.length, o.progress ?? null, parallel);
  const fresh = new Map<string, SweepRecord>();
  const failed: SweepResult['failed'] = [];
  const ac = new AbortController();
  let stopped = false;
  const onAbort = () => {
    stopped = true;
    ac.abort();
  };
  if (o.signal?.aborted) onAbort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  await runPoints({
    redis: o.redis,
    points: todo,
    workers: Math.max(0, Math.min(o.workers, todo.length)),
    signal: ac.signal,
    onDone(spec, rec) {
      appendRecord(path, rec);
      fresh.set(rec.id, rec);
      progress.tick(label(spec), true, rec.ms);
      if (o.afterPoint?.(fresh.size)) {
        stopped = true;
        ac.abort();
      }
    },
    onError(spec, err) {
      const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
      failed.push({ id: pointId(spec), spec, message, refused: isSepkaError(err) });
      progress.tick(`${label(spec)} FAILED: ${message}`, false);
    },
  });
  progress.end();
  o.signal?.removeEventListener('abort', onAbort);

  const records = ids.map((id) => fresh.get(id) ?? stored.get(id)).filter((r): r is SweepRecord => r !== undefined);
  const result: SweepResult = {
    records,
    computed: fresh.size,
    skipped: o.points.length - todo.length,
    failed,
    controls: [],
    stopped,
    wallMs: 0,
    files: [],
  };
  if (!stopped) {
    result.controls = judgeControls(records);
    result.wallMs = performance.now() - t0;
    const run = { workers: o.workers, wallMs: Math.round(result.wallMs), computed: result.computed, resumed: result.skipped };
    const info = { title, command: o.command, run };
    writeRunInfo(o.out, info);
    result.files = [path, join(o.out, RUN_FILE), ...(await writeOutputs(o.out, records, info, { png: o.png }))];
  }
  result.wallMs = performance.now() - t0;
  return result;
}

const label = (p: PointSpec): string =>
  [
    p.control ? `control ${p.control}` : '',
    p.n !== null ? `n=${p.n}` : '',
    p.theta !== undefined ? `θ=${p.theta}` : '',
    p.m !== undefined ? `m=${p.m}` : '',
    typeof p.w === 'number' ? `w=${p.w}` : '',
    p.ell !== null ? `ℓ=${p.ell}` : '',
    p.distill ?? '',
    p.pairRounds !== undefined ? `rounds=${p.pairRounds}` : '',
    p.reconciler ?? '',
  ]
    .filter(Boolean)
    .join(' ') || p.protocol;
