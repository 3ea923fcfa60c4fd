/**
 * 50 honest Bobs at once against one `sepka alice --concurrent 8` process,
 * on the small test profile of helpers/protocol.ts. All 50 connect together:
 * 8 run, the others wait in Alice's queue (--max-pending 50) and are served as slots free;
 * all 50 confirm a key (bar the toy profile's own rare protocol failures, see below), and
 * Alice's fingerprints are the Bobs'. The 50 connections come from one address in a burst,
 * so the test raises the per-address rate to 30 a second (bursts of 60) and the per-address
 * cap on sessions running or waiting to 50. The wall time is printed; it is not asserted.
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
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P, '--sessions', String(BOBS), '--concurrent', '8', '--max-pending', String(BOBS), '--conn-rate', '30', '--max-per-address', String(BOBS)]);
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
    // Concurrency must cost no session: no busy, deadline, closed or crossed session. The small
    // profile itself fails now and then on its own (seeded in-process runs, blocks + Cascade:
    // 2 of 4,000 sessions — one short of key bits, one left with a residual error; a CI run
    // met one in 50), so at most two such protocol outcomes are tolerated
    // (Pr[≥ 3 of 50] ≈ 2·10^-6 at that rate), each a failure of the protocol, never of the server.
    expect(failed.length).toBeLessThanOrEqual(2);
    for (const r of failed) expect(r).toMatch(/SEPKA_ERR_TOO_FEW_BITS|verification hash differs/);
    expect(await procs.exit(alice)).toBe(failed.length === 0 ? 0 : 1);
    const fps = [...alice.child.stdout.join('\n').matchAll(/key agreed and confirmed: .* fingerprint ([0-9a-f]{16})/g)].map((m) => m[1]).sort();
    expect(fps).toHaveLength(BOBS - failed.length);
    expect(fps).toEqual(bobs.filter((b) => b.outcome.ok).map((b) => (b.outcome.ok ? b.outcome.fingerprint : '')).sort());
  });
});
