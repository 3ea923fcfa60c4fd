/**
 * Running `sepka …` through the dispatcher in this process (src/cli/dispatch.ts) with stdout
 * and stderr captured: the same code as the `sepka` process but for its exit, and much cheaper
 * than a child process. `start` leaves the command running so a test can talk to it (a role
 * listening for a peer); `runCli` awaits it.
 */
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
