/**
 * Worker-thread entry of `sepka worker` (worker.ts): one job per task, off the main thread so
 * that BullMQ keeps renewing the job's lock while a CPU-bound job runs.
 * Task: { kind: 'sweep-point' | 'attack', spec } → the job's record.
 */
import { runPoint } from '../measure/sweep/job.ts';
import { runAttackJob, type AttackJobSpec } from '../attack/job.ts';
import type { JobKind } from '../net/jobqueue.ts';
import type { PointSpec } from '../measure/sweep/grid.ts';

export default function runJob({ kind, spec }: { kind: JobKind; spec: unknown }): unknown {
  if (kind === 'sweep-point') return runPoint(spec as PointSpec);
  if (kind === 'attack') return runAttackJob(spec as AttackJobSpec);
  throw new Error(`unknown job kind ${String(kind)}`);
}
