/**
 * Calibration of cascade.ts's efficiency table (used to choose ℓ): re-measures f = disclosed /
 * (N·h(e)) at each tabulated error rate, N = 4000, 40 runs, and checks the table within 0.06.
 */
import { describe, expect, it } from 'vitest';
import { cascadeEfficiency, cascadeLocal, cascadePlan, initialBlockSize } from '../../src/protocol/cascade.ts';
import { hamming } from '../../src/protocol/bits.ts';
import { bernoulli, randomBytes, seededRng } from '../../src/rng.ts';
import { h2 } from '../../src/stats.ts';

describe('Cascade efficiency table', () => {
  it('matches fresh measurements', () => {
    const rng = seededRng(7, 'cascade-calibration');
    for (const e of [0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]) {
      let disclosed = 0;
      let H = 0;
      for (let rep = 0; rep < 40; rep++) {
        const N = 4000;
        const a = Uint8Array.from({ length: N }, () => rng.u32() & 1);
        const b = a.map((x) => x ^ bernoulli(rng, e));
        const st = cascadeLocal(cascadePlan(randomBytes(rng, 32), N, 4, initialBlockSize(e, N)), a, b);
        expect(hamming(st.bits, a)).toBe(0);
        disclosed += st.disclosed;
        H += N * h2(e);
      }
      expect(Math.abs(disclosed / H - cascadeEfficiency(e))).toBeLessThan(0.06);
    }
  });
});
