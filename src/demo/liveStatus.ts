/**
 * One live status line on stderr for `sepka demo` and the role processes: redrawn
 * in place on a TTY (carriage return + erase line, ECMA-48 "EL"), and written as plain lines
 * otherwise — only when the step changes, or at most every `plainEveryMs`, so that logs stay
 * readable. Either way a line is cut to fit (the terminal's width, or WIDTH = 100 columns in a
 * log), ending in '…': a status line is one line.
 */
import { visibleWidth, WIDTH } from '../term.ts';

/** `line` cut to `cols` columns, the last one '…' when it was longer. */
const fitTo = (line: string, cols: number): string => (visibleWidth(line) > cols ? [...line].slice(0, cols - 1).join('') + '…' : line);

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
      // One column short of the terminal's: a full-width line would wrap on some terminals.
      this.shown = fitTo(line, (this.out.columns || WIDTH + 1) - 1);
      this.out.write(`\r\x1b[2K${this.shown}`);
      this.lastDraw = now;
    } else if (key !== this.lastKey || now - this.lastPlain >= this.plainEveryMs) {
      this.out.write(fitTo(line, WIDTH) + '\n');
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
