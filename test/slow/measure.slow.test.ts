/**
 * The acceptance run of the bit agreement: `sepka measure --protocol demo-256 --sessions 50 --seed 1`,
 * on `demo-256` (bit pairs + LDPC) and on `demo-256-blocks` (repetition blocks +
 * Cascade, demo-256 before it). Raw agreement interval contains the theory value; all 50 keys
 * agreed and confirmed, each ≥ 128 bits; Eve's final-key bit agreement interval contains 1/2
 * and she recovers no key; β and f are reported; Holenstein's condition holds on the measured
 * figures; distillation matches its closed forms (blocks: the ℓ-weighted acceptance and error;
 * pairs: each round's p² + (1−p)² and (1−p)²/(p² + (1−p)²) at its measured input agreement).
 * And the converse on toy-insecure: Eve recovers the key in most sessions and the condition fails.
 */
import { describe, expect, it } from 'vitest';
import { runMeasure } from '../../src/measure/measure.ts';

describe('measure, 50 demo-256 sessions (acceptance)', () => {
  it.each(['demo-256', 'demo-256-blocks'])('%s: agrees, confirms, matches theory, and leaves Eve at chance', (profile) => {
    const r = runMeasure({ profile, sessions: 50, seed: 1 });
    expect(r.raw.ci[0] <= r.raw.theory && r.raw.theory <= r.raw.ci[1]).toBe(true);
    expect(r.key.agreementRate).toBe(1);
    expect(r.key.confirmedRate).toBe(1);
    expect(r.key.bits).toBeGreaterThanOrEqual(128);
    expect(r.eve.keyBitCi[0] <= 0.5 && 0.5 <= r.eve.keyBitCi[1]).toBe(true);
    expect(r.eve.keysRecovered).toBe(0);
    expect(r.efficiency.beta).toBeGreaterThan(0);
    expect(r.efficiency.reconciliationF).toBeGreaterThan(1);
    expect(r.holenstein.conservative.holds).toBe(true);
    const a = r.amplification;
    if (a?.distill === 'pairs') {
      // Each pair round against its closed forms (99% clustered interval vs theory).
      expect(a.perRound.length).toBeGreaterThanOrEqual(2);
      for (const x of a.perRound) {
        expect(x.kept.ci[0] <= x.keptTheory && x.keptTheory <= x.kept.ci[1], `round ${x.round} kept`).toBe(true);
        expect(x.errorAfter.ci[0] <= x.errorAfterTheory && x.errorAfterTheory <= x.errorAfter.ci[1], `round ${x.round} error`).toBe(true);
      }
    } else {
      expect(profile).toBe('demo-256-blocks');
      // Distillation against its closed forms (interval vs the ℓ-weighted theory).
      expect(r.distill.acceptance.ci[0] <= r.distill.acceptanceTheory && r.distill.acceptanceTheory <= r.distill.acceptance.ci[1]).toBe(true);
      expect(r.distill.errorAfter.ci[0] <= r.distill.errorAfterTheory && r.distill.errorAfterTheory <= r.distill.errorAfter.ci[1]).toBe(true);
    }
  });
});

describe('measure, toy-insecure (control)', () => {
  it('Eve recovers the key in most sessions and Holenstein fails', () => {
    const r = runMeasure({ profile: 'toy-insecure', sessions: 10, seed: 1, eveBudgetMs: 2000 });
    expect(r.eve.keyRecoveredRate).toBeGreaterThan(0.5);
    expect(r.holenstein.holds).toBe(false);
  });
});
