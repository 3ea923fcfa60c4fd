/**
 * The full fault matrix of the demo supervisor (the default suite runs three of these cases,
 * test/demo.faults.test.ts): kill -9 of each child before Bob has connected and mid-session,
 * and SIGSTOP of each child mid-session. Each time `sepka demo` exits 1, names the child in
 * one line, and leaves no process behind; see test/helpers/demoFaults.ts for when each fault
 * lands and what is checked, and test/demo.supervise.test.ts for the deadline logic itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Procs } from '../helpers/procs.ts';
import { demoWithFault, expectFault, type Role } from '../helpers/demoFaults.ts';

let procs: Procs;

afterEach(async () => {
  const left = await procs.cleanup();
  expect(left, 'processes left running after the demo').toEqual([]);
});

const CASES: Array<[string, Role, 'pre' | 'mid', 'SIGKILL' | 'SIGSTOP']> = [];
for (const role of ['alice', 'eve', 'bob'] as const)
  CASES.push([`${role} killed before bob connects`, role, 'pre', 'SIGKILL'], [`${role} killed mid-session`, role, 'mid', 'SIGKILL'], [`${role} stopped mid-session`, role, 'mid', 'SIGSTOP']);

describe('sepka demo: every child, every fault', () => {
  it.each(CASES)('%s', async (_name, role, when, sig) => {
    procs = new Procs();
    const r = await demoWithFault(procs, role, when, sig, `slow-${role}-${when}-${sig}`);
    expectFault(r, role, sig);
    // The wall time from fault to exit, for the record (not a pass criterion on a loaded machine).
    console.log(`${role} ${when} ${sig}: exit 1 ${r.exitAfterMs} ms after the fault: ${r.json.failure}`);
  }, 180_000);
});
