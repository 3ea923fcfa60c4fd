/**
 * The demo's deadline logic (src/demo/supervise.ts) on a fake clock: which
 * fault is raised, naming which child, and after exactly how much of the demo's waking time.
 * These bounds are what makes "the demo exits within 5 s of the fault" hold on any machine:
 * an exit is judged at once, a silent child at LIVENESS_MS (+ at most one tick), and the
 * demo then stops the others within its 1 s kill grace (run.ts, lifecycle.ts).
 */
import { describe, expect, it } from 'vitest';
import { EXIT_GRACE_MS, LIVENESS_MS, PEER_GRACE_MS, START_MS, Supervisor, TICK_MS } from '../src/demo/supervise.ts';
import { HEARTBEAT_MS } from '../src/demo/heartbeat.ts';

/** A supervisor over alice, eve and bob at t = 0, all started (one heartbeat each). */
function running() {
  const s = new Supervisor(0);
  for (const r of ['alice', 'eve', 'bob']) {
    s.add(r, 0);
    s.message(r, 'heartbeat', 0);
  }
  let now = 0;
  /** Advance the clock tick by tick to `t`, `beating` roles sending a heartbeat every HEARTBEAT_MS. */
  const run = (t: number, beating: string[]) => {
    for (; now < t; ) {
      now += TICK_MS;
      if (now % HEARTBEAT_MS === 0) for (const r of beating) s.message(r, 'heartbeat', now);
      if (s.tick(now)) return now;
    }
    return undefined;
  };
  return { s, run, at: () => now };
}

describe('demo supervision: deadlines', () => {
  it('healthy children that beat are never faulted, however long the session', () => {
    const { s, run } = running();
    expect(run(600_000, ['alice', 'eve', 'bob'])).toBeUndefined();
    expect(s.fault).toBeUndefined();
  });

  it('an exit before the last report is a fault at once, naming the child and its signal', () => {
    const { s, at } = running();
    const f = s.exit('bob', null, 'SIGKILL', at());
    expect(f).toEqual({ child: 'bob', kind: 'exited', reason: 'bob was killed by SIGKILL before reporting a result', afterMs: 0, exit: { code: null, signal: 'SIGKILL' } });
    // Later events do not replace the first fault.
    s.exit('alice', 1, null, at());
    expect(s.fault?.child).toBe('bob');
    expect(new Supervisor(0).exit('x', 0, null, 0)).toBeUndefined(); // unknown roles are ignored
  });

  it("eve's exit before her report names her; an exit after the last report is no fault", () => {
    const { s, at } = running();
    s.message('alice', 'result', at());
    expect(s.exit('alice', 0, null, at())).toBeUndefined();
    expect(s.exit('eve', 1, null, at())?.reason).toBe('eve exited with code 1 before her report');
  });

  it('a child that stops beating is named after LIVENESS_MS of silence, within one tick', () => {
    for (const stopped of ['alice', 'eve', 'bob']) {
      const { s, run } = running();
      run(10_000, ['alice', 'eve', 'bob']);
      const t0 = 10_000;
      const others = ['alice', 'eve', 'bob'].filter((r) => r !== stopped);
      const t = run(60_000, others);
      // Its last beat was at t0: the fault comes LIVENESS_MS later, give or take one tick.
      expect(t! - t0).toBeGreaterThanOrEqual(LIVENESS_MS);
      expect(t! - t0).toBeLessThanOrEqual(LIVENESS_MS + TICK_MS);
      expect(s.fault).toMatchObject({ child: stopped, kind: 'unresponsive' });
      expect(s.fault!.afterMs).toBeGreaterThanOrEqual(LIVENESS_MS);
      expect(s.fault!.afterMs).toBeLessThanOrEqual(LIVENESS_MS + TICK_MS);
      expect(s.fault!.reason).toMatch(new RegExp(`^${stopped} stopped responding \\(no heartbeat for 3\\.\\d s\\)$`));
    }
  });

  it('the deadline and the kill grace fit the 5 s the issue asks for', () => {
    // Detection (LIVENESS_MS + one tick) plus the 1 s SIGTERM grace run.ts gives the others.
    expect(LIVENESS_MS + TICK_MS + 1000).toBeLessThanOrEqual(5000);
    // Several beats fit in the deadline, so one late beat on a loaded machine is no fault.
    expect(LIVENESS_MS / HEARTBEAT_MS).toBeGreaterThanOrEqual(5);
  });

  it('a stall of the demo itself blames nobody: deadlines count its waking time', () => {
    const s = new Supervisor(0);
    s.add('alice', 0);
    s.message('alice', 'heartbeat', 0);
    // The demo is descheduled for 20 s; alice's beats are queued in the pipe, read after the tick.
    expect(s.tick(20_000)).toBeUndefined();
    s.message('alice', 'heartbeat', 20_000);
    expect(s.tick(20_250)).toBeUndefined();
    // A real silence is still caught: LIVENESS_MS of ticks without a beat.
    let t = 20_250;
    while (!s.tick((t += TICK_MS)));
    expect(t - 20_000).toBe(LIVENESS_MS);
  });

  it('a beat that is merely late (2.5 s apart) is no fault', () => {
    const s = new Supervisor(0);
    s.add('bob', 0);
    s.message('bob', 'heartbeat', 0);
    for (let t = TICK_MS; t <= 2500; t += TICK_MS) expect(s.tick(t)).toBeUndefined();
    s.message('bob', 'heartbeat', 2500);
    for (let t = 2500 + TICK_MS; t <= 5000; t += TICK_MS) expect(s.tick(t)).toBeUndefined();
  });

  it('a child that never starts is named after START_MS, not LIVENESS_MS', () => {
    const s = new Supervisor(0);
    s.add('eve', 0);
    let t = 0;
    while (!s.tick((t += TICK_MS)));
    expect(t).toBe(START_MS);
    expect(s.fault).toMatchObject({ child: 'eve', kind: 'no-start', reason: 'eve did not start (no message within 30.0 s)' });
  });

  it('when bob has ended, alice has PEER_GRACE_MS to report her result (e.g. bob never connected)', () => {
    const { s, run, at } = running();
    s.message('bob', 'result', at());
    s.exit('bob', 1, null, at());
    const t = run(60_000, ['alice', 'eve']);
    expect(t).toBe(PEER_GRACE_MS);
    expect(s.fault).toMatchObject({ child: 'alice', kind: 'no-result', reason: "alice reported no result within 3.0 s of bob's exit" });
    // …and none is raised if she does report.
    const ok = running();
    ok.s.message('bob', 'result', 0);
    ok.s.exit('bob', 1, null, 0);
    ok.run(1000, ['alice', 'eve']);
    ok.s.message('alice', 'result', 1000);
    ok.s.exit('alice', 1, null, 1000);
    expect(ok.run(60_000, ['eve'])).toBeUndefined();
  });

  it('a child that reported but does not exit is named after EXIT_GRACE_MS', () => {
    const { s, run, at } = running();
    s.message('eve', 'eve-report', at());
    expect(run(60_000, ['alice', 'eve', 'bob'])).toBe(EXIT_GRACE_MS);
    expect(s.fault).toMatchObject({ child: 'eve', kind: 'linger' });
    expect(s.running()).toEqual(['alice', 'eve', 'bob']);
  });
});
