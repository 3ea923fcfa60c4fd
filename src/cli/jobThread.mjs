/**
 * Worker-thread entry of `sepka worker`: one job per task, off the main thread so
 * that BullMQ keeps renewing the job's lock while a CPU-bound job runs. Plain ESM loading the
 * TypeScript job modules through tsx's tsImport, like src/measure/sweep/worker.mjs.
 * Task: { kind: 'sweep-point' | 'attack', spec, profile } → the job's record. The spec came
 * from the queue: it is checked as user input, and a sweep point reads its profile by name or
 * from the job's `profile`, never from a file path (src/measure/sweep/specCheck.ts).
 */
import { tsImport } from 'tsx/esm/api';

const sweep = await tsImport('../measure/sweep/job.ts', import.meta.url);
const attack = await tsImport('../attack/job.ts', import.meta.url);

export default function runJob({ kind, spec, profile }) {
  if (kind === 'sweep-point') return sweep.runPoint(spec, { remote: true, profile });
  if (kind === 'attack') return attack.runAttackJob(spec);
  throw new Error(`unknown job kind ${kind}`);
}
