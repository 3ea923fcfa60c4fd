/**
 * Text from a hostile peer never reaches a terminal raw: a peer's close
 * reason and abort reason carrying ESC (an OSC title sequence), BEL, the 8-bit CSI U+009B and
 * the bidi override U+202E are shown escaped by text.ts `safeText` in everything `sepka alice`,
 * `sepka bob` and `sepka eve` print: stderr, stdout, and the --json object.
 *
 * The roles run through the dispatcher in this process (as in cli.badInput.test.ts) with
 * stdout and stderr captured; the hostile peers are raw ws sockets. URLs echoed back lose
 * their credentials (`safeUrl`).
 */
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli as start, type CliRun as Run } from './helpers/cli.ts';
import { isSafeText, safeText } from '../src/text.ts';
import { loadProfile } from '../src/protocol/profile.ts';
import { encodeMessage, limitsOf } from '../src/protocol/messages/index.ts';
import { expectValid } from './helpers/schema.ts';

const HOSTILE = 'pwn\x1b]0;owned\x07 \u009b2J \u202eevil';
const ESCAPED = safeText(HOSTILE);
const toy = ['--protocol', 'toy-insecure'];
const lim = limitsOf(loadProfile('toy-insecure'));

/** An abort frame whose reason is HOSTILE as raw bytes (our own encoder would escape it). */
function hostileAbort(): Uint8Array {
  const raw = Buffer.from(HOSTILE, 'utf8');
  const f = encodeMessage({ type: 'abort', code: 'SEPKA_ERR_INTERNAL', step: 'hello', reason: 'X'.repeat(raw.length) }, lim);
  f.set(raw, f.length - raw.length); // the reason is the frame's last field
  return f;
}

/** Wait until the run's stdout or stderr matches `re` (generous: the machine is loaded). */
async function waitFor(r: Run, re: RegExp): Promise<RegExpExecArray> {
  for (let i = 0; i < 2400; i++) {
    const m = re.exec(r.err() + r.out());
    if (m) return m;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`never printed ${re}: ${r.err()}`);
}

const listeningPort = async (r: Run): Promise<number> => Number((await waitFor(r, /listening on ws:\/\/127\.0\.0\.1:(\d+)/))[1]);

/** A raw client: on open, send `frame` or close with `reason`; resolve on close. */
function hostileClient(url: string, act: { frame?: Uint8Array; reason?: string }): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('error', () => {});
    ws.on('open', () => (act.frame ? ws.send(act.frame) : ws.close(4000, act.reason)));
    ws.on('close', () => resolve());
  });
}

