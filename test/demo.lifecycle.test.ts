/**
 * Faults between real processes: `sepka alice|bob|eve` as OS processes on ephemeral
 * ports (toy-insecure, the fastest profile; the faults do not depend on the parameters).
 * Each case checks the survivor's exit code, its one-line reason naming the step, the close
 * code on the wire, that no key is printed, and that no process is left running.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTap } from '../src/net/eveTap.ts';
import { loadKit } from '../src/demo/parties.ts';
import { seededRng } from '../src/rng.ts';
import { MSG } from '../src/protocol/messages/index.ts';
import { Procs } from './helpers/procs.ts';
import { expectValid } from './helpers/schema.ts';

const P = 'toy-insecure';
const kit = loadKit(P);
let procs: Procs;

afterEach(async () => {
  const left = await procs.cleanup();
  expect(left, 'processes left running after the test').toEqual([]);
});

const NO_KEY = /key agreed|fingerprint|key [0-9a-f]{16}/;

/**
 * A relay in the test process in front of `port` that SIGKILLs `pid` on Bob's first challenge
 * batch: the session is then certainly inside the challenge flight, whatever the machine's load.
 */
async function killOnFirstChallenges(port: number, pid: number) {
  let killed = false;
  const relay = await startTap({
    host: '127.0.0.1',
    port: 0,
    forward: `ws://127.0.0.1:${port}`,
    maxPayload: kit.maxPayload,
    onFrame: (_i, dir, f) => {
      if (!killed && dir === 'bob->alice' && f[2] === MSG.challenges) {
        killed = true;
        process.kill(pid, 'SIGKILL');
      }
    },
  });
  return { port: relay.port, close: () => relay.close(), killed: () => killed };
}

/** A hand-driven client: a real Bob's hello, then whatever the test sends. */
function rawClient(port: number) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  const got: Uint8Array[] = [];
  let onFrame: (() => void) | undefined;
  ws.on('error', () => {});
  ws.on('message', (d) => {
    got.push(new Uint8Array(d as Buffer));
    onFrame?.();
  });
  const opened = new Promise<void>((r) => ws.once('open', () => r()));
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: reason.toString() })));
  const frames = (k: number) =>
    new Promise<void>((r) => {
      if (got.length >= k) return r();
      onFrame = () => got.length >= k && r();
    });
  return { ws, opened, closed, frames, got };
}

