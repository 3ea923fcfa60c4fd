/**
 * Density evolution (src/protocol/ldpc/density.ts) against known BP thresholds on the BSC, and
 * the ensembles reconcile.ts uses against it. Seeded pools of 2^12 messages:
 * a point 0.008 from the threshold is decided reliably at that size (thresholds resolve to about
 * ±0.002), so each check below sits on the far side of such a margin.
 * - Regular (3, 6): threshold 0.084 (Richardson & Urbanke, IEEE T-IT 47(2), 2001, Table I):
 *   decodes at 0.076, fails at 0.092.
 * - Regular (3, 4): threshold 0.167 (same table): decodes at 0.159, fails at 0.175.
 * - The low-rate ensemble at the rate two pair rounds need (f₀ = 1.035 at e = 0.194: R ≈ 0.265)
 *   decodes at e = 0.194, and its λ₂ is inside the stability bound.
 * Also the design-rate and perspective conversions, exactly.
 */
import { describe, expect, it } from 'vitest';
import { concentratedRho, decodesAt, designRate, edgeFractions, nodeFractions, stabilityBound } from '../src/protocol/ldpc/density.ts';
import { LOW_RATE_LAMBDA } from '../src/protocol/ldpc/reconcile.ts';
import { seededRng } from '../src/rng.ts';
import { h2 } from '../src/stats.ts';

const opts = { pool: 1 << 12, maxIter: 300 };
const at = (lam: [number, number][], rho: [number, number][], e: number) => decodesAt(lam, rho, e, seededRng('de-test', `${e}`), opts).ok;

describe('density evolution on the BSC', () => {
  it('regular (3, 6): decodes below its threshold 0.084, fails above', () => {
    expect(at([[3, 1]], [[6, 1]], 0.076)).toBe(true);
    expect(at([[3, 1]], [[6, 1]], 0.092)).toBe(false);
  });

  it('regular (3, 4): decodes below its threshold 0.167, fails above', () => {
    expect(at([[3, 1]], [[4, 1]], 0.159)).toBe(true);
    expect(at([[3, 1]], [[4, 1]], 0.175)).toBe(false);
  });

  it('rates and perspectives: (3, 6) has rate 1/2; node ↔ edge fractions invert; ρ concentrated on the mean check degree', () => {
    expect(designRate([[3, 1]], [[6, 1]])).toBeCloseTo(0.5, 12);
    const lam: [number, number][] = [[2, 0.3], [3, 0.3], [8, 0.4]];
    const back = edgeFractions(nodeFractions(lam));
    back.forEach(([d, f], i) => {
      expect(d).toBe(lam[i][0]);
      expect(f).toBeCloseTo(lam[i][1], 12);
    });
    const rho = concentratedRho(lam, 0.3);
    expect(designRate(lam, rho)).toBeCloseTo(0.3, 12);
    expect(rho.map(([d]) => d)).toEqual([rho[0][0], rho[0][0] + 1]);
  });

  it('the low-rate ensemble decodes at e = 0.194 at rate 1 − 1.035·h(0.194), inside the stability bound', () => {
    const R = 1 - 1.035 * h2(0.194);
    const rho = concentratedRho(LOW_RATE_LAMBDA, R);
    expect(LOW_RATE_LAMBDA.find(([d]) => d === 2)![1]).toBeLessThan(stabilityBound(rho, 0.194));
    expect(at([...LOW_RATE_LAMBDA] as [number, number][], rho, 0.194)).toBe(true);
  });
});
