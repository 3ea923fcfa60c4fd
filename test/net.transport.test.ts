/**
 * The WebSocket transport on its own, with the scripted ping-pong party from
 * helpers/net.ts: success and close 1000, busy refusal, bad frames and close codes, the step
 * timeout, and the Eve tap's transparent forwarding and close mirroring.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { serve, type ServerHandle } from '../src/net/server.ts';
import { connect } from '../src/net/client.ts';
import { startTap } from '../src/net/eveTap.ts';
import type { SessionResult } from '../src/net/transport.ts';
import type { Direction } from '../src/protocol/party.ts';
import { fakeParty, type FakeOptions } from './helpers/net.ts';

const MAX = 64;
const session = { stepTimeoutMs: 2000 };

async function fakeAlice(sessions: number, o: FakeOptions = {}, s = session, onSessionStart?: () => void): Promise<ServerHandle> {
  // One session at a time and no queue: the busy refusal of the first tests (net.server.test.ts
  // covers K sessions at once, the queue and the per-address cap, lifted here: every client is
  // 127.0.0.1).
  return serve({ host: '127.0.0.1', port: 0, maxPayload: MAX, sessions, session: s, concurrent: 1, maxPending: 0, maxPerAddress: 8, newParty: () => fakeParty('alice', o), onSessionStart });
}

/** A fake Alice and a promise that resolves once her first session has started (no sleeps). */
async function fakeAliceStarted(sessions: number, o: FakeOptions, s = session): Promise<{ alice: ServerHandle; started: Promise<void> }> {
  let mark!: () => void;
  const started = new Promise<void>((r) => (mark = r));
  return { alice: await fakeAlice(sessions, o, s, () => mark()), started };
}

function bobTo(port: number, o: FakeOptions = {}, s = session): Promise<SessionResult> {
  return connect(fakeParty('bob', o), { url: `ws://127.0.0.1:${port}`, maxPayload: MAX, session: s });
}

/** A raw client: sends `frames` after open, resolves with the close code/reason it received. */
function raw(port: number, frames: Array<Uint8Array | string>): Promise<{ code: number; reason: string; got: Uint8Array[] }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    const got: Uint8Array[] = [];
    ws.on('error', () => {});
    ws.on('message', (d) => got.push(new Uint8Array(d as Buffer)));
    ws.on('open', () => {
      for (const f of frames) ws.send(f, { binary: typeof f !== 'string' });
    });
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), got }));
  });
}

