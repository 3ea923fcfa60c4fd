/**
 * The orchestration behind `sepka demo`: start Alice, Eve and Bob as three OS
 * processes on 127.0.0.1, each on a port the OS picked (the child listens on port 0 and reports
 * the port over IPC, so there is no probe-then-bind race; the three start at once, and Eve and
 * Bob get the address they need over IPC when it is known), relay their live progress, collect
 * their results, hand Eve the ground truth to score herself against, and make sure every child
 * is gone afterwards (lifecycle.ts).
 *
 * The demo ends when any child ends or stalls: every child's messages, exit
 * and heartbeats feed a Supervisor (supervise.ts), and its first fault ends the run — the
 * others are stopped, `fault` names the child and `error` says why in one line.
 *
 * Eve scores herself in her own process: after the session she asks for the truth (Alice's and
 * Bob's results, sent only over the private IPC channel) and returns her report.
 */
import { ChildGroup, spawnRole, type Child } from './lifecycle.ts';
import { Supervisor, TICK_MS, type Fault } from './supervise.ts';
import { safeText } from '../text.ts';
import type { ChildMessage, RoleResult } from './ipc.ts';
import { resolveProtocolArg } from '../protocol/profile.ts';
import { SepkaError } from '../errors.ts';

export interface DemoOptions {
  protocol: string;
  seed?: string;
  noEve: boolean;
  timeoutMs?: number;
  eveBudgetMs?: number;
  /** --save-transcript: an absolute path, recorded by Alice's process (she sees every frame in order). */
  saveTranscript?: string;
  /** Live progress of each role as it arrives. */
  onProgress?(role: string, p: Record<string, number | string>): void;
  /** Every checked message from a child as it arrives (progress, results, Eve's report). */
  onChildMessage?(role: string, m: ChildMessage): void;
  /** A line a child wrote to stderr. */
  onChildLine?(role: string, line: string): void;
  /** Longest the whole demo may take before it is abandoned (ms). */
  deadlineMs?: number;
  /**
   * A child ended or stalled: the status event for live views (the web page shows "a child
   * died"). `reason` is safe to print (src/text.ts); `stopped` are the children then stopped.
   */
  onFault?(f: DemoFault): void;
  /**
   * Stops the run from outside (demo --web's Ctrl-C): it ends at once and kills its children,
   * whose exits are then the demo's doing, not faults.
   */
  stop?: AbortSignal;
}

export interface DemoFault extends Fault {
  stopped: string[];
}

export interface DemoOutcome {
  alice?: RoleResult;
  bob?: RoleResult;
  eve?: Record<string, unknown>;
  /** Exit codes of the children. */
  exits: Record<string, number | null>;
  /** Why the demo itself could not run to the end (a child died early, deadline, …); one safe line. */
  error?: string;
  /** The child that ended or stalled, when that is why. */
  fault?: DemoFault;
  /** Last stderr line of each child, for the failure summary. */
  lastLines: Record<string, string>;
  pids: number[];
  ms: number;
}

/** Messages from one child, kept so that a wait can start after the message arrived. */
export class Mailbox {
  private waiters: Array<{ pred: (m: ChildMessage) => boolean; resolve: (m: ChildMessage) => void }> = [];
  readonly seen: ChildMessage[] = [];
  push(m: ChildMessage): void {
    this.seen.push(m);
    this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
  }
  /** Resolves with the first message matching `pred`, or undefined if `child` exits first. */
  wait<T extends ChildMessage>(child: Child, pred: (m: ChildMessage) => m is T): Promise<T | undefined> {
    const hit = this.seen.find(pred);
    if (hit) return Promise.resolve(hit as T);
    return new Promise((resolve) => {
      this.waiters.push({ pred, resolve: (m) => resolve(m as T) });
      void child.exited.then(() => setImmediate(() => resolve(undefined)));
    });
  }
}

export const isListening = (m: ChildMessage): m is Extract<ChildMessage, { t: 'listening' }> => m.t === 'listening';
export const isResult = (m: ChildMessage): m is Extract<ChildMessage, { t: 'result' }> => m.t === 'result';
const isEveReport = (m: ChildMessage): m is Extract<ChildMessage, { t: 'eve-report' }> => m.t === 'eve-report';

