/**
 * Fuzzing a running Alice over real WebSockets: the mutations, the
 * plan of which of Bob's frames each replaces, and a runner that sends one mutant per
 * connection and records what both ends saw: the close code Bob received and Alice's own
 * session result (her close code, who closed, her error code).
 *
 * A real Bob transcript drives each connection up to the fuzzed frame, so the mutations hit
 * Alice in the state where the original frame was legal. Mutations are of two kinds:
 *   - surely illegal (random bytes, bad magic/version/type/length, truncation, trailing bytes,
 *     a frame of another type, an oversized frame, a text frame, a text frame or a close
 *     reason that is not UTF-8): Alice must close on that frame alone;
 *   - possibly legal (a flipped bit in the body: a challenge with one bit flipped is still a
 *     challenge): followed by an empty frame, so Alice must close within the pair.
 * The mutants are drawn before any is sent, so the same plan can be run twice: straight to
 * Alice and through Eve's tap (test/net.eve.fuzz.test.ts).
 */
import { expect } from 'vitest';
import { WebSocket } from 'ws';
import { serve, type ServerHandle } from '../../src/net/server.ts';
import type { SessionResult } from '../../src/net/transport.ts';
import { loadKit } from '../../src/demo/parties.ts';
import { seededRng, uniformInt, randomBytes, type Rng } from '../../src/rng.ts';
import { HEADER_BYTES } from '../../src/protocol/frame.ts';
import { MSG } from '../../src/protocol/messages/index.ts';
import { runInMemorySession } from '../../src/protocol/channel.ts';

export const kit = loadKit('toy-insecure');
const TYPES = Object.values(MSG) as number[];

/** What replaces Bob's frame: a frame (binary, or text when `text`), or a close with those reason bytes. */
export interface Mutant {
  frame: Uint8Array | string;
  text?: boolean;
  close?: boolean;
  maybeLegal: boolean;
  kind: string;
}

export const KINDS = ['random', 'magic', 'version', 'type', 'length', 'truncate', 'trailing', 'oversized', 'text', 'badutf8', 'badclose', 'bitflip'];

/** Bytes that are not UTF-8: a lone continuation byte or 0xff, among random ASCII. */
function notUtf8(rng: Rng, max: number): Uint8Array {
  const b = randomBytes(rng, 1 + uniformInt(rng, max)).map((x) => x & 0x7f);
  b[uniformInt(rng, b.length)] = uniformInt(rng, 2) ? 0xff : 0x80 + uniformInt(rng, 64);
  return b;
}

export function mutate(rng: Rng, f: Uint8Array): Mutant {
  const r = uniformInt(rng, 13);
  const g = f.slice();
  switch (r) {
    case 0:
      return { frame: randomBytes(rng, uniformInt(rng, 96)), maybeLegal: false, kind: 'random' };
    case 1:
      g[0] ^= 1 + uniformInt(rng, 255);
      return { frame: g, maybeLegal: false, kind: 'magic' };
    case 2:
      g[1] = (g[1] + 1 + uniformInt(rng, 255)) & 0xff;
      return { frame: g, maybeLegal: false, kind: 'version' };
    case 3: {
      // An unknown type, or a known type that is not the one expected here.
      const t = uniformInt(rng, 2) ? 16 + uniformInt(rng, 240) : TYPES.filter((x) => x !== f[2])[uniformInt(rng, TYPES.length - 1)];
      g[2] = t;
      return { frame: g, maybeLegal: false, kind: 'type' };
    }
    case 4: {
      const dv = new DataView(g.buffer);
      dv.setUint32(3, (dv.getUint32(3) + 1 + uniformInt(rng, 1000)) >>> 0);
      return { frame: g, maybeLegal: false, kind: 'length' };
    }
    case 5:
      return { frame: f.slice(0, uniformInt(rng, f.length)), maybeLegal: false, kind: 'truncate' };
    case 6: {
      const h = new Uint8Array(f.length + 1 + uniformInt(rng, 16));
      h.set(f);
      return { frame: h, maybeLegal: false, kind: 'trailing' };
    }
    case 7:
      return { frame: new Uint8Array(kit.maxPayload + 1 + uniformInt(rng, 64)), maybeLegal: false, kind: 'oversized' };
    case 8:
      return { frame: 'not a binary frame', maybeLegal: false, kind: 'text' };
    case 9:
      return { frame: notUtf8(rng, 64), text: true, maybeLegal: false, kind: 'badutf8' };
    case 10:
      return { frame: notUtf8(rng, 100), close: true, maybeLegal: false, kind: 'badclose' };
    default: {
      // 1–3 bit flips in the body.
      const flips = 1 + uniformInt(rng, 3);
      for (let k = 0; k < flips && g.length > HEADER_BYTES; k++) {
        const i = HEADER_BYTES + uniformInt(rng, g.length - HEADER_BYTES);
        g[i] ^= 1 << uniformInt(rng, 8);
      }
      return { frame: g, maybeLegal: true, kind: 'bitflip' };
    }
  }
}

