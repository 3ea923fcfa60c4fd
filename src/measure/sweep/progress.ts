/**
 * Progress bar with ETA for `sepka sweep`, on stderr (stdout stays clean for --json, DESIGN.md
 * §6). On a terminal the bar redraws in place; otherwise (a log file, CI) one line is printed
 * per finished point. The ETA is the mean wall time between completions in this run times the
 * points left; points run in parallel, so that mean already accounts for the worker count.
 */

export interface ProgressSink {
  write(s: string): unknown;
  isTTY?: boolean;
}

function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export class Progress {
  private done = 0;
  private failed = 0;
  private readonly t0 = performance.now();
  private lastLen = 0;

  constructor(
    private readonly total: number,
    skipped: number,
    private readonly sink: ProgressSink | null,
    private readonly width = 24,
  ) {
    if (skipped > 0) this.sink?.write(`sepka sweep: resuming: ${skipped} point(s) already in results.jsonl\n`);
    this.draw('');
  }

  /** One point finished (or failed); `label` names it. */
  tick(label: string, ok = true): void {
    if (ok) this.done++;
    else this.failed++;
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
    const eta = finished === 0 ? NaN : (elapsed / finished) * left;
    const frac = this.total === 0 ? 1 : finished / this.total;
    const filled = Math.round(frac * this.width);
    const bar = '#'.repeat(filled) + '.'.repeat(this.width - filled);
    const fail = this.failed ? `, ${this.failed} failed` : '';
    return `[${bar}] ${finished}/${this.total} points${fail}  elapsed ${formatDuration(elapsed)}  ETA ${left === 0 ? '0s' : formatDuration(eta)}`;
  }

  private draw(label: string): void {
    if (!this.sink) return;
    const text = this.line() + (label ? `  (${label})` : '');
    if (this.sink.isTTY) {
      this.sink.write('\r' + text.padEnd(this.lastLen));
      this.lastLen = text.length;
    } else if (label) {
      this.sink.write(text + '\n');
    }
  }
}
