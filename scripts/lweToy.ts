/**
 * Seeded toy LWE instances b = A·s + e mod q with s, e from the centred binomial B_k
 * (σ² = k/2), for the lattice tests (test/lattice.usvp, test/lattice.fplll).
 */
import { uniformMod } from '../src/lattice/index.ts';
import { seededRng, type Rng } from '../src/rng.ts';

export interface LweToy {
  A: number[][];
  b: number[];
  s: number[];
  e: number[];
  q: number;
}

function cbd(rng: Rng, k: number): number {
  let x = 0;
  for (let i = 0; i < k; i++) {
    const u = rng.u32();
    x += (u & 1) - ((u >>> 1) & 1);
  }
  return x;
}

export function lweToy(seed: number, n: number, m: number, q: number, k: number): LweToy {
  const rng = seededRng(seed, 'usvp-toy');
  const A = Array.from({ length: m }, () => Array.from({ length: n }, () => uniformMod(rng, q)));
  const s = Array.from({ length: n }, () => cbd(rng, k));
  const e = Array.from({ length: m }, () => cbd(rng, k));
  const b = A.map((row, i) => (((row.reduce((acc, a, j) => acc + a * s[j], 0) + e[i]) % q) + q) % q);
  return { A, b, s, e, q };
}
