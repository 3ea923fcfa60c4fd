/**
 * src/lattice/ against fplll (Debian's fplll-tools; measured with 5.4.4) on the same seeded
 * lattices, an independent implementation of the same algorithms:
 * - LLL (δ 0.99, η 0.51): fplll's default wrapper returns the very same basis, row for row, on
 *   q-ary lattices (d = 40, q = 1021; d = 80, q = 32749 ≈ 2^15) and on a uniform 30 × 30 basis —
 *   both are L²-style LLL with the same conditions and visiting order, so any difference would be
 *   a different swap or size-reduction step;
 * - SVP: λ₁² from enumeration over the whole basis equals `fplll -a svp`'s, exactly;
 * - BKZ-10 (fplll: no pruning strategy, tours until no change): ‖b₁‖ within 15% and the
 *   middle-half profile slope within 15% (different tour orders and insertion give different
 *   bases; measured differences ≤ 7% and ≤ 14%);
 * The uSVP block size against fplll's is checked in test/lattice.usvp.test.ts.
 * Without the binary the tests skip, unless SEPKA_REQUIRE_FPLLL=1 (.ci/run), where they fail.
 */
import { describe, expect, it } from 'vitest';
import { bkz, enumerateBlock, lll, logProfile, makeGso, profileSlope, randomQary, uniformMod } from '../src/lattice/index.ts';
import { seededRng } from '../src/rng.ts';
import { FPLLL, fplll, fplllRequired, haveFplll } from '../scripts/fplll.ts';

it.runIf(!haveFplll() && fplllRequired())('fplll is installed (SEPKA_REQUIRE_FPLLL=1)', () => {
  expect.fail(`no ${FPLLL}: apt-get install fplll-tools, or set SEPKA_FPLLL`);
});

describe.skipIf(!haveFplll())('src/lattice against fplll', () => {
  it('LLL: the same basis as fplll -a lll on q-ary and uniform lattices', () => {
    const cases: number[][][] = [
      ...[1, 2, 3].map((seed) => randomQary(seededRng(seed, 'fplll'), 40, 20, 1021)),
      randomQary(seededRng(1, 'fplll-2^15'), 80, 40, 32749),
    ];
    const rng = seededRng(7, 'fplll-uniform');
    cases.push(Array.from({ length: 30 }, () => Array.from({ length: 30 }, () => uniformMod(rng, 2049) - 1024)));
    for (const rows of cases) {
      const ours = lll(rows).B;
      const theirs = fplll(['-a', 'lll', '-d', '0.99', '-e', '0.51'], rows);
      expect(ours).toEqual(theirs);
    }
  });

  it('SVP: λ₁² by enumeration equals fplll -a svp on 4 q-ary lattices (d = 30)', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const rows = randomQary(seededRng(seed, 'fplll-svp'), 30, 15, 1021);
      const st = lll(rows);
      const found = enumerateBlock(st, 0, 30, st.r[0][0] * (1 + 1e-12));
      const ours = Math.round(found ? found.norm2 : st.r[0][0]);
      const v = fplll(['-a', 'svp'], rows)[0];
      expect(ours).toBe(v.reduce((s, x) => s + x * x, 0));
    }
  });

  it('BKZ-10: ‖b₁‖ and the profile slope within 15% of fplll -a bkz -b 10 (d = 40)', () => {
    for (let seed = 1; seed <= 3; seed++) {
      const rows = randomQary(seededRng(seed, 'fplll'), 40, 20, 1021);
      const ours = bkz(rows, { beta: 10 }).st;
      const theirs = makeGso(fplll(['-a', 'bkz', '-b', '10'], rows));
      expect(Math.abs(Math.sqrt(ours.G[0][0] / theirs.G[0][0]) - 1)).toBeLessThan(0.15);
      const slope = (p: number[]) => profileSlope(p, 10, 30);
      expect(Math.abs(slope(logProfile(ours)) / slope(logProfile(theirs)) - 1)).toBeLessThan(0.15);
    }
  });

});
