/**
 * Child-process lifecycle for `sepka demo`: spawn a role as a real OS process
 * running the same TypeScript sources, talk to it over an IPC channel, and make sure it is
 * gone afterwards — on success, on failure, and on Ctrl-C.
 *
 * - Each child runs `sepka ROLE …` from the same tree as the parent (compiled dist/, or the
 *   TypeScript sources under vitest): src/runtime.ts says how.
 * - Each child leads its own process group (detached), and is killed by group: SIGTERM and
 *   SIGCONT (a stopped child acts on its SIGTERM only once continued), then SIGKILL after a
 *   grace period; a child known to be unresponsive gets SIGKILL at once. Ctrl-C in a terminal
 *   reaches only the parent, whose handler kills the groups, so no child outlives it.
 * - If the parent dies without cleaning up (SIGKILL), each child notices its IPC channel close
 *   and exits on its own (see ipc.ts), so no orphan keeps a port open.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { parseChildMessage, type ChildMessage, type ParentMessage } from './ipc.ts';
import { HEARTBEAT_FD } from './heartbeat.ts';
import { cliArgs, loaderArgs } from '../runtime.ts';

export interface Child {
  role: string;
  proc: ChildProcess;
  pid: number;
  /** Lines the child wrote to stderr (kept for the failure summary). */
  stderr: string[];
  /** Everything the child wrote to stdout. */
  stdout: string[];
  /**
   * Resolves when the process has exited and its stdout, stderr and IPC channel are drained
   * ('close', not 'exit': Node may emit 'exit' before the last output has been read, and a
   * caller that inspects `stdout`/`stderr` or the last IPC message right after the exit must
   * see everything the child wrote).
   */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * Resolves as soon as the process has exited and its IPC channel is closed (every message it
   * sent has been delivered), even if a grandchild still holds its stdout/stderr open: what
   * supervision (supervise.ts) needs to judge the exit at once.
   */
  gone: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  send(msg: ParentMessage): void;
}

export interface SpawnOptions {
  onMessage?(msg: ChildMessage): void;
  /** A beat on the child's heartbeat pipe (heartbeat.ts). */
  onHeartbeat?(): void;
  /** The script the child runs (default: the CLI; tests start stand-ins with the same channels). */
  main?: string;
  onStderrLine?(line: string): void;
}

function lines(stream: NodeJS.ReadableStream | null, sink: string[], each?: (l: string) => void): void {
  if (!stream) return;
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const l = buf.slice(0, i);
      buf = buf.slice(i + 1);
      sink.push(l);
      each?.(l);
    }
  });
  stream.on('end', () => {
    if (buf) {
      sink.push(buf);
      each?.(buf);
    }
  });
}

/** Spawn `sepka ROLE ...args` as a child process with an IPC channel. */
export function spawnRole(role: string, args: string[], opts: SpawnOptions = {}): Child {
  const argv = opts.main ? [...loaderArgs(), opts.main, role, ...args] : cliArgs(role, ...args);
  const proc = spawn(process.execPath, argv, {
    // fd 3: the IPC channel; fd HEARTBEAT_FD (4): the heartbeat pipe.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc', 'pipe'],
    // Structured clone on the channel: the ground truth for Eve carries typed arrays.
    serialization: 'advanced',
    detached: true,
    env: { ...process.env, SEPKA_CHILD: '1' },
  });
  const child: Child = {
    role,
    proc,
    pid: proc.pid ?? -1,
    stderr: [],
    stdout: [],
    exited: new Promise((resolve) => {
      proc.once('close', (code, signal) => resolve({ code, signal }));
      proc.once('error', () => resolve({ code: null, signal: null }));
    }),
    gone: new Promise((resolve) => {
      const check = () => {
        if ((proc.exitCode !== null || proc.signalCode !== null) && !proc.connected) resolve({ code: proc.exitCode, signal: proc.signalCode });
      };
      proc.once('exit', check);
      proc.once('disconnect', check);
      proc.once('close', (code, signal) => resolve({ code, signal }));
      proc.once('error', () => resolve({ code: null, signal: null }));
    }),
    send(msg) {
      if (proc.connected) proc.send(msg, () => {});
    },
  };
  const beats = proc.stdio[HEARTBEAT_FD] as NodeJS.ReadableStream | null;
  beats?.on('data', () => opts.onHeartbeat?.());
  lines(proc.stdout, child.stdout);
  lines(proc.stderr, child.stderr, opts.onStderrLine);
  proc.on('message', (m) => {
    let msg: ChildMessage;
    try {
      msg = parseChildMessage(m);
    } catch (e) {
      // A child that speaks garbage on the channel cannot be followed: note why (its last line
      // is what the demo prints on failure) and stop it, so that nobody waits on it.
      const line = `${role}: ${(e as Error).message} [SEPKA_ERR_IPC]`;
      child.stderr.push(line);
      opts.onStderrLine?.(line);
      signalGroup(child, 'SIGTERM');
      return;
    }
    opts.onMessage?.(msg);
  });
  proc.on('error', () => {}); // spawn failure shows up as exit
  return child;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signal the child's whole process group; fall back to the child alone. */
function signalGroup(child: Child, sig: NodeJS.Signals): void {
  if (child.pid <= 0) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    try {
      process.kill(child.pid, sig);
    } catch {
      // already gone
    }
  }
}

/** The set of children of one demo run, killed together. */
export class ChildGroup {
  readonly children: Child[] = [];

  add(c: Child): Child {
    this.children.push(c);
    return c;
  }

  /**
   * SIGTERM (and SIGCONT) every child's group, SIGKILL whatever is left after `graceMs`, and
   * await every child's `exited` (its output drained), so that callers read complete
   * stderr/stdout. The roles in `killNow` (unresponsive children) get SIGKILL at once.
   */
  async killAll(graceMs = 1500, killNow: string[] = []): Promise<void> {
    const live = this.children.filter((c) => c.proc.exitCode === null && c.proc.signalCode === null);
    for (const c of live) {
      if (killNow.includes(c.role)) signalGroup(c, 'SIGKILL');
      else {
        signalGroup(c, 'SIGTERM');
        signalGroup(c, 'SIGCONT');
      }
    }
    // A child that has exited but whose pipes are still open (a grandchild holds them) is
    // waited for too; the SIGKILL goes to every group not yet closed.
    const open = new Set(this.children);
    for (const c of this.children) void c.exited.then(() => open.delete(c));
    const timer = setTimeout(() => {
      for (const c of open) signalGroup(c, 'SIGKILL');
    }, graceMs);
    await Promise.all(this.children.map((c) => c.exited));
    clearTimeout(timer);
    // The group may hold grandchildren even after its leader exited.
    for (const c of this.children) if (alive(-c.pid)) signalGroup(c, 'SIGKILL');
  }

  /**
   * Kill every child on SIGINT/SIGTERM/SIGHUP, then exit with 128 + signal number.
   * Returns a function that removes the handlers.
   */
  killOnSignals(onSignal?: (sig: NodeJS.Signals) => void): () => void {
    const nums: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
    const handler = (sig: NodeJS.Signals) => {
      onSignal?.(sig);
      void this.killAll(500).finally(() => process.exit(128 + nums[sig]));
    };
    const sigs: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of sigs) process.on(s, handler);
    return () => {
      for (const s of sigs) process.off(s, handler);
    };
  }
}
