/**
 * Alice's admission rules (src/net/server.ts), with the scripted ping-pong
 * party of helpers/net.ts: K sessions at once and a queue behind them, the cap on waiting
 * connections (1013), counting only connections still there, the per-address rate limit
 * (4029, and its token bucket on a fake clock), the per-address cap on sessions running or
 * waiting (4013), and the whole-session deadline (4008) against a peer that keeps every step
 * alive. Clients bind loopback addresses of their own (127.0.0.x) where the address matters.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { defaultMaxPerAddress, rateLimiter, serve, type ServerOptions } from '../src/net/server.ts';
import { connect } from '../src/net/client.ts';
import { runSession } from '../src/net/transport.ts';
import { CLOSE_ADDRESS_BUSY, CLOSE_BUSY, CLOSE_OVER_LIMIT, CLOSE_POLICY, CLOSE_RATE_LIMITED, closeLabel, closeName, errorForPeerClose } from '../src/net/closeCodes.ts';
import { fakeParty, type FakeOptions } from './helpers/net.ts';

const MAX = 64;

/** A fake Bob's session over an open socket (the driver a queued client runs once admitted). */
const runBob = (ws: WebSocket) => runSession(ws, fakeParty('bob'), { stepTimeoutMs: 30_000 });

/** Every client here comes from 127.0.0.1, so the per-address cap is lifted unless a test sets it. */
function fakeAlice(o: Partial<ServerOptions> & { fake?: FakeOptions }) {
  return serve({ host: '127.0.0.1', port: 0, maxPayload: MAX, sessions: 0, session: { stepTimeoutMs: 30_000 }, maxPerAddress: 64, newParty: () => fakeParty('alice', o.fake), ...o });
}

const bobTo = (port: number) => connect(fakeParty('bob'), { url: `ws://127.0.0.1:${port}`, maxPayload: MAX, session: { stepTimeoutMs: 30_000 } });

/** A raw client that sends nothing (from loopback address `from`); resolves with the close it gets. */
function silent(port: number, from = '127.0.0.1'): { ws: WebSocket; opened: Promise<void>; closed: Promise<{ code: number; reason: string }> } {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { localAddress: from });
  ws.on('error', () => {});
  return {
    ws,
    opened: new Promise((r) => ws.once('open', () => r())),
    closed: new Promise((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() }))),
  };
}

describe('admission', () => {
  it('runs at most K sessions at once and queues the rest, which then complete', async () => {
    let running = 0;
    let most = 0;
    const alice = await fakeAlice({
      concurrent: 2,
      maxPending: 8,
      sessions: 6,
      // A slot is taken from the start to the outcome (not to the end of the close handshake).
      session: { stepTimeoutMs: 30_000, onOutcome: () => running-- },
      onSessionStart: () => (most = Math.max(most, ++running)),
    });
    const bobs = await Promise.all(Array.from({ length: 6 }, () => bobTo(alice.port)));
    expect(bobs.map((b) => b.outcome.ok)).toEqual([true, true, true, true, true, true]);
    expect((await alice.done).every((r) => r.outcome.ok)).toBe(true);
    expect(most).toBe(2);
  });

  it('refuses with 1013 busy once K sessions run and maxPending connections wait', async () => {
    const starts: Array<() => void> = [];
    const alice = await fakeAlice({ concurrent: 1, maxPending: 1, fake: { stallAt: 0 }, onSessionStart: () => starts.shift()?.() });
    const running = new Promise<void>((r) => starts.push(r));
    const first = bobTo(alice.port);
    await running;
    const queued = silent(alice.port);
    await new Promise((r) => queued.ws.once('open', r));
    const third = silent(alice.port);
    const refused = await third.closed;
    expect(refused.code).toBe(CLOSE_BUSY);
    expect(refused.reason).toBe('busy: 1 session running and 1 waiting; try again later');
    await alice.close();
    expect((await first).outcome.ok).toBe(false);
  });

  it('rate-limits new connections per address with close 4029 "rate limited"', async () => {
    // 1 a second, bursts of 2: of 6 connections opened in a row, at most 2 + (seconds taken)
    // are admitted, and every other one is refused at once. Each connection ends in exactly one
    // of onSessionStart or onRefused (8 slots: none waits), which is what the test waits for.
    let admitted = 0;
    const refusals: Array<{ code: number; reason: string }> = [];
    let all!: () => void;
    const settled = new Promise<void>((r) => (all = r));
    const tick = () => admitted + refusals.length === 6 && all();
    const alice = await fakeAlice({
      connRate: 1,
      concurrent: 8,
      onSessionStart: () => (admitted++, tick()),
      onRefused: (_remote, code, reason) => (refusals.push({ code, reason }), tick()),
    });
    const t0 = Date.now();
    const clients = Array.from({ length: 6 }, () => silent(alice.port));
    await settled;
    const seconds = (Date.now() - t0) / 1000;
    expect(admitted).toBeGreaterThanOrEqual(2);
    expect(admitted).toBeLessThanOrEqual(2 + Math.ceil(seconds));
    expect(refusals.length).toBe(6 - admitted);
    expect(refusals.length).toBeGreaterThan(0); // unless opening 6 sockets took over 4 s
    for (const r of refusals) {
      expect(r.code).toBe(CLOSE_RATE_LIMITED);
      expect(r.reason).toBe('rate limited: over 1 new connections a second from 127.0.0.1; try again later');
    }
    // What the client sees: the same code and reason.
    const seen = await Promise.race(clients.map((c) => c.closed));
    expect(seen).toEqual(refusals[0]);
    expect(closeName(CLOSE_RATE_LIMITED)).toBe('rate limited');
    expect(errorForPeerClose(CLOSE_RATE_LIMITED)).toBe('SEPKA_ERR_BUSY');
    await alice.close();
  });

  it('token bucket: 2·rate at once, then rate a second; addresses are independent', () => {
    let t = 0;
    const take = rateLimiter(3, () => t);
    const burst = Array.from({ length: 7 }, () => take('a'));
    expect(burst).toEqual([true, true, true, true, true, true, false]);
    expect(take('b')).toBe(true);
    t = 1000; // one second later: 3 more tokens
    expect([take('a'), take('a'), take('a'), take('a')]).toEqual([true, true, true, false]);
    expect(rateLimiter(0)('a')).toBe(true); // 0: no limit
  });
});

