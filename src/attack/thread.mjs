/**
 * Piscina worker entry for local `sepka attack` runs: one attack job per task
 * (src/attack/job.ts), loaded through tsx's tsImport as src/measure/sweep/worker.mjs does.
 */
import { tsImport } from 'tsx/esm/api';

const job = await tsImport('./job.ts', import.meta.url);

export default function runAttackTask(spec) {
  return job.runAttackJob(spec);
}
