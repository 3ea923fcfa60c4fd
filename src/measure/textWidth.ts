/**
 * Text widths for laying out the plots without a browser. Headless vega has
 * no canvas to measure text, and its fallback guesses 0.8 em per character, about 1.5× too
 * wide for Helvetica: legends then reserve empty space, and an SVG comes out wider than the
 * report column. These are the advance widths of Helvetica/Arial (read from Liberation Sans,
 * which is metric-compatible with both), in 1/1000 em, so the layout is the same on every
 * machine whatever fonts it has.
 */

/** Advance widths of U+0020…U+007E, regular weight. */
const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
  278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
  611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,
  556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
/** The same, bold. */
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
  333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667,
  611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889,
  611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];
/** Non-ASCII characters the plots use: [regular, bold]. */
const EXTRA: Record<string, [number, number]> = {
  θ: [556, 541], μ: [576, 612], ε: [446, 475], β: [575, 610], δ: [557, 606], ℓ: [323, 489], '√': [549, 549], '≈': [549, 549],
  '−': [584, 584], '–': [556, 556], '—': [1000, 1000], '×': [584, 584], '·': [278, 278], '²': [333, 333], '³': [333, 333],
  '±': [549, 549], '≤': [549, 549], '≥': [549, 549], '…': [1000, 1000], '’': [222, 278], '→': [1000, 1000],
};
/** Anything else: a wide guess, so that text is never laid out narrower than it draws. */
const OTHER = 650;

/** Width in px of `text` at `sizePx`, regular or bold. */
export function textWidthPx(text: string, sizePx: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    em += c >= 32 && c <= 126 ? table[c - 32] : (EXTRA[ch]?.[bold ? 1 : 0] ?? OTHER);
  }
  return (em * sizePx) / 1000;
}
