/**
 * Bytes on the wire as the Alice and Bob processes report them (--json `wire`, and the human
 * lines), checked against a count made at the WebSocket level: a relay between the two
 * processes counts every binary message it forwards, each way. The parties count at their
 * frames (protocol/wire.ts through demo/tally.ts), so the two counts are independent.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { Procs } from './helpers/procs.ts';
import { expectValid } from './helpers/schema.ts';

const toy = ['--protocol', 'toy-insecure'];

/** A relay on a free port to `target`; counts binary messages and bytes each way. */
async function countingRelay(target: string) {
  const count = { 'bob->alice': { frames: 0, bytes: 0 }, 'alice->bob': { frames: 0, bytes: 0 } };
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1 << 30 });
  wss.on('connection', (down) => {
    const up = new WebSocket(target, { maxPayload: 1 << 30 });
    const pending: RawData[] = [];
    const size = (d: RawData) => (Array.isArray(d) ? d.reduce((s, b) => s + b.length, 0) : (d as Buffer).byteLength);
    down.on('message', (d) => {
      count['bob->alice'].frames++;
      count['bob->alice'].bytes += size(d);
      if (up.readyState === WebSocket.OPEN) up.send(d);
      else pending.push(d);
    });
    up.on('open', () => pending.splice(0).forEach((d) => up.send(d)));
    up.on('message', (d) => {
      count['alice->bob'].frames++;
      count['alice->bob'].bytes += size(d);
      down.send(d);
    });
    const code = (c: number) => (c === 1005 || c === 1006 ? 1000 : c);
    up.on('close', (c, r) => down.readyState === WebSocket.OPEN && down.close(code(c), r));
    down.on('close', (c, r) => up.readyState === WebSocket.OPEN && up.close(code(c), r));
  });
  await new Promise<void>((res) => wss.on('listening', () => res()));
  return { port: (wss.address() as { port: number }).port, count, close: () => new Promise<void>((res) => wss.close(() => res())) };
}

describe('alice and bob: bytes on the wire', () => {
  it('each role reports the bytes a WebSocket relay between them forwarded, each way and per stage', async () => {
    const procs = new Procs();
    let relay: Awaited<ReturnType<typeof countingRelay>> | undefined;
    try {
      const alice = procs.cli(['alice', '--listen', '127.0.0.1:0', ...toy, '--seed', '5', '--json']);
      const ap = await new Promise<number>((res, rej) => {
        let err = '';
        alice.proc.stderr!.on('data', (b) => {
          err += String(b);
          const m = /alice: listening on ws:\/\/127\.0\.0\.1:(\d+)/.exec(err);
          if (m) res(Number(m[1]));
        });
        alice.proc.on('close', () => rej(new Error(`alice exited before listening: ${err}`)));
      });
      relay = await countingRelay(`ws://127.0.0.1:${ap}`);
      const bob = await procs.cli(['bob', '--connect', `ws://127.0.0.1:${relay.port}`, ...toy, '--seed', '5', '--json']).done;
      const a = await alice.done;
      expect(a.code, a.stderr).toBe(0);
      expect(bob.code, bob.stderr).toBe(0);
      const aj = JSON.parse(a.stdout);
      const bj = JSON.parse(bob.stdout);
      expectValid('alice', aj);
      expectValid('bob', bj);
      const c = relay.count;
      expect(c['bob->alice'].frames).toBeGreaterThan(5);
      for (const w of [aj.sessions[0].wire, bj.wire]) {
        expect(w.aliceToBob).toEqual(c['alice->bob']);
        expect(w.bobToAlice).toEqual(c['bob->alice']);
        const stages = Object.values(w.byStage as Record<string, { aliceToBob: number; bobToAlice: number }>);
        expect(stages.reduce((s, x) => s + x.aliceToBob, 0)).toBe(c['alice->bob'].bytes);
        expect(stages.reduce((s, x) => s + x.bobToAlice, 0)).toBe(c['bob->alice'].bytes);
        expect(w.bytesPerKeyBit).toBeCloseTo((c['alice->bob'].bytes + c['bob->alice'].bytes) / bj.keyBits, 9);
      }
      // The human lines (stderr with --json) say the same total.
      const total = (c['alice->bob'].bytes + c['bob->alice'].bytes).toLocaleString('en-US');
      expect(bob.stderr).toContain(`bob: wire ${total} B`);
    } finally {
      await relay?.close();
      await procs.cleanup();
    }
  }, 120_000);
});
