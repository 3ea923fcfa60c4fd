/**
 * The LDPC reconciler at the protocol's own sizing (ldpc/reconcile.ts `ldpcLocal`: first
 * attempt at F0, then reveals), on simulated frames at the error rates bit pairs leave on
 * `demo-256`: frame-error rate and mean efficiency, the figures F_TABLE records. Seeded frames.
 * Tolerances: no frame may fail (FER ≤ 1% is the target; 0 of 20 gives a 99% Wilson
 * upper bound of 25%, so this checks the failures are rare, the measure runs state the FER
 * with its interval); mean f within ±0.05 of the table at e = 0.055, and at e = 0.194 (the
 * low-rate code, 8 frames of 71,000 bits) ≤ 1.05, the target, and within ±0.02 of it.
 */
import { describe, expect, it } from 'vitest';
import { ldpcEfficiency, ldpcLocal } from '../../src/protocol/ldpc/reconcile.ts';
import { bernoulli, randomBytes, seededRng } from '../../src/rng.ts';
import { h2 } from '../../src/stats.ts';

function run(e: number, N: number, frames: number) {
  let fails = 0;
  let fSum = 0;
  for (let t = 0; t < frames; t++) {
    const r = seededRng('ldpc-slow', `${e}/${t}`);
    const a = new Uint8Array(N);
    const b = new Uint8Array(N);
    let errors = 0;
    for (let i = 0; i < N; i++) {
      a[i] = r.u32() & 1;
      b[i] = a[i] ^ bernoulli(r, e);
      errors += a[i] ^ b[i];
    }
    const res = ldpcLocal(a, b, e, randomBytes(r, 32));
    if (!(res.ok && res.bits.every((x, i) => x === a[i]))) fails++;
    else fSum += res.disclosed / (N * h2(errors / N));
  }
  return { fails, f: fSum / (frames - fails) };
}

describe('LDPC reconciler at the protocol sizing', () => {
  it('e = 0.055 (3 pair rounds), N = 25,000: every frame decodes, mean f as tabulated', () => {
    const { fails, f } = run(0.055, 25_000, 20);
    expect(fails).toBe(0);
    expect(Math.abs(f - ldpcEfficiency(0.055))).toBeLessThan(0.05);
  });

  it('e = 0.194 (2 pair rounds), N = 71,000 (a 10^6-raw-bit session): every frame decodes, mean f ≤ 1.05 and as tabulated', () => {
    const { fails, f } = run(0.194, 71_000, 8);
    expect(fails).toBe(0);
    expect(f).toBeLessThanOrEqual(1.05);
    expect(Math.abs(f - ldpcEfficiency(0.194))).toBeLessThan(0.02);
  }, 1_800_000);
});
