/**
 * The bimodal task (DESIGN.md §1): default parameters and their validation, y = A·s and
 * z = y ⊕ e, Ber(θ) noise and population risk against theory within 99% Wilson intervals
 * (seeded, so deterministic).
 */
import { describe, expect, it } from 'vitest';
import { SepkaError } from '../src/errors.ts';
import { matVec } from '../src/gf2/mat.ts';
import { vecEqual, vecXor, weight } from '../src/gf2/vec.ts';
import { seededRng } from '../src/rng.ts';
import { contains, wilson, Z99 } from '../src/stats.ts';
import { freshExamples, noiseVector, sampleExamples, sampleSecret, taskParams } from '../src/task/bimodal.ts';
import { countErrors, estimateRisk, linear } from '../src/task/risk.ts';

describe('bimodal task (DESIGN.md §1)', () => {
  it('defaults to θ = n^-1/2 and m = 4n, and rejects bad parameters with SEPKA_ERR_USAGE', () => {
    expect(taskParams(256)).toEqual({ n: 256, theta: 1 / 16, m: 1024 });
    for (const bad of [() => taskParams(1), () => taskParams(64, 0.5), () => taskParams(64, -0.1), () => taskParams(64, undefined, 0), () => taskParams(3.5)]) {
      expect(bad).toThrowError(SepkaError);
    }
  });

  it('y = A·s, z = y ⊕ e, and A is the expansion of the public seed', () => {
    const p = taskParams(70);
    const rng = seededRng('t', 'task');
    const s = sampleSecret(p.n, rng);
    const ex = sampleExamples(p, s, rng);
    expect(vecEqual(ex.y, matVec(ex.A, s))).toBe(true);
    expect(vecEqual(ex.z, vecXor(ex.y, ex.e))).toBe(true);
    const again = sampleExamples(p, s, seededRng('other', 'x'), ex.seedA);
    expect(vecEqual(again.A.data, ex.A.data)).toBe(true);
  });

  it('noise is Ber(θ): the measured rate over 200,000 bits has a 99% interval containing θ', () => {
    for (const theta of [1 / 32, 0.2]) {
      const e = noiseVector(200_000, theta, seededRng(String(theta), 'noise'));
      expect(contains(wilson(weight(e), 200_000, Z99), theta)).toBe(true);
    }
  });

  it('the true secret has risk θ on fresh examples; a wrong secret has risk 1/2', () => {
    const p = taskParams(100);
    const rng = seededRng(2, 'task');
    const s = sampleSecret(p.n, rng);
    const right = estimateRisk(linear(s), p, s, 40_000, seededRng(2, 'test'), Z99);
    expect(contains(right, p.theta)).toBe(true);
    const wrong = s.slice();
    wrong[0] ^= 1;
    const test = freshExamples(p, s, 40_000, seededRng(3, 'test'));
    expect(contains(wilson(countErrors(linear(wrong), test.X, test.z), 40_000, Z99), 0.5)).toBe(true);
  });
});
