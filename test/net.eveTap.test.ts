/**
 * Eve's tap is transparent, checked byte for byte against a raw ws server in
 * Alice's place: a text frame that is not UTF-8, a close reason that is not UTF-8, and pings
 * reach the other side unchanged (Eve judges nothing she can pass on), what Bob sends before
 * Alice's socket opens is replayed in order, and a frame Eve's ws must refuse (oversized) is
 * refused with the code Alice would use, on both sides at once. The end-to-end check (the same
 * close codes at Alice with and without Eve, over the fuzz plan) is test/net.eve.fuzz.test.ts.
 * Against an "Alice" that accepts TCP and never answers the upgrade: Bob is closed with 1011 once
 * the handshake times out, and with 1013 as soon as he has queued more than the bound (the real
 * `sepka eve` process under a stream: test/eve.upstream.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { startTap, type SideEnd } from '../src/net/eveTap.ts';

const MAX = 64;

interface Seen {
  frames: Array<{ bytes: number[]; binary: boolean }>;
  pings: number[][];
  close?: { code: number; reason: number[] };
}

/** A raw "Alice" that records what reaches her, byte for byte, without validating UTF-8. */
async function rawAlice(): Promise<{ url: string; seen: Promise<Seen>; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, skipUTF8Validation: true, maxPayload: 1 << 20 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const seen = new Promise<Seen>((resolve) => {
    wss.once('connection', (ws) => {
      const s: Seen = { frames: [], pings: [] };
      ws.on('error', () => {});
      ws.on('message', (d, binary) => s.frames.push({ bytes: [...(d as Buffer)], binary }));
      ws.on('ping', (d) => s.pings.push([...d]));
      ws.on('close', (code, reason) => resolve({ ...s, close: { code, reason: [...reason] } }));
    });
  });
  return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, seen, close: () => new Promise((r) => wss.close(() => r())) };
}

function tapTo(url: string, onEnd?: (ends: { bob: SideEnd; alice: SideEnd }) => void, handshakeTimeoutMs?: number) {
  return startTap({ host: '127.0.0.1', port: 0, forward: url, maxPayload: MAX, handshakeTimeoutMs, onConnectionEnd: (_i, ends) => onEnd?.(ends) });
}

