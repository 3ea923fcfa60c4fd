/**
 * src/cost/lwe.ts and src/cost/bkz.ts against the lattice estimator's published figures
 * (github.com/malb/lattice-estimator at 27a581b: README.rst, docs/schemes/nist-pqc-round-3.rst,
 * the doctests of estimator/reduction.py), and FrodoKEM-640's core-SVP figure, computed with the
 * estimator by the FrodoKEM team (github.com/microsoft/PQCrypto-LWEKE at 7a4e721,
 * estimates/frodo.py and cost_models.py). Acceptance: ±2 bits in rop, ±5 in β (and in η), ±1% in d
 * (the estimator searches β and d locally; this model searches them exhaustively). The model
 * matches every figure far closer (≈ 0.05 bits, the same β, η and d), so each is also pinned
 * tightly as a regression (±0.1 bit, β, η and d exact): a drift inside the acceptance is caught.
 *
 * Parameters are the estimator's schemes.py: Kyber's χ = centred binomial B_k (σ = √(k/2)),
 * Saber's error uniform on {−4, …, 3} (σ² = 63/12), FrodoKEM-640's discrete Gaussian σ = 2.8 with
 * m = n + 16 samples (the FrodoKEM team's figure: m = n + n̄ = 648, the ciphertext instance).
 */
import { describe, expect, it } from 'vitest';
import {
  dualAttack,
  estimateLwe,
  log2Bkz,
  log2CoreSvpD4f,
  log2Enumeration,
  log2SieveBkz,
  primalBdd,
  primalUsvp,
  primalUsvpCn11,
  usvpCn11At,
  simulateBkz,
  rootHermite,
  type LweParams,
  type RouteCost,
} from '../src/cost/index.ts';

const cbd = (k: number): number => Math.sqrt(k / 2);
const KYBER512: LweParams = { n: 512, q: 3329, sigmaS: cbd(3), sigmaE: cbd(3), m: 512 };
const KYBER768: LweParams = { n: 768, q: 3329, sigmaS: cbd(2), sigmaE: cbd(2), m: 768 };
const KYBER1024: LweParams = { n: 1024, q: 3329, sigmaS: cbd(2), sigmaE: cbd(2), m: 1024 };
const LIGHTSABER: LweParams = { n: 512, q: 8192, sigmaS: cbd(5), sigmaE: Math.sqrt(63 / 12), m: 512 };
const FRODO640: LweParams = { n: 640, q: 2 ** 15, sigmaS: 2.8, sigmaE: 2.8, m: 656 };

/** The acceptance against a figure (see the header). */
function expectFigure(got: RouteCost, rop: number, beta: number, d: number, eta?: number): void {
  expect(Math.abs(got.log2Rop - rop)).toBeLessThanOrEqual(2);
  expect(Math.abs(got.beta - beta)).toBeLessThanOrEqual(5);
  expect(Math.abs(got.d - d)).toBeLessThanOrEqual(0.01 * d);
  if (eta !== undefined) expect(Math.abs((got.eta ?? NaN) - eta)).toBeLessThanOrEqual(5);
}

/** The acceptance, then the regression pin: ±0.1 bit, β, d (and η) exact. */
function expectPinned(got: RouteCost, rop: number, beta: number, d: number, eta?: number): void {
  expectFigure(got, rop, beta, d, eta);
  expect(Math.abs(got.log2Rop - rop)).toBeLessThanOrEqual(0.1);
  expect([got.beta, got.d]).toEqual([beta, d]);
  if (eta !== undefined) expect(got.eta).toBe(eta);
}

