/**
 * A real `sepka eve` process forwarding to a stopped Alice (a TCP server that accepts and never
 * answers the WebSocket upgrade) keeps nothing once her clients have gone. Two rounds of
 * sixteen clients each:
 *   - 8 streamers, each trying to send 50 MB in 16 KiB frames (400 MB a round) and ignoring the
 *     close it is sent (test/helpers/streamingBob.ts): each is closed with 1013 once it has
 *     queued more than one largest legal message (the profile's maxPayload, 117 KiB here), and
 *     Eve reads no more of it, so it stalls long before its 50 MB;
 *   - 4 that send a hello and wait: closed with 1011 when Alice's handshake times out
 *     (--upstream-timeout-ms 5000), the reason saying so;
 *   - 4 that send a few frames under the bound and hang up: what they queued is dropped when
 *     the handshake times out.
 * Afterwards every connection Eve opened to the stopped Alice has been closed by her, and her
 * resident memory (/proc/PID/status VmRSS) and open file descriptors (/proc/PID/fd) are back
 * within 50 MB and 5 descriptors of what they were before the rounds (read once she is warm:
 * one client tapped and timed out, so her one-time costs are paid). Eve is not run
 * with --expose-gc: the figures are read once the clients are gone and the handshake timeout
 * has passed, polling for up to 15 s while V8 collects on its own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { loadKit } from '../src/demo/parties.ts';
import { Procs } from './helpers/procs.ts';
import { profileFile } from './helpers/profileFile.ts';
import { SMALL } from './helpers/protocol.ts';
import { streamingBob } from './helpers/streamingBob.ts';

const { path: P } = profileFile(SMALL, { name: 'test-eve-upstream' });
const kit = loadKit(P);
const TIMEOUT_MS = 5000; // long enough for a streamer to pass the bound first on a loaded machine
const MB = 1024 * 1024;
let procs: Procs;

afterEach(async () => {
  const left = await procs.cleanup();
  expect(left, 'processes left running after the test').toEqual([]);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssBytes = (pid: number) => 1024 * Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

/** A stopped Alice: accepts TCP and never writes a byte; counts what it accepted and what was closed. */
async function blackHole(): Promise<{ url: string; accepted: () => number; open: () => number; close(): void }> {
  const socks: Socket[] = [];
  let closed = 0;
  const srv = createServer((c) => {
    socks.push(c);
    c.on('error', () => {});
    c.on('close', () => closed++);
    c.resume(); // read and discard: only the upgrade request ever comes
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return {
    url: `ws://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    accepted: () => socks.length,
    open: () => socks.length - closed,
    close: () => {
      for (const c of socks) c.destroy();
      srv.close();
    },
  };
}

/** A real `sepka eve` tapping for ever (--sessions 0) toward `forward`; resolves once it listens. */
async function startEve(forward: string, extra: string[]) {
  const eve = procs.cli(['eve', '--listen', '127.0.0.1:0', '--forward', forward, '--protocol', P, '--sessions', '0', ...extra]);
  let err = '';
  eve.proc.stderr!.on('data', (d) => (err += d));
  const listening = /listening on ws:\/\/127\.0\.0\.1:(\d+)/;
  while (!listening.test(err)) {
    if (eve.proc.exitCode !== null) throw new Error(`eve exited: ${err}`);
    await sleep(20);
  }
  return { eve, port: Number(listening.exec(err)![1]) };
}

interface Ended {
  code: number;
  reason: string;
}

/** Connect to Eve, run `act` once open, and resolve with the close. */
function client(port: number, act: (ws: WebSocket) => void): Promise<Ended> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { maxPayload: kit.maxPayload });
    ws.on('error', () => {});
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.once('open', () => act(ws));
  });
}

describe('eve forwarding to an Alice who never completes the upgrade', () => {
  it('bounds what she queues, times the upstream out, and returns to her starting memory and descriptors', async () => {
    procs = new Procs();
    const hole = await blackHole();
    const { eve, port } = await startEve(hole.url, ['--upstream-timeout-ms', String(TIMEOUT_MS)]);
    const pid = eve.proc.pid!;
    // Her starting figures are read once she is warm: one client has been tapped and timed out,
    // so her analysis thread has run a session and her modules are loaded (one-time costs).
    const warm = await client(port, (ws) => ws.send(Uint8Array.of(1, 2, 3)));
    expect(warm.code).toBe(1011);
    await sleep(1000);
    const start = { rss: rssBytes(pid), fds: fdCount(pid) };

    for (let round = 0; round < 2; round++) {
      const streams = Array.from({ length: 8 }, () => streamingBob(port, { frameBytes: 16 * 1024, total: 50 * MB }));
      const waiters = Array.from({ length: 4 }, () => client(port, (ws) => ws.send(Uint8Array.of(1, 2, 3))));
      const leavers = Array.from({ length: 4 }, () =>
        client(port, (ws) => {
          for (let i = 0; i < 4; i++) ws.send(new Uint8Array(1024));
          ws.terminate();
        }),
      );
      for (const s of await Promise.all(streams)) {
        expect(s.closeCode, s.reason).toBe(1013);
        expect(s.reason).toBe(`eve: alice's socket is not open yet and bob queued over ${kit.maxPayload} bytes; try again later`);
        // Cut before its 50 MB though it ignores the close and streams on: what it sent past the
        // bound sits in the two kernels' socket buffers (their size is the system's), never read
        // by Eve, who stops reading it when she closes it.
        expect(s.sent).toBeLessThan(50 * MB);
      }
      for (const w of await Promise.all(waiters)) expect([w.code, w.reason]).toEqual([1011, `eve: cannot reach alice: no WebSocket handshake within ${TIMEOUT_MS / 1000} s`]);
      for (const l of await Promise.all(leavers)) expect(l.code).toBe(1006);
    }
    expect(hole.accepted()).toBe(33); // she tried Alice once per client

    // The clients are gone; wait out the handshake timeout, then let her settle.
    await sleep(TIMEOUT_MS + 500);
    let now = { rss: rssBytes(pid), fds: fdCount(pid) };
    for (let t = 0; t < 30 && (now.rss - start.rss > 50 * MB || now.fds - start.fds > 5 || hole.open() > 0); t++) {
      await sleep(500);
      now = { rss: rssBytes(pid), fds: fdCount(pid) };
    }
    console.log(`eve: RSS ${(start.rss / MB).toFixed(1)} -> ${(now.rss / MB).toFixed(1)} MB, fds ${start.fds} -> ${now.fds}, upstream sockets still open ${hole.open()}`);
    expect(hole.open()).toBe(0); // every upstream socket closed by Eve
    expect(now.rss - start.rss).toBeLessThanOrEqual(50 * MB);
    expect(now.fds - start.fds).toBeLessThanOrEqual(5);
    expect(eve.proc.exitCode).toBe(null); // still serving
    eve.proc.kill('SIGTERM');
    await eve.done;
    hole.close();
  });

  it('relays at most --max-clients at once: one more is closed with 1013 and never reaches Alice', async () => {
    procs = new Procs();
    const bad = await procs.cli(['eve', '--listen', '127.0.0.1:0', '--forward', 'ws://127.0.0.1:9', '--max-clients', '0']).done;
    expect([bad.code, bad.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(bad.stderr).toMatch(/--max-clients/);
    const hole = await blackHole();
    const timeoutMs = 1500;
    const { eve, port } = await startEve(hole.url, ['--upstream-timeout-ms', String(timeoutMs), '--max-clients', '3']);
    const hello = (ws: WebSocket) => ws.send(Uint8Array.of(1, 2, 3));
    const three = [client(port, hello), client(port, hello), client(port, hello)];
    while (hole.accepted() < 3) await sleep(20);
    // The fourth, while three wait on the stopped Alice: refused by Eve herself.
    const fourth = await client(port, hello);
    expect([fourth.code, fourth.reason]).toEqual([1013, 'eve: 3 clients relayed, at most 3; try again later']);
    expect(hole.accepted()).toBe(3);
    // Once the three have timed out their slots are free again.
    for (const w of await Promise.all(three)) expect(w.code).toBe(1011);
    while (hole.open() > 0) await sleep(20);
    const later = client(port, hello);
    while (hole.accepted() < 4) await sleep(20);
    expect((await later).code).toBe(1011);
    eve.proc.kill('SIGTERM');
    await eve.done;
    hole.close();
  });
});
