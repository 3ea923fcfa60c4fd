/**
 * Eve's primal Stern inside her sessions (src/eve/primalStern.ts; Stern 1988, several columns
 * per iteration after Sendrier 2011), all seeded and independent of the clock:
 * - the budget rule is a function of the profile and the budget alone: she runs it on
 *   toy-insecure at the default budget, skips it on default there (setup + one iteration are
 *   estimated above its 15% share) but runs it from B ≈ 2.5 s, and skips it on paper-1024 and
 *   paper-128;
 * - with pooled Gauss given no trials (EveOptions.caps) and primal Stern capped at k = 40
 *   iterations under a budget the clock never reaches, on toy-insecure: her report lists
 *   primal-stern with k iterations and accepted secrets that are all correct against the truth,
 *   they are counted in the secrets figure, and the columns broken over 3 sessions (96 columns)
 *   land in the 99% Wilson interval of the formula Pr[column broken within k] = 1 − E_t[(1 −
 *   P(t))^k], t ~ Bin(m, θ), P = cost/isd.ts's Stern success (multi.ts probSomeBroken with one
 *   target); the same seed gives the same finds.
 */
import { describe, expect, it } from 'vitest';
import { createAlice } from '../src/protocol/alice.ts';
import { createBob } from '../src/protocol/bob.ts';
import { createEve } from '../src/eve/eve.ts';
import { primalSternRule } from '../src/eve/primalStern.ts';
import { truthFromInspect } from '../src/eve/truth.ts';
import { loadProfile, Profile } from '../src/protocol/profile.ts';
import { runInMemorySession } from '../src/protocol/channel.ts';
import { binomialLaw, collisionIsdLog2Success, probSomeBroken } from '../src/cost/index.ts';
import { contains, wilson, Z99 } from '../src/stats.ts';
import { seededRng } from '../src/rng.ts';

const rule = (p: Profile, budgetMs: number) => primalSternRule(p.m, p.n, p.theta, p.L, budgetMs);

describe('primal Stern budget rule', () => {
  it('runs on toy-insecure and on demo-256 with a large budget, skips where one iteration cannot fit', () => {
    const toy = rule(loadProfile('toy-insecure'), 1500);
    expect(toy.plan).not.toBeNull();
    expect(toy.skipped).toBeUndefined();
    const def = loadProfile('demo-256');
    expect(rule(def, 1500).skipped).toMatch(/one iteration/);
    expect(rule(def, 5000).skipped).toBeUndefined();
    for (const name of ['paper-1024', 'paper-128']) {
      const r = rule(loadProfile(name), 1500);
      expect(r.plan).not.toBeNull();
      expect(r.skipped).toMatch(/one iteration/);
    }
  });
});

describe('primal Stern in a session (toy-insecure, clock-free caps)', () => {
  const p = loadProfile('toy-insecure');
  const k = 40;
  const run = (seed: string) => {
    const alice = createAlice(p, { rng: seededRng(seed, 'alice') });
    const bob = createBob(p, { rng: seededRng(seed, 'bob') });
    // No baselines, no pooled Gauss trials: every column is left to primal Stern, whose k
    // iterations take well under a second, far inside its share of the budget.
    const eve = createEve(p, { rng: seededRng(seed, 'eve'), budgetMs: 20_000, baselines: [], caps: { pooledGaussTrials: 0, primalSternIterations: k } });
    const res = runInMemorySession(alice, bob, eve);
    expect(res.alice.ok && res.bob.ok).toBe(true);
    return { report: eve.report(truthFromInspect(alice.inspect(), bob.inspect())), eve };
  };

  it('lists primal-stern with k iterations and only correct secrets; breaks as often as the formula says', () => {
    let broken = 0;
    let columns = 0;
    for (const seed of ['ps-1', 'ps-2', 'ps-3']) {
      const { report } = run(seed);
      const ps = report.learners.find((l) => l.name === 'primal-stern')!;
      expect(ps).toBeDefined();
      expect(ps.columns).toBe(p.L);
      expect(ps.trials).toBe(k);
      expect(ps.accepted).toBeGreaterThan(0);
      expect(ps.correct).toBe(ps.accepted);
      expect(report.learners.find((l) => l.name === 'pooled-gauss')!.accepted).toBe(0);
      expect(report.secrets.primalStern).toBe(ps.accepted);
      expect(report.secrets.recovered).toBe(ps.accepted);
      expect(report.secrets.correct).toBe(report.secrets.recovered);
      // Her raw bits on the broken columns are Alice's.
      expect(ps.rawAdvantage!).toBeGreaterThan(0);
      broken += ps.accepted;
      columns += ps.columns;
    }
    const plan = rule(p, 20_000).plan!;
    const P = (W: number) => 2 ** collisionIsdLog2Success('stern', { N: p.m, K: p.n, W }, plan.p, plan.ell);
    const predicted = probSomeBroken(binomialLaw(p.m, p.theta), P, k, 1);
    expect(contains(wilson(broken, columns, Z99), predicted)).toBe(true);
  });

  it('is reproducible: the same seed gives the same finds', () => {
    const a = run('ps-1').eve.state.primalStern!;
    const b = run('ps-1').eve.state.primalStern!;
    expect([...a.found.keys()]).toEqual([...b.found.keys()]);
    expect(a.iterations).toBe(b.iterations);
  });
});
