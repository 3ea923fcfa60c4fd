/**
 * The dual lattice of src/lattice/qary.ts (`dualBasis`) and the dual attack's distinguisher on
 * toy LWE (n = 20, m = 40, q = 97, s and e from B_2, 8 seeds): for w in {w : wᵀA ≡ 0 mod q},
 * ⟨w, b⟩ ≡ ⟨w, e⟩, whose score cos(2π⟨w, b⟩/q) has mean exactly Π_i cos(π w_i/q)^{2k} for
 * e_i ~ B_k (the characteristic function of B_k is cos(t/2)^{2k}), and mean 0 for uniform b.
 * BKZ-20's first 10 rows serve as the short w (80 scores per side). Tolerance 0.2 on each
 * mean, about 3 standard errors (a score has variance ≤ 1/2; rows of one basis are correlated).
 */
import { describe, expect, it } from 'vitest';
import { bkz, dualBasis, invMod, lnVolume, makeGso, uniformMod } from '../src/lattice/index.ts';
import { seededRng } from '../src/rng.ts';
import { lweToy } from '../scripts/lweToy.ts';

describe('dual lattice and distinguisher', () => {
  it('dualBasis: every row w has wᵀA ≡ 0 (mod q), volume q^n, for prime q and q = 2^k', () => {
    for (const q of [97, 2 ** 12]) {
      const { A } = lweToy(5, 12, 30, q, 2);
      const B = dualBasis(A, q)!;
      expect(B.length).toBe(30);
      for (const w of B) {
        for (let j = 0; j < 12; j++) expect(Math.abs(w.reduce((s, x, i) => s + x * A[i][j], 0) % q)).toBe(0);
      }
      expect(lnVolume(makeGso(B))).toBeCloseTo(12 * Math.log(q), 6);
    }
    expect(invMod(3, 2 ** 12) * 3 % 2 ** 12).toBe(1);
    // an all-even A has no unit pivot mod 2^k
    expect(dualBasis([[2, 4], [6, 8], [10, 12]], 16)).toBeNull();
  });

  it('short dual vectors score ⟨w, b⟩ near the exact mean for LWE b and near 0 for uniform b', () => {
    const [n, m, q, k] = [20, 40, 97, 2];
    let lwe = 0;
    let uniform = 0;
    let theory = 0;
    let count = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const { A, b } = lweToy(seed, n, m, q, k);
      const rng = seededRng(seed, 'uniform-b');
      const u = Array.from({ length: m }, () => uniformMod(rng, q));
      const { st } = bkz(dualBasis(A, q)!, { beta: 20 });
      for (const w of st.B.slice(0, 10)) {
        const score = (v: number[]) => Math.cos((2 * Math.PI * w.reduce((s, x, i) => s + x * v[i], 0)) / q);
        lwe += score(b);
        uniform += score(u);
        theory += w.reduce((p, x) => p * Math.cos((Math.PI * x) / q) ** (2 * k), 1);
        count++;
      }
    }
    expect(theory / count).toBeGreaterThan(0.3);
    expect(Math.abs(lwe / count - theory / count)).toBeLessThan(0.2);
    expect(Math.abs(uniform / count)).toBeLessThan(0.2);
  });
});
