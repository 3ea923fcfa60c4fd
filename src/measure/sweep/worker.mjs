/**
 * Piscina worker entry for `sepka sweep`. Worker threads do not inherit a
 * TypeScript loader when the parent runs under vitest (and only sometimes under tsx), so this
 * small plain-ESM file loads the job module through tsx's scoped `tsImport`, which works the
 * same from the CLI, from vitest and from plain node. Each task is one grid point: a
 * PointSpec in, a SweepRecord out (src/measure/sweep/job.ts).
 */
import { tsImport } from 'tsx/esm/api';

const job = await tsImport('./job.ts', import.meta.url);

export default function runPointTask(spec) {
  return job.runPoint(spec);
}