describe('transport with a scripted party', () => {
  it('runs a session to success on both sides and closes with 1000', async () => {
    const alice = await fakeAlice(1);
    const bob = await bobTo(alice.port);
    const [a] = await alice.done;
    expect(bob.outcome.ok).toBe(true);
    expect(a.outcome.ok).toBe(true);
    expect(a.close.code).toBe(1000);
    expect(bob.close.code).toBe(1000);
    expect(a.framesIn).toBe(4); // 3 pings + fin
    expect(bob.framesIn).toBe(3);
  });

  it('refuses a second client with 1013 busy while a session runs, then finishes it', async () => {
    // Alice stalls at round 0 so the first session is still open when the second client comes;
    // the second connects only once the first session has started, and the first is ended by
    // closing the server, so nothing here depends on how fast the machine is.
    const { alice, started } = await fakeAliceStarted(1, { stallAt: 0 }, { stepTimeoutMs: 30_000 });
    const first = bobTo(alice.port, {}, { stepTimeoutMs: 30_000 });
    await started;
    const second = await raw(alice.port, []);
    expect(second.code).toBe(1013);
    expect(second.reason).toMatch(/busy/);
    await alice.close();
    const r = await first;
    expect(r.outcome.ok).toBe(false);
    await alice.done;
  });

  it('answers malformed, wrong-version, out-of-order and text frames with 1008 and stays up', async () => {
    const alice = await fakeAlice(5);
    const bad: Array<Uint8Array | string> = [Uint8Array.of(1, 1), Uint8Array.of(2, 1, 0), Uint8Array.of(1, 2, 0), 'hello'];
    for (const f of bad) {
      const r = await raw(alice.port, [f]);
      expect(r.code).toBe(1008);
      expect(r.reason.length).toBeGreaterThan(0);
    }
    expect((await bobTo(alice.port)).outcome.ok).toBe(true);
    const results = await alice.done;
    expect(results.map((x) => x.outcome.ok)).toEqual([false, false, false, false, true]);
    expect(results.slice(0, 4).map((x) => x.close.code)).toEqual([1008, 1008, 1008, 1008]);
  });

  it('rejects an oversized frame with 1009', async () => {
    const alice = await fakeAlice(1);
    const r = await raw(alice.port, [new Uint8Array(MAX + 1)]);
    expect(r.code).toBe(1009);
    const [a] = await alice.done;
    expect(a.outcome.ok).toBe(false);
    if (!a.outcome.ok) expect(a.outcome.code).toBe('SEPKA_ERR_FRAME_TOO_LONG');
  });

  it('times out a stalled peer, names the step, and the peer sees a 1008 close', async () => {
    const alice = await fakeAlice(1, { stallAt: 1 }, { stepTimeoutMs: 5000 });
    const bob = await bobTo(alice.port, {}, { stepTimeoutMs: 300 });
    expect(bob.outcome.ok).toBe(false);
    if (!bob.outcome.ok) {
      expect(bob.outcome.code).toBe('SEPKA_ERR_TIMEOUT');
      expect(bob.outcome.reason).toMatch(/stalled/);
      expect(bob.outcome.step).toBe('challenges');
    }
    const [a] = await alice.done;
    expect(a.close.code).toBe(1008);
    if (!a.outcome.ok) expect(a.outcome.code).toBe('SEPKA_ERR_PEER_ABORT');
  });

  it('reports a peer that vanishes mid-session as a disconnect', async () => {
    const alice = await fakeAlice(1);
    await new Promise<void>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${alice.port}`);
      ws.on('open', () => ws.send(Uint8Array.of(1, 1, 0)));
      ws.on('message', () => {
        ws.terminate();
        resolve();
      });
    });
    const [a] = await alice.done;
    expect(a.outcome.ok).toBe(false);
    if (!a.outcome.ok) {
      expect(a.outcome.code).toBe('SEPKA_ERR_DISCONNECTED');
      expect(a.outcome.reason).toMatch(/1006/);
    }
  });

  it('fails cleanly when nobody listens', async () => {
    const alice = await fakeAlice(1);
    const port = alice.port;
    await alice.close();
    const bob = await bobTo(port);
    expect(bob.outcome.ok).toBe(false);
    if (!bob.outcome.ok) expect(bob.outcome.reason).toMatch(/cannot connect.*ECONNREFUSED/);
  });
});

describe('eve tap', () => {
  it('forwards every frame unchanged in both directions and in order', async () => {
    const alice = await fakeAlice(1);
    const seen: Array<[Direction, number[]]> = [];
    const tap = await startTap({
      host: '127.0.0.1',
      port: 0,
      forward: `ws://127.0.0.1:${alice.port}`,
      maxPayload: MAX,
      onFrame: (_i, dir, f) => seen.push([dir, [...f]]),
    });
    const bob = await bobTo(tap.port);
    const [a] = await alice.done;
    expect(bob.outcome.ok && a.outcome.ok).toBe(true);
    expect(seen).toEqual([
      ['bob->alice', [1, 1, 0]],
      ['alice->bob', [1, 2, 0]],
      ['bob->alice', [1, 1, 1]],
      ['alice->bob', [1, 2, 1]],
      ['bob->alice', [1, 1, 2]],
      ['alice->bob', [1, 2, 2]],
      ['bob->alice', [1, 3, 0]],
    ]);
    await tap.close();
  });

  it("mirrors close codes: Alice's 1008 reaches Bob through Eve", async () => {
    const alice = await fakeAlice(1);
    const tap = await startTap({ host: '127.0.0.1', port: 0, forward: `ws://127.0.0.1:${alice.port}`, maxPayload: MAX });
    const r = await raw(tap.port, [Uint8Array.of(7, 7, 7)]);
    expect(r.code).toBe(1008);
    expect(r.reason).toMatch(/version/);
    await alice.done;
    await tap.close();
  });

  it('mirrors a dropped upstream as a dropped connection', async () => {
    const { alice, started } = await fakeAliceStarted(1, { stallAt: 1 }, { stepTimeoutMs: 30_000 });
    const tap = await startTap({ host: '127.0.0.1', port: 0, forward: `ws://127.0.0.1:${alice.port}`, maxPayload: MAX });
    const pending = bobTo(tap.port, {}, { stepTimeoutMs: 30_000 });
    await started; // Eve's upstream to Alice is open (else Bob would see 1011 "cannot reach alice")
    await alice.close(); // terminates Alice's socket: Bob must see a lost connection
    const bob = await pending;
    expect(bob.outcome.ok).toBe(false);
    expect(bob.close.code).toBe(1006);
    await tap.close();
  });

  it('tells Bob when Alice cannot be reached', async () => {
    const alice = await fakeAlice(1);
    const port = alice.port;
    await alice.close();
    const tap = await startTap({ host: '127.0.0.1', port: 0, forward: `ws://127.0.0.1:${port}`, maxPayload: MAX });
    const bob = await bobTo(tap.port);
    expect(bob.close.code).toBe(1011);
    if (!bob.outcome.ok) expect(bob.outcome.reason).toMatch(/cannot reach alice/);
    await tap.close();
  });
});
