/**
 * The worker pool behind `sepka sweep`: piscina worker threads, one grid point per
 * task, so a sweep uses every core. `workers: 0` runs the points in the calling thread, one
 * at a time (for debugging, and for stack traces with SEPKA_DEBUG=1).
 *
 * The pool only schedules; it never reorders results into the file itself. Each finished
 * point is handed to `onDone` at once, so the caller can append it to results.jsonl before
 * the next one finishes (that is what makes --resume work after a kill).
 */
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { SepkaError } from '../../errors.ts';
import { pointId, type PointSpec } from './grid.ts';
import { runDistributed, type RedisTarget } from '../../net/jobqueue.ts';
import type { SweepRecord } from './record.ts';
import { threadEntry } from '../../runtime.ts';

export const defaultWorkers = (): number => availableParallelism();

export interface PoolRun {
  points: PointSpec[];
  workers: number;
  /** Called once per finished point, in completion order. */
  onDone(spec: PointSpec, rec: SweepRecord): void;
  /** Called once per failed point; the other points go on. */
  onError(spec: PointSpec, err: unknown): void;
  /** When aborted, no new point starts and running ones are dropped. */
  signal?: AbortSignal;
  /** Run the points on a BullMQ queue in this Redis (`sepka worker` processes) instead of local threads. */
  redis?: RedisTarget;
}

/** Runs every point; resolves when all have finished, failed, or the signal fired. */
export async function runPoints(run: PoolRun): Promise<void> {
  if (run.redis) return runOnQueue(run, run.redis);
  if (run.workers === 0) return runInline(run);
  const pool = new Piscina({
    // Each thread runs job.ts's runPoint, from the tree this module runs from.
    ...threadEntry('measure/sweep/job'),
    minThreads: Math.min(run.workers, run.points.length),
    maxThreads: run.workers,
    // One point at a time per thread: the jobs are CPU-bound and time-budgeted, so running two
    // in one thread would halve each one's share of its budget.
    concurrentTasksPerWorker: 1,
    idleTimeout: 1000,
  });
  const ac = new AbortController();
  // Every queued task listens on the one signal.
  setMaxListeners(run.points.length + 10, ac.signal);
  const onAbort = () => ac.abort();
  run.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(
      run.points.map((spec) =>
        pool.run(spec, { signal: ac.signal }).then(
          (rec: SweepRecord) => {
            if (!ac.signal.aborted) run.onDone(spec, rec);
          },
          (err: unknown) => {
            if (!ac.signal.aborted) run.onError(spec, err);
          },
        ),
      ),
    );
  } finally {
    run.signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
}

async function runInline(run: PoolRun): Promise<void> {
  const { runPoint } = await import('./job.ts');
  for (const spec of run.points) {
    if (run.signal?.aborted) return;
    try {
      const rec = await runPoint(spec);
      if (!run.signal?.aborted) run.onDone(spec, rec);
    } catch (e) {
      run.onError(spec, e);
    }
  }
}

/** The same points as jobs on the distributed queue (src/net/jobqueue.ts); records come back as they finish. */
async function runOnQueue(run: PoolRun, redis: RedisTarget): Promise<void> {
  await runDistributed<PointSpec, SweepRecord>({
    redis,
    kind: 'sweep-point',
    jobs: run.points.map((spec) => ({ id: pointId(spec), spec })),
    signal: run.signal,
    onDone: (_id, spec, rec) => run.onDone(spec, rec),
    onError: (_id, spec, message, refused) => run.onError(spec, refused ? new SepkaError('SEPKA_ERR_USAGE', message) : new Error(message)),
  });
}
