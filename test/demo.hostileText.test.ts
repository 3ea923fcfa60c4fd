/**
 * What the demo relays from a child is escaped (for `demo`): a hostile reason
 * with ESC, BEL, U+009B and U+202E, sent by a child on stderr, in a progress record and in its
 * result over IPC, reaches the demo's stdout, stderr and --json only through src/text.ts
 * safeText. Also the demo's status event for live views (onFault) carries the child and a safe
 * reason.
 *
 * The `sepka demo` command runs in this process (src/cli/dispatch.ts) with real alice
 * processes; bob is a stand-in (test/helpers/hostileBob.ts) started over the same channels.
 * Alice then waits for a session that never comes, and the demo ends her after its grace.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Procs } from './helpers/procs.ts';
import { HOSTILE } from './helpers/hostileBob.ts';
import { main } from '../src/cli/dispatch.ts';
import { runDemo, type DemoFault } from '../src/demo/run.ts';
import { safeText } from '../src/text.ts';
import { expectValid } from './helpers/schema.ts';

vi.mock('../src/demo/lifecycle.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/demo/lifecycle.ts')>();
  const { fileURLToPath } = await import('node:url');
  const hostile = fileURLToPath(new URL('./helpers/hostileBob.ts', import.meta.url));
  return {
    ...actual,
    spawnRole: (role: string, args: string[], opts: import('../src/demo/lifecycle.ts').SpawnOptions = {}) =>
      actual.spawnRole(role, args, role === 'bob' ? { ...opts, main: hostile } : opts),
  };
});

let procs: Procs;

afterEach(async () => {
  vi.restoreAllMocks();
  const left = await procs.cleanup();
  expect(left, 'processes left running after the demo').toEqual([]);
});

/** `sepka demo ...args` in this process; what it wrote to stdout and stderr. */
async function demo(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  const code = await main(['demo', '--no-eve', '--protocol', 'toy-insecure', ...args]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

/** The hostile reason as every output must show it. */
const SHOWN = 'evil \\x1b]0;owned\\x07 \\x1b[2J \\x9b31m \\u202edesrever';

/** Not one raw control that a terminal acts on (JSON.stringify leaves U+009B and U+202E raw). */
function expectNoRaw(text: string, where: string): void {
  for (const ch of ['\x1b', '\x07', '\u009b', '\u202e']) expect(text.includes(ch), `${where} has a raw U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).toBe(false);
}

/** …and the hostile reason shown escaped. */
function expectEscaped(text: string, where: string): void {
  expectNoRaw(text, where);
  expect(text, where).toContain(SHOWN);
}

describe('sepka demo relays child text escaped', () => {
  it('--json: the reason in `failure`, and on stderr (progress line, the child\'s last line)', async () => {
    procs = new Procs();
    const r = await demo(['--json']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expectNoRaw(r.stdout, 'stdout (--json)');
    const j = JSON.parse(lines[0]);
    expectValid('demo', j);
    expect(j.failure).toBe(`bob failed at step hello: ${SHOWN} [SEPKA_ERR_PEER_ABORT]`);
    expect(safeText(HOSTILE)).toBe(SHOWN);
    expectEscaped(r.stderr, 'stderr');
    expect(r.stderr).toContain(`step ${SHOWN}`); // the live progress line
    expect(r.stderr).toContain(`  bob: failed at step hello: ${SHOWN} [SEPKA_ERR_PEER_ABORT]\n`);
    // The demo's own verdict: alice waited in vain once bob had ended, and was stopped.
    expect(r.stderr.trim().split('\n').at(-1)).toBe("sepka demo: alice reported no result within 3.0 s of bob's exit");
  });

  it('human summary: the reason escaped on stdout', async () => {
    procs = new Procs();
    const r = await demo([]);
    expect(r.code).toBe(1);
    expectEscaped(r.stdout, 'stdout');
    expect(r.stdout).toMatch(/FAILED: no key/);
    expectEscaped(r.stderr, 'stderr');
  });

  it('the fault is a status event naming the child, with a safe reason', async () => {
    procs = new Procs();
    const events: DemoFault[] = [];
    const out = await runDemo({ protocol: 'toy-insecure', noEve: true, onFault: (f) => events.push(f) });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ child: 'alice', kind: 'no-result', stopped: [] });
    expect(events[0].reason).toBe("alice reported no result within 3.0 s of bob's exit");
    expect(out.fault).toEqual(events[0]);
    expect(out.bob?.reason).toBe(HOSTILE); // the data is kept as received; only what is shown is escaped
  });
});
