/**
 * The acceptance run of issue #3: `sepka measure --protocol default --sessions 50 --seed 1`.
 * Raw agreement interval contains the theory value; all 50 keys agreed and confirmed, each
 * ≥ 128 bits; Eve's final-key bit agreement interval contains 1/2 and she recovers no key;
 * β and f are reported; Holenstein's condition holds on the measured figures. And the converse
 * on toy-insecure: Eve recovers the key in most sessions and the condition fails.
 */
import { describe, expect, it } from 'vitest';
import { runMeasure } from '../../src/measure/measure.ts';

describe('measure, 50 default sessions (acceptance)', () => {
  it('agrees, confirms, matches theory, and leaves Eve at chance', () => {
    const r = runMeasure({ profile: 'default', sessions: 50, seed: 1 });
    expect(r.raw.ci[0] <= r.raw.theory && r.raw.theory <= r.raw.ci[1]).toBe(true);
    expect(r.key.agreementRate).toBe(1);
    expect(r.key.confirmedRate).toBe(1);
    expect(r.key.bits).toBeGreaterThanOrEqual(128);
    expect(r.eve.keyBitCi[0] <= 0.5 && 0.5 <= r.eve.keyBitCi[1]).toBe(true);
    expect(r.eve.keysRecovered).toBe(0);
    expect(r.efficiency.beta).toBeGreaterThan(0);
    expect(r.efficiency.reconciliationF).toBeGreaterThan(1);
    expect(r.holenstein.conservative.holds).toBe(true);
    // Distillation against its closed forms (interval vs the ℓ-weighted theory).
    expect(r.distill.acceptance.ci[0] <= r.distill.acceptanceTheory && r.distill.acceptanceTheory <= r.distill.acceptance.ci[1]).toBe(true);
    expect(r.distill.errorAfter.ci[0] <= r.distill.errorAfterTheory && r.distill.errorAfterTheory <= r.distill.errorAfter.ci[1]).toBe(true);
  });
});

describe('measure, toy-insecure (control)', () => {
  it('Eve recovers the key in most sessions and Holenstein fails', () => {
    const r = runMeasure({ profile: 'toy-insecure', sessions: 10, seed: 1, eveBudgetMs: 2000 });
    expect(r.eve.keyRecoveredRate).toBeGreaterThan(0.5);
    expect(r.holenstein.holds).toBe(false);
  });
});