/** A stopped "Alice": accepts TCP connections and never writes a byte. */
async function blackHole(): Promise<{ url: string; accepted: () => number; close(): void }> {
  const socks: Socket[] = [];
  const srv = createServer((c) => (socks.push(c), c.on('error', () => {})));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return {
    url: `ws://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    accepted: () => socks.length,
    close: () => {
      for (const c of socks) c.destroy();
      srv.close();
    },
  };
}

/** A raw Bob: on open (before Eve's upstream can be open), do `act`; resolve with the close he got. */
function rawBob(port: number, act: (ws: WebSocket) => void): Promise<{ code: number; reason: string; pongs: number[][] }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { autoPong: true });
    const pongs: number[][] = [];
    ws.on('error', () => {});
    ws.on('pong', (d) => pongs.push([...d]));
    ws.on('open', () => act(ws));
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), pongs }));
  });
}

const BAD_UTF8 = Uint8Array.of(0x61, 0xff, 0x62, 0xc3);

describe("Eve's tap relays what she could judge herself", () => {
  it('text frames and a close reason that are not UTF-8, and pings, reach Alice unchanged and in order', async () => {
    const alice = await rawAlice();
    const tap = await tapTo(alice.url);
    const bob = rawBob(tap.port, (ws) => {
      ws.send(Uint8Array.of(1, 2, 3));
      ws.send(BAD_UTF8, { binary: false });
      ws.ping(Uint8Array.of(9, 9));
      // Close once the pong is back, so the relayed pong cannot race the close.
      ws.once('pong', () => ws.close(4001, Buffer.from(BAD_UTF8)));
    });
    const seen = await alice.seen;
    expect(seen.frames).toEqual([
      { bytes: [1, 2, 3], binary: true },
      { bytes: [...BAD_UTF8], binary: false },
    ]);
    expect(seen.pings).toEqual([[9, 9]]);
    expect(seen.close).toEqual({ code: 4001, reason: [...BAD_UTF8] });
    // Alice's ws answered the ping, not Eve's: the pong came back through the tap.
    expect((await bob).pongs).toEqual([[9, 9]]);
    await tap.close();
    await alice.close();
  });

  it('an oversized frame: Bob and Alice both get 1009 at once, and Eve reports it as her refusal', async () => {
    const alice = await rawAlice();
    let ended!: (e: { bob: SideEnd; alice: SideEnd }) => void;
    const ends = new Promise<{ bob: SideEnd; alice: SideEnd }>((r) => (ended = r));
    const tap = await tapTo(alice.url, (e) => ended(e));
    const bob = await rawBob(tap.port, (ws) => {
      ws.send(Uint8Array.of(5));
      ws.send(new Uint8Array(MAX + 1));
    });
    const seen = await alice.seen;
    expect(bob.code).toBe(1009);
    expect(seen.frames).toEqual([{ bytes: [5], binary: true }]); // queued before open, replayed
    expect(seen.close?.code).toBe(1009);
    expect((await ends).bob).toEqual({ code: 1009, reason: 'frame larger than the largest legal message' });
    await tap.close();
    await alice.close();
  });
});

describe('an Alice who never completes the upgrade', () => {
  it('Bob is closed with 1013 once he queues more than one largest legal message; her socket is dropped', async () => {
    const hole = await blackHole();
    let ended!: (e: { bob: SideEnd; alice: SideEnd }) => void;
    const ends = new Promise<{ bob: SideEnd; alice: SideEnd }>((r) => (ended = r));
    const tap = await tapTo(hole.url, (e) => ended(e));
    let sent = 0;
    const bob = await new Promise<{ code: number; reason: string }>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${tap.port}`);
      ws.on('error', () => {});
      ws.on('open', () => {
        // 40 frames of MAX bytes: far past the bound, each one a legal size.
        for (let i = 0; i < 40; i++) ws.send(new Uint8Array(MAX), () => void sent++);
      });
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    expect(bob).toEqual({ code: 1013, reason: `eve: alice's socket is not open yet and bob queued over ${MAX} bytes; try again later` });
    const e = await ends; // both sides are over: her pending socket is gone too
    expect(e.bob.code).toBe(1013);
    expect(e.alice.code).toBe(1006);
    expect(hole.accepted()).toBe(1);
    await tap.close();
    hole.close();
  });

  it('Bob is closed with 1011 when her handshake times out, and told so', async () => {
    const hole = await blackHole();
    let ended!: (e: { bob: SideEnd; alice: SideEnd }) => void;
    const ends = new Promise<{ bob: SideEnd; alice: SideEnd }>((r) => (ended = r));
    const tap = await tapTo(hole.url, (e) => ended(e), 300);
    const bob = await rawBob(tap.port, (ws) => ws.send(Uint8Array.of(1, 2, 3)));
    expect([bob.code, bob.reason]).toEqual([1011, 'eve: cannot reach alice: no WebSocket handshake within 300 ms']);
    const e = await ends;
    expect(e.bob.code).toBe(1011);
    expect(e.alice.code).toBe(1006);
    await tap.close();
    hole.close();
  });
});

describe('an Alice who stops reading', () => {
  it("pushes back on Bob through Eve: she stops reading him instead of holding what Alice won't take", async () => {
    // Alice accepts the upgrade and never reads. Bob sends 64 KiB frames one at a time (each
    // once the last is handed to his kernel) and stops when none has gone for 1 s. Without the
    // push-back Eve reads all 200 MB into memory; with it Bob gets only as far as the kernels'
    // socket buffers and Eve's bound (one largest message) allow: a few MB on loopback.
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1 << 20 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    const reached = new Promise<void>((r) =>
      wss.on('connection', (ws) => {
        ws.on('error', () => {});
        ws.pause();
        r();
      }),
    );
    const big = 64 * 1024;
    const tap = await startTap({ host: '127.0.0.1', port: 0, forward: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, maxPayload: big });
    const ws = new WebSocket(`ws://127.0.0.1:${tap.port}`);
    ws.on('error', () => {});
    await new Promise((r) => ws.once('open', r));
    await reached; // Eve's socket to Alice is open: nothing is queued, all is relayed
    const frame = new Uint8Array(big);
    let through = 0;
    while (through < 200 * 1024 * 1024) {
      const ok = await Promise.race([new Promise<boolean>((r) => ws.send(frame, (e) => r(!e))), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
      if (!ok) break;
      through += big;
    }
    console.log(`Bob got ${(through / 2 ** 20).toFixed(1)} MB through before the push-back stalled him`);
    expect(through).toBeGreaterThan(big); // the relay works ...
    expect(through).toBeLessThan(40 * 1024 * 1024); // ... and stalls at the kernels' buffers, not at 200 MB
    ws.terminate();
    await tap.close();
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  });
});