/** One fuzzed connection: which frame was replaced, by what, and what each end saw. */
export interface Trial {
  kind: string;
  /** Index of Bob's outbound frame that was replaced, and its message type. */
  at: number;
  type: number;
  /** The close Bob received. */
  bob: { code: number; reason: string };
  /** Alice's view of the session. */
  alice: { code: number; by: string; error?: string };
}

/**
 * Every Alice the fuzz server creates uses the same seed, so she publishes the same task each
 * time and one honest Bob transcript, recorded once in memory, stays valid for every
 * connection (Alice is deterministic given her seed and her input, even when frames are
 * pipelined rather than sent turn by turn).
 */
export const aliceFor = () => kit.newAlice(seededRng('fuzz', 'alice'));

export function honestBobFrames(): Uint8Array[] {
  const frames: Uint8Array[] = [];
  const r = runInMemorySession(aliceFor(), kit.newBob(seededRng('fuzz', 'bob')), undefined, {
    tamper: (dir, f) => {
      if (dir === 'bob->alice') frames.push(f);
      return f;
    },
  });
  expect(r.alice.ok && r.bob.ok).toBe(true);
  return frames;
}

/**
 * The frames to replace: cost grows with the index (Alice processes every honest frame before
 * the mutant), so most trials hit hello and the first challenge batches, and `later` times
 * each later frame (the rest of the challenge flight, estimate, kept, recon-query, verify,
 * confirm) is hit too. Returns the mutants, drawn in advance.
 */
export function fuzzPlan(rng: Rng, bobFrames: Uint8Array[], counts: { hello: number; early: number; later: number }): Array<{ at: number; mutant: Mutant }> {
  const ats = [
    ...Array.from({ length: counts.hello }, () => 0),
    ...Array.from({ length: counts.early }, () => 1 + uniformInt(rng, 3)),
    ...Array.from({ length: counts.later * (bobFrames.length - 4) }, (_, i) => 4 + (i % (bobFrames.length - 4))),
  ];
  return ats.map((at) => ({ at, mutant: mutate(rng, bobFrames[at]) }));
}

/** An Alice server for fuzzing, whose session results can be awaited one by one, in order. */
export async function fuzzAlice(): Promise<{ server: ServerHandle; nextResult(): Promise<SessionResult> }> {
  const ready: SessionResult[] = [];
  const waiting: Array<(r: SessionResult) => void> = [];
  const server = await serve({
    host: '127.0.0.1',
    port: 0,
    maxPayload: kit.maxPayload,
    sessions: 0,
    session: { stepTimeoutMs: 5000 },
    // One connection per trial, as fast as they go: no per-address rate limit here.
    connRate: 0,
    newParty: aliceFor,
    onSessionEnd: (_i, res) => {
      const w = waiting.shift();
      if (w) w(res);
      else ready.push(res);
    },
  });
  return { server, nextResult: () => (ready.length ? Promise.resolve(ready.shift()!) : new Promise((r) => waiting.push(r))) };
}

