/**
 * The per-stage table of `npm run bench -- --only amplify` (scripts/bench/amplify.ts): bits in
 * are the previous stage's bits out, "stage keeps" is the ratio of consecutive shares of
 * I(A;B), and every other figure is measure's own (no second definition), checked on a real
 * two-session run of bit pairs + Cascade on demo-256's task. No timing is asserted.
 */
import { describe, expect, it } from 'vitest';
import { amplifyRecord, formatMethod, stageRows } from '../scripts/bench/amplify.ts';
import { runMeasure } from '../src/measure/measure.ts';
import { loadProfile } from '../src/protocol/profile.ts';

describe('bench amplify: stage table', () => {
  it('chains bits in to the stage before and divides consecutive shares of I(A;B)', () => {
    const rows = stageRows([
      { stage: 'raw', bits: 1000, info: 20, shareOfI: 1 },
      { stage: 'distilled', bits: 100, info: 10, shareOfI: 0.5 },
      { stage: 'reconciled (N − leaked)', bits: 8, info: 8, shareOfI: 0.4 },
      { stage: 'privacy amplification', bits: 0, info: 0, shareOfI: 0 },
      { stage: 'session key', bits: 0, info: 0, shareOfI: 0 },
    ]);
    expect(rows.map((r) => r.bitsIn)).toEqual([null, 1000, 100, 8, 0]);
    expect(rows.map((r) => r.bitsOut)).toEqual([1000, 100, 8, 0, 0]);
    expect(rows[1].keeps).toBeCloseTo(0.5, 12);
    expect(rows[2].keeps).toBeCloseTo(0.8, 12);
    expect(rows[3].keeps).toBe(0);
    // Nothing left before: the stage keeps 0, not NaN.
    expect(rows[4].keeps).toBe(0);
    expect(rows[0].keeps).toBeNull();
  });

  it("carries measure's figures for a seeded pairs + cascade run, and prints every stage", () => {
    const base = loadProfile('demo-256');
    const m = { distill: 'pairs', reconciler: 'cascade' } as const;
    const r = runMeasure({ profile: base, overrides: { ...m, pairRounds: 'auto' }, sessions: 2, seed: 'bench-test', eveBudgetMs: 0 });
    const rec = amplifyRecord(m, base, r);
    const a = r.amplification!;
    expect(rec.stages.map((s) => s.bitsOut)).toEqual(a.stages.map((s) => s.bits));
    expect(rec.stages[0].bitsIn).toBeNull();
    for (let k = 1; k < rec.stages.length; k++) {
      expect(rec.stages[k].bitsIn).toBe(a.stages[k - 1].bits);
      expect(rec.stages[k].keeps! * a.stages[k - 1].shareOfI).toBeCloseTo(a.stages[k].shareOfI, 12);
    }
    expect(rec.f).toBe(r.efficiency.reconciliationF);
    expect(rec.beta).toEqual(a.beta);
    expect(rec.fer).toEqual(a.frameErrorRate);
    expect(rec.limit).toBe(r.efficiency.limit);
    expect(rec.distillation.map((d) => d.label)).toEqual(a.perRound.map((x) => `round ${x.round}`));
    expect(rec.confirmed).toBe(2);
    const text = formatMethod(rec);
    for (const s of rec.stages) expect(text).toMatch(new RegExp(`${s.stage.replace(/[()]/g, '\\$&')}\\s+${s.bitsIn ?? '-'}\\s+${s.bitsOut}\\s`));
    expect(text).toContain(`f = ${r.efficiency.reconciliationF.toFixed(3)}`);
    // Two sessions: β without an interval (stats.ts MIN_SESSIONS_FOR_INTERVAL).
    expect(a.beta.keyCi).toBeNull();
    expect(text).toContain(`key ${a.beta.key.toFixed(3)} (too few sessions)`);
    expect(text).toContain('2/2 keys confirmed');
  });

  it('refuses a report without amplification figures', () => {
    // measure reports the amplification block only when the profile sets distill or reconciler.
    const { distill: _d, reconciler: _r, pairRounds: _k, ...base } = loadProfile('toy-insecure');
    const r = runMeasure({ profile: base, sessions: 1, seed: 'bench-test', eveBudgetMs: 0 });
    expect(r.amplification).toBeUndefined();
    expect(() => amplifyRecord({ distill: 'blocks', reconciler: 'cascade' }, base, r)).toThrow(/no amplification figures/);
  });
});
