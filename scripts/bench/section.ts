/**
 * The shape of one `npm run bench` section. Each section lives in scripts/bench/<name>.ts,
 * default-exports a `BenchSection`, and is listed in scripts/bench.ts. Its records become the
 * value of the top-level key `<name>` in `npm run bench -- --json`.
 */
import { median } from '../../src/stats.ts';

export interface BenchSection<R = unknown> {
  /** JSON key and `--only` value. */
  readonly name: string;
  /** Measure; `progress` writes a line to stderr (never stdout, which `--json` reserves). */
  run(progress: (line: string) => void): R[] | Promise<R[]>;
  /** Human-readable report of the records (several lines, no trailing newline). */
  format(records: R[]): string;
}

/** Median wall time in ms of `fn`, with a fresh `setup()` value per repeat (setup not timed). */
export function timeMedian<T>(
  setup: () => T,
  fn: (x: T) => unknown,
  opts: { minReps: number; maxReps: number; budgetMs: number },
): { ms: number; reps: number } {
  // Warm-up (≥ 3 calls and ≥ 50 ms, at most 1000 calls) so that V8 has optimised the kernels.
  for (let i = 0, t0 = performance.now(); i < 1000 && (i < 3 || performance.now() - t0 < 50); i++) fn(setup());
  const times: number[] = [];
  let total = 0;
  while (times.length < opts.minReps || (total < opts.budgetMs && times.length < opts.maxReps)) {
    const x = setup();
    const t0 = performance.now();
    fn(x);
    const dt = performance.now() - t0;
    times.push(dt);
    total += dt;
  }
  return { ms: median(times), reps: times.length };
}
