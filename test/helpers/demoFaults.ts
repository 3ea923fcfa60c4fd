/**
 * Fault injection into a running `sepka demo`, for test/demo.faults.test.ts
 * and its full matrix in test/slow/: start the demo as a user would, find its children by
 * their command lines in /proc, and hit one of them with a signal at a chosen moment.
 *
 * - `pre`: before Bob has connected. alice is hit when eve's process appears (alice is then
 *   listening and nobody has connected: the demo starts eve only after alice reports her port);
 *   eve when bob's process appears (eve listening, bob not yet started up); bob at his birth.
 * - `mid`: on the demo's first progress line that shows the session under way (Bob in the task
 *   or a later step), with distillation, reconciliation and confirmation still ahead.
 * - at the end (`killAtEnd`): a few ms after a party's last report reaches the demo, with the
 *   demo run in this process, terminal or --web.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Procs } from './procs.ts';
import { expectValid } from './schema.ts';
import { LIVENESS_MS, TICK_MS } from '../../src/demo/supervise.ts';
import { runDemo, type DemoOutcome } from '../../src/demo/run.ts';
import { startWebDemo } from '../../src/web/live.ts';
import type { ViewState } from '../../src/web/view.ts';

export type Role = 'alice' | 'eve' | 'bob';

/** The demo's children by role: processes whose parent is `ppid` running `main.ts ROLE`. */
export function childrenOf(ppid: number): Partial<Record<Role, number>> {
  const out: Partial<Record<Role, number>> = {};
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== ppid) continue;
      const argv = readFileSync(`/proc/${d}/cmdline`, 'latin1').split('\0');
      const i = argv.findIndex((a) => a.endsWith('main.ts'));
      const role = argv[i + 1];
      // (A child seen between fork and exec still shows the demo's own command line.)
      if (i >= 0 && (role === 'alice' || role === 'eve' || role === 'bob')) out[role] = Number(d);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
}

export interface FaultRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The demo's --json object. */
  json: Record<string, any>;
  /** Every child pid seen during the run. */
  pids: Partial<Record<Role, number>>;
  /** Wall time from the fault to the demo's exit (ms); reported, not a pass criterion. */
  exitAfterMs: number;
}

