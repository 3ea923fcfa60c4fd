/**
 * 50 honest Bobs at once against one `sepka alice --concurrent 8` process (issue 11 item 1
 * acceptance), on the small test profile of helpers/protocol.ts. All 50 connect together:
 * 8 run, the others wait in Alice's queue (--max-pending 50) and are served as slots free;
 * all 50 confirm a key, and Alice's 50 fingerprints are the Bobs' 50. The 50 connections come
 * from one address in a burst, so the test raises the per-address rate to 30 a second (bursts
 * of 60). The wall time is printed (README quotes it); it is not asserted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../src/net/client.ts';
import { loadKit } from '../src/demo/parties.ts';
import { seededRng } from '../src/rng.ts';
import { Procs } from './helpers/procs.ts';
import { profileFile } from './helpers/profileFile.ts';
import { SMALL } from './helpers/protocol.ts';

const BOBS = 50;
const { path: P } = profileFile(SMALL, { name: 'test-concurrent', stepTimeoutMs: 120_000 });
const kit = loadKit(P);
let procs: Procs;

afterEach(async () => {
  const left = await procs.cleanup();
  expect(left, 'processes left running after the test').toEqual([]);
});

describe('alice --concurrent 8', () => {
  it(`completes ${BOBS} sessions of ${BOBS} Bobs connecting at once`, async () => {
    procs = new Procs();
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P, '--sessions', String(BOBS), '--concurrent', '8', '--max-pending', String(BOBS), '--conn-rate', '30']);
    const port = await procs.port(alice);
    const t0 = performance.now();
    const bobs = await Promise.all(
      Array.from({ length: BOBS }, (_, i) =>
        connect(kit.newBob(seededRng(`bob${i}`, 'bob')), { url: `ws://127.0.0.1:${port}`, maxPayload: kit.maxPayload, session: { stepTimeoutMs: 120_000 } }),
      ),
    );
    const wall = performance.now() - t0;
    console.log(`${BOBS} concurrent Bobs against alice --concurrent 8: all done in ${(wall / 1000).toFixed(1)} s wall`);
    const failed = bobs.filter((b) => !b.outcome.ok).map((b) => (b.outcome.ok ? '' : b.outcome.reason));
    expect(failed).toEqual([]);
    expect(await procs.exit(alice)).toBe(0);
    const fps = [...alice.child.stdout.join('\n').matchAll(/key agreed and confirmed: .* fingerprint ([0-9a-f]{16})/g)].map((m) => m[1]).sort();
    expect(fps).toHaveLength(BOBS);
    expect(fps).toEqual(bobs.map((b) => (b.outcome.ok ? b.outcome.fingerprint : '')).sort());
  });
});
