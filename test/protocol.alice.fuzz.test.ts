/**
 * Fuzzing a running Alice over real WebSockets : ≥ 2,000 random and
 * mutated frames, each on its own connection, at every early step of a session (hello, the
 * challenge flight, the estimate, kept/recon-query) and a sample of every later frame. The
 * mutations and the runner are in test/helpers/fuzz.ts.
 *
 * Alice must close on every mutant (on the pair, for a possibly legal bit flip) with 1008 and
 * a one-line "step: reason" of ≤ 123 bytes; her ws refuses an oversized frame with 1009 and a
 * text frame or close reason that is not UTF-8 with 1007. Then the same server must still
 * complete a normal session. The in-process server runs the same code as the `sepka alice`
 * process (src/net/server.ts + the real Alice party).
 */
import { describe, expect, it } from 'vitest';
import { connect } from '../src/net/client.ts';
import { seededRng } from '../src/rng.ts';
import { MSG } from '../src/protocol/messages/index.ts';
import { fuzzAlice, fuzzPlan, honestBobFrames, KINDS, kit, runFuzz } from './helpers/fuzz.ts';

/** The close code Alice must send for each kind of mutant (1008 for all others). */
const EXPECTED: Record<string, number> = { oversized: 1009, badutf8: 1007, badclose: 1007 };

describe('fuzzing Alice', () => {
  it('closes every one of 2,000+ random and mutated frames with a reason, then serves a normal session', async () => {
    const bobFrames = honestBobFrames();
    const alice = await fuzzAlice();
    const plan = fuzzPlan(seededRng('fuzz', 'mutations'), bobFrames, { hello: 1400, early: 540, later: 2 });
    const results = await runFuzz(`ws://127.0.0.1:${alice.server.port}`, alice, bobFrames, plan);
    // A normal session on the same server afterwards.
    const ok = await connect(kit.newBob(seededRng('after', 'bob')), {
      url: `ws://127.0.0.1:${alice.server.port}`,
      maxPayload: kit.maxPayload,
      session: { stepTimeoutMs: 5000 },
    });
    expect(ok.outcome.ok).toBe(true);
    await alice.server.close();

    expect(results.length).toBeGreaterThanOrEqual(2000);
    const bad = results.filter((x) => x.bob.code !== (EXPECTED[x.kind] ?? 1008) || x.alice.code !== x.bob.code || x.alice.by !== 'us');
    expect(bad.slice(0, 5)).toEqual([]);
    for (const x of results) {
      expect(Buffer.byteLength(x.bob.reason)).toBeLessThanOrEqual(123);
      if (x.bob.code === 1008) expect(x.bob.reason).toMatch(/^\w[\w-]*: \S/); // "step: reason"
    }
    // Every kind of mutation was exercised, at hello and later.
    const kinds = new Set(results.map((x) => x.kind));
    for (const k of KINDS) expect(kinds).toContain(k);
    const typesHit = new Set(results.map((x) => x.type));
    for (const t of [MSG.hello, MSG.challenges, MSG.estimate, MSG.kept, MSG.reconQuery, MSG.verify, MSG.confirm]) expect(typesHit).toContain(t);
  });
});
