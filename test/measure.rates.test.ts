/**
 * Session-clustered rates (src/measure/rates.ts) and the Holenstein / efficiency figures
 * (src/measure/holenstein.ts).
 */
import { describe, expect, it } from 'vitest';
import { clusteredRate, sessionRate } from '../src/measure/rates.ts';
import { tQuantile } from '../src/stats.ts';
import { holenstein, keyEfficiency, keyLimit, pooledReconciliationEfficiency, reconciliationEfficiency } from '../src/measure/holenstein.ts';
import { h2, wilson, Z95, Z99 } from '../src/stats.ts';

describe('clusteredRate', () => {
  it('equals the Wilson interval when sessions agree (deff = 1)', () => {
    const r = clusteredRate([
      [500, 1000],
      [500, 1000],
      [500, 1000],
    ]);
    const w = wilson(1500, 3000, Z99);
    expect(r.deff).toBe(1);
    expect(r.ci[0]).toBeCloseTo(w.lo, 12);
    expect(r.ci[1]).toBeCloseTo(w.hi, 12);
  });

  it('widens when sessions are all-or-nothing (Eve learns s in half of them)', () => {
    const r = clusteredRate([
      [1000, 1000],
      [500, 1000],
      [1000, 1000],
      [500, 1000],
    ]);
    expect(r.p).toBe(0.75);
    expect(r.deff).toBeGreaterThan(100);
    expect(r.ci[1] - r.ci[0]).toBeGreaterThan(5 * (r.ciIid[1] - r.ciIid[0]));
  });

  it('ignores empty sessions and reports NaN for no data', () => {
    expect(clusteredRate([[0, 0]]).p).toBeNaN();
    expect(clusteredRate([[3, 4], [0, 0]]).n).toBe(4);
    expect(sessionRate(0, 50).ci[1]).toBeLessThan(0.13);
  });
});

describe('efficiency and Holenstein', () => {
  it('limit, β and f follow their definitions', () => {
    expect(keyLimit(0.588)).toBeCloseTo(1 - h2(0.412), 12);
    expect(keyLimit(0.588)).toBeCloseTo(0.0224, 3);
    expect(keyEfficiency(128, 20000, 0.588)).toBeCloseTo(128 / (20000 * keyLimit(0.588)), 12);
    expect(reconciliationEfficiency(120, 1000, 0.02)).toBeCloseTo(120 / (1000 * h2(0.02)), 12);
    // Over sessions: against Σ N_i·h(e_i), which is below N·h(pooled e) when the e_i differ.
    const ss = [
      { leaked: 100, N: 1000, errors: 10 },
      { leaked: 300, N: 1000, errors: 100 },
    ];
    const f = pooledReconciliationEfficiency(ss);
    expect(f).toBeCloseTo(400 / (1000 * h2(0.01) + 1000 * h2(0.1)), 12);
    expect(f).toBeGreaterThan(reconciliationEfficiency(400, 2000, 110 / 2000));
    expect(pooledReconciliationEfficiency([{ leaked: 5, N: 100, errors: 0 }])).toBeNaN();
  });

  it('holds for a blind Eve and fails for an Eve who knows every bit', () => {
    const agree = clusteredRate([[5880, 10000]]);
    const blind = holenstein(agree, clusteredRate([[2950, 5880]]));
    expect(blind.threshold).toBeCloseTo((1 - 0.176) / (1 + 0.176), 2);
    expect(blind.holds).toBe(true);
    expect(blind.conservative.holds).toBe(true);
    const oracle = holenstein(agree, clusteredRate([[5880, 5880]]));
    expect(oracle.delta).toBe(0);
    expect(oracle.holds).toBe(false);
  });
});

describe('tQuantile', () => {
  it('matches Student t tables (two-sided 99% and 95%): exact at ν = 1, 2, within 1% from ν = 3', () => {
    // t_{0.995, ν}: ν = 1 → 63.657, 2 → 9.925, 3 → 5.841, 9 → 3.250, 49 → 2.680.
    expect(Math.abs(tQuantile(Z99, 1) / 63.657 - 1)).toBeLessThan(1e-4);
    expect(Math.abs(tQuantile(Z99, 2) / 9.925 - 1)).toBeLessThan(1e-4);
    // 95%: ν = 1 → 12.706, 2 → 4.303.
    expect(Math.abs(tQuantile(Z95, 1) / 12.706 - 1)).toBeLessThan(1e-4);
    expect(Math.abs(tQuantile(Z95, 2) / 4.303 - 1)).toBeLessThan(1e-4);
    expect(Math.abs(tQuantile(Z99, 3) / 5.841 - 1)).toBeLessThan(0.01);
    expect(Math.abs(tQuantile(Z99, 9) / 3.25 - 1)).toBeLessThan(0.01);
    expect(Math.abs(tQuantile(Z99, 49) / 2.68 - 1)).toBeLessThan(0.002);
  });
});
