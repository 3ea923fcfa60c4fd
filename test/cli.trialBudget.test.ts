/**
 * Trial budgets: `measure --eve-budget-trials N` and `learn
 * --eve-budget-trials N` cap Eve's work in trials, as sweep's option does, so that a seeded run
 * gives the same figures twice, whatever the machine's speed — only timings may differ. And
 * the cap binds: her trial counts stop at N.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';
import { expectValid } from './helpers/schema.ts';

async function json(args: string[]): Promise<Record<string, unknown>> {
  const r = await runCli(args);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Record<string, unknown>;
}

/** The object without its timings (every key naming milliseconds, and the learn statements that quote them) and provenance. */
function figures(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(figures);
  if (x === null || typeof x !== 'object') return x;
  return Object.fromEntries(
    Object.entries(x as Record<string, unknown>)
      .filter(([k]) => !/^ms$|Ms$|msMean$|msPerTrial|^meta$|trialsPerSec|^statement$/.test(k))
      .map(([k, v]) => [k, figures(v)]),
  );
}

describe('--eve-budget-trials', () => {
  it('measure: a seeded run with a trial budget gives identical figures twice, and the caps bind', async () => {
    const args = ['measure', '--protocol', 'toy-insecure', '--sessions', '2', '--seed', 'tb', '--eve-budget-trials', '40', '--json'];
    const a = await json(args);
    const b = await json(args);
    expectValid('measure', a);
    expect(a.eveBudgetTrials).toBe(40);
    expect(a.eveBudgetMs).toBe(3_600_000); // the clock lifted: the caps decide
    expect(figures(b)).toEqual(figures(a));
    const learners = (a.eve as { learners: { name: string; trialsMean: number }[] }).learners;
    const pg = learners.find((l) => l.name === 'pooled-gauss')!;
    expect(pg.trialsMean).toBeLessThanOrEqual(40);
    for (const l of learners) expect(l.trialsMean, l.name).toBeLessThanOrEqual(40);
  }, 120_000);
  it('learn: the same, on each unimodal learner', async () => {
    const args = ['learn', '--n', '32', '--test', '500', '--seed', 'tb', '--eve-budget-trials', '300', '--learners', 'pooled-gauss,bkw,majority', '--json'];
    const a = await json(args);
    const b = await json(args);
    expectValid('learn', a);
    expect(a.budget).toEqual({ ms: null, trials: 300 });
    expect(figures(b)).toEqual(figures(a));
    for (const u of a.unimodal as { name: string; trials: number }[]) expect(u.trials, u.name).toBeLessThanOrEqual(300);
  }, 120_000);
});