describe('BKZ cost models (estimator/reduction.py doctests)', () => {
  it('MATZOV (the default), core-SVP classical and quantum at β = 500, d = 1024', () => {
    // RC.ADPS16(500, 1024) = 2^146.0, quantum 2^132.5.
    expect(log2Bkz('core-svp', 500, 1024)).toBeCloseTo(146.0, 6);
    expect(log2Bkz('core-svp-quantum', 500, 1024)).toBeCloseTo(132.5, 6);
    // RC.Kyber is the same formula under the older AGPS20 fits: its doctests give
    // RC.Kyber(500, 1024) = 2^176.55419197058822 (list decoding, classical) and
    // Kyber(nn="list_decoding-ge19")(500, 1024) = 2^172.89020262269491.
    expect(log2SieveBkz(0.2988026130564745, 26.011121212891872, 500, 1024)).toBeCloseTo(176.554192, 5);
    expect(log2SieveBkz(0.2695210400018704, 35.47132142280775, 500, 1024)).toBeCloseTo(172.890203, 5);
    // Below β = 20, enumeration (RC.CheNgu12(500, 1024) = 2^365.70...).
    expect(log2Enumeration(500, 1024)).toBeCloseTo(365.70, 2);
    expect(log2Bkz('matzov', 19, 100)).toBeCloseTo(log2Enumeration(19, 100), 12);
    // MATZOV's corrected fit lowers the classical cost at the same (β, d).
    expect(log2Bkz('matzov', 500, 1024)).toBeLessThan(176.55);
  });

  it('δ_β: the measured table below 40, the asymptotic formula above (δ_406 = 1.003941)', () => {
    expect(rootHermite(2)).toBe(1.0219);
    expect(rootHermite(27)).toBe(1.01342);
    expect(rootHermite(40)).toBe(1.01295);
    expect(rootHermite(406)).toBeCloseTo(1.003941, 6);
    for (let b = 41; b < 600; b++) expect(rootHermite(b + 1)).toBeLessThan(rootHermite(b));
  });
});

describe('LWE routes against the estimator published figures', () => {
  it('Kyber-512 primal uSVP: rop 2^143.8, β 406, d 998 (README: LWE.primal_usvp(schemes.Kyber512))', () => {
    expectPinned(primalUsvp(KYBER512), 143.8, 406, 998);
  });

  it('Kyber-512 uSVP under core-SVP: 2^118.6, β 406, d 998 (README: LWE.estimate.rough)', () => {
    expectPinned(primalUsvp(KYBER512, 'core-svp'), 118.6, 406, 998);
  });

  it('Kyber-512 primal BDD: 2^140.2 (red 2^139.1), β 389, η 422, d 1005', () => {
    const r = primalBdd(KYBER512);
    expectPinned(r, 140.2, 389, 1005, 422);
    expect(Math.abs(r.log2Red - 139.1)).toBeLessThanOrEqual(2);
    expect(Math.abs(r.log2Red - 139.1)).toBeLessThanOrEqual(0.1); // pin
  });

  it('Kyber-512 dual: 2^149.9, β 424, d 1024 (README: LWE.estimate)', () => {
    expectPinned(dualAttack(KYBER512), 149.9, 424, 1024);
  });

  it('Kyber-768 and Kyber-1024 BDD: 2^201.0 at β 606 (η 640, d 1420); 2^270.7 at β 855 (η 889, d 1867)', () => {
    expectPinned(primalBdd(KYBER768), 201.0, 606, 1420, 640);
    expectPinned(primalBdd(KYBER1024), 270.7, 855, 1867, 889);
  });

  it('LightSaber BDD (σ_s < σ_e, so ξ ≠ 1): 2^139.9 at β 388, η 421, d 1021', () => {
    expectPinned(primalBdd(LIGHTSABER), 139.9, 388, 1021, 421);
  });

  it('FrodoKEM-640 core-SVP: 2^138.5 (the FrodoKEM team, estimator at 5ba00f5), uSVP at β 486', () => {
    // github.com/microsoft/PQCrypto-LWEKE at 7a4e7219, estimates/frodo.py: 'core-loglwe': 138.5
    // for FrodoKEM-640, "core-SVP, obtained from `sage estimates.py`" (reported in Glabush et al.
    // 2025, §7): the cheapest of uSVP, BDD, dual and MATZOV's dual hybrid, GSA shape, on the
    // ciphertext instance (m = n + n̄ = 648 samples), each BKZ-β priced as one sieve in dimension
    // β − d4f(β) at β'·2^{0.292β'} (estimates/cost_models.py, `CSieveLSF` under `\core`).
    // The file gives no β; that cost is increasing in β and rounds to 138.5 at β = 486 only
    // (485 → 138.24, 487 → 138.79), so the figure fixes β = 486. Here: uSVP at β 486, d 1285,
    // 2^138.51; BDD (β 486, η 485) and the dual (β 505) cost more under that pricing.
    const ct: LweParams = { ...FRODO640, m: 648 };
    const usvp = primalUsvp(ct, 'core-svp');
    expectFigure({ ...usvp, log2Rop: log2CoreSvpD4f(usvp.beta) }, 138.5, 486, usvp.d);
    expect(Math.abs(log2CoreSvpD4f(usvp.beta) - 138.5)).toBeLessThanOrEqual(0.1); // pin
    expect([usvp.beta, usvp.d]).toEqual([486, 1285]); // pin
    const bdd = primalBdd(ct, 'core-svp');
    expect(Math.max(log2CoreSvpD4f(bdd.beta), log2CoreSvpD4f(bdd.eta ?? NaN))).toBeGreaterThan(138.5);
    expect(log2CoreSvpD4f(dualAttack(ct, 'core-svp').beta)).toBeGreaterThan(138.5);
  });

  it('FrodoKEM-640 (a regression pin of this model, not a published figure): uSVP 2^166.4 at β 486, d 1285', () => {
    // This model's own output under MATZOV, pinned to catch drift: neither the estimator's
    // repository (schemes.py lists Frodo640, m = n + 16, with no estimate) nor the FrodoKEM
    // scripts print a MATZOV figure. Its core-SVP figure, 2^141.9 (0.292 × 486), is the same β
    // priced by 2^{0.292β}; the published core-SVP figure is the test above.
    expectPinned(primalUsvp(FRODO640), 166.4, 486, 1285);
    expect(primalUsvp(FRODO640, 'core-svp').log2Rop).toBeCloseTo(0.292 * 486, 6);
    expect(primalBdd(FRODO640).log2Rop).toBeLessThan(primalUsvp(FRODO640).log2Rop);
  });
});

