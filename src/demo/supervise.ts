/**
 * Supervision of the demo's children: the demo ends when any child ends or
 * stalls, within a few seconds, naming the child.
 *
 * A pure state machine over three inputs — a sign of life from a child (its heartbeat every
 * HEARTBEAT_MS, heartbeat.ts, or any IPC message), a child's exit, and a clock tick — that
 * answers with the first fault. run.ts feeds it and does the I/O (timers, kills).
 *
 * The faults, each naming one child:
 * - `exited`: the child exited before its last report (alice and bob: their result; eve: her
 *   report). Seen at once, on the exit.
 * - `unresponsive`: no message for LIVENESS_MS after its first one (a SIGSTOPped child, a hung
 *   event loop).
 * - `no-start`: no first message within START_MS of the spawn (process start-up can take
 *   seconds on a loaded machine, and more from the TypeScript sources, hence the longer deadline).
 * - `no-result`: alice or bob still has no result PEER_GRACE_MS after the other one exited: the
 *   session is over, so a result that has not come will not come (e.g. bob never connected).
 * - `linger`: the child sent its last report but did not exit within EXIT_GRACE_MS.
 *
 * Deadlines count the demo's own waking time: a tick adds at most 2 × TICK_MS to every clock.
 * If the demo itself was descheduled for a while, heartbeats queued meanwhile in the pipe are
 * read after the timer fires, and counting the whole gap would blame a healthy child.
 */
import { HEARTBEAT_MS } from './heartbeat.ts';

export const TICK_MS = 250;
/** Six heartbeat periods: a stopped child is named within LIVENESS_MS + TICK_MS of its last beat. */
export const LIVENESS_MS = 6 * HEARTBEAT_MS;
export const START_MS = 30_000;
export const PEER_GRACE_MS = 3000;
export const EXIT_GRACE_MS = 5000;

export type FaultKind = 'exited' | 'unresponsive' | 'no-start' | 'no-result' | 'linger';

export interface Fault {
  /** The child at fault. */
  child: string;
  kind: FaultKind;
  /** One line, e.g. "eve stopped responding (no heartbeat for 3.0 s)". */
  reason: string;
  /** The deadline's clock when it expired (the detection latency); 0 for an exit, seen at once. */
  afterMs: number;
  /** `exited`: how the child ended (what a live view shows as its death). */
  exit?: { code: number | null; signal: string | null };
}

/** The message after which a child has nothing more to tell the demo. */
const LAST_REPORT: Record<string, string> = { alice: 'result', bob: 'result', eve: 'eve-report' };
/** `type` is the last message `role` sends: after it, its exit is expected. */
export const isLastReport = (role: string, type: string): boolean => LAST_REPORT[role] === type;
const PEER: Record<string, string> = { alice: 'bob', bob: 'alice' };

interface Watch {
  started: boolean;
  reported: boolean;
  exited: boolean;
  /** Waking time of the last message (or of the spawn, before the first). */
  seenAt: number;
  /** Waking time from which the grace clock runs: the peer's exit (alice/bob without a result), or its own last report. */
  graceFrom: number | undefined;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function exitHow(code: number | null, signal: string | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export class Supervisor {
  private readonly kids = new Map<string, Watch>();
  /** The demo's waking time at the last tick, and the wall clock then. */
  private awake = 0;
  private lastTick: number;
  /** The first fault; once set, nothing else is reported. */
  fault: Fault | undefined;

  constructor(now: number) {
    this.lastTick = now;
  }

  /** Waking time at wall time `now`: a gap since the last tick counts for at most two ticks. */
  private awakeAt(now: number): number {
    return this.awake + Math.max(0, Math.min(now - this.lastTick, 2 * TICK_MS));
  }

  /** A child was spawned. */
  add(role: string, now: number): void {
    this.kids.set(role, { started: false, reported: false, exited: false, seenAt: this.awakeAt(now), graceFrom: undefined });
  }

  /** Roles spawned and not yet exited. */
  running(): string[] {
    return [...this.kids].filter(([, w]) => !w.exited).map(([r]) => r);
  }

  /** A sign of life from `role`: a heartbeat, or an IPC message of type `type`. */
  message(role: string, type: string, now: number): Fault | undefined {
    const w = this.kids.get(role);
    if (!w || w.exited) return this.fault;
    w.started = true;
    w.seenAt = this.awakeAt(now);
    if (isLastReport(role, type) && !w.reported) {
      w.reported = true;
      w.graceFrom = w.seenAt; // now it should exit
    }
    return this.fault;
  }

  exit(role: string, code: number | null, signal: string | null, now: number): Fault | undefined {
    const w = this.kids.get(role);
    if (!w || w.exited) return this.fault;
    w.exited = true;
    if (!w.reported) {
      const what = role === 'eve' ? 'her report' : 'reporting a result';
      return this.raise({ child: role, kind: 'exited', reason: `${role} ${exitHow(code, signal)} before ${what}`, afterMs: 0, exit: { code, signal } });
    }
    const peer = this.kids.get(PEER[role]);
    if (peer && !peer.reported && !peer.exited && peer.graceFrom === undefined) peer.graceFrom = this.awakeAt(now);
    return this.fault;
  }

  tick(now: number): Fault | undefined {
    this.awake = this.awakeAt(now);
    this.lastTick = now;
    for (const [role, w] of this.kids) {
      if (w.exited || this.fault) continue;
      const silent = this.awake - w.seenAt;
      const grace = w.graceFrom === undefined ? undefined : this.awake - w.graceFrom;
      if (!w.started && silent >= START_MS)
        this.raise({ child: role, kind: 'no-start', reason: `${role} did not start (no message within ${secs(START_MS)})`, afterMs: silent });
      else if (w.started && silent >= LIVENESS_MS)
        this.raise({ child: role, kind: 'unresponsive', reason: `${role} stopped responding (no heartbeat for ${secs(silent)})`, afterMs: silent });
      else if (grace !== undefined && w.reported && grace >= EXIT_GRACE_MS)
        this.raise({ child: role, kind: 'linger', reason: `${role} did not exit within ${secs(EXIT_GRACE_MS)} of its last report`, afterMs: grace });
      else if (grace !== undefined && !w.reported && grace >= PEER_GRACE_MS)
        this.raise({ child: role, kind: 'no-result', reason: `${role} reported no result within ${secs(PEER_GRACE_MS)} of ${PEER[role]}'s exit`, afterMs: grace });
    }
    return this.fault;
  }

  private raise(f: Fault): Fault {
    this.fault ??= f;
    return this.fault;
  }
}
