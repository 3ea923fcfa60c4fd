/**
 * Worker-thread entry of `sepka worker` (worker.ts): one job per task, off the main thread so
 * that BullMQ keeps renewing the job's lock while a CPU-bound job runs.
 * Task: { kind: 'sweep-point' | 'attack', spec, profile } → the job's record. The spec came
 * from the queue: it is checked as user input, and a sweep point reads its profile by name or
 * from the job's `profile`, never from a file path (src/measure/sweep/specCheck.ts).
 */
import { runPoint } from '../measure/sweep/job.ts';
import { runAttackJob, type AttackJobSpec } from '../attack/job.ts';
import type { JobKind } from '../net/jobqueue.ts';
import type { PointSpec } from '../measure/sweep/grid.ts';

export default function runJob({ kind, spec, profile }: { kind: JobKind; spec: unknown; profile?: unknown }): unknown {
  if (kind === 'sweep-point') return runPoint(spec as PointSpec, { remote: true, profile });
  if (kind === 'attack') return runAttackJob(spec as AttackJobSpec);
  throw new Error(`unknown job kind ${String(kind)}`);
}
