/**
 * Alice's admission rules (src/net/server.ts), with the scripted ping-pong
 * party of helpers/net.ts: K sessions at once and a queue behind them, the cap on waiting
 * connections (1013), the per-address rate limit (4029, and its token bucket on a fake
 * clock), and the whole-session deadline (4008) against a peer that keeps every step alive.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { rateLimiter, serve, type ServerOptions } from '../src/net/server.ts';
import { connect } from '../src/net/client.ts';
import { CLOSE_BUSY, CLOSE_OVER_LIMIT, CLOSE_RATE_LIMITED, closeName, errorForPeerClose } from '../src/net/closeCodes.ts';
import { fakeParty, type FakeOptions } from './helpers/net.ts';

const MAX = 64;

function fakeAlice(o: Partial<ServerOptions> & { fake?: FakeOptions }) {
  return serve({ host: '127.0.0.1', port: 0, maxPayload: MAX, sessions: 0, session: { stepTimeoutMs: 30_000 }, newParty: () => fakeParty('alice', o.fake), ...o });
}

const bobTo = (port: number) => connect(fakeParty('bob'), { url: `ws://127.0.0.1:${port}`, maxPayload: MAX, session: { stepTimeoutMs: 30_000 } });

/** A raw client that sends nothing; resolves with the close it gets. */
function silent(port: number): { ws: WebSocket; closed: Promise<{ code: number; reason: string }> } {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  ws.on('error', () => {});
  return { ws, closed: new Promise((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() }))) };
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
