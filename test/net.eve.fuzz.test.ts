/**
 * Fuzzing Alice through Eve: the mutants of test/helpers/fuzz.ts, drawn once,
 * are sent straight to Alice and then through Eve's forwarding tap, and each trial must end
 * with the same close code at Alice (and, where Eve can relay the mutant, rejected by Alice
 * herself with the same error). A sample of the plan of protocol.alice.fuzz.test.ts keeps this
 * in seconds; test/slow/net.eve.fuzz.slow.test.ts runs the full 2,000+.
 */
import { describe, expect, it } from 'vitest';
import { seededRng } from '../src/rng.ts';
import { directAndThroughEve, expectSameCloses, fuzzPlan, honestBobFrames, KINDS } from './helpers/fuzz.ts';

describe('fuzzing Alice through Eve', () => {
  it('every mutant gives Alice the same close code with and without Eve (400+ trials)', async () => {
    const bobFrames = honestBobFrames();
    const plan = fuzzPlan(seededRng('fuzz-eve', 'mutations'), bobFrames, { hello: 300, early: 100, later: 1 });
    const { direct, viaEve } = await directAndThroughEve(bobFrames, plan);
    expect(direct.length).toBeGreaterThanOrEqual(400);
    expectSameCloses(direct, viaEve);
    // Every kind was sent, and the ones Eve used to judge herself reached Alice.
    for (const k of KINDS) expect(new Set(direct.map((x) => x.kind))).toContain(k);
    const utf8 = viaEve.filter((x) => x.kind === 'badutf8');
    expect(utf8.length).toBeGreaterThan(10);
    for (const x of utf8) expect(x.alice).toMatchObject({ code: 1007, by: 'us' });
  });
});