export async function runDemo(o: DemoOptions, group = new ChildGroup()): Promise<DemoOutcome> {
  const t0 = Date.now();
  // The children may not share this cwd's meaning of a relative profile path: pass it absolute.
  const common = ['--protocol', resolveProtocolArg(o.protocol), ...(o.seed !== undefined ? ['--seed', o.seed] : []), ...(o.timeoutMs ? ['--timeout-ms', String(o.timeoutMs)] : [])];
  const boxes: Record<string, Mailbox> = {};
  const sup = new Supervisor(Date.now());
  let onFault!: (f: Fault) => void;
  const faulted = new Promise<Fault>((resolve) => (onFault = resolve));
  // Exits caused by the demo's own cleanup, after the run has ended, are no fault.
  let ended = false;
  const judge = (f: Fault | undefined) => f && !ended && onFault(f);
  const start = (role: string, args: string[]): Child => {
    const box = (boxes[role] = new Mailbox());
    sup.add(role, Date.now());
    const child = group.add(
      spawnRole(role, [...args, ...common], {
        onMessage: (m) => {
          judge(sup.message(role, m.t, Date.now()));
          if (m.t === 'progress') o.onProgress?.(m.role, m.progress);
          o.onChildMessage?.(role, m);
          box.push(m);
        },
        onHeartbeat: () => judge(sup.message(role, 'heartbeat', Date.now())),
        onStderrLine: (l) => o.onChildLine?.(role, l),
      }),
    );
    void child.gone.then(({ code, signal }) => judge(sup.exit(role, code, signal, Date.now())));
    return child;
  };
  const out: DemoOutcome = { exits: {}, lastLines: {}, pids: [], ms: 0 };
  let deadline: NodeJS.Timeout | undefined;
  const ticker = setInterval(() => judge(sup.tick(Date.now())), TICK_MS);
  let killNow: string[] = [];
  let unhalt = () => {};
  try {
    const work = (async () => {
      // All three start at once, so that their start-ups overlap: Eve and Bob are given the
      // address they forward or connect to over IPC when it is known (Alice's port when she
      // listens, then Eve's), and get ready meanwhile.
      const alice = start('alice', ['--listen', '127.0.0.1:0', '--sessions', '1', ...(o.saveTranscript ? ['--save-transcript', o.saveTranscript] : [])]);
      const budget = o.eveBudgetMs ? ['--eve-budget-ms', String(o.eveBudgetMs)] : [];
      const eve = o.noEve ? undefined : start('eve', ['--listen', '127.0.0.1:0', '--sessions', '1', ...budget]);
      const bob = start('bob', []);
      const aL = await boxes.alice.wait(alice, isListening);
      if (!aL) throw new SepkaError('SEPKA_ERR_DISCONNECTED', 'alice exited before listening');
      let target = aL.port;
      if (eve) {
        eve.send({ t: 'peer', url: `ws://127.0.0.1:${aL.port}` });
        const eL = await boxes.eve.wait(eve, isListening);
        if (!eL) throw new SepkaError('SEPKA_ERR_DISCONNECTED', 'eve exited before listening');
        target = eL.port;
      }
      bob.send({ t: 'peer', url: `ws://127.0.0.1:${target}` });
      const [ra, rb] = await Promise.all([boxes.alice.wait(alice, isResult), boxes.bob.wait(bob, isResult)]);
      out.alice = ra?.result;
      out.bob = rb?.result;
      if (eve) {
        // Eve asks for the truth once her session has ended; answer whenever she is ready.
        eve.send({ t: 'truth', alice: out.alice, bob: out.bob });
        out.eve = (await boxes.eve.wait(eve, isEveReport))?.report;
      }
      await Promise.all(group.children.map((c) => c.exited));
    })();
    const timeout = new Promise<never>((_, reject) => {
      deadline = setTimeout(() => reject(new SepkaError('SEPKA_ERR_TIMEOUT', `demo did not finish within ${o.deadlineMs} ms`)), o.deadlineMs ?? 300_000);
    });
    // A fault ends the run: the children are then stopped, and `work`, waiting on them, ends
    // on its own (or never); its late rejection is expected and must not surface as unhandled.
    const fault = faulted.then((f) => {
      // The unresponsive child will not act on SIGTERM; the others get their grace period.
      killNow = f.kind === 'unresponsive' || f.kind === 'no-start' ? [f.child] : [];
      const stopped = sup.running().filter((r) => r !== f.child);
      out.fault = { ...f, reason: safeText(f.reason), stopped };
      o.onFault?.(out.fault);
      throw new SepkaError('SEPKA_ERR_DISCONNECTED', `${out.fault.reason}${stopped.length ? `; stopped ${stopped.join(' and ')}` : ''}`);
    });
    work.catch(() => {});
    const halted = new Promise<void>((resolve) => {
      const end = () => {
        out.error ??= 'stopped before the session ended';
        resolve();
      };
      if (o.stop?.aborted) end();
      o.stop?.addEventListener('abort', end, { once: true });
      unhalt = () => o.stop?.removeEventListener('abort', end);
    });
    await Promise.race([work, timeout, fault, halted]);
  } catch (e) {
    out.error = safeText((e as Error).message);
  } finally {
    ended = true;
    unhalt();
    clearInterval(ticker);
    if (deadline) clearTimeout(deadline);
    await group.killAll(1000, killNow);
  }
  // A run cut short by a fault still shows the results that did arrive.
  const seen = <T extends ChildMessage>(role: string, pred: (m: ChildMessage) => m is T) => boxes[role]?.seen.find(pred);
  out.alice ??= seen('alice', isResult)?.result;
  out.bob ??= seen('bob', isResult)?.result;
  out.eve ??= seen('eve', isEveReport)?.report;
  for (const c of group.children) {
    out.exits[c.role] = c.proc.exitCode;
    out.pids.push(c.pid);
    const last = c.stderr.filter((l) => l.trim() !== '').at(-1);
    if (last) out.lastLines[c.role] = last;
  }
  out.ms = Date.now() - t0;
  return out;
}
