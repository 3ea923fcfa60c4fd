/**
 * Text from outside (a peer's close or abort reason, an echoed URL, a profile's field name)
 * made safe to print.
 *
 * A terminal acts on C0 controls (ESC starts CSI/OSC sequences, BEL rings, CR rewrites the
 * line), on C1 controls (U+009B is an 8-bit CSI that many terminals honour) and a reader is
 * misled by Unicode bidi controls (U+202E reverses the text after it: "Trojan Source",
 * CVE-2021-42574). `safeText` replaces each such code point with a visible escape (`\x1b`,
 * `\u009b`, `\u202e`) so the reason stays readable and nothing is acted on; the same string
 * goes to stderr, stdout and JSON, so every output shows the same thing.
 *
 * `safeUrl` does the same for a URL and drops its credentials (user:password@), which must
 * never reach a log.
 *
 * `safeJson` is JSON.stringify for a terminal: JSON.stringify escapes C0 and lone surrogates
 * but writes DEL, C1, bidi controls and U+2028/9 as they are; these become `\uXXXX` escapes,
 * which JSON.parse reads back as the same string.
 */

/** C0 (U+0000–U+001F) and DEL, C1 (U+0080–U+009F), and the bidi controls (U+061C, U+200E–F,
 * U+202A–E, U+2066–9), plus the line/paragraph separators U+2028/9 that break a line. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escapeOne = (ch: string): string => {
  const c = ch.charCodeAt(0);
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
};

/** `s` with every control and bidi code point escaped; lone surrogates become U+FFFD. */
export function safeText(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd').replace(UNSAFE, escapeOne);
}

/** True when `safeText(s) === s`: nothing in `s` can act on a terminal. */
export const isSafeText = (s: string): boolean => safeText(s) === s;

/** A URL fit to echo: credentials removed, then `safeText`. Unparseable input is escaped as is. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
    }
    return safeText(u.toString());
  } catch {
    return safeText(url.replace(/\/\/[^/@\s]*@/, '//'));
  }
}

/** Code points JSON.stringify leaves raw that a terminal acts on (UNSAFE minus C0, which it escapes). */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** JSON.stringify(v) with nothing left raw that can act on a terminal; parses to the same value. */
export function safeJson(v: unknown): string {
  return JSON.stringify(v).replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
