/**
 * One default everywhere (DESIGN.md §6): every command that takes --protocol runs paper-128
 * when it is not given, and says so in its --help; Eve's budget has one default, the same in
 * demo, eve, measure and sweep. `sepka estimate` alone prices paper-128.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE } from '../src/protocol/profile.ts';
import { DEFAULT_EVE_BUDGET_MS } from '../src/eve/eve.ts';
import { DEFAULT_GRID } from '../src/measure/sweep/grid.ts';
import { gridFromOptions } from '../src/cli/sweep.ts';
import { runCli } from './helpers/cli.ts';

const help = async (cmd: string) => (await runCli([cmd, '--help'])).out.replace(/\s+/g, ' ');

describe('the default profile', () => {
  it('is paper-128', () => expect(DEFAULT_PROFILE).toBe('paper-128'));
  it.each(['demo', 'measure', 'estimate', 'sweep', 'alice', 'bob', 'eve'])('sepka %s --help names it as the --protocol default', async (cmd) => {
    expect(await help(cmd)).toMatch(/--protocol NAME [^-]*paper-128[,;)]? ?(the default|\(default)|\(default: paper-128\)|default paper-128/);
  });
  it('sepka estimate with no option prices paper-128', async () => {
    const r = await runCli(['estimate', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ protocol: 'paper-128', params: { n: 7168 } });
  });
  it("sweep's base profile is paper-128 unless --protocol is given", () => {
    expect(DEFAULT_GRID.protocol).toBe(DEFAULT_PROFILE);
    expect(gridFromOptions({}).protocol).toBe('paper-128');
  });
});

describe("Eve's budget", () => {
  it('has one default: 1,500 ms, in sweep as in demo and measure', () => {
    expect(DEFAULT_EVE_BUDGET_MS).toBe(1500);
    expect(DEFAULT_GRID.eveBudgetMs).toEqual([DEFAULT_EVE_BUDGET_MS]);
    expect(gridFromOptions({}).eveBudgetMs).toEqual([DEFAULT_EVE_BUDGET_MS]);
  });
  it.each(['demo', 'measure', 'sweep', 'eve'])('sepka %s --help states it', async (cmd) => {
    expect(await help(cmd)).toMatch(/--eve-budget-ms \S+ [^-]*\(default:? 1500\b/);
  });
});
