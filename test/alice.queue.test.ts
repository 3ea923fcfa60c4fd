/**
 * Alice's queue counts live clients, and one address cannot hold every slot, against real
 * `sepka alice` processes on the small test profile (step timeout 60 s, so a waiting client's
 * wait never runs out here). Clients bind loopback addresses of their own (127.0.0.x) so each
 * case says which address it comes from.
 *   - Ghosts: `--concurrent 1 --max-pending 2`, the slot held by a silent client; two clients
 *     connect and hang up (a close handshake, a dropped socket); an honest Bob 0.5 s later is
 *     queued, not refused "1013 busy: … 2 waiting", and completes once the slot frees.
 *   - Sixteen connect-and-hang-up clients from one address, within its rate burst (20), and
 *     then an honest Bob from that same address: no ghost is refused (each has left before the
 *     next comes, so neither the queue nor the address's count keeps it), and Bob is served.
 *   - Per-address cap (close 4013): `--concurrent 2` (default cap 1): a second connection from
 *     the address holding one slot is refused with 4013, while an honest Bob from another
 *     address takes the other slot and completes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadKit } from '../src/demo/parties.ts';
import { seededRng } from '../src/rng.ts';
import { runSession, type SessionResult } from '../src/net/transport.ts';
import { CLOSE_ADDRESS_BUSY } from '../src/net/closeCodes.ts';
import { Procs, type Proc } from './helpers/procs.ts';
import { profileFile } from './helpers/profileFile.ts';
import { SMALL } from './helpers/protocol.ts';

const { path: P } = profileFile(SMALL, { name: 'test-queue', stepTimeoutMs: 60_000 });
const kit = loadKit(P);
let procs: Procs;

afterEach(async () => {
  const left = await procs.cleanup();
  expect(left, 'processes left running after the test').toEqual([]);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A raw client from loopback address `from`; `opened` resolves on the upgrade, `closed` with its close. */
function client(port: number, from: string): { ws: WebSocket; opened: Promise<void>; closed: Promise<{ code: number; reason: string }> } {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { localAddress: from, maxPayload: kit.maxPayload });
  ws.on('error', () => {});
  return {
    ws,
    opened: new Promise((r) => ws.once('open', () => r())),
    closed: new Promise((r) => ws.once('close', (code, reason) => r({ code, reason: reason.toString() }))),
  };
}

/** An honest Bob from `from`: resolves once his socket is open (so Alice has admitted or queued him), with his session's end. */
async function honestBob(port: number, from: string, seed: string): Promise<{ result: Promise<SessionResult> }> {
  const c = client(port, from);
  await Promise.race([c.opened, c.closed]);
  return { result: runSession(c.ws, kit.newBob(seededRng(seed, 'bob')), { stepTimeoutMs: 60_000 }) };
}

/** Connect from `from`, send nothing, hang up: a close handshake or a dropped socket. */
async function ghost(port: number, from: string, drop: boolean): Promise<void> {
  const c = client(port, from);
  await Promise.race([c.opened, c.closed]);
  if (drop) c.ws.terminate();
  else c.ws.close();
  await Promise.race([c.closed, sleep(2000)]); // without a close reply (a paused socket), give up after 2 s
}

/** Wait until Alice's stderr has `n` lines matching `re` (or 5 s: the assertions after say what happened). */
async function linesOf(p: Proc, re: RegExp, n: number): Promise<string[]> {
  const t0 = Date.now();
  let hits = p.child.stderr.filter((l) => re.test(l));
  while (hits.length < n && Date.now() - t0 < 5000) {
    await sleep(20);
    hits = p.child.stderr.filter((l) => re.test(l));
  }
  return hits;
}

const fingerprints = (p: Proc) => [...p.child.stdout.join('\n').matchAll(/key agreed and confirmed: .* fingerprint ([0-9a-f]{16})/g)].map((m) => m[1]);

describe("alice's queue counts live clients", () => {
  it('--concurrent 1 --max-pending 2: two ghosts leave; an honest Bob 0.5 s later is queued and served', async () => {
    procs = new Procs();
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P, '--sessions', '2', '--concurrent', '1', '--max-pending', '2']);
    const port = await procs.port(alice);
    const holder = client(port, '127.0.0.2');
    await holder.opened; // the one slot: it sends nothing, so its session waits for a hello
    await ghost(port, '127.0.0.3', false);
    await ghost(port, '127.0.0.4', true);
    await sleep(500);
    const bob = await honestBob(port, '127.0.0.5', 'queue-bob');
    holder.ws.close(); // the slot frees; Bob, waiting, is next
    const res = await bob.result;
    expect(res.outcome.ok, res.outcome.ok ? '' : `${res.outcome.reason} [close ${res.close.code} ${res.close.reason}]`).toBe(true);
    expect(await procs.exit(alice)).toBe(1); // the holder's session failed
    expect(alice.child.stderr.filter((l) => /refused/.test(l))).toEqual([]);
    expect(fingerprints(alice)).toEqual([res.outcome.ok ? res.outcome.fingerprint : '']);
  });

  it('sixteen connect-and-hang-up clients from one address within its burst turn no newcomer away', async () => {
    procs = new Procs();
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P, '--sessions', '2', '--concurrent', '1', '--max-pending', '2']);
    const port = await procs.port(alice);
    const holder = client(port, '127.0.0.2');
    await holder.opened;
    for (let i = 0; i < 16; i++) {
      await ghost(port, '127.0.0.3', i % 2 === 1);
      await linesOf(alice, /left while waiting for a session slot/, i + 1); // Alice has seen it go
    }
    const bob = await honestBob(port, '127.0.0.3', 'ghost-town-bob');
    holder.ws.close();
    const res = await bob.result;
    expect(res.outcome.ok, res.outcome.ok ? '' : `${res.outcome.reason} [close ${res.close.code} ${res.close.reason}]`).toBe(true);
    expect(await procs.exit(alice)).toBe(1);
    const err = alice.child.stderr;
    expect(err.filter((l) => /refused/.test(l))).toEqual([]);
    expect(err.filter((l) => /^alice: 127\.0\.0\.3:\d+ left while waiting for a session slot$/.test(l))).toHaveLength(16);
  });
});

describe('per-address cap', () => {
  it('--concurrent 2 (cap 1 by default): a second connection from one address gets 4013; another address is served', async () => {
    procs = new Procs();
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P, '--sessions', '2', '--concurrent', '2']);
    const port = await procs.port(alice);
    const holder = client(port, '127.0.0.2');
    await holder.opened;
    const second = await client(port, '127.0.0.2').closed;
    expect(second).toEqual({ code: CLOSE_ADDRESS_BUSY, reason: 'per-address limit: 1 running or waiting from 127.0.0.2, at most 1; try again later' });
    const bob = await honestBob(port, '127.0.0.3', 'other-address-bob');
    const res = await bob.result;
    expect(res.outcome.ok, res.outcome.ok ? '' : res.outcome.reason).toBe(true);
    holder.ws.close();
    expect(await procs.exit(alice)).toBe(1);
    expect(alice.child.stderr.join('\n')).toMatch(/alice: refused 127\.0\.0\.2:\d+: per-address limit: .* \[close 4013 per-address limit\]/);
  });
});
