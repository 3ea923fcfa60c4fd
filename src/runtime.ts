/**
 * Where this copy of sepka runs from, and how it starts its other processes and threads: the
 * one resolver behind every child process the CLI spawns (the demo's roles, src/demo/lifecycle.ts)
 * and every worker thread (Alice's host, Eve's analyst, the sweep, attack and queue pools).
 *
 * sepka runs either compiled (dist/, built by `npm run build`: the `sepka` bin, the library
 * entry, an installed package) or from its TypeScript sources (vitest, `npm run sepka`, the
 * scripts). dist/ mirrors src/ file for file, so a module's sibling, and a data file found from
 * it (protocols/, package.json), is the same relative path in either tree.
 *
 * Compiled code starts compiled code, with no loader. Sources start sources, and every process
 * and thread then needs a TypeScript loader: the development one in scripts/ (devLoader.mjs for
 * a process, devThread.mjs for a thread; Node 20 threads do not inherit the parent's loader).
 * It is outside the package, and a compiled tree never reaches it.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

/** True when this is dist/ (compiled JavaScript), false when it is the TypeScript sources. */
export const COMPILED = !import.meta.url.endsWith('.ts');

const EXT = COMPILED ? '.js' : '.ts';

/** The workerData key under which devThread.mjs finds the module it is to load. */
const THREAD_MODULE = 'sepkaThreadModule';

/** URL of the sepka module at `path` (relative to the tree, no extension: 'cli/main'). */
export function moduleUrl(path: string): URL {
  return new URL(`./${path}${EXT}`, import.meta.url);
}

const devScript = (name: string): URL => new URL(`../scripts/${name}`, import.meta.url);

/** The node options a child process needs before its script to load this tree (none compiled). */
export function loaderArgs(): string[] {
  return COMPILED ? [] : ['--import', devScript('devLoader.mjs').href];
}

/** The node arguments that run `sepka …args` (the CLI entry of this tree) in a child process. */
export function cliArgs(...args: string[]): string[] {
  return [...loaderArgs(), fileURLToPath(moduleUrl('cli/main')), ...args];
}

/**
 * What a worker thread starts from to run the module at `path`: the file (for piscina's
 * `filename`, or `startThread`) and the workerData to give it (the caller's, plus, from the
 * sources, the module the development bootstrap loads). The module's default export is the
 * task handler piscina calls; a plain thread's module runs on import.
 */
export function threadEntry(path: string, workerData: Record<string, unknown> = {}): { filename: string; workerData: Record<string, unknown> } {
  const url = moduleUrl(path).href;
  if (COMPILED) return { filename: url, workerData };
  return { filename: devScript('devThread.mjs').href, workerData: { ...workerData, [THREAD_MODULE]: url } };
}

/** A worker thread running the module at `path` (see threadEntry). */
export function startThread(path: string, workerData: Record<string, unknown> = {}): Worker {
  const e = threadEntry(path, workerData);
  return new Worker(new URL(e.filename), { workerData: e.workerData });
}
