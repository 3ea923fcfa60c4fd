/**
 * Progress bar with ETA for `sepka sweep`, on stderr (stdout stays clean for --json, DESIGN.md
 * §6). On a terminal the bar redraws in place; otherwise (a log file, CI) one line is printed
 * per finished point. The ETA (src/measure/eta.ts) shares the points left among the workers at
 * the mean of the finished points' own run times, so the first point to finish of a batch that
 * ran in parallel does not multiply the estimate by the worker count.
 */
import { Eta, formatDuration } from '../eta.ts';
import { WIDTH } from '../../term.ts';

export interface ProgressSink {
  write(s: string): unknown;
  isTTY?: boolean;
}

export class Progress {
  private done = 0;
  private failed = 0;
  private readonly t0 = performance.now();
  private lastLen = 0;
  private readonly eta: Eta;

  /** `parallel`: the points that run at once (undefined: unknown, as on a Redis queue). */
  constructor(
    private readonly total: number,
    skipped: number,
    private readonly sink: ProgressSink | null,
    parallel?: number,
    private readonly width = 24,
  ) {
    this.eta = new Eta({ total, parallel });
    if (skipped > 0) this.sink?.write(`sepka sweep: resuming: ${skipped} point(s) already in results.jsonl\n`);
    this.draw('');
  }

  /** One point finished (or failed); `label` names it, `ms` is its own run time when known. */
  tick(label: string, ok = true, ms?: number): void {
    if (ok) this.done++;
    else this.failed++;
    this.eta.done(ms);
    this.draw(label);
  }

  end(): void {
    if (this.sink?.isTTY && this.lastLen > 0) this.sink.write('\n');
    this.lastLen = 0;
  }

  line(): string {
    const finished = this.done + this.failed;
    const elapsed = performance.now() - this.t0;
    const left = this.total - finished;
    const eta = this.eta.etaMs(elapsed);
    const frac = this.total === 0 ? 1 : finished / this.total;
    const filled = Math.round(frac * this.width);
    const bar = '#'.repeat(filled) + '.'.repeat(this.width - filled);
    const fail = this.failed ? `, ${this.failed} failed` : '';
    return `[${bar}] ${finished}/${this.total} points${fail}  elapsed ${formatDuration(elapsed)}  ETA ${left === 0 ? '0s' : formatDuration(eta)}`;
  }

  private draw(label: string): void {
    if (!this.sink) return;
    let text = this.line() + (label ? `  (${label})` : '');
    if (this.sink.isTTY) {
      // Redrawn in place: a line wider than the terminal would wrap and scroll instead.
      if (text.length > WIDTH) text = text.slice(0, WIDTH - 1) + '…';
      this.sink.write('\r' + text.padEnd(this.lastLen));
      this.lastLen = text.length;
    } else if (label) {
      this.sink.write(text + '\n');
    }
  }
}
