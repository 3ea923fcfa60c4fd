/**
 * One client must not lock Alice out , against a real `sepka alice`
 * process (default --concurrent 4) on a small test profile whose step timeout (60 s) is far
 * longer than its session deadline (15 s: generous, since the honest sessions must finish
 * within it on a loaded machine, where one took over 6 s):
 *   - a slow-query client: an honest Bob up to reconciliation, then legal one-range parity
 *     queries every 500 ms, each answered, so no step ever times out;
 *   - a stalled half-frame client: the first two bytes of a frame, then nothing (it does not
 *     even answer pings);
 *   - four honest Bobs connecting while both hold their slots: all four complete (two run
 *     beside the hostile ones, two wait in the queue for a slot);
 *   - both hostile clients are cut by the session deadline, with close 4008 "over limit" and
 *     "session deadline" as the reason, not by the step timeout.
 * All six clients come from 127.0.0.1, so the per-address cap is raised to 6 (its own test:
 * alice.queue.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Socket } from 'node:net';
import { connect } from '../src/net/client.ts';
import { loadKit } from '../src/demo/parties.ts';
import { seededRng } from '../src/rng.ts';
import { decodeMessage, encodeMessage, limitsOf } from '../src/protocol/messages/index.ts';
import { CLOSE_OVER_LIMIT } from '../src/net/closeCodes.ts';
import { Procs } from './helpers/procs.ts';
import { profileFile } from './helpers/profileFile.ts';
import { SMALL } from './helpers/protocol.ts';

const DEADLINE = 15_000;
const { path: P, profile } = profileFile(SMALL, { name: 'test-hostile', stepTimeoutMs: 60_000, sessionTimeoutMs: DEADLINE });
const kit = loadKit(P);
const lim = limitsOf(profile);
let procs: Procs;

afterEach(async () => {
  const left = await procs.cleanup();
  expect(left, 'processes left running after the test').toEqual([]);
});

interface Cut {
  code: number;
  reason: string;
  /** ms from the socket's open to its close. */
  held: number;
  replies: number;
}

/**
 * An honest Bob until his first parity query; then, instead of Bob's queries, one legal
 * one-range query every `everyMs`. `inSession` resolves at the first reply.
 */
function slowQueries(port: number, everyMs: number): { inSession: Promise<void>; cut: Promise<Cut> } {
  const bob = kit.newBob(seededRng('slow', 'bob'));
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false, maxPayload: kit.maxPayload });
  const query = encodeMessage({ type: 'recon-query', ranges: [{ pass: 0, lo: 0, hi: 2 }] }, lim);
  let opened = 0;
  let replies = 0;
  let timer: NodeJS.Timeout | undefined;
  let mark!: () => void;
  const inSession = new Promise<void>((r) => (mark = r));
  ws.on('error', () => {});
  ws.on('open', () => {
    opened = Date.now();
    for (const f of bob.start().frames) ws.send(f);
  });
  ws.on('message', (d) => {
    const f = new Uint8Array(d as Buffer);
    if (timer || decodeMessage(f, lim).type === 'recon-reply') {
      replies++;
      mark();
      timer ??= setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(query), everyMs);
      return;
    }
    for (const g of bob.receive(f).frames) {
      if (decodeMessage(g, lim).type === 'recon-query') ws.send(query); // ours, not Bob's
      else ws.send(g);
    }
  });
  const cut = new Promise<Cut>((r) =>
    ws.on('close', (code, reason) => {
      clearInterval(timer);
      r({ code, reason: reason.toString(), held: Date.now() - opened, replies });
    }),
  );
  return { inSession, cut };
}

/** Two bytes of a binary frame header (FIN + binary, 16-bit length to follow), then silence. */
function halfFrame(port: number): { opened: Promise<void>; closed: Promise<number> } {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false, autoPong: false });
  ws.on('error', () => {});
  const opened = new Promise<void>((r) =>
    ws.on('open', () => {
      (ws as unknown as { _socket: Socket })._socket.write(Uint8Array.of(0x82, 0xfe));
      r();
    }),
  );
  return { opened, closed: new Promise((r) => ws.on('close', (code) => r(code))) };
}

describe('alice under hostile clients', () => {
  it('honest Bobs complete beside a slow-query and a half-frame client; both are cut at the session deadline', async () => {
    procs = new Procs();
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P, '--sessions', '6', '--max-per-address', '6']);
    const port = await procs.port(alice);
    const slow = slowQueries(port, 500);
    const stalled = halfFrame(port);
    await Promise.all([slow.inSession, stalled.opened]);
    const bobs = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        connect(kit.newBob(seededRng(`honest${i}`, 'bob')), { url: `ws://127.0.0.1:${port}`, maxPayload: kit.maxPayload, session: { stepTimeoutMs: 60_000 } }),
      ),
    );
    for (const b of bobs) expect(b.outcome.ok, b.outcome.ok ? '' : b.outcome.reason).toBe(true);

    const cut = await slow.cut;
    expect(cut.code).toBe(CLOSE_OVER_LIMIT);
    expect(cut.reason).toBe('reconcile: session deadline: not finished within 15 s');
    expect(cut.held).toBeGreaterThanOrEqual(DEADLINE - 50);
    expect(cut.replies).toBeGreaterThan(3); // served all along: it was never stalled
    await stalled.closed; // Alice's close frame, or her drop after it: either way, it is gone

    expect(await procs.exit(alice)).toBe(1);
    const err = alice.child.stderr.join('\n');
    const out = alice.child.stdout.join('\n');
    expect(err).toMatch(/failed at step reconcile: session deadline: not finished within 15 s \[SEPKA_ERR_LIMIT; close 4008 over limit\]; no key/);
    expect(err).toMatch(/failed at step hello: session deadline: not finished within 15 s \[SEPKA_ERR_LIMIT; close 4008 over limit\]; no key/);
    // Alice's four keys are the Bobs' four keys.
    const fps = [...out.matchAll(/key agreed and confirmed: .* fingerprint ([0-9a-f]{16})/g)].map((m) => m[1]).sort();
    expect(fps).toEqual(bobs.map((b) => (b.outcome.ok ? b.outcome.fingerprint : '')).sort());
  });
});
