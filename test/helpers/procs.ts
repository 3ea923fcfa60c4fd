/**
 * Helpers for the process-level tests (test/demo.lifecycle.test.ts, test/demo*.test.ts): start
 * `sepka alice|bob|eve` as real child processes through src/demo/lifecycle.ts (the code the demo
 * uses), follow their IPC messages, and prove afterwards that none is left running.
 *
 * Every process started here carries SEPKA_TEST_TAG in its environment, and so does every
 * process it starts in turn; `taggedPids` finds them all through /proc, grandchildren included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { ChildGroup, spawnRole, type Child } from '../../src/demo/lifecycle.ts';
import { cliArgs } from '../../src/runtime.ts';
import { isListening, isResult, Mailbox } from '../../src/demo/run.ts';
import type { ChildMessage, RoleResult } from '../../src/demo/ipc.ts';

export interface Proc {
  role: string;
  child: Child;
  box: Mailbox;
}

/** PIDs of live processes whose environment carries SEPKA_TEST_TAG=tag (Linux /proc). */
export function taggedPids(tag: string): number[] {
  const needle = `SEPKA_TEST_TAG=${tag}`;
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${d}/environ`, 'latin1').split('\0');
      if (!env.includes(needle)) continue;
      const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
      if (/\) Z /.test(stat)) continue; // a zombie is already dead, waiting to be reaped
      out.push(Number(d));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return out;
}

/** One test's processes: started tagged, killed together, checked for leftovers. */
export class Procs {
  readonly tag = randomUUID();
  readonly group = new ChildGroup();
  private readonly raw: ChildProcess[] = [];

  constructor() {
    process.env.SEPKA_TEST_TAG = this.tag;
  }

  start(role: string, args: string[], onMessage?: (m: ChildMessage) => void): Proc {
    const box = new Mailbox();
    const child = this.group.add(
      spawnRole(role, args, {
        onMessage: (m) => {
          box.push(m);
          onMessage?.(m);
        },
      }),
    );
    return { role, child, box };
  }

  /** `sepka ...args` without IPC (as a user runs it); resolves with exit code and output. */
  cli(args: string[]): { proc: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
    const proc = spawn(process.execPath, cliArgs(...args), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.raw.push(proc);
    let stdout = '';
    let stderr = '';
    proc.stdout!.on('data', (d) => (stdout += d));
    proc.stderr!.on('data', (d) => (stderr += d));
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
      proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
    );
    return { proc, done };
  }

  async port(p: Proc): Promise<number> {
    const m = await p.box.wait(p.child, isListening);
    if (!m) throw new Error(`${p.role} exited before listening: ${p.child.stderr.join(' | ')}`);
    return m.port;
  }

  async result(p: Proc): Promise<RoleResult | undefined> {
    return (await p.box.wait(p.child, isResult))?.result;
  }

  async exit(p: Proc): Promise<number | null> {
    return (await p.child.exited).code;
  }

  /** Kill whatever is left; returns the tagged PIDs that were still alive before that. */
  async cleanup(): Promise<number[]> {
    // A killed role's helper children (tsx's esbuild service on a cold cache) notice the parent's
    // death and exit on their own, usually within milliseconds; give them up to 2 s before
    // counting what is left as orphans.
    let left = taggedPids(this.tag);
    for (let t = 0; t < 40 && left.length > 0; t++) {
      await new Promise((r) => setTimeout(r, 50));
      left = taggedPids(this.tag);
    }
    await this.group.killAll(500);
    for (const p of this.raw) if (p.exitCode === null) p.kill('SIGKILL');
    for (const pid of taggedPids(this.tag)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    delete process.env.SEPKA_TEST_TAG;
    return left;
  }
}
