/**
 * `demo --web`'s runs (src/web/live.ts) in this process, without a browser: stopping the demo
 * mid-session (its Ctrl-C) ends the run through runDemo's stop signal, so the children it then
 * kills are not shown as deaths (the page names a death only on the supervisor's verdict,
 * supervise.ts), and no process of the run is left.
 */
import { afterEach, expect, it } from 'vitest';
import { Procs } from './helpers/procs.ts';
import { alive } from './helpers/demoFaults.ts';
import { startWebDemo } from '../src/web/live.ts';

let procs: Procs;

afterEach(async () => {
  expect(await procs.cleanup(), 'processes left running after the demo').toEqual([]);
});

it('stopped mid-session: the run fails as stopped, no child is named dead, every child is gone', async () => {
  procs = new Procs();
  const demo = await startWebDemo({ protocol: 'demo-256', seed: 'web-stop', noEve: false, port: 0 });
  // Under way: Bob has connected and is past his hello.
  const t0 = Date.now();
  while (!['task', 'challenges', 'distill', 'reconcile'].includes(demo.state()?.parties.bob.step ?? '') && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 5));
  const s = demo.state()!;
  expect(s.status, 'the session ended before it could be stopped').toBe('running');
  const pids = Object.values(s.parties).map((p) => p.pid!);
  expect(pids.every((p) => p > 1)).toBe(true);
  await demo.stop();
  await demo.done;
  const end = demo.state()!;
  expect(end.status).toBe('failed');
  expect(end.failures).toEqual([{ who: 'demo', text: 'stopped before the session ended', atMs: expect.any(Number) }]);
  expect(Object.values(end.parties).map((p) => p.fault)).toEqual([null, null, null]);
  for (const pid of pids) expect(alive(pid), `pid ${pid} alive after stop()`).toBe(false);
});
