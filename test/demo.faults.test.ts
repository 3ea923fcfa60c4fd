/**
 * `sepka demo` ends when any child ends or stalls: three representative
 * faults out of the nine of the acceptance matrix (test/slow/demo.faults.slow.test.ts runs all
 * nine), a kill at the end of a session (the slow matrix: test/slow/demo.endKill.slow.test.ts),
 * and the demo itself killed. Each fault makes the demo exit 1 with a one-line reason naming the
 * child; in every case no process is left (no pid of alice, eve or bob, nor any process carrying the
 * test's environment tag).
 *
 * Time: the guarantee "within 5 s of the fault" comes from the demo's deadline logic, checked
 * exactly on a fake clock in test/demo.supervise.test.ts (an exit is judged at once, a silent
 * child after LIVENESS_MS = 3 s + at most one 250 ms tick, then a 1 s kill grace). Here the
 * reported silence is checked against that bound, and the wall time only against a bound far
 * below the old behaviour (no exit within 60 s, or the 300 s fallback), since this machine may
 * be loaded: 5 s + 15 s of slack for start-up and scheduling.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Procs } from './helpers/procs.ts';
import { alive, childrenOf, demoWithFault, expectFault, killAtEnd } from './helpers/demoFaults.ts';

let procs: Procs;

afterEach(async () => {
  const left = await procs.cleanup();
  expect(left, 'processes left running after the demo').toEqual([]);
});

describe('sepka demo: a child that ends or stalls ends the demo', () => {
  it('bob killed (-9) before he connects: exit 1 naming bob; alice and eve stopped', async () => {
    procs = new Procs();
    const r = await demoWithFault(procs, 'bob', 'pre', 'SIGKILL', 'fault-bob-pre');
    expectFault(r, 'bob', 'SIGKILL');
    expect(r.json.failure).toMatch(/; stopped (alice and eve|eve and alice)$/);
  });

  it('alice killed (-9) mid-session: exit 1 naming alice', async () => {
    procs = new Procs();
    expectFault(await demoWithFault(procs, 'alice', 'mid', 'SIGKILL', 'fault-alice-mid'), 'alice', 'SIGKILL');
  });

  it('eve stopped (SIGSTOP) mid-session: exit 1 naming eve after ≈ 3 s without a heartbeat; the stopped process is killed too', async () => {
    procs = new Procs();
    const r = await demoWithFault(procs, 'eve', 'mid', 'SIGSTOP', 'fault-eve-stop');
    expectFault(r, 'eve', 'SIGSTOP');
    expect(r.json.failure).toMatch(/; stopped (alice and bob|bob and alice)$/);
  });

  it('alice killed (-9) as her result arrives, then eve as her report does: no fault (each had reported), the key stands, nothing left', async () => {
    // The end of a session: alice is exiting, the demo is handing eve the truth. A kill there
    // once looked like a leak in the browser test (it was the demo --web process the failed
    // test had not stopped, test/helpers/web.ts stopWeb); test/slow/demo.endKill.slow.test.ts
    // runs every child at every last report, terminal and --web.
    procs = new Procs();
    const r = await killAtEnd(
      procs,
      false,
      [
        { target: 'alice', trigger: 'alice', delayMs: 0 },
        { target: 'eve', trigger: 'eve', delayMs: 0 },
      ],
      'fault-alice-end',
    );
    console.log(`alice at her result: ${r.sent[0]}; eve at her report: ${r.sent[1]}`);
    expect(r.failure).toBeNull();
    expect(r.out!.fault).toBeUndefined();
    expect(r.out!.alice?.ok && r.out!.bob?.ok).toBe(true);
    expect(r.out!.alice!.fingerprint).toBe(r.out!.bob!.fingerprint);
    expect(r.out!.eve).toBeDefined();
    expect(r.pids).toHaveLength(3);
    for (const pid of r.pids) expect(alive(pid), `pid ${pid} alive after the demo returned`).toBe(false);
  });

  it('the demo itself killed (-9) mid-session: its children notice the closed channel and exit', async () => {
    procs = new Procs();
    const run = procs.cli(['demo', '--protocol', 'demo-256', '--seed', 'fault-demo-killed']);
    let err = '';
    let kids: ReturnType<typeof childrenOf> = {};
    const underWay = await new Promise<boolean>((resolve) => {
      run.proc.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (/step (task|challenges|distill)/.test(err)) resolve(true);
      });
      run.proc.once('exit', () => resolve(false));
    });
    expect(underWay, 'the demo ended before it could be killed').toBe(true);
    kids = childrenOf(run.proc.pid!);
    expect(Object.keys(kids).sort()).toEqual(['alice', 'bob', 'eve']);
    run.proc.kill('SIGKILL');
    await run.done;
    // No cleanup by the demo here: each child exits on its own when its IPC channel closes.
    // Wait for that (generously: a child busy computing notices on its next turn of the loop).
    const t0 = Date.now();
    while (Object.values(kids).some((p) => alive(p!)) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 100));
    for (const [who, pid] of Object.entries(kids)) expect(alive(pid!), `${who} (pid ${pid}) outlived the demo`).toBe(false);
  });
});
