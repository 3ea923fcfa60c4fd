/**
 * `sepka measure` and `sepka estimate` at the contract level (DESIGN.md §6): the JSON carries
 * the required fields, seeded runs are reproducible for the honest parties and say they are
 * simulations. Bad input is in test/cli.badInput.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { runMeasure } from '../src/measure/measure.ts';
import { expectValid } from './helpers/schema.ts';

const sepka = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('sepka measure', () => {
  it('--json prints exactly one object with the DESIGN.md §6 fields', () => {
    const r = sepka('measure', '--protocol', 'toy-insecure', '--sessions', '2', '--eve-budget-ms', '300', '--seed', '5', '--json');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('simulation');
    const j = JSON.parse(r.stdout);
    expectValid('measure', j);
    expect(j.protocol).toBe('toy-insecure');
    for (const k of ['n', 'theta', 'm', 'w', 'L', 'ell', 'ellChosen']) expect(j.params).toHaveProperty(k);
    expect(j.sessions).toBe(2);
    expect(j.eveBudgetMs).toBe(300);
    for (const k of ['bits', 'agreement', 'ci', 'theory']) expect(j.raw).toHaveProperty(k);
    expect(j.raw.ci).toHaveLength(2);
    for (const k of ['bits', 'agreementRate', 'confirmedRate']) expect(j.key).toHaveProperty(k);
    for (const k of ['learners', 'keyBitAgreement', 'keyRecoveredRate']) expect(j.eve).toHaveProperty(k);
    for (const l of j.eve.learners) for (const k of ['name', 'rawAdvantage', 'ci']) expect(l).toHaveProperty(k);
    for (const k of ['beta', 'reconciliationF']) expect(typeof j.efficiency[k]).toBe('number');
    for (const k of ['delta', 'threshold', 'holds']) expect(j.holenstein).toHaveProperty(k);
    expect(typeof j.ms).toBe('number');
  });

  // Bad input (exit 2, one line on stderr, nothing on stdout): test/cli.badInput.test.ts, in-process.

  it('is reproducible for the honest parties under a seed, and reports the theory beside the measurement', () => {
    const run = () => runMeasure({ profile: 'toy-insecure', sessions: 2, eveBudgetMs: 0, seed: 'rep' });
    const a = run();
    const b = run();
    expect(a.raw).toEqual(b.raw);
    expect(a.key).toEqual(b.key);
    expect(a.reconcile).toEqual(b.reconcile);
    expect(a.raw.ci[0]).toBeLessThanOrEqual(a.raw.ci[1]);
    expect(a.raw.theory).toBeCloseTo((1 + (1 - 2 * a.params.theta) ** a.params.w) / 2, 12);
    expect(a.efficiency.limit).toBeGreaterThan(0);
  });
});

describe('sepka estimate', () => {
  it('--json has both routes and the security figure; an unknown profile exits 2', () => {
    const r = sepka('estimate', '--protocol', 'paper-1024', '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expectValid('estimate', j);
    expect(j.protocol).toBe('paper-1024');
    expect(j.attacks.map((a: { route: string; algorithm: string }) => `${a.route}/${a.algorithm}`)).toEqual(
      expect.arrayContaining(['primal/prange', 'dual/prange', 'primal/stern', 'dual/dumer']),
    );
    expect(j.security.log2PrangeTrials).toBeGreaterThan(53);
    const bad = sepka('estimate', '--protocol', 'nosuch');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