describe('alice, bob and eve as processes: faults', () => {
  it('Alice killed mid-challenges: Bob exits 1 with the step and no key', async () => {
    procs = new Procs();
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P]);
    const aport = await procs.port(alice);
    // A relay in the test process sees Bob's first challenge batch and kills Alice at once:
    // she is then certainly inside the challenge flight (she answers only after all of it).
    const relay = await killOnFirstChallenges(aport, alice.child.pid);
    const bob = procs.cli(['bob', '--connect', `ws://127.0.0.1:${relay.port}`, '--protocol', P]);
    const r = await bob.done;
    await relay.close();
    expect(relay.killed()).toBe(true);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bob: failed at step (challenges|distill): peer closed the connection \(1006 connection lost\) \[SEPKA_ERR_DISCONNECTED/);
    expect(r.stdout).not.toMatch(NO_KEY);
    expect((await alice.child.exited).signal).toBe('SIGKILL');
  });

  it('Bob sends garbage after hello: Alice closes 1008, stays up and serves the next session', async () => {
    procs = new Procs();
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P, '--sessions', '2', '--seed', 'garbage']);
    const port = await procs.port(alice);
    const c = rawClient(port);
    await c.opened;
    c.ws.send(kit.newBob(seededRng(1, 'bob')).start().frames[0]);
    await c.frames(2); // Alice's hello and task
    c.ws.send(Uint8Array.from([0x53, 1, 3, 0, 0, 0, 9, 1, 2, 3])); // a challenges header over a short body
    const closed = await c.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/^challenges: /);
    const bob = procs.cli(['bob', '--connect', `ws://127.0.0.1:${port}`, '--protocol', P, '--show-key', '--seed', 'garbage']);
    const b = await bob.done;
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/bob: key agreed and confirmed: \d+ bits.*fingerprint [0-9a-f]{16}/);
    expect(b.stdout).toMatch(/bob: key [0-9a-f]{32,}\n/); // only because of --show-key
    expect(alice.child.stdout.join('\n')).not.toMatch(/alice: key [0-9a-f]/);
    expect(await procs.exit(alice)).toBe(1); // one of its two sessions failed
    const err = alice.child.stderr.join('\n');
    expect(err).toMatch(/alice: session 1: failed at step challenges: .*\[SEPKA_ERR_FRAME_TRUNCATED; close 1008/);
    expect(alice.child.stdout.join('\n')).toMatch(/alice: session 2: key agreed and confirmed/);
  });

  it('Eve killed mid-session: Alice and Bob both fail cleanly without a key', async () => {
    procs = new Procs();
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P]);
    const aport = await procs.port(alice);
    const eve = procs.start('eve', ['--listen', '127.0.0.1:0', '--forward', `ws://127.0.0.1:${aport}`, '--protocol', P]);
    const eport = await procs.port(eve);
    // Bob reaches Eve through a relay in the test process, which kills Eve on Bob's first
    // challenge batch: distillation, reconciliation, amplification and confirmation are still
    // ahead, whatever the machine's load.
    const relay = await killOnFirstChallenges(eport, eve.child.pid);
    const bob = procs.start('bob', ['--connect', `ws://127.0.0.1:${relay.port}`, '--protocol', P]);
    const [ea, eb] = [await procs.exit(alice), await procs.exit(bob)];
    await relay.close();
    expect(relay.killed()).toBe(true); // on Bob's first challenge batch
    expect((await eve.child.exited).signal).toBe('SIGKILL');
    expect(ea).toBe(1);
    expect(eb).toBe(1);
    for (const p of [alice, bob]) {
      expect(p.child.stderr.join('\n')).toMatch(new RegExp(`${p.role}: failed at step \\w+: peer closed the connection \\(1006`));
      expect(p.child.stdout.join('\n')).not.toMatch(NO_KEY);
      const r = await procs.result(p);
      expect(r?.ok).toBe(false);
      expect(r?.fingerprint).toBeUndefined();
    }
  });

  it('rejects an oversized frame with 1009 and names the step', async () => {
    procs = new Procs();
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P]);
    const c = rawClient(await procs.port(alice));
    await c.opened;
    c.ws.send(new Uint8Array(kit.maxPayload + 1));
    const closed = await c.closed;
    expect(closed.code).toBe(1009);
    expect(await procs.exit(alice)).toBe(1);
    expect(alice.child.stderr.join('\n')).toMatch(/alice: failed at step hello: frame larger than the largest legal message \[SEPKA_ERR_FRAME_TOO_LONG; close 1009/);
  });

  it('refuses a second client while a session runs (1013 busy), and the first session is unharmed', async () => {
    procs = new Procs();
    // Both clients come from 127.0.0.1: the per-address cap (1 at --concurrent 1) is raised so
    // that the second meets the full slot and queue, not the cap (alice.queue.test.ts tests it).
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P, '--concurrent', '1', '--max-pending', '0', '--max-per-address', '2']);
    const port = await procs.port(alice);
    const first = rawClient(port);
    await first.opened;
    first.ws.send(kit.newBob(seededRng(2, 'bob')).start().frames[0]);
    await first.frames(2); // a session is now running
    const second = procs.cli(['bob', '--connect', `ws://127.0.0.1:${port}`, '--protocol', P]);
    const s = await second.done;
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/bob: failed at step hello: peer closed the connection \(1013 busy: 1 session running and 0 waiting; try again later\).*\[SEPKA_ERR_BUSY/);
    expect(first.ws.readyState).toBe(WebSocket.OPEN);
    first.ws.close();
    await first.closed;
    expect(await procs.exit(alice)).toBe(1);
  });

  it('times out a stalled peer with 1008, naming the step', async () => {
    procs = new Procs();
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P, '--timeout-ms', '1000']);
    const c = rawClient(await procs.port(alice));
    await c.opened;
    c.ws.send(kit.newBob(seededRng(3, 'bob')).start().frames[0]);
    const closed = await c.closed; // the client answers pings (ws does) but never sends its challenges
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/^challenges: peer stalled/);
    expect(await procs.exit(alice)).toBe(1);
    expect(alice.child.stderr.join('\n')).toMatch(/alice: failed at step challenges: peer stalled: no frame for 1 s .*SEPKA_ERR_TIMEOUT/);
  });

  it('a peer that answers neither frames nor pings is reported as unresponsive', async () => {
    procs = new Procs();
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P, '--timeout-ms', '1000']);
    const port = await procs.port(alice);
    // A frozen peer: the socket stays open but nothing answers, not even pings.
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { autoPong: false });
    ws.on('error', () => {});
    await new Promise<void>((r) => ws.once('open', () => r()));
    ws.send(kit.newBob(seededRng(4, 'bob')).start().frames[0]);
    expect(await procs.exit(alice)).toBe(1);
    expect(alice.child.stderr.join('\n')).toMatch(/alice: failed at step challenges: peer unresponsive: no frame or pong for 1 s \[SEPKA_ERR_TIMEOUT; close 1008/);
    ws.terminate();
  });

  it('parameter mismatch: both sides refuse at hello and exit 1', async () => {
    procs = new Procs();
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', 'demo-256']);
    const port = await procs.port(alice);
    const bob = procs.cli(['bob', '--connect', `ws://127.0.0.1:${port}`, '--protocol', P, '--json']);
    const b = await bob.done;
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/bob: failed at step hello: .*SEPKA_ERR_(PARAMS_MISMATCH|PEER_ABORT)/);
    // --json: exactly one object on stdout, no key.
    const lines = b.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expectValid('bob', JSON.parse(lines[0]));
    expect(JSON.parse(lines[0])).toMatchObject({ role: 'bob', ok: false, step: 'hello', closeCode: 1008 });
    expect(await procs.exit(alice)).toBe(1);
    expect(alice.child.stderr.join('\n')).toMatch(/alice: failed at step hello: .*\[SEPKA_ERR_PARAMS_MISMATCH; close 1008/);
  });
  // Usage errors of alice, bob and eve (exit 2, one line): test/cli.badInput.test.ts, in-process.
});