describe('the queue holds live connections only', () => {
  it('a waiting client that hangs up leaves the queue at once; a newcomer then waits and is served', async () => {
    // One slot, held by a silent client; a queue of 1. Two ghosts in turn take the place and
    // leave (a close handshake, then a dropped socket); a Bob then queues (not 1013) and
    // completes once the slot holder goes.
    const left: string[] = [];
    const refused: number[] = [];
    const alice = await fakeAlice({ concurrent: 1, maxPending: 1, sessions: 2, onLeft: (r) => left.push(r), onRefused: (_r, code) => refused.push(code) });
    const holder = silent(alice.port, '127.0.0.2');
    await holder.opened;
    const hangUps = [(ws: WebSocket) => ws.close(), (ws: WebSocket) => ws.terminate()];
    for (const [i, hangUp] of hangUps.entries()) {
      const ghost = silent(alice.port, '127.0.0.3');
      await ghost.opened;
      ghost.ws.send(Uint8Array.of(1, 1, 0)); // a hello, held while it waits
      hangUp(ghost.ws);
      await ghost.closed;
      while (left.length < i + 1) await new Promise((r) => setTimeout(r, 10)); // Alice has seen it go
    }
    expect(left.map((r) => r.split(':')[0])).toEqual(['127.0.0.3', '127.0.0.3']);
    const bob = new WebSocket(`ws://127.0.0.1:${alice.port}`, { localAddress: '127.0.0.4' });
    bob.on('error', () => {});
    await new Promise((r) => bob.once('open', r));
    const served = runBob(bob); // his hello is held while he waits
    holder.ws.close(); // the slot frees: the queued Bob starts
    expect((await served).outcome.ok).toBe(true);
    expect(refused).toEqual([]);
    const results = await alice.done;
    expect(results.map((r) => r.outcome.ok).sort()).toEqual([false, true]);
  });

  it('a second frame from a waiting client is a protocol violation (1008); the queue is freed', async () => {
    const alice = await fakeAlice({ concurrent: 1, maxPending: 1 });
    const holder = silent(alice.port);
    await holder.opened;
    const chatty = silent(alice.port);
    await chatty.opened;
    chatty.ws.send(Uint8Array.of(1, 1, 0));
    chatty.ws.send(Uint8Array.of(1, 1, 1));
    const cut = await chatty.closed;
    expect(cut).toEqual({ code: CLOSE_POLICY, reason: 'hello: a second frame while waiting for a session slot (send one, then wait for alice)' });
    const next = silent(alice.port);
    await next.opened; // queued, not refused: the chatty client's place is free again
    const third = await silent(alice.port).closed;
    expect(third).toEqual({ code: CLOSE_BUSY, reason: 'busy: 1 session running and 1 waiting; try again later' });
    await alice.close();
  });
});