/** Send Bob's honest frames before `at`, then the mutant in place of frame `at`; resolve with the close Bob received. */
function sendOnce(url: string, bobFrames: Uint8Array[], at: number, m: Mutant): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: kit.maxPayload });
    ws.on('error', () => {});
    ws.on('open', () => {
      for (let i = 0; i < at; i++) ws.send(bobFrames[i]);
      if (m.close) ws.close(1000, Buffer.from(m.frame as Uint8Array));
      else ws.send(m.frame, { binary: typeof m.frame !== 'string' && !m.text });
      if (m.maybeLegal) ws.send(new Uint8Array(0));
    });
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/**
 * Run the plan against `url` (Alice, or Eve in front of her), one connection at a time: each
 * trial waits for both Bob's close and Alice's session result, so no trial overlaps the next.
 */
export async function runFuzz(url: string, alice: { nextResult(): Promise<SessionResult> }, bobFrames: Uint8Array[], plan: Array<{ at: number; mutant: Mutant }>): Promise<Trial[]> {
  const out: Trial[] = [];
  for (const { at, mutant } of plan) {
    const [bob, res] = await Promise.all([sendOnce(url, bobFrames, at, mutant), alice.nextResult()]);
    const o = res.outcome;
    out.push({ kind: mutant.kind, at, type: bobFrames[at][2], bob, alice: { code: res.close.code, by: res.close.by, error: o.ok ? undefined : o.code } });
  }
  return out;
}

/**
 * The same plan run straight to Alice and through Eve's tap (src/net/eveTap.ts) in front of
 * a second, identical Alice; a normal session through Eve afterwards must still succeed.
 */
export async function directAndThroughEve(bobFrames: Uint8Array[], plan: Array<{ at: number; mutant: Mutant }>): Promise<{ direct: Trial[]; viaEve: Trial[] }> {
  const { startTap } = await import('../../src/net/eveTap.ts');
  const { connect } = await import('../../src/net/client.ts');
  const a1 = await fuzzAlice();
  const direct = await runFuzz(`ws://127.0.0.1:${a1.server.port}`, a1, bobFrames, plan);
  await a1.server.close();
  const a2 = await fuzzAlice();
  const tap = await startTap({ host: '127.0.0.1', port: 0, forward: `ws://127.0.0.1:${a2.server.port}`, maxPayload: kit.maxPayload });
  const viaEve = await runFuzz(`ws://127.0.0.1:${tap.port}`, a2, bobFrames, plan);
  const ok = await connect(kit.newBob(seededRng('after', 'bob')), { url: `ws://127.0.0.1:${tap.port}`, maxPayload: kit.maxPayload, session: { stepTimeoutMs: 5000 } });
  expect(ok.outcome.ok).toBe(true);
  await tap.close();
  await a2.server.close();
  return { direct, viaEve };
}

/**
 * Eve is transparent: on every trial Alice's close code through Eve is the
 * one she sent without Eve. Where Eve relays the mutant (all but an oversized frame, which
 * Eve's ws must refuse before it can be relayed, with the code Alice's would use), Alice
 * rejects it herself, with the same error code. Bob receives the same close code, except
 * after his own malformed close: any WebSocket endpoint answers a close frame at once
 * (RFC 6455 §5.5.1), so Eve's ws echoes Bob's code where Alice's would have refused it.
 */
export function expectSameCloses(direct: Trial[], viaEve: Trial[]): void {
  expect(viaEve.length).toBe(direct.length);
  const differ = direct
    .map((d, i) => ({ d, e: viaEve[i] }))
    .filter(({ d, e }) => {
      if (e.alice.code !== d.alice.code) return true;
      if (d.kind !== 'oversized' && (e.alice.by !== d.alice.by || e.alice.error !== d.alice.error)) return true;
      return d.kind !== 'badclose' && e.bob.code !== d.bob.code;
    });
  expect(differ.slice(0, 5)).toEqual([]);
}
