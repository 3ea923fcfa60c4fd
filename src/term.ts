/**
 * Terminal conventions for human output: a width of 100 columns, a word wrap
 * that keeps to it, and colour only where it can help and cannot hurt.
 *
 * Colour follows https://no-color.org: none when NO_COLOR is set to anything but the empty
 * string; otherwise only when the stream is a terminal (a pipe or a file gets plain text, so
 * logs and `grep` see no escape codes). FORCE_COLOR (as in Node and chalk) turns it on for a
 * pipe when set to anything but '' or '0'; NO_COLOR wins over it.
 */

/** Every line of human output fits in this many columns (tests check it). */
export const WIDTH = 100;

export interface Stream {
  isTTY?: boolean;
}

/** Whether to colour what goes to `stream`, under the environment `env`. */
export function colourOn(stream: Stream, env: Record<string, string | undefined> = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

const SGR = { bold: 1, red: 31, green: 32, yellow: 33 } as const;
export type Style = keyof typeof SGR;

/** `s` in `style` when `on`, else `s` unchanged. */
export const paint = (style: Style, s: string, on: boolean): string => (on ? `\x1b[${SGR[style]}m${s}\x1b[0m` : s);

/** A painter bound to one stream's decision. */
export const painter = (stream: Stream, env?: Record<string, string | undefined>) => {
  const on = colourOn(stream, env);
  return (style: Style, s: string) => paint(style, s, on);
};

// eslint-disable-next-line no-control-regex
const SGR_RE = /\x1b\[[0-9;]*m/g;

/** Columns `s` takes on a terminal (SGR codes take none; every code point one column). */
export const visibleWidth = (s: string): number => [...s.replace(SGR_RE, '')].length;

/**
 * `text` broken at spaces into lines of at most `width` columns; continuation lines start with
 * `indent`. A line that fits is returned as written; a word longer than a line stays whole (it
 * is never cut mid-word).
 */
export function wrap(text: string, indent = '', width = WIDTH): string[] {
  if (visibleWidth(text) <= width) return [text]; // as written, runs of spaces included
  const lead = /^\s*/.exec(text)![0];
  const words = text.slice(lead.length).split(/ +/);
  const out: string[] = [];
  let line = lead;
  for (const w of words) {
    const sep = line.trim() === '' ? '' : ' ';
    if (line.trim() !== '' && visibleWidth(line + sep + w) > width) {
      out.push(line);
      line = indent + w;
    } else line += sep + w;
  }
  out.push(line);
  return out;
}

/**
 * Help text reflowed to `width`: a longer line is wrapped at spaces, its continuation lines
 * indented to where its text starts — after `usage: sepka CMD ` on a usage line, at the
 * description column (after a run of two spaces) on an option line, else at its own indent.
 */
export function reflowHelp(text: string, width = WIDTH): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (visibleWidth(line) <= width) return [line];
      const usage = /^(usage: |\s+)sepka \S+ /.exec(line);
      const option = /^(\s*\S.*?\S {2,})\S/.exec(line);
      const col = usage ? usage[0].length : option && option[1].length < width / 2 ? option[1].length : /^\s*/.exec(line)![0].length;
      // The head (up to `col`) is kept as written, runs of spaces included; the rest is wrapped.
      const pad = ' '.repeat(col);
      const lines = wrap(pad + line.slice(col).trimStart(), pad, width);
      lines[0] = line.slice(0, col) + lines[0].slice(col);
      return lines;
    })
    .join('\n');
}