describe('the Chen–Nguyen shape model (estimator/lwe_primal.py doctests, red_shape_model=CN11)', () => {
  // LWE.Parameters(n=200, q=127, Xs=Xe=ND.UniformMod(3)): σ = √(2/3), unlimited samples.
  const P200: LweParams = { n: 200, q: 127, sigmaS: Math.sqrt(2 / 3), sigmaE: Math.sqrt(2 / 3), m: Infinity };

  it('uSVP: 2^87.5 at β 209, d 388; without optimising d: 2^87.6 at d 400', () => {
    expectPinned(primalUsvpCn11(P200), 87.5, 209, 388);
    const fixed = usvpCn11At(P200, 209);
    expect(fixed.d).toBe(400);
    expect(Math.abs(fixed.log2Rop - 87.6)).toBeLessThanOrEqual(2);
  });

  it('the simulator keeps the volume and flattens the profile as β grows', () => {
    const start = [...new Array<number>(60).fill(Math.log2(1021)), ...new Array<number>(60).fill(0)];
    const vol = start.reduce((a, b) => a + b, 0);
    let lastHead = Infinity;
    for (const beta of [10, 20, 40]) {
      const p = simulateBkz(start, beta);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(vol, 6);
      expect(p[0]).toBeLessThan(lastHead);
      lastHead = p[0];
    }
  });
});

describe('estimateLwe', () => {
  it('reports every route under every model, quantum below classical, and the cheapest route', () => {
    const e = estimateLwe(KYBER512);
    for (const route of ['usvp', 'bdd', 'dual'] as const) {
      const r = e.routes[route];
      expect(r['core-svp-quantum'].log2Rop).toBeLessThan(r['core-svp'].log2Rop);
      expect(r['matzov-quantum'].log2Rop).toBeLessThan(r.matzov.log2Rop);
      expect(Number.isInteger(r.matzov.beta) && Number.isInteger(r.matzov.d)).toBe(true);
    }
    expect(e.cheapest.matzov.route).toBe('bdd');
    expect(e.cheapest.matzov.log2Rop).toBeCloseTo(e.routes.bdd.matzov.log2Rop, 9);
    expect(e.cheapest['core-svp'].route).toBe('usvp');
  });

  it('costs grow with n and fall with σ ↓; an instance with σ far above q/√n is beyond every β', () => {
    const small = primalUsvp({ ...KYBER512, n: 256, m: 256 });
    expect(small.log2Rop).toBeLessThan(primalUsvp(KYBER512).log2Rop - 40);
    expect(primalUsvp({ ...KYBER512, sigmaE: 0.5, sigmaS: 0.5 }).beta).toBeLessThan(406);
    expect(primalUsvp({ n: 64, q: 17, sigmaS: 8, sigmaE: 8, m: 64 }).log2Rop).toBe(Infinity);
  });
});
