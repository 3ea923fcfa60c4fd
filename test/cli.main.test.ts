/**
 * The CLI contract of DESIGN.md §6 through a real process (`node src/cli/main.ts`): --help on
 * every command, and the exit status and one-line errors of the dispatcher. Bad input to each
 * command is covered in-process by cli.badInput.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/dispatch.ts';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

const sepka = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('sepka dispatcher', () => {
  it('--help lists every command and exits 0', () => {
    const r = sepka('--help');
    expect(r.status).toBe(0);
    for (const c of ['demo', 'alice', 'bob', 'eve', 'learn', 'measure', 'sweep', 'report', 'estimate']) expect(r.stdout).toContain(c);
  });
  it('an unknown command is a usage error: one line, exit 2', () => {
    const r = sepka('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
  it('an unknown option is a usage error: one line, exit 2, no stack trace', () => {
    const r = sepka('learn', '--no-such-flag');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('every command answers --help with exit 0 (in-process: the same dispatcher)', async () => {
    for (const c of ['demo', 'alice', 'bob', 'eve', 'learn', 'measure', 'sweep', 'report', 'estimate']) {
      let out = '';
      const w = vi.spyOn(process.stdout, 'write').mockImplementation((x) => ((out += String(x)), true));
      try {
        expect(await main([c, '--help']), c).toBe(0);
      } finally {
        w.mockRestore();
      }
      expect(out, c).toMatch(new RegExp(`^usage: sepka ${c} `));
    }
  });
  it('alice on a port already taken exits 2 with one line (her worker threads do not hold the process open)', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as { port: number }).port;
    try {
      // Before the fix the process printed its line and then stayed alive: spawnSync's timeout
      // killed it (status null).
      const r = sepka('alice', '--listen', `127.0.0.1:${port}`, '--protocol', 'toy-insecure');
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`sepka alice: cannot listen on 127.0.0.1:${port}: EADDRINUSE [SEPKA_ERR_USAGE]\n`);
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  }, 90_000);
});