/** Run `sepka demo --json` on `demo-256` and hit `role` with `sig` at `when`. */
export async function demoWithFault(procs: Procs, role: Role, when: 'pre' | 'mid', sig: 'SIGKILL' | 'SIGSTOP', seed: string): Promise<FaultRun> {
  const run = procs.cli(['demo', '--json', '--protocol', 'demo-256', '--seed', seed]);
  const pids: Partial<Record<Role, number>> = {};
  let firedAt = 0;
  const fire = () => {
    if (firedAt) return;
    Object.assign(pids, childrenOf(run.proc.pid!));
    if (!pids[role]) return; // not seen yet: the next poll fires
    firedAt = Date.now();
    process.kill(pids[role]!, sig);
  };
  const trigger: Record<Role, Role> = { alice: 'eve', eve: 'bob', bob: 'bob' };
  const poll = setInterval(() => {
    Object.assign(pids, childrenOf(run.proc.pid!));
    if (when === 'pre' && pids[trigger[role]]) fire();
  }, 10);
  let err = '';
  run.proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (when === 'mid' && /step (task|challenges|distill|reconcile)/.test(err)) fire();
  });
  const r = await run.done;
  clearInterval(poll);
  if (!firedAt) throw new Error(`the demo ended before the fault could be injected: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  if (lines.length !== 1) throw new Error(`--json must print one line, got: ${r.stdout}`);
  const json = JSON.parse(lines[0]);
  expectValid('demo', json);
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, json, pids, exitAfterMs: Date.now() - firedAt };
}

/** Start-up and scheduling slack on a loaded 2-core machine. */
export const SLACK_MS = 15_000;

/**
 * What every fault must give: exit 1, the child named in one line (also the last line of
 * stderr), no pid of alice, eve or bob alive. A SIGSTOPped child is named after the silence
 * the supervisor's deadline allows; the wall time is checked only against 5 s + SLACK_MS (a
 * loaded machine), far below the old behaviour (no exit within 60 s, or a 300 s fallback).
 */
export function expectFault(r: FaultRun, role: Role, sig: 'SIGKILL' | 'SIGSTOP'): void {
  expect(r.code, r.stderr).toBe(1);
  const others = (['alice', 'eve', 'bob'] as const).filter((x) => x !== role);
  const reason =
    sig === 'SIGKILL'
      ? new RegExp(`^${role} was killed by SIGKILL before (reporting a result|her report)(; stopped (${others.join('|')})( and (${others.join('|')}))?)?$`)
      : new RegExp(`^${role} stopped responding \\(no heartbeat for (\\d+\\.\\d) s\\)(; stopped (${others.join('|')})( and (${others.join('|')}))?)?$`);
  expect(r.json.failure).toMatch(reason);
  expect(r.json.keyAgreed).toBe(false);
  // The same line ends stderr, after the children's last words.
  expect(r.stderr.trim().split('\n').at(-1)).toBe(`sepka demo: ${r.json.failure}`);
  if (sig === 'SIGSTOP') {
    const silent = Number(reason.exec(r.json.failure)![1]) * 1000;
    expect(silent).toBeGreaterThanOrEqual(LIVENESS_MS);
    // A tick adds at most 2 × TICK_MS of waking time (supervise.ts), so the silence it reports
    // is below LIVENESS_MS + 2 × TICK_MS; LIVENESS_MS + TICK_MS held only while every tick came
    // on time, which a loaded machine does not promise (50 ms: one decimal of rounding).
    expect(silent).toBeLessThanOrEqual(LIVENESS_MS + 2 * TICK_MS + 50);
  }
  expect(r.exitAfterMs, `exit ${r.exitAfterMs} ms after the fault`).toBeLessThan(5000 + SLACK_MS);
  for (const [who, pid] of Object.entries(r.pids)) expect(alive(pid!), `${who} (pid ${pid}) still alive`).toBe(false);
}

/** A party's last report (supervise.ts isLastReport): what the end-of-session kills are timed on. */
export const LAST: Record<Role, string> = { alice: 'result', bob: 'result', eve: 'eve-report' };

/** SIGKILL `target` `delayMs` after `trigger`'s last report has reached the demo. */
export interface EndKill {
  target: Role;
  trigger: Role;
  delayMs: number;
}

export interface EndKillRun {
  /** Per kill: 'hit' (delivered), 'gone' (the target had exited: ESRCH), 'late' (the run ended first). */
  sent: Array<'hit' | 'gone' | 'late'>;
  failure: string | null;
  /** The run's outcome as `demo` sees it (terminal run only). */
  out?: DemoOutcome;
  pids: number[];
}

/**
 * Kills timed on the parties' last reports, on `demo-256`: they land while the session winds
 * down (the reporting child exiting, Eve scoring, the demo stopping its children). The demo's
 * own runDemo (terminal) or startWebDemo (--web, one run; the trigger read from the page state,
 * which is updated as each message arrives) runs in this process with its children tagged by
 * `procs`, so that the caller's cleanup() finds anything left behind.
 */
export async function killAtEnd(procs: Procs, web: boolean, kills: EndKill[], seed: string): Promise<EndKillRun> {
  const sent: EndKillRun['sent'] = kills.map(() => 'late');
  const fired = kills.map(() => false);
  let done = false;
  const reported = (role: Role, pid: (r: Role) => number | undefined) =>
    kills.forEach((k, i) => {
      if (k.trigger !== role || fired[i]) return;
      fired[i] = true;
      const target = pid(k.target);
      setTimeout(() => {
        if (done) return;
        try {
          process.kill(target!, 'SIGKILL');
          sent[i] = 'hit';
        } catch {
          sent[i] = 'gone';
        }
      }, k.delayMs);
    });
  if (!web) {
    const pidOf = (r: Role) => procs.group.children.find((c) => c.role === r)?.pid;
    const onChildMessage = (role: string, m: { t: string }) => LAST[role as Role] === m.t && reported(role as Role, pidOf);
    const out = await runDemo({ protocol: 'demo-256', seed, noEve: false, onChildMessage }, procs.group);
    done = true;
    return { sent, failure: out.error ?? null, out, pids: out.pids };
  }
  let end: { failure: string | null; pids: number[] } | undefined;
  const demo = await startWebDemo({
    protocol: 'demo-256',
    seed,
    noEve: false,
    port: 0,
    maxRuns: 1,
    onRunEnd: (fig, out) => (end = { failure: fig.failure ?? null, pids: out.pids }),
  });
  const has = (s: ViewState, r: Role) => (r === 'eve' ? s.eve?.rawAdvantage != null : s.key[r] !== null);
  const poll = setInterval(() => {
    const s = demo.state();
    if (s?.status !== 'running') return;
    for (const r of ['alice', 'bob', 'eve'] as const) if (has(s, r)) reported(r, (t) => s.parties[t].pid ?? undefined);
  }, 1);
  await demo.done;
  done = true;
  clearInterval(poll);
  await demo.stop();
  return { sent, failure: end?.failure ?? null, pids: end?.pids ?? [] };
}
