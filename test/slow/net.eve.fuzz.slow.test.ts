/**
 * The full fuzz plan of test/protocol.alice.fuzz.test.ts (2,000+ mutants) run straight to Alice
 * and through Eve's tap; the default suite runs a 400-trial sample
 * (test/net.eve.fuzz.test.ts). Each trial must give Alice the same close code with and
 * without Eve (helpers/fuzz.ts `expectSameCloses`).
 */
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/rng.ts';
import { directAndThroughEve, expectSameCloses, fuzzPlan, honestBobFrames } from '../helpers/fuzz.ts';

describe('fuzzing Alice through Eve, full plan', () => {
  it('2,000+ mutants: the same close code at Alice with and without Eve', async () => {
    const bobFrames = honestBobFrames();
    const plan = fuzzPlan(seededRng('fuzz', 'mutations'), bobFrames, { hello: 1400, early: 540, later: 2 });
    const { direct, viaEve } = await directAndThroughEve(bobFrames, plan);
    expect(direct.length).toBeGreaterThanOrEqual(2000);
    expectSameCloses(direct, viaEve);
  });
});