/** A raw server: answers the k-th connection by `acts[k]` (send a frame, or close with a reason). */
async function hostileServer(acts: Array<{ frame?: Uint8Array; reason?: string }>): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  let k = 0;
  wss.on('connection', (ws) => {
    ws.on('error', () => {});
    const act = acts[k++ % acts.length];
    ws.once('message', () => {
      if (act.frame) ws.send(act.frame);
      // A close reason carries at most 123 bytes; HOSTILE fits.
      ws.close(4000, act.reason ?? HOSTILE);
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => wss.close(() => r())),
  };
}

/** Nothing printed can act on a terminal, and the hostile reason shows, escaped. */
function expectEscaped(text: string, mustShow = true): void {
  for (const line of text.split('\n')) expect(isSafeText(line), JSON.stringify(line)).toBe(true);
  if (mustShow) expect(text).toContain(ESCAPED);
}

describe('a hostile peer reason is printed escaped', () => {
  it('decoding an abort frame escapes its reason', async () => {
    const { decodeMessage } = await import('../src/protocol/messages/index.ts');
    expect(decodeMessage(hostileAbort(), lim)).toMatchObject({ type: 'abort', reason: ESCAPED });
  });

  it('alice: an abort reason and a close reason, on stderr and in --json', async () => {
    const r = start(['alice', '--listen', '127.0.0.1:0', '--sessions', '2', '--json', ...toy]);
    const url = `ws://127.0.0.1:${await listeningPort(r)}`;
    await hostileClient(url, { frame: hostileAbort() });
    await hostileClient(url, { reason: HOSTILE });
    expect(await r.done).toBe(1);
    expectEscaped(r.err());
    expect(r.err()).toMatch(/session 1: failed at step hello: peer aborted at hello: SEPKA_ERR_INTERNAL: pwn\\x1b/);
    expect(r.err()).toMatch(/session 2: failed at step hello: peer closed the connection \(4000 private-use code: pwn\\x1b/);
    expectEscaped(r.out(), false); // JSON doubles the backslashes of the escapes
    const json = JSON.parse(r.out()) as { sessions: Array<{ reason: string }> };
    expectValid('alice', json);
    expect(json.sessions.map((s) => s.reason.includes(ESCAPED))).toEqual([true, true]);
  });

  it('bob: an abort reason (--json) and a close reason (plain)', async () => {
    const alice = await hostileServer([{ frame: hostileAbort() }, { reason: HOSTILE }]);
    const r1 = start(['bob', '--connect', alice.url, '--json', ...toy]);
    expect(await r1.done).toBe(1);
    expectEscaped(r1.err());
    expect(r1.err()).toMatch(/^bob: failed at step \w+: peer aborted at hello: SEPKA_ERR_INTERNAL: pwn\\x1b/m);
    expectEscaped(r1.out(), false);
    expectValid('bob', JSON.parse(r1.out()));
    expect((JSON.parse(r1.out()) as { reason: string }).reason).toContain(ESCAPED);
    const r2 = start(['bob', '--connect', alice.url, ...toy]);
    expect(await r2.done).toBe(1);
    expectEscaped(r2.err());
    expect(r2.err()).toMatch(/peer closed the connection \(4000 private-use code: pwn\\x1b/);
    expect(r2.out()).toBe('');
    await alice.close();
  });

  it('eve: close reasons from either side, on stderr, stdout and in --json', async () => {
    const alice = await hostileServer([{ frame: hostileAbort(), reason: HOSTILE }]);
    for (const json of [false, true]) {
      const r = start(['eve', '--listen', '127.0.0.1:0', '--forward', alice.url, '--sessions', '2', '--eve-budget-ms', '50', ...(json ? ['--json'] : []), ...toy]);
      const url = `ws://127.0.0.1:${await listeningPort(r)}`;
      // Session 1: hostile Alice aborts and closes with the reason; session 2: hostile Bob closes with it.
      await new Promise<void>((resolve) => {
        const ws = new WebSocket(url);
        ws.on('error', () => {});
        ws.on('open', () => ws.send(Uint8Array.of(0)));
        ws.on('close', () => resolve());
      });
      // Eve taps one session at a time: the next must arrive once the first is reported.
      await waitFor(r, /report for session 1/);
      await hostileClient(url, { reason: HOSTILE });
      expect(await r.done).toBe(1);
      expectEscaped(r.err());
      expect(r.err()).toMatch(/session 1 ended abnormally: alice side closed 4000 private-use code: pwn\\x1b/);
      expect(r.err()).toMatch(/session 2 ended abnormally: \w+ side closed 4000 private-use code: pwn\\x1b/);
      expectEscaped(r.out(), false);
      if (json) expectValid('eve', JSON.parse(r.out()));
      if (json) expect(JSON.parse(r.out())).toMatchObject({ role: 'eve', sessions: [{ closedNormally: false }, { closedNormally: false }] });
      else expect(r.out()).toMatch(/session aborted: SEPKA_ERR_INTERNAL at hello/);
    }
    await alice.close();
  });

  it('credentials in an echoed URL are dropped (bob --connect, sweep --redis)', async () => {
    const bob = start(['bob', '--connect', 'ws://user:hunter2@127.0.0.1:1', '--json', ...toy]);
    expect(await bob.done).toBe(1);
    expect(bob.err()).toMatch(/cannot connect to ws:\/\/127\.0\.0\.1:1\/: ECONNREFUSED/);
    const dir = mkdtempSync(join(tmpdir(), 'sepka-cred-'));
    try {
      const sweep = start(['sweep', '--out', dir, ...toy, '--n', '12', '--parts', 'estimate', '--no-controls', '--redis', 'redis://user:hunter2@127.0.0.1:1']);
      expect(await sweep.done).toBe(2);
      expect(sweep.err()).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1: ECONNREFUSED/);
      for (const text of [bob.err(), bob.out(), sweep.err(), sweep.out()]) expect(text).not.toContain('hunter2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--json never carries a raw C1 or bidi code point from the user\'s own arguments either (a profile path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sepka-bidi-'));
    try {
      const path = join(dir, 'toy\u202e\u009bnosj.json');
      copyFileSync('protocols/toy-insecure.json', path);
      const bob = start(['bob', '--connect', 'ws://127.0.0.1:1', '--protocol', path, '--json']);
      expect(await bob.done).toBe(1);
      // JSON.stringify writes U+202E and U+009B raw; the printed object escapes them (\uXXXX)
      // and still parses to the path.
      expect(isSafeText(bob.out().trimEnd())).toBe(true);
      expect(JSON.parse(bob.out()).protocol).toBe(path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
