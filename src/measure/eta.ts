/**
 * Time left for a run of independent items (sweep points, measure sessions) on P parallel
 * runners, for the progress lines of `sepka sweep` and `sepka measure`.
 *
 * The naive estimate, elapsed / finished × left, overshoots early whenever items run in
 * parallel: the first of P items started together finishes after one item's time T while the
 * other P − 1 are almost done, and the naive figure is T × left instead of T × left / P — a
 * P-fold overshoot (2× on the 2-core machine these figures were first seen on). Here the time
 * per item is the mean of the finished items' own durations, and the left items share the P
 * runners: ETA = left × mean / min(P, left). Each item's duration is measured where it runs, so
 * the figure does not count the start-up time before the first item began.
 *
 * Before any item has finished there is no estimate unless a prior per-item time is given; the
 * prior then counts as `priorWeight` items in the mean (a shrinkage estimate), so one slow or
 * fast first item moves the figure only part of the way.
 *
 * Where P is unknown (a Redis queue with any number of workers) the observed throughput is used
 * instead: finished items per elapsed time, which is exact once every runner has finished one.
 */

export interface EtaOptions {
  total: number;
  /** Parallel runners; undefined: unknown (observed throughput). */
  parallel?: number;
  /** Prior time per item, ms, and its weight in items (default 2). */
  priorMs?: number;
  priorWeight?: number;
}

export class Eta {
  private finished = 0;
  private timed = 0;
  private sumMs = 0;

  constructor(private readonly o: EtaOptions) {}

  /** One item finished; `durationMs` is its own run time (undefined: unknown, e.g. it failed). */
  done(durationMs?: number): void {
    this.finished++;
    if (durationMs === undefined || !Number.isFinite(durationMs)) return;
    this.timed++;
    this.sumMs += Math.max(0, durationMs);
  }

  get left(): number {
    return Math.max(0, this.o.total - this.finished);
  }

  /** Mean time per item, ms (NaN before any data). */
  perItemMs(): number {
    const k = this.o.priorMs === undefined ? 0 : (this.o.priorWeight ?? 2);
    const n = this.timed + k;
    return n === 0 ? NaN : (this.sumMs + k * (this.o.priorMs ?? 0)) / n;
  }

  /** Estimated ms until every item has finished, `elapsedMs` into the run (NaN: no estimate yet). */
  etaMs(elapsedMs: number): number {
    const left = this.left;
    if (left === 0) return 0;
    const P = this.o.parallel;
    if (P === undefined) return this.finished === 0 ? NaN : (elapsedMs / this.finished) * left;
    return (left * this.perItemMs()) / Math.max(1, Math.min(P, left));
  }
}

/** A duration as 42s, 3m07s, 2h05m; '?' when unknown. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
