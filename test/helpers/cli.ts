/**
 * Running `sepka …` through the dispatcher in this process (src/cli/dispatch.ts) with stdout
 * and stderr captured: the same code as the `sepka` process but for its exit, and much cheaper
 * than a child process. `start` leaves the command running so a test can talk to it (a role
 * listening for a peer); `runCli` awaits it. `sepkaProcess` runs a real `sepka` process instead,
 * where the process itself is under test (its exit, what reaches the terminal).
 */
import { spawn } from 'node:child_process';
import { vi } from 'vitest';
import { main } from '../../src/cli/dispatch.ts';

export interface CliRun {
  done: Promise<number>;
  out(): string;
  err(): string;
}

/** Start `sepka args` with stdout/stderr captured; they are restored when it ends. */
export function startCli(args: string[]): CliRun {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const done = main(args).finally(() => {
    o.mockRestore();
    e.mockRestore();
  });
  return { done, out: () => out, err: () => err };
}

/** `sepka args` to the end: its exit code and everything it wrote. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = startCli(args);
  const code = await r.done;
  return { code, out: r.out(), err: r.err() };
}

/**
 * `sepka args` as a real process, to its end: exit code, signal and everything it wrote. With
 * `guardMs` it is SIGKILLed after that long (a hang then shows as signal SIGKILL, not a timeout).
 */
export function sepkaProcess(args: string[], guardMs?: number): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((res) => {
    const c = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (b) => (out += b));
    c.stderr.on('data', (b) => (err += b));
    const guard = guardMs === undefined ? undefined : setTimeout(() => c.kill('SIGKILL'), guardMs);
    c.on('close', (code, signal) => {
      clearTimeout(guard);
      res({ code, signal, out, err });
    });
  });
}
