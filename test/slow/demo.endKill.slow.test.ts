/**
 * Kills at the end of a session (the "no process left behind" guarantee of `sepka demo` and
 * `demo --web`, DESIGN.md §6): SIGKILL of each child 0–100 ms after each party's last report
 * reaches the demo (alice's result, bob's result, eve's report), on `demo-256`, terminal and
 * --web. The kill lands on a child that is still working, one that is exiting, or one already
 * gone (ESRCH); each time no child pid and no process carrying the test's tag may remain, and
 * the outcome must be consistent: a failure naming the killed child only if the demo lacks
 * that child's last report. The default suite runs one such case (test/demo.faults.test.ts).
 *
 * 2026-12-01, before this file: 90 CLI runs killing at random moments of a child's last
 * ~300 ms and 96 runs of this matrix left nothing behind (scratch reproduction, same checks).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Procs } from '../helpers/procs.ts';
import { alive, killAtEnd, type Role } from '../helpers/demoFaults.ts';

let procs: Procs;

afterEach(async () => {
  const left = await procs.cleanup();
  expect(left, 'processes left running after the demo').toEqual([]);
});

const ROLES = ['alice', 'bob', 'eve'] as const;
/** Fixed delays after the trigger, cycled over the cases: the same moments on every run. */
const DELAYS_MS = [0, 10, 30, 60, 100];
const CASES: Array<[string, boolean, Role, Role, number]> = [];
for (const web of [false, true])
  for (const trigger of ROLES)
    for (const target of ROLES) {
      const delayMs = DELAYS_MS[CASES.length % DELAYS_MS.length];
      CASES.push([`${web ? 'web' : 'terminal'}: ${target} killed ${delayMs} ms after ${trigger}'s last report`, web, target, trigger, delayMs]);
    }

describe('sepka demo: a kill at the end of a session leaves no process', () => {
  it.each(CASES)('%s', async (name, web, target, trigger, delayMs) => {
    procs = new Procs();
    const r = await killAtEnd(procs, web, [{ target, trigger, delayMs }], `end-${target}-${trigger}`);
    console.log(`${name}: ${r.sent[0]}; ${r.failure ?? 'key agreed'}`);
    for (const pid of r.pids) expect(alive(pid), `pid ${pid} alive after the run`).toBe(false);
    expect(r.pids).toHaveLength(3);
    if (r.failure?.startsWith(`${target} `)) {
      expect(r.sent[0]).toBe('hit');
      expect(r.failure).toMatch(new RegExp(`^${target} was killed by SIGKILL before (reporting a result|her report)`));
      if (r.out) expect(target === 'eve' ? r.out.eve : r.out[target]).toBeUndefined();
    }
    // A kill that found the target gone, or came after the run, cannot have failed it.
    if (r.sent[0] !== 'hit') expect(r.failure).toBeNull();
  }, 180_000);
});
