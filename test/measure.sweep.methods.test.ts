/**
 * Amplification methods as sweep axes: `sweep --distill`, `--pair-rounds` and
 * `--reconciler` expand like the other comma-list axes, leave older point ids alone when absent,
 * and a tiny seeded sweep comparing Cascade and LDPC side by side writes records that carry,
 * per method, the bits through each stage, f, the FER with its interval, the decoder's
 * iterations and β with its interval over sessions — checked against the schema and against
 * the bounds theory puts on them (β ≤ 1, no stage keeps more than I(A;B), f near or above 1).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gridFromOptions } from '../src/cli/sweep.ts';
import { expandGrid, pointId } from '../src/measure/sweep/grid.ts';
import type { SweepRecord } from '../src/measure/sweep/record.ts';
import { keyLimit } from '../src/measure/holenstein.ts';
import { expectValid } from './helpers/schema.ts';
import { runCli } from './helpers/cli.ts';

describe('sweep: distillation, pair rounds and reconciler as grid axes', () => {
  it('expand into the product, inside L and outside the budget', () => {
    const g = gridFromOptions({ protocol: 'toy-insecure', n: '16,20', distill: 'blocks,pairs', 'pair-rounds': '2,auto', reconciler: 'cascade,ldpc', parts: 'measure' });
    const pts = expandGrid(g);
    expect(pts).toHaveLength(2 * 2 * 2 * 2);
    expect(pts.slice(0, 8).map((p) => [p.n, p.distill, p.pairRounds, p.reconciler])).toEqual([
      [16, 'blocks', 2, 'cascade'],
      [16, 'blocks', 2, 'ldpc'],
      [16, 'blocks', 'auto', 'cascade'],
      [16, 'blocks', 'auto', 'ldpc'],
      [16, 'pairs', 2, 'cascade'],
      [16, 'pairs', 2, 'ldpc'],
      [16, 'pairs', 'auto', 'cascade'],
      [16, 'pairs', 'auto', 'ldpc'],
    ]);
    expect(new Set(pts.map(pointId)).size).toBe(pts.length);
  });
  it('refuse unknown values with a one-line reason', () => {
    expect(() => gridFromOptions({ reconciler: 'cascade,ldcp' })).toThrow(/--reconciler: unknown 'ldcp'.*known: cascade, ldpc/);
    expect(() => gridFromOptions({ distill: 'pair' })).toThrow(/--distill: unknown 'pair'/);
    expect(() => gridFromOptions({ 'pair-rounds': '7' })).toThrow(/--pair-rounds values must be 1–6 or auto/);
  });
  it('absent, they stay out of the spec: a point keeps the id it had before the axes existed', () => {
    const [p] = expandGrid(gridFromOptions({ protocol: 'toy-insecure', n: '16', parts: 'measure', sessions: '2', seed: '1', 'eve-budget-ms': '2000' }));
    expect(['distill', 'pairRounds', 'reconciler'].filter((k) => k in p)).toEqual([]);
    // Computed with the code of main before this change (commit e042bb4), when sweep's Eve
    // budget defaulted to 2000 ms: the budget is part of the point, so it is given here.
    expect(pointId(p)).toBe('313f351e2bf5e9eb');
  });
});

describe('a tiny seeded sweep: Cascade against LDPC', () => {
  it('records carry β, f, FER and iterations per method, valid and within their theoretical bounds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sepka-methods-'));
    try {
      const args = ['sweep', '--protocol', 'toy-insecure', '--distill', 'pairs', '--reconciler', 'cascade,ldpc', '--sessions', '3', '--eve-budget-ms', '0'];
      const r = await runCli([...args, '--parts', 'measure', '--no-controls', '--workers', '0', '--seed', '1', '--out', dir]);
      expect(r.code, r.err).toBe(0);
      const recs = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SweepRecord);
      for (const rec of recs) expectValid('results-record', rec);
      const by = new Map(recs.map((x) => [x.measure!.amplification!.method, x]));
      expect([...by.keys()].sort()).toEqual(['pairs + cascade', 'pairs + ldpc']);
      for (const [method, rec] of by) {
        const M = rec.measure!;
        const a = M.amplification!;
        // Every session confirmed its key: no frame failed, and the FER interval is Wilson's for 0 of 3.
        expect(M.key.confirmed.k, method).toBe(3);
        expect(a.frameErrorRate).toMatchObject({ k: 0, n: 3, p: 0 });
        expect(a.frameErrorRate.ci[1]).toBeCloseTo(0.689, 2);
        // LDPC reports its decoder's work; Cascade has none.
        if (a.reconciler === 'ldpc') expect(a.ldpcIterations!).toBeGreaterThanOrEqual(1);
        else expect(a.ldpcIterations).toBeNull();
        // Bits only shrink along the pipeline, and no stage carries more than I(A;B).
        const bits = a.stages.map((s) => s.bits);
        for (let i = 1; i < bits.length; i++) expect(bits[i], `${method}: ${a.stages[i].stage}`).toBeLessThanOrEqual(bits[i - 1]);
        expect(a.stages[0]).toMatchObject({ stage: 'raw', bits: M.raw.bits, shareOfI: 1 });
        for (const s of a.stages) expect(s.shareOfI!, `${method}: ${s.stage}`).toBeLessThanOrEqual(1);
        // β is the mean of per-session ratios, inside its interval, and within 10% of the pooled
        // ratio key bits / (raw bits·(1 − h(1 − p))) (sessions differ a little in p and length).
        const keyBits = a.stages[a.stages.length - 1].bits;
        const pooled = keyBits / (M.raw.bits * keyLimit(M.raw.agreement.p));
        expect(a.beta.key, method).toBeGreaterThan(0);
        expect(a.beta.key).toBeLessThanOrEqual(1);
        // Three sessions: too few for a t-interval (stats.ts MIN_SESSIONS_FOR_INTERVAL).
        expect([a.beta.keyCi, a.beta.paCi]).toEqual([null, null]);
        expect(Math.abs(a.beta.key / pooled - 1), method).toBeLessThan(0.1);
        expect(a.beta.pa).toBeGreaterThanOrEqual(a.beta.key);
        // f: leaked / (N·h(e)); below 1 only by the O(log N) slack of short frames, and both
        // reconcilers stay well under 1.6 at these error rates.
        expect(a.f!, method).toBeGreaterThan(0.95);
        expect(a.f!, method).toBeLessThan(1.6);
        expect(a.f).toBe(M.efficiency.reconciliationF);
      }
      // The summary names both methods, with f, β (no interval on 3 sessions, and why), the FER, the decoder's work and the stages' bits.
      const lines = r.out.split('\n');
      for (const m of ['pairs + cascade', 'pairs + ldpc']) {
        const at = lines.findIndex((l) => l.startsWith(`  ${m}: `));
        expect(at, r.out).toBeGreaterThan(0);
        const ldpc = m.endsWith('ldpc');
        const mine = lines.slice(at, at + (ldpc ? 5 : 4));
        const a = by.get(m)!.measure!.amplification!;
        expect(mine[0]).toMatch(/: p = 0\.\d{4}, \d+ raw bits\/session, f = 1\.\d{3}$/);
        expect(mine[1]).toBe(`    β: PA output ${a.beta.pa.toFixed(3)}, key ${a.beta.key.toFixed(3)}; FER 0/3 [0.0%, 68.9%]`);
        expect(mine[2]).toBe('      β for 3 sessions: too few sessions for an interval (fewer than 5)');
        if (ldpc) expect(mine[3]).toMatch(/^ {4}LDPC: \d+\.\d BP iterations, \d\.\d\d attempts per session$/);
        expect(mine[mine.length - 1]).toBe(`    bits raw → distilled → reconciled → PA → key: ${a.stages.map((s) => s.bits).join(' → ')}`);
        for (const l of mine) expect(l.length).toBeLessThanOrEqual(100);
      }
      // --json (here from results.jsonl, nothing recomputed) carries the same figures per point.
      const j = await runCli([...args, '--parts', 'measure', '--no-controls', '--workers', '0', '--seed', '1', '--out', dir, '--resume', '--json']);
      expect(j.code, j.err).toBe(0);
      const summary = JSON.parse(j.out);
      expectValid('sweep', summary);
      expect(summary.computed).toBe(0);
      expect(Object.fromEntries(summary.amplification.map((x: { id: string; figures: unknown }) => [x.id, x.figures]))).toEqual(
        Object.fromEntries(recs.map((x) => [x.id, JSON.parse(JSON.stringify(x.measure!.amplification))])),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
