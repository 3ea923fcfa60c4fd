/**
 * `demo --web`'s runs (src/web/live.ts) in this process, without a browser: stopping the demo
 * mid-session (its Ctrl-C) ends the run through runDemo's stop signal, so the children it then
 * kills are not shown as deaths (the page names a death only on the supervisor's verdict,
 * supervise.ts), and no process of the run is left. Before the first raw bits the page says
 * what is under way, from the run's real events (view.ts phases).
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

it('before the first figures, the phases come from the run\'s events: each child started (its pid), alice and eve listening, then the first raw bits', async () => {
  procs = new Procs();
  const demo = await startWebDemo({ protocol: 'toy-insecure', seed: 'web-phases', noEve: false, port: 0, maxRuns: 1 });
  await demo.done;
  const s = demo.state()!;
  await demo.stop();
  expect(s.status).toBe('done');
  expect(s.flowing).toBe(true);
  const texts = s.phases.map((p) => p.text);
  // The three start at once: their 'started' lines come first, in the order spawned.
  const want = [
    /^starting the processes at once/,
    new RegExp(`^alice started \\(pid ${s.parties.alice.pid}\\)`),
    new RegExp(`^eve started \\(pid ${s.parties.eve.pid}\\)`),
    new RegExp(`^bob started \\(pid ${s.parties.bob.pid}\\)`),
    /^alice listening on port \d+; eve forwards to her$/,
    /^eve listening on port \d+, forwarding to alice; bob connects$/,
    /^first raw bits/,
  ];
  // In this order. "bob sent hello…" and "alice published the task…" come from the parties'
  // first progress steps, which on a profile this small can be folded into the next report by
  // the progress throttle (ipc.ts, 100 ms): allowed, in their place, not required.
  const between = [/^bob sent hello; alice samples the task/, /^alice published the task/];
  for (const t of texts) expect([...want, ...between].some((re) => re.test(t)), t).toBe(true);
  let at = -1;
  for (const re of want) {
    const i = texts.findIndex((t, k) => k > at && re.test(t));
    expect(i, `${re} after ${texts[at]}: ${texts.join(' | ')}`).toBeGreaterThan(at);
    at = i;
  }
  expect(texts.at(-1)).toMatch(/^first raw bits/);
  const times = s.phases.map((p) => p.atMs);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
}, 120_000);

