/**
 * Alice's parties in worker threads (src/demo/aliceHost.ts) and the
 * transport driving a party that answers later (src/net/transport.ts):
 *   - a hosted Alice is the in-thread Alice: same frames, same key, for session 0 (stream
 *     'alice') and session 1 (stream 'alice#1'); her truth carries the key on success only;
 *   - an abort reaches her worker: her truth afterwards has no key;
 *   - the step deadline is off while our party computes: a party that takes 3 step timeouts
 *     to answer each frame still completes its session (the peer is not blamed for our work).
 */
import { describe, expect, it } from 'vitest';
import { startAliceHost, type HostedAlice } from '../src/demo/aliceHost.ts';
import { loadKit } from '../src/demo/parties.ts';
import { serve } from '../src/net/server.ts';
import { connect } from '../src/net/client.ts';
import type { DrivenParty } from '../src/net/transport.ts';
import type { BobParty } from '../src/protocol/bob.ts';
import type { Party, PartyOutput } from '../src/protocol/party.ts';
import { seededRng } from '../src/rng.ts';
import { fakeParty } from './helpers/net.ts';
import { profileFile } from './helpers/profileFile.ts';
import { SMALL } from './helpers/protocol.ts';

const { path: P } = profileFile(SMALL, { name: 'test-host' });
const kit = loadKit(P);

/** Run a session in memory between `alice` (maybe hosted) and `bob`; every frame Alice sends, in order. */
async function run(alice: HostedAlice | Party, bob: BobParty): Promise<{ a?: PartyOutput['outcome']; b?: PartyOutput['outcome']; sent: string[] }> {
  const sent: string[] = [];
  const toAlice: Uint8Array[] = [...bob.start().frames];
  let a = (await alice.start()).outcome;
  let b: PartyOutput['outcome'];
  while (toAlice.length > 0 && !(a && b)) {
    const out = await alice.receive(toAlice.shift()!);
    a = out.outcome;
    for (const f of out.frames) {
      sent.push(Buffer.from(f).toString('hex'));
      const r = bob.receive(f);
      b = r.outcome ?? b;
      toAlice.push(...r.frames);
    }
  }
  return { a, b, sent };
}

describe('alice in a worker thread', () => {
  it('is the same Alice as in-thread, session by session, and hands back her truth', async () => {
    const host = await startAliceHost({ protocol: P, seed: 'host', threads: 2 });
    try {
      for (const [i, purpose] of [[0, 'alice'], [1, 'alice#1']] as const) {
        const hosted = host.party(i);
        const there = await run(hosted, kit.newBob(seededRng(`b${i}`, 'bob')));
        const here = await run(kit.newAlice(seededRng('host', purpose)), kit.newBob(seededRng(`b${i}`, 'bob')));
        expect(there.a?.ok && there.b?.ok).toBe(true);
        expect(there.sent).toEqual(here.sent);
        expect(there.a?.ok && here.a?.ok && there.a.fingerprint === here.a.fingerprint).toBe(true);
        expect(hosted.step).toBe('done');
        const truth = await hosted.end();
        expect(truth.role).toBe('alice');
        expect(truth.role === 'alice' && truth.key && Buffer.from(truth.key).toString('hex')).toBe(there.a?.ok && Buffer.from(there.a.key).toString('hex'));
      }
    } finally {
      await host.close();
    }
  });

  it('an abort reaches her worker: no key in her truth after it', async () => {
    const host = await startAliceHost({ protocol: P, seed: 'host', threads: 1 });
    try {
      const hosted = host.party(0);
      const bob = kit.newBob(seededRng('b', 'bob'));
      await hosted.start();
      const out = await hosted.receive(bob.start().frames[0]);
      expect(out.frames.length).toBe(2); // her hello and the task
      const f = hosted.abort('SEPKA_ERR_TIMEOUT', 'test');
      expect(f).toEqual({ ok: false, code: 'SEPKA_ERR_TIMEOUT', step: 'challenges', reason: 'test' });
      expect(hosted.step).toBe('failed');
      const truth = await hosted.end();
      expect(truth.role === 'alice' && truth.key).toBeUndefined();
      expect(truth.role === 'alice' && truth.raw.length).toBeGreaterThan(0);
    } finally {
      await host.close();
    }
  });
});

describe('transport with a party that answers later', () => {
  it('does not count our own computation against the peer: 3 step timeouts per answer, still a success', async () => {
    const STEP = 200;
    const slowAlice = (): DrivenParty => {
      const p = fakeParty('alice');
      const later = (o: PartyOutput) => new Promise<PartyOutput>((r) => setTimeout(() => r(o), 3 * STEP));
      return { ...p, receive: (f) => later(p.receive(f)) };
    };
    const alice = await serve({ host: '127.0.0.1', port: 0, maxPayload: 64, sessions: 1, session: { stepTimeoutMs: STEP }, newParty: slowAlice });
    const bob = await connect(fakeParty('bob'), { url: `ws://127.0.0.1:${alice.port}`, maxPayload: 64, session: { stepTimeoutMs: 30_000 } });
    const [a] = await alice.done;
    expect(a.outcome.ok).toBe(true);
    expect(bob.outcome.ok).toBe(true);
    expect(a.framesIn).toBe(4);
  });
});