describe('per-address cap', () => {
  it('default min(2, K − 1), at least 1', () => {
    expect([1, 2, 3, 4, 8, 256].map(defaultMaxPerAddress)).toEqual([1, 1, 2, 2, 2, 2]);
    expect(closeLabel(CLOSE_ADDRESS_BUSY)).toBe('4013 per-address limit');
    expect(errorForPeerClose(CLOSE_ADDRESS_BUSY)).toBe('SEPKA_ERR_BUSY');
  });

  it('one address holds at most its cap of sessions running or waiting (4013); another address still gets a slot', async () => {
    // K = 3, default cap 2: 127.0.0.2 (A) takes two slots and its third connection is refused
    // with 4013, while 127.0.0.3 (B) takes the last slot. When one of A's sessions ends, A may
    // connect once more. Waiting counts too: with the slots full, B queues one connection, and
    // its next is refused with 4013 though the queue has room.
    const refused: Array<{ code: number; reason: string }> = [];
    const ends: Array<() => void> = [];
    const alice = await serve({
      host: '127.0.0.1', port: 0, maxPayload: MAX, sessions: 0, session: { stepTimeoutMs: 30_000 },
      concurrent: 3, maxPending: 8, newParty: () => fakeParty('alice'),
      onRefused: (_r, code, reason) => refused.push({ code, reason }),
      onSessionEnd: () => ends.shift()?.(),
    });
    const a1 = silent(alice.port, '127.0.0.2');
    const a2 = silent(alice.port, '127.0.0.2');
    await Promise.all([a1.opened, a2.opened]);
    const a3 = await silent(alice.port, '127.0.0.2').closed;
    expect(a3).toEqual({ code: CLOSE_ADDRESS_BUSY, reason: 'per-address limit: 2 running or waiting from 127.0.0.2, at most 2; try again later' });
    const b1 = silent(alice.port, '127.0.0.3');
    await b1.opened; // the third slot
    const ended = new Promise<void>((r) => ends.push(r));
    a1.ws.close();
    await ended;
    await silent(alice.port, '127.0.0.2').opened; // A is back to one: it takes the freed slot
    expect((await silent(alice.port, '127.0.0.2').closed).code).toBe(CLOSE_ADDRESS_BUSY);
    await silent(alice.port, '127.0.0.3').opened; // B waits in the queue
    expect(await silent(alice.port, '127.0.0.3').closed).toEqual({
      code: CLOSE_ADDRESS_BUSY,
      reason: 'per-address limit: 2 running or waiting from 127.0.0.3, at most 2; try again later',
    });
    expect(refused.map((r) => r.code)).toEqual([CLOSE_ADDRESS_BUSY, CLOSE_ADDRESS_BUSY, CLOSE_ADDRESS_BUSY]);
    await alice.close();
  });
});

describe('session deadline', () => {
  it('cuts a peer that keeps every step alive at the whole-session deadline, with 4008 "over limit"', async () => {
    // Bob's pings come every 150 ms, so the 30 s step timeout never fires; 60 rounds take ≈ 9 s,
    // and the 1.5 s session deadline ends the session first.
    const alice = await fakeAlice({ sessions: 1, session: { stepTimeoutMs: 30_000, sessionTimeoutMs: 1500 }, fake: { rounds: 60 } });
    const t0 = Date.now();
    const slow = fakeParty('bob', { rounds: 60 });
    const paced = { ...slow, receive: (f: Uint8Array) => new Promise<ReturnType<typeof slow.receive>>((r) => setTimeout(() => r(slow.receive(f)), 150)) };
    const bob = await connect(paced, { url: `ws://127.0.0.1:${alice.port}`, maxPayload: MAX, session: { stepTimeoutMs: 30_000 } });
    const elapsed = Date.now() - t0;
    const [a] = await alice.done;
    expect(a.outcome.ok).toBe(false);
    if (!a.outcome.ok) {
      expect(a.outcome.code).toBe('SEPKA_ERR_LIMIT');
      expect(a.outcome.reason).toBe('session deadline: not finished within 1.5 s');
    }
    expect(a.close.code).toBe(CLOSE_OVER_LIMIT);
    expect(bob.close.code).toBe(CLOSE_OVER_LIMIT);
    expect(bob.outcome.ok).toBe(false);
    if (!bob.outcome.ok) expect(bob.outcome.code).toBe('SEPKA_ERR_LIMIT');
    expect(a.framesIn).toBeGreaterThan(2); // it was served all along, not stalled
    expect(elapsed).toBeGreaterThanOrEqual(1500);
  });
});
