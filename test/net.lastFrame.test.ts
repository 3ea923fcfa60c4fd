/**
 * The one-sided key, each case docs/security.md ("The last message") states, with the real
 * parties (small test profile) over real sockets and a relay in the middle that can hold, drop
 * or damage the last frames and closes:
 *   1. narrowed: Alice times out waiting for Bob's confirmation while her own confirmation is
 *      still on its way to him; he reads it afterwards, but her close is 1008, so he outputs
 *      no key (before the fix he output a confirmed key);
 *   2. Bob's confirmation lost, or damaged: neither side keeps a key;
 *   3. the one remaining one-sided case: Alice checks Bob's confirmation and closes with 1000,
 *      but the close never reaches him: Alice keeps a key, Bob none;
 *   4. nothing lost: both keep the same key.
 * Bob never keeps a key that Alice does not.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { serve } from '../src/net/server.ts';
import { connect } from '../src/net/client.ts';
import type { SessionResult } from '../src/net/transport.ts';
import { createAlice } from '../src/protocol/alice.ts';
import { createBob } from '../src/protocol/bob.ts';
import { limitsOf, maxFrameBytes, MSG } from '../src/protocol/messages/index.ts';
import { seededRng } from '../src/rng.ts';
import { SMALL } from './helpers/protocol.ts';

const MAX = maxFrameBytes(limitsOf(SMALL));

interface Faults {
  /** Alice's frames of these types are held until she closes, then sent before her close. */
  holdToBob?: number[];
  /** Bob's frames of this type are dropped, or (damage) get one bit flipped. */
  toAlice?: { type: number; fault: 'drop' | 'damage' };
  /** Alice's 1000 close is not passed on: Bob's socket is dropped instead. */
  loseNormalClose?: boolean;
}

/** A relay between Bob and `upstream`; every frame passes unchanged unless `f` says otherwise. */
async function relay(upstream: number, f: Faults): Promise<{ port: number; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: MAX, perMessageDeflate: false });
  wss.on('connection', (bob) => {
    bob.on('error', () => {});
    const alice = new WebSocket(`ws://127.0.0.1:${upstream}`, { maxPayload: MAX, perMessageDeflate: false });
    alice.on('error', () => {});
    const early: Buffer[] = [];
    const held: Buffer[] = [];
    bob.on('message', (d: Buffer) => {
      if (f.toAlice && d[2] === f.toAlice.type) {
        if (f.toAlice.fault === 'drop') return;
        d = Buffer.from(d);
        d[d.length - 1] ^= 1;
      }
      if (alice.readyState === WebSocket.OPEN) alice.send(d);
      else early.push(d);
    });
    alice.on('open', () => early.splice(0).forEach((d) => alice.send(d)));
    alice.on('message', (d: Buffer) => {
      if (f.holdToBob?.includes(d[2])) held.push(d);
      else bob.send(d);
    });
    alice.on('close', (code, reason) => {
      for (const d of held.splice(0)) bob.send(d);
      if (code === 1000 && f.loseNormalClose) bob.terminate();
      else if (code === 1006) bob.terminate();
      else bob.close(code, reason);
    });
    bob.on('close', (code, reason) => {
      if (alice.readyState === WebSocket.OPEN) code === 1006 ? alice.terminate() : alice.close(code, reason);
    });
  });
  await new Promise((r) => wss.once('listening', r));
  return { port: (wss.address() as AddressInfo).port, close: () => new Promise((r) => (wss.clients.forEach((c) => c.terminate()), wss.close(() => r()))) };
}

/** One session through the relay; Alice's step timeout is `aliceStepMs`. */
async function run(seed: number, f: Faults, aliceStepMs = 30_000): Promise<{ alice: SessionResult; bob: SessionResult }> {
  const server = await serve({
    host: '127.0.0.1',
    port: 0,
    maxPayload: MAX,
    sessions: 1,
    session: { stepTimeoutMs: aliceStepMs },
    newParty: () => createAlice(SMALL, { rng: seededRng(seed, 'alice') }),
  });
  const r = await relay(server.port, f);
  const bob = await connect(createBob(SMALL, { rng: seededRng(seed, 'bob') }), { url: `ws://127.0.0.1:${r.port}`, maxPayload: MAX, session: { stepTimeoutMs: 5000 } });
  const [alice] = await server.done;
  await r.close();
  return { alice, bob };
}

const key = (r: SessionResult) => (r.outcome.ok ? Buffer.from(r.outcome.key).toString('hex') : undefined);

describe('the last frame: which side keeps a key', () => {
  it('1. Alice times out before Bob reads her confirmation: he reads it, sees her 1008, and keeps no key', async () => {
    // Her amplify + confirm are held until she closes; her step timeout (4 s: generous, no earlier step of a loaded machine may reach it) fires while
    // she waits for his confirmation, which cannot come before he has read hers.
    const { alice, bob } = await run(1, { holdToBob: [MSG.amplify, MSG.confirm] }, 4000);
    expect(alice.outcome.ok).toBe(false);
    if (!alice.outcome.ok) {
      expect(alice.outcome.code).toBe('SEPKA_ERR_TIMEOUT');
      expect(alice.outcome.step).toBe('confirm');
    }
    expect(bob.outcome.ok).toBe(false);
    expect(key(bob)).toBeUndefined();
    if (!bob.outcome.ok) {
      expect(bob.outcome.reason).toMatch(/^peer closed the connection \(1008 .*confirm: peer stalled.*\) before acknowledging our last frame; no key$/);
      expect(bob.outcome.step).toBe('done'); // he had checked her confirmation: the ack is what was missing
    }
  });

  it('2a. Bob\'s confirmation lost: neither side keeps a key', async () => {
    const { alice, bob } = await run(2, { toAlice: { type: MSG.confirm, fault: 'drop' } }, 4000);
    expect(alice.outcome.ok).toBe(false);
    if (!alice.outcome.ok) expect(alice.outcome.code).toBe('SEPKA_ERR_TIMEOUT');
    expect(bob.outcome.ok).toBe(false);
  });

  it('2b. Bob\'s confirmation damaged: Alice refuses it, and neither side keeps a key', async () => {
    const { alice, bob } = await run(3, { toAlice: { type: MSG.confirm, fault: 'damage' } });
    expect(alice.outcome.ok).toBe(false);
    if (!alice.outcome.ok) expect(alice.outcome.code).toBe('SEPKA_ERR_CONFIRM_FAILED');
    expect(bob.outcome.ok).toBe(false);
    if (!bob.outcome.ok) expect(bob.outcome.code).toBe('SEPKA_ERR_PEER_ABORT');
  });

  it('3. Alice\'s 1000 close lost after she checked Bob\'s confirmation: Alice keeps a key, Bob none', async () => {
    const { alice, bob } = await run(4, { loseNormalClose: true });
    expect(alice.outcome.ok).toBe(true);
    expect(alice.close.code).toBe(1000);
    expect(bob.outcome.ok).toBe(false);
    expect(key(bob)).toBeUndefined();
    if (!bob.outcome.ok) expect(bob.outcome.reason).toMatch(/^peer closed the connection \(1006 connection lost\) before acknowledging our last frame; no key$/);
  });

  it('4. nothing lost: both keep the same key, and Bob\'s counts on Alice\'s 1000', async () => {
    const { alice, bob } = await run(5, {});
    expect(alice.outcome.ok && bob.outcome.ok).toBe(true);
    expect(key(bob)).toBe(key(alice));
    expect(bob.close).toEqual({ code: 1000, reason: 'session complete', by: 'peer' });
  });
});
