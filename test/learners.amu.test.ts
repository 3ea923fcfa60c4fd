/**
 * A_μ, the multimodal learner : recovers s for n = 64 … 1024 and its risk
 * on 20,000 fresh examples has a 99% Wilson interval containing θ; fails honestly when
 * rank(A) < n. Seeded, so deterministic.
 */
import { describe, expect, it } from 'vitest';
import { vecEqual } from '../src/gf2/vec.ts';
import { fitAmu } from '../src/learners/amu.ts';
import { seededRng } from '../src/rng.ts';
import { contains, Z99 } from '../src/stats.ts';
import { sampleExamples, sampleSecret, taskParams } from '../src/task/bimodal.ts';
import { estimateRisk } from '../src/task/risk.ts';

// For n ∈ {64, …, 1024}, θ = n^-1/2, m = 4n, A_μ recovers s and its risk on
// ≥ 20,000 fresh examples has a (99% Wilson) interval containing θ.
describe('A_μ, the multimodal learner', () => {
  for (const n of [64, 128, 256, 512, 1024]) {
    it(`n = ${n}: recovers s, risk interval contains θ = ${(1 / Math.sqrt(n)).toFixed(4)}`, () => {
      const p = taskParams(n);
      const rng = seededRng(`amu-${n}`, 'task');
      const s = sampleSecret(n, rng);
      const ex = sampleExamples(p, s, rng);
      const fit = fitAmu({ params: p, A: ex.A, z: ex.z, y: ex.y });
      expect(fit.accepted).toBe(true);
      expect(vecEqual(fit.sHat!, s)).toBe(true);
      const risk = estimateRisk(fit.h, p, s, 20_000, seededRng(`amu-${n}`, 'test'), Z99);
      expect(risk.T).toBe(20_000);
      expect(contains(risk, p.theta)).toBe(true);
    });
  }

  it('reports failure, not a wrong secret, when rank(A) < n', () => {
    const p = taskParams(64, undefined, 40); // 40 examples cannot pin down 64 bits
    const rng = seededRng('short', 'task');
    const ex = sampleExamples(p, sampleSecret(64, rng), rng);
    const fit = fitAmu({ params: p, A: ex.A, z: ex.z, y: ex.y });
    expect(fit.accepted).toBe(false);
    expect(fit.sHat).toBeUndefined();
  });
});
