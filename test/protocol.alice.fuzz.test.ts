/**
 * Fuzzing a running Alice over real WebSockets (issue #4 acceptance): ≥ 2,000 random and
 * mutated frames, each on its own connection, at every early step of a session (hello, the
 * challenge flight, the estimate, kept/recon-query). A real Bob party drives each connection
 * up to the fuzzed frame, so the mutations hit Alice in the state where the original frame was
 * legal.
 *
 * Mutations are of two kinds:
 *   - surely illegal (random bytes, bad magic/version/type/length, truncation, trailing bytes,
 *     a frame of another type, an oversized frame, a text frame): Alice must close on that
 *     frame alone, with 1008 (1009 for oversized) and a one-line reason of ≤ 123 bytes;
 *   - possibly legal (a flipped bit in the body: a challenge with one bit flipped is still a
 *     challenge): followed by an empty frame, so Alice must close within the pair.
 * Then the same server must still complete a normal session. The in-process server runs the
 * same code as the `sepka alice` process (src/net/server.ts + the real Alice party).
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { serve } from '../src/net/server.ts';
import { connect } from '../src/net/client.ts';
import { loadKit } from '../src/demo/parties.ts';
import { seededRng, uniformInt, randomBytes, type Rng } from '../src/rng.ts';
import { HEADER_BYTES } from '../src/protocol/frame.ts';
import { MSG } from '../src/protocol/messages/index.ts';
import { runInMemorySession } from '../src/protocol/channel.ts';

const kit = loadKit('toy-insecure');
const TYPES = Object.values(MSG) as number[];

type Mutant = { frame: Uint8Array | string; maybeLegal: boolean; kind: string };

function mutate(rng: Rng, f: Uint8Array): Mutant {
  const r = uniformInt(rng, 11);
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

interface Trial {
  code: number;
  reason: string;
  kind: string;
  /** Index of Bob's outbound frame that was replaced, and its message type. */
  at: number;
  type: number;
}

/**
 * Every Alice the fuzz server creates uses the same seed, so she publishes the same task each
 * time and one honest Bob transcript, recorded once in memory, stays valid for every
 * connection (Alice is deterministic given her seed and her input, even when frames are
 * pipelined rather than sent turn by turn).
 */
const aliceFor = () => kit.newAlice(seededRng('fuzz', 'alice'));

function honestBobFrames(): Uint8Array[] {
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

/** Send Bob's honest frames before `at`, then a mutant in place of frame `at`; await Alice's close. */
function fuzzOnce(port: number, rng: Rng, bobFrames: Uint8Array[], at: number): Promise<Trial> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false, maxPayload: kit.maxPayload });
    let kind = 'none';
    ws.on('error', () => {});
    ws.on('open', () => {
      for (let i = 0; i < at; i++) ws.send(bobFrames[i]);
      const m = mutate(rng, bobFrames[at]);
      kind = m.kind;
      ws.send(m.frame, { binary: typeof m.frame !== 'string' });
      if (m.maybeLegal) ws.send(new Uint8Array(0));
    });
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), kind, at, type: bobFrames[at][2] }));
  });
}

describe('fuzzing Alice', () => {
  it('closes every one of 2,000+ random and mutated frames with a reason, then serves a normal session', async () => {
    const results: Trial[] = [];
    const bobFrames = honestBobFrames();
    const server = await serve({
      host: '127.0.0.1',
      port: 0,
      maxPayload: kit.maxPayload,
      sessions: 0,
      session: { stepTimeoutMs: 5000 },
      newParty: aliceFor,
    });
    const rng = seededRng('fuzz', 'mutations');
    // Cost grows with the index (Alice processes every honest frame before the mutant), so most
    // trials hit hello and the first challenge batches, and a sample reaches every later frame.
    const plan = [
      ...Array.from({ length: 1400 }, () => 0),
      ...Array.from({ length: 540 }, () => 1 + uniformInt(rng, 3)),
      // every later frame twice: the rest of the challenge flight, estimate, kept, recon-query, verify, confirm
      ...Array.from({ length: 2 * (bobFrames.length - 4) }, (_, i) => 4 + (i % (bobFrames.length - 4))),
    ];
    for (const at of plan) results.push(await fuzzOnce(server.port, rng, bobFrames, at));
    // A normal session on the same server afterwards.
    const ok = await connect(kit.newBob(seededRng('after', 'bob')), {
      url: `ws://127.0.0.1:${server.port}`,
      maxPayload: kit.maxPayload,
      session: { stepTimeoutMs: 5000 },
    });
    expect(ok.outcome.ok).toBe(true);
    await server.close();

    expect(results.length).toBeGreaterThanOrEqual(2000);
    const bad = results.filter((x) => !(x.code === 1008 || (x.kind === 'oversized' && x.code === 1009)));
    expect(bad.slice(0, 5)).toEqual([]);
    for (const x of results) {
      expect(Buffer.byteLength(x.reason)).toBeLessThanOrEqual(123);
      if (x.code === 1008) expect(x.reason).toMatch(/^\w[\w-]*: \S/); // "step: reason"
    }
    // Every kind of mutation was exercised, at hello and later.
    const kinds = new Set(results.map((x) => x.kind));
    for (const k of ['random', 'magic', 'version', 'type', 'length', 'truncate', 'trailing', 'oversized', 'text', 'bitflip']) expect(kinds).toContain(k);
    const typesHit = new Set(results.map((x) => x.type));
    for (const t of [MSG.hello, MSG.challenges, MSG.estimate, MSG.kept, MSG.reconQuery, MSG.verify, MSG.confirm]) expect(typesHit).toContain(t);
  });
});
