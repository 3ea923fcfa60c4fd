/**
 * The `sepka` process against its readers (DESIGN.md §6): a reader that closes early
 * (`sepka --version | true`) ends the program quietly with exit 0 — no EPIPE stack trace on
 * stderr — and `sepka` with no command is a usage error whose usage goes to stderr, exit 2.
 * Real processes: EPIPE only exists between processes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const TSX = [process.execPath, '--import', 'tsx', 'src/cli/main.ts'];

/**
 * Run `cmd` with its stdout a pipe whose reading end is closed before the child can write
 * (the child needs hundreds of milliseconds to load; the destroy is synchronous), so every
 * write to stdout fails with EPIPE. Resolves with the exit code and everything on stderr.
 */
function withClosedReader(cmd: string[]): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('a reader that closes early', () => {
  it.each([
    ['sepka --version', [...TSX, '--version']],
    ['sepka estimate --protocol toy-insecure --json', [...TSX, 'estimate', '--protocol', 'toy-insecure', '--json']],
    ['sepka estimate --protocol toy-insecure (human)', [...TSX, 'estimate', '--protocol', 'toy-insecure']],
    ['bin/sepka.js --version', [process.execPath, 'bin/sepka.js', '--version']],
    ['npm run -s sepka -- --version', ['npm', 'run', '-s', 'sepka', '--', '--version']],
  ])('%s: nothing on stderr, exit 0', async (_name, cmd) => {
    const r = await withClosedReader(cmd);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
  }, 60_000);

  it("a shell pipeline into `true`: sh -c 'sepka … | true' leaves stderr empty, pipe status 0", () => {
    // `true` exits without reading; whether the write meets a closed pipe is a race, which the
    // test above removes. This is the user's own command line, as a second witness.
    const r = spawnSync('bash', ['-c', 'set -o pipefail; node --import tsx src/cli/main.ts estimate --protocol toy-insecure --json | true'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);
});

describe('sepka with no command', () => {
  it('prints the usage on stderr, nothing on stdout, exit 2', () => {
    const r = spawnSync(TSX[0], TSX.slice(1), { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^usage: sepka <command> \[options\]/);
  }, 60_000);
  it('usage asked for (--help, help) stays on stdout, exit 0', () => {
    for (const a of ['--help', 'help']) {
      const r = spawnSync(TSX[0], [...TSX.slice(1), a], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, a).toBe(0);
      expect(r.stderr, a).toBe('');
      expect(r.stdout, a).toMatch(/^usage: sepka <command> \[options\]/);
    }
  }, 60_000);
});
