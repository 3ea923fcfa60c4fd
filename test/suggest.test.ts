/**
 * "Did you mean" (src/suggest.ts): optimal-string-alignment distance and the closest-word rule
 * used for mistyped commands, options and profile names (the CLI cases: cli.badInput.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../src/suggest.ts';

describe('editDistance (Damerau–Levenshtein, optimal string alignment)', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['measure', 'measure', 0],
    ['mesure', 'measure', 1], // one deletion
    ['measrue', 'measure', 1], // one adjacent transposition (Levenshtein alone: 2)
    ['kitten', 'sitting', 3], // the textbook pair
    ['ca', 'abc', 3], // OSA, not the unrestricted Damerau distance (2)
  ])('d(%j, %j) = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closest', () => {
  const cmds = ['demo', 'alice', 'bob', 'eve', 'learn', 'measure', 'sweep', 'estimate', 'attack', 'worker'];
  it('suggests a near word, and nothing for a far one', () => {
    expect(closest('mesure', cmds)).toBe('measure');
    expect(closest('estimte', cmds)).toBe('estimate');
    expect(closest('swep', cmds)).toBe('sweep');
    expect(closest('frobnicate', cmds)).toBeUndefined();
    // a short word allows one edit only: 'bo' → 'bob', but 'xy' matches nothing
    expect(closest('bo', cmds)).toBe('bob');
    expect(closest('xy', cmds)).toBeUndefined();
  });
  it('a unique prefix counts; case is ignored', () => {
    expect(closest('--eve-budget', ['--eve-budget-ms', '--sessions'])).toBe('--eve-budget-ms');
    expect(closest('--eve', ['--eve-budget-ms', '--eve-budget-trials'])).toBeUndefined();
    expect(closest('PAPER-128', ['demo-256', 'paper-128'])).toBe('paper-128');
  });
});
