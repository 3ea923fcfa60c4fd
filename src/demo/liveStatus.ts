/**
 * One live status line on stderr for `sepka demo` and the role processes: redrawn
 * in place on a TTY (carriage return + erase line, ECMA-48 "EL"), and written as plain lines
 * otherwise — only when the step changes, or at most every `plainEveryMs`, so that logs stay
 * readable.
 */
export class LiveStatus {
  private shown = '';
  private lastKey = '';
  private lastPlain = 0;
  private lastDraw = 0;
  private readonly tty: boolean;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly drawEveryMs = 80,
    private readonly plainEveryMs = 2000,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  /** Show `line`; `key` (e.g. the step) forces a plain line when it changes. */
  update(line: string, key = ''): void {
    const now = Date.now();
    if (this.tty) {
      if (now - this.lastDraw < this.drawEveryMs && key === this.lastKey) return;
      const cols = this.out.columns || 100;
      this.shown = line.length > cols - 1 ? line.slice(0, cols - 2) + '…' : line;
      this.out.write(`\r\x1b[2K${this.shown}`);
      this.lastDraw = now;
    } else if (key !== this.lastKey || now - this.lastPlain >= this.plainEveryMs) {
      this.out.write(line + '\n');
      this.lastPlain = now;
    }
    this.lastKey = key;
  }

  /** A permanent line above the status line. */
  log(line: string): void {
    if (this.tty && this.shown) this.out.write(`\r\x1b[2K${line}\n${this.shown}`);
    else this.out.write(line + '\n');
  }

  /** Erase the status line (TTY) before the final output. */
  clear(): void {
    if (this.tty && this.shown) this.out.write('\r\x1b[2K');
    this.shown = '';
  }
}
