/**
 * The stages section of `npm run bench` (scripts/bench/stages.ts) on one toy session, without
 * the processes or M4RI: every row it names is there, no party call is left unnamed ('other'
 * is zero), the sum is the rows' own, the table fits 100 columns and the record validates
 * against schemas/bench.schema.json. No timing is asserted (the 10 % agreement of the sum with
 * the session time is the bench's own check, printed).
 */
import { describe, expect, it } from 'vitest';
import { formatStages, runStages } from '../scripts/bench/stages.ts';
import { runMeta } from '../src/meta.ts';
import { expectValid } from './helpers/schema.ts';

describe('bench stages', () => {
  it('names every call of a session and sums its rows', async () => {
    const r = await runStages('toy-insecure', 1, () => {}, false, false);
    const inProc = r.rows.filter((x) => x.where === 'in-process');
    expect(inProc.map((x) => x.row)).toEqual([
      'expanding A (Alice)', 'A_μ', 'labels A·S ⊕ e', 'publishing the task', 'hellos', 'expanding A (Bob)',
      'challenges (Bob)', 'challenges (Alice)', 'distillation', 'reconciliation', 'PA and confirmation', 'other',
    ]);
    expect(Math.abs(inProc.find((x) => x.row === 'other')!.ms)).toBeLessThan(1e-6);
    expect(r.sumMs).toBeCloseTo(inProc.reduce((s, x) => s + x.ms, 0), 9);
    for (const x of inProc.filter((x) => !['labels A·S ⊕ e', 'publishing the task', 'other'].includes(x.row))) expect(x.ms, x.row).toBeGreaterThanOrEqual(0);
    expect(r.processes).toBeNull();
    expect(r.bounds.map((b) => b.row)).toEqual(['expanding A (Alice)', 'A_μ', 'labels A·S ⊕ e']);
    for (const line of formatStages([r]).split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expectValid('bench', JSON.parse(JSON.stringify({ stages: [r], meta: runMeta({ startedAt: new Date(), seed: 'bench' }) })));
  }, 120_000);
});
