/**
 * `sepka learn` as a process: the --json contract of DESIGN.md §6 and exit code 2 with one
 * line on stderr for bad input.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { expectValid } from './helpers/schema.ts';

// A few real spawns of `sepka learn` (the DESIGN.md §6 contract); kept small and fast.
const run = (...args: string[]) =>
  spawnSync('npx', ['tsx', 'src/cli/main.ts', 'learn', ...args], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });

describe('sepka learn (CLI)', () => {
  it('--json prints exactly one JSON object with the contract fields; a seeded run warns on stderr', () => {
    const r = run('--n', '20', '--seed', '1', '--test', '2000', '--budget-ms', '300', '--json');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]);
    expectValid('learn', j);
    expect(j).toMatchObject({ n: 20, samples: 80 });
    expect(j.theta).toBeCloseTo(1 / Math.sqrt(20), 12);
    expect(j.multimodal).toEqual(expect.objectContaining({ risk: expect.any(Number), ci: expect.any(Array), ms: expect.any(Number) }));
    expect(j.unimodal.map((u: { name: string }) => u.name)).toEqual(['majority', 'brute', 'pooled-gauss', 'bkw', 'logreg']);
    for (const u of j.unimodal) expect(Object.keys(u)).toEqual(expect.arrayContaining(['name', 'risk', 'ci', 'ms', 'recoveredSecret']));
    expect(r.stderr).toMatch(/simulation, NOT secure/);
  });

  it('bad input exits 2 with one line on stderr', () => {
    for (const args of [['--n', 'abc'], ['--n', '32', '--learners', 'nope']]) {
      const r = run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
