/**
 * Worker-thread entry for sepka run from its sources (development only; src/runtime.ts
 * threadEntry): Node 20 threads do not inherit the parent's loader, so this registers it
 * (devLoader.mjs) and then loads the .ts module named in workerData.sepkaThreadModule. Its
 * default export is the module's (the task handler piscina calls).
 */
import { workerData } from 'node:worker_threads';
import './devLoader.mjs';

const m = await import(workerData.sepkaThreadModule);

export default m.default;
