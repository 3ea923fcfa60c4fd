import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSafeText, safeJson, safeText, safeUrl } from '../src/text.js';

describe('text: peer text made safe to print', () => {
  it('escapes ESC, BEL, 8-bit CSI and bidi overrides visibly', () => {
    const hostile = 'bad\x1b]0;pwned\x07 \x1b[2J\u009b31m \u202eevil\u202c\r\nend';
    const out = safeText(hostile);
    expect(out).toBe('bad\\x1b]0;pwned\\x07 \\x1b[2J\\x9b31m \\u202eevil\\u202c\\x0d\\x0aend');
    expect(isSafeText(out)).toBe(true);
    expect(isSafeText(hostile)).toBe(false);
  });

  it('leaves ordinary text, including non-Latin letters, unchanged', () => {
    for (const s of ['reconciliation failed: 3 errors', 'θ = 0.0237, ε ≈ 0.41', 'Schlüssel – 鍵'])
      expect(safeText(s)).toBe(s);
  });

  it('replaces lone surrogates', () => {
    expect(safeText('a\ud800b')).toBe('a\ufffdb');
  });

  it('output never contains a control or bidi code point (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(isSafeText(safeText(s))).toBe(true);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('safeJson: nothing a terminal acts on, and JSON.parse gives the same value back (property)', () => {
    expect(safeJson({ protocol: '/tmp/\u202ename\u009b.json', k: 'x\x7f\u2028' })).toBe('{"protocol":"/tmp/\\u202ename\\u009b.json","k":"x\\u007f\\u2028"}');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { maxLength: 4 }), (a) => {
        const j = safeJson({ a });
        expect(isSafeText(j)).toBe(true);
        expect(JSON.parse(j)).toEqual({ a });
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('drops credentials from URLs and escapes the rest', () => {
    expect(safeUrl('ws://user:secret@127.0.0.1:8080/x')).toBe('ws://127.0.0.1:8080/x');
    expect(safeUrl('redis://:pw@localhost:6379')).toBe('redis://localhost:6379');
    expect(safeUrl('not a url //u:p@host \x1b[1m')).toBe('not a url //host \\x1b[1m');
  });
});
