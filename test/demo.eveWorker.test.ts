/**
 * Eve's analysis thread (src/demo/eveWorker.ts) started from vitest itself: the worker must load
 * its TypeScript through the tsx bootstrap here as well as under the CLI, receive the frames of
 * a whole session in wire order, report progress, and score herself against the ground truth
 * sent the way the demo sends it (truthOf → IPC → eveTruth).
 */
import { describe, expect, it } from 'vitest';
import { startAnalyst } from '../src/demo/eveWorker.ts';
import type { ParentMessage } from '../src/demo/ipc.ts';
import { eveTruth, loadKit, truthOf } from '../src/demo/parties.ts';
import { runInMemorySession } from '../src/protocol/channel.ts';
import { seededRng } from '../src/rng.ts';
import type { Direction } from '../src/protocol/party.ts';

describe('eve worker thread', () => {
  it('loads under vitest, follows a whole toy session and scores herself against the truth', async () => {
    const kit = loadKit('toy-insecure');
    const alice = kit.newAlice(seededRng('w', 'alice'));
    const bob = kit.newBob(seededRng('w', 'bob'));
    const frames: Array<[Direction, Uint8Array]> = [];
    const s = runInMemorySession(alice, bob, undefined, {
      tamper: (dir, f) => {
        frames.push([dir, f.slice()]);
        return f;
      },
    });
    expect(s.alice.ok && s.bob.ok).toBe(true);

    const seen: Array<Record<string, number | string>> = [];
    const analyst = startAnalyst({ protocol: 'toy-insecure', seed: 'w', budgetMs: 1500, onProgress: (p) => seen.push(p) });
    analyst.begin(0);
    for (const [dir, f] of frames) analyst.observe(dir, f);
    // The parts as the demo's IPC carries them (structured clone keeps the typed arrays).
    const msg = structuredClone({ t: 'truth', alice: { truth: truthOf(alice) }, bob: { truth: truthOf(bob) } }) as unknown as Extract<ParentMessage, { t: 'truth' }>;
    const report = await analyst.end(eveTruth(msg));
    await analyst.close();

    expect(report.error).toBeUndefined();
    expect(report.frames).toBe(frames.length);
    expect(report.step).toBe('done');
    expect(seen.length).toBeGreaterThan(0);
    // With the truth she is scored: numbers, not nulls, and on toy-insecure she beats chance
    // on raw bits (the 99% interval of her raw agreement with Alice lies above 1/2).
    const stages = report.stages as { rawVsAlice: { ci: [number, number] } };
    expect(typeof report.rawAdvantage).toBe('number');
    expect(typeof report.keyBitAgreement).toBe('number');
    expect(stages.rawVsAlice.ci[0]).toBeGreaterThan(0.5);
  });
});
