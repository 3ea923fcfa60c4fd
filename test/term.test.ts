/**
 * Terminal conventions (src/term.ts): colour only on a terminal with NO_COLOR unset (or with
 * FORCE_COLOR), and the word wrap that keeps human output within 100 columns.
 */
import { describe, expect, it } from 'vitest';
import { colourOn, paint, visibleWidth, wrap, WIDTH } from '../src/term.ts';

describe('colourOn (no-color.org)', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true], // set but empty: ignored, as the convention says
    [false, { FORCE_COLOR: '1' }, true],
    [false, { FORCE_COLOR: '0' }, false],
    [true, { NO_COLOR: '1', FORCE_COLOR: '1' }, false], // NO_COLOR wins
  ])('tty %s, env %j → %s', (tty, env, want) => {
    expect(colourOn({ isTTY: tty }, env)).toBe(want);
  });
  it('paint adds SGR codes only when on, and they take no columns', () => {
    expect(paint('red', 'FAILED', false)).toBe('FAILED');
    expect(paint('red', 'FAILED', true)).toBe('\x1b[31mFAILED\x1b[0m');
    expect(visibleWidth(paint('bold', 'θ = 0.5', true))).toBe(7);
  });
});

describe('wrap', () => {
  it('breaks at spaces within the width, continuation lines indented', () => {
    const text = '  ' + Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const lines = wrap(text, '    ');
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(visibleWidth(l)).toBeLessThanOrEqual(WIDTH);
    expect(lines[0].startsWith('  word0 ')).toBe(true);
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {4}\S/);
    expect(lines.map((l) => l.trim()).join(' ')).toBe(text.trim());
  });
  it('a short line is unchanged; a word longer than the width stays whole', () => {
    expect(wrap('  short line')).toEqual(['  short line']);
    const long = 'x'.repeat(120);
    expect(wrap(`a ${long} b`, '', 100)).toEqual(['a', long, 'b']);
  });
});
