/** src/cost/gauss.ts and src/cost/session.ts: the per-elimination price, the full-rank factor, the whole-session factors. */
import { describe, expect, it } from 'vitest';
import { log2Gauss, log2RankFactor, sessionLog2Factors } from '../src/cost/index.ts';
import { probFullRank } from '../src/stats.ts';

describe('elimination and session factors', () => {
  it('charges n^2.8 bit operations per elimination', () => {
    expect(log2Gauss(256)).toBeCloseTo(22.4, 12);
    expect(log2Gauss(1024)).toBeCloseTo(28, 12);
  });

  it('charges 1/Pr[full rank] ≈ 3.46 draws (+1.8 bits) per invertible information set', () => {
    expect(2 ** log2RankFactor(256)).toBeCloseTo(1 / probFullRank(256, 256), 9);
    expect(log2RankFactor(256)).toBeCloseTo(1.79, 2);
    expect(log2RankFactor(1)).toBeCloseTo(1, 12); // a 1×1 matrix is invertible w.p. 1/2
  });

  it('prices a whole session at H_L (all L secrets) or × challenges', () => {
    expect(sessionLog2Factors(1, 1)).toEqual({ log2Columns: 0, log2Challenges: 0 });
    const f = sessionLog2Factors(4, 64);
    expect(2 ** f.log2Columns).toBeCloseTo(1 + 1 / 2 + 1 / 3 + 1 / 4, 12);
    expect(f.log2Challenges).toBe(6);
  });
});
