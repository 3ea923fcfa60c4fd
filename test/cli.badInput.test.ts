/**
 * Bad input to every command (DESIGN.md §6): exactly one line on stderr naming a stable code,
 * exit 2 for usage/input (1 for a protocol failure), never a stack trace, and nothing on stdout
 * — except that a protocol failure under --json still prints its one JSON object (ok: false),
 * so a script reading stdout always gets exactly one object or, for usage errors, nothing.
 *
 * The dispatcher runs in this process (src/cli/dispatch.ts), with stdout and stderr captured;
 * the process-level contract (the real exit code of `node src/cli/main.ts`) is in cli.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.ts';
import { expectValid } from './helpers/schema.ts';

let busy: Server;
let busyPort = 0;
/** A port nobody listens on (bound once, then closed). */
let deadPort = 0;
let dir = '';

beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  busyPort = (busy.address() as { port: number }).port;
  const dead = createServer();
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
  deadPort = (dead.address() as { port: number }).port;
  await new Promise<void>((r) => dead.close(() => r()));
  dir = mkdtempSync(join(tmpdir(), 'sepka-badinput-'));
  writeFileSync(join(dir, 'a-file'), 'not a directory');
  writeFileSync(join(dir, 'results.jsonl'), '{"v":1,"id":"x","spec":{},"params":{}}\n{"v":2,"id":"y","spec":{},"params":{}}\n');
});
afterAll(async () => {
  await new Promise<void>((r) => busy.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

const run = runCli;

const toy = ['--protocol', 'toy-insecure'];
const sweepToy = [...toy, '--n', '13', '--parts', 'estimate', '--no-controls'];

/** [args, exit code, what stderr must say] */
const CASES: Array<[string[], number, RegExp]> = [
  [['frobnicate'], 2, /unknown command/],
  // "did you mean": a mistyped command, option or profile name, in the same one line
  [['mesure'], 2, /^sepka: unknown command 'mesure' \(did you mean 'measure'\?\)$/],
  [['help', 'estimte'], 2, /unknown command 'estimte' \(did you mean 'estimate'\?\)$/],
  [['measure', '--sesions', '3'], 2, /Unknown option '--sesions' \(did you mean '--sessions'\?\)/],
  [['sweep', '--out', '/tmp/x', '--thetta', '0.1'], 2, /Unknown option '--thetta' \(did you mean '--theta'\?\)/],
  [['estimate', '--protocol', 'paper128'], 2, /unknown protocol "paper128" \(did you mean "paper-128"\? known: /],
  [['measure', '--protocol', 'papr-128'], 2, /unknown protocol "papr-128" \(did you mean "paper-128"\?/],
  [['measure', '--protocol', 'default'], 2, /unknown protocol "default" \(did you mean "demo-256"\?/],
  [['estimate', '--protocol', 'default-blocks'], 2, /unknown protocol "default-blocks" \(did you mean "demo-256-blocks"\?/],
  [['sweep', '--out', '/tmp/x', '--preset', 'seperation'], 2, /--preset: unknown 'seperation' \(did you mean 'separation'\?\)/],
  [['learn', '--n', '16', '--learners', 'pooled-guass'], 2, /--learners: unknown 'pooled-guass' \(did you mean 'pooled-gauss'\?\)/],
  [['learn'], 2, /--n is required/],
  [['learn', '--n', 'abc'], 2, /--n must be an integer/],
  [['learn', '--n', '1'], 2, /--n must be in \[2/],
  [['learn', '--n', '16', '--theta', '0.7'], 2, /--theta must be in/],
  [['learn', '--n', '16', '--learners', 'nope'], 2, /--learners: unknown 'nope'/],
  [['learn', '--n', '16', '--seed', '', '--json'], 2, /--seed must not be empty/],
  [['learn', '--n', '16', 'stray'], 2, /Unexpected argument 'stray'/],
  [['learn', '--no-such-flag'], 2, /Unknown option/],
  [['estimate', '--n', '4'], 2, /--n must be in \[8, 8192\]/],
  [['estimate', '--n', '256', '--theta', '0.5'], 2, /--theta must be in/],
  [['estimate', '--n', '64', '--m', '32'], 2, /field "m" must be an integer in \[64/],
  [['estimate', '--protocol', 'nope', '--json'], 2, /unknown protocol "nope".*SEPKA_ERR_PROFILE/],
  [['measure', '--sessions', '0'], 2, /--sessions must be in \[1/],
  [['measure', '--sessions', 'many', '--json'], 2, /--sessions must be an integer/],
  [['measure', '--eve-budget-ms', '1.5'], 2, /--eve-budget-ms must be an integer/],
  [['measure', '--protocol', 'nope', '--seed', '1'], 2, /unknown protocol/],
  [['measure', '--eve-budget-ms', '-5'], 2, /--option=-value/],
  [['measure', '--frobnicate'], 2, /Unknown option '--frobnicate'/],
  [['demo', '--protocol', 'nope', '--seed', '1'], 2, /unknown protocol/],
  [['demo', '--eve-budget-ms', '0', '--json'], 2, /--eve-budget-ms must be in \[1/],
  [['demo', '--timeout-ms', 'soon'], 2, /--timeout-ms must be an integer/],
  [['alice'], 2, /--listen HOST:PORT is required/],
  [['alice', '--listen', 'nowhere'], 2, /expected HOST:PORT/],
  [['alice', '--listen', '127.0.0.1:70000'], 2, /port 70000 is out of range/],
  [['alice', '--listen', '127.0.0.1:0', '--sessions', '-1'], 2, /--option=-value/],
  [['alice', '--listen', '127.0.0.1:0', '--protocol', 'nope', '--seed', '1'], 2, /unknown protocol/],
  [['alice', '--listen', '127.0.0.1:0', '--sessions', 'x'], 2, /--sessions must be an integer/],
  [['bob'], 2, /--connect URL is required/],
  [['bob', '--connect', 'http://x', '--seed', '1'], 2, /expected ws:\/\/HOST:PORT/],
  [['bob', '--connect', 'ws://[bad'], 2, /not a URL/],
  [['bob', '--connect', 'ws://127.0.0.1:1', '--protocol', 'nope'], 2, /unknown protocol/],
  [['eve', '--listen', '127.0.0.1:0'], 2, /--forward URL is required/],
  [['eve', '--listen', '127.0.0.1:0', '--forward', 'ws://127.0.0.1:1', '--eve-budget-ms', 'x'], 2, /--eve-budget-ms must be an integer/],
  [['sweep'], 2, /--out DIR is required/],
  [['sweep', '--out', '/tmp/x', '--preset', 'nope'], 2, /--preset: unknown 'nope'/],
  [['sweep', '--out', '/tmp/x', '--n', '12,12'], 2, /same point twice/],
  [['sweep', '--out', '/tmp/x', '--w', 'heavy'], 2, /--w must be an integer/],
  [['sweep', '--out', '/tmp/x', '--learners', 'nope'], 2, /--learners: unknown 'nope'/],
  [['sweep', '--out', '/tmp/x', '--protocol', 'nope'], 2, /unknown protocol/],
];

describe('bad input: one line on stderr, exit 2, nothing on stdout', () => {
  it.each(CASES)('sepka %j', async (args, code, why) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines, r.err).toHaveLength(1);
    expect(lines[0]).toMatch(why);
    expect(lines[0]).toMatch(/^sepka( \w+)?: .*(\[SEPKA_ERR_\w+\]|try sepka --help\)|did you mean '\w+'\?\))$/);
  });

  it('sweep: an --out below a file, and --resume over a corrupt results.jsonl', async () => {
    const r1 = await run(['sweep', ...sweepToy, '--out', join(dir, 'a-file', 'sub'), '--json']);
    expect([r1.code, r1.out]).toEqual([2, '']);
    expect(r1.err).toMatch(/^sepka sweep: cannot create .*a-file\/sub: ENOTDIR \[SEPKA_ERR_USAGE\]\n$/);
    const r2 = await run(['sweep', ...sweepToy, '--out', dir, '--resume', '--json']);
    expect([r2.code, r2.out]).toEqual([2, '']);
    expect(r2.err).toMatch(/^sepka sweep: .*results\.jsonl:2 is not a sweep record \(record version 2, this sepka writes 1\).*--force.*\n$/);
  });

  it('alice and eve: an address already in use', async () => {
    for (const role of [['alice'], ['eve', '--forward', 'ws://127.0.0.1:1']]) {
      const r = await run([...role, '--listen', `127.0.0.1:${busyPort}`, '--json', ...toy]);
      expect([r.code, r.out], r.err).toEqual([2, '']);
      expect(r.err).toMatch(new RegExp(`^sepka ${role[0]}: cannot listen on 127\\.0\\.0\\.1:${busyPort}: EADDRINUSE \\[SEPKA_ERR_USAGE\\]\\n$`));
    }
  });
});

describe('a protocol failure: exit 1, one reason line, and under --json still one JSON object', () => {
  it('bob cannot reach alice', async () => {
    const r = await run(['bob', '--connect', `ws://127.0.0.1:${deadPort}`, '--json', ...toy]);
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^bob: failed at step hello: cannot connect to .* \[SEPKA_ERR_DISCONNECTED; close \d+/);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expectValid('bob', JSON.parse(lines[0]));
    expect(JSON.parse(lines[0])).toMatchObject({ role: 'bob', ok: false, step: 'hello', code: 'SEPKA_ERR_DISCONNECTED' });
    expect(r.out).not.toMatch(/fingerprint|"key"/);
  });
});
