/**
 * Eve's multi-column pooled Gauss (src/eve/primal.ts) against the truth, at sizes where
 * the strict test cannot fire (n = 16, 24: τ_s < t) and where it does (n = 48, toy-insecure).
 *
 * Soundness: an accepted secret may be wrong only where maximum likelihood itself is wrong (a
 * wrong secret fits the data at least as well as s) — or, with probability ≤ 2^-7 per column,
 * because the planned trials missed s. The rule this file replaced (accept a candidate that
 * recurs with errors ≤ τ_w) accepted wrong secrets that fit *worse* than s in ~9% of columns at
 * n = 16–24 (118 of 1280 at n = 16), so the first test fails on it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Mat, matVec, matZero } from '../src/gf2/mat.ts';
import { candidateReliability, MultiPooledGauss } from '../src/eve/primal.ts';
import { seededRng } from '../src/rng.ts';
import { wilson, Z99 } from '../src/stats.ts';
import { sampleExamples, sampleSecret, taskParams } from '../src/task/bimodal.ts';

const L = 32;

/** L secrets over one A; Z's column j = A s_j ⊕ e_j. */
function instance(n: number, seed: string) {
  const p = taskParams(n);
  const rng = seededRng(seed, 'task');
  const secrets: Uint32Array[] = [];
  const labels: Uint32Array[] = [];
  let A: Mat | undefined;
  let seedA: Uint8Array | undefined;
  for (let j = 0; j < L; j++) {
    secrets.push(sampleSecret(n, rng));
    const ex = sampleExamples(p, secrets[j], rng, seedA);
    seedA = ex.seedA;
    A = ex.A;
    labels.push(ex.z);
  }
  const Z = matZero(p.m, L);
  labels.forEach((z, j) => {
    for (let i = 0; i < p.m; i++) if ((z[i >>> 5] >>> (i & 31)) & 1) Z.data[i * Z.stride + (j >>> 5)] |= 1 << (j & 31);
  });
  return { p, A: A!, Z, secrets, labels };
}

function errors(A: Mat, z: Uint32Array, s: Uint32Array): number {
  const y = matVec(A, s);
  let c = 0;
  for (let i = 0; i < A.rows; i++) c += ((y[i >>> 5] ^ z[i >>> 5]) >>> (i & 31)) & 1;
  return c;
}

interface Tally {
  columns: number;
  ml: number;
  strict: number;
  /** Accepted, wrong, and fitting worse than s: what maximum likelihood would not have chosen. */
  worseThanTruth: number;
  wrongStrict: number;
  mlRight: number;
  /** Σ over ML acceptances of Eve's own Pr[ŝ = s] (2·reliability − 1). */
  mlBelief: number;
}

/** `budget`: a deadline in ms (the plans finish well inside it at n ≤ 24), or a trial cap. */
function tally(n: number, instances: number, budget: { ms: number } | { trials: number } = { ms: 20_000 }): Tally {
  const t: Tally = { columns: 0, ml: 0, strict: 0, worseThanTruth: 0, wrongStrict: 0, mlRight: 0, mlBelief: 0 };
  for (let k = 0; k < instances; k++) {
    const { p, A, Z, secrets, labels } = instance(n, `primal-${n}-${k}`);
    const eve = new MultiPooledGauss(A, Z, p.theta);
    const rng = seededRng(`primal-${n}-${k}`, 'eve');
    if ('ms' in budget) eve.run(performance.now() + budget.ms, rng);
    else while (eve.finished < L && eve.trials < budget.trials) eve.trial(rng);
    // At n ≤ 24 every plan completes well inside the deadline, so the run is deterministic.
    if (n <= 24) expect(eve.finished).toBe(L);
    for (let j = 0; j < L; j++) {
      t.columns++;
      const s = eve.secrets[j];
      if (!s) continue;
      const right = s.every((v, x) => v === secrets[j][x]);
      if (eve.acceptedBy[j] === 'strict') {
        t.strict++;
        if (!right) t.wrongStrict++;
        expect(eve.reliability(j)).toBe(1);
        continue;
      }
      t.ml++;
      if (right) t.mlRight++;
      t.mlBelief += 2 * eve.reliability(j) - 1;
      if (!right && errors(A, labels[j], s) > errors(A, labels[j], secrets[j])) t.worseThanTruth++;
    }
  }
  return t;
}

describe('MultiPooledGauss acceptance', () => {
  let small: Tally[] = [];
  beforeAll(() => {
    small = [tally(16, 30), tally(24, 6)];
  }, 60_000);

  it('at n = 16, 24 accepts no secret that fits worse than s, beyond the plan\'s 2^-7 miss rate', () => {
    for (const t of small) {
      expect(t.strict).toBe(0); // τ_s < t here: only the ML rule can accept
      expect(t.ml).toBeGreaterThan(0.9 * t.columns);
      // Consistent with a miss rate ≤ 2^-7 (99% Wilson); the recurrence rule gave ~9%.
      expect(wilson(t.worseThanTruth, t.ml, Z99).lo).toBeLessThanOrEqual(2 ** -7);
    }
  });

  it('her Pr[ŝ = s] for ML acceptances matches how often they are right (within 0.08)', () => {
    // ML is often wrong at n = 16 (about 60% of columns: wrong secrets fit as well as s);
    // the estimate must say so. Tolerance 0.08: a heuristic, and columns share A; without the
    // (1 − e^-N)·Pr[Bin(m, θ) ≥ e] account of rivals it is 0.24 off at n = 16.
    for (const t of small) expect(Math.abs(t.mlBelief / t.ml - t.mlRight / t.ml)).toBeLessThan(0.08);
  });

  it('at n = 48 (toy-insecure) the strict test fires and every strict acceptance is right', () => {
    // A trial cap, not Eve's 1500 ms deadline, so the outcome does not depend on the machine's
    // speed: 50,000 trials is about 1 s here (25 strict acceptances of 32 at this seed;
    // unfinished columns are not accepted).
    const t = tally(48, 1, { trials: 50_000 });
    expect(t.strict).toBeGreaterThan(0.5 * t.columns);
    expect(t.wrongStrict).toBe(0);
    expect(t.ml - t.mlRight).toBe(0); // ML is right at this size; rivals are ~2^-14 per column
  });

  it('reliability is ≈ 1 where rivals are rare and falls toward 1/2 where they abound', () => {
    const r48 = candidateReliability(48, 192, 1 / Math.sqrt(48), 30, -7);
    expect(r48).toBeGreaterThan(0.99);
    const r16 = candidateReliability(16, 64, 0.25, 14, -7);
    expect(r16).toBeGreaterThan(0.5);
    expect(r16).toBeLessThan(0.9);
    // More errors: more rivals fit as well, so less belief.
    expect(candidateReliability(16, 64, 0.25, 20, -7)).toBeLessThan(r16);
  });
});
