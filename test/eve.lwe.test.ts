/**
 * Eve's dual route on LWE (src/separation/lweDual.ts, lweEve.ts; src/eve/eve.ts challengeRoute):
 * from Bob's challenge x* = rᵀA alone, his r, hence his raw bits exactly.
 * - LweDualRoute: after the setup (LLL + BKZ on Λ = {v : vᵀA ≡ 0}), Babai's nearest plane returns
 *   Bob's r on every lwe-toy challenge (‖r‖ = 2 against Λ's λ₁ ≈ 14, Gaussian heuristic); with
 *   LLL alone and a heavier r (w = 30 of m = 60) Babai misses some, and the coset embedding
 *   recovers them. A recovered r is Bob's own: its support is his, rᵀZ his values.
 * - In sessions, the dual route alone (EveOptions.routes: primal off) reads lwe-toy's key in
 *   ≥ 90% of 10 seeded sessions, every challenge broken (Babai never misses at this size: the
 *   slack covers amplification, not the route); least squares mod q, her unimodal fit, fails:
 *   its advantage is only the C(n, w)/C(m, w) ≈ 2% of challenges whose r lies in its n pivot
 *   rows (there ⟨x*, ŝ⟩ is Bob's value), π·(p − ½) ≈ 0.0097, which its 99% interval contains.
 * - With no budget the route is not attempted, and says why with the cost model's figure.
 * - Her primal route beyond the old cap of dimension 64: the budget decides. At n = 28 (embedding
 *   dimension 71) with time enough it recovers s, whose guesses are Alice's values exactly; with
 *   100 ms it is not attempted, saying LLL's projected time and the cost model's price. The
 *   fit's `primal` says whether it ran, why not (budget, dimension, off), and the block size β
 *   at which s appeared. usvpAttack with a deadline already past runs no BKZ tour.
 * - LPN: routes switch her pooled Gauss / primal Stern and her ISD dual route off.
 */
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../src/protocol/profile.ts';
import { runMeasure } from '../src/measure/measure.ts';
import { formatMeasure } from '../src/cli/measure.ts';
import { reportLines } from '../src/demo/roleEve.ts';
import type { EveReport } from '../src/eve/report.ts';
import { lweSeparation, publish } from '../src/separation/index.ts';
import { LweDualRoute } from '../src/separation/lweDual.ts';
import { lweAttack } from '../src/separation/lweEve.ts';
import { usvpAttack } from '../src/lattice/usvp.ts';
import { lweToy } from '../scripts/lweToy.ts';
import { seededRng } from '../src/rng.ts';

/** Bob's r recovered on N challenges of a fresh task: counts, and every hit checked against his. */
function dualOn(P: { n: number; theta: number; m: number; w: number; L: number; q: number }, setupMs: number, N: number) {
  const sep = lweSeparation(P);
  const rng = seededRng(`dual/${P.n}/${P.m}/${P.w}`, 'lwe');
  const view = sep.openPublic(publish(sep, rng).pub);
  const route = new LweDualRoute(view.A, view.Z, P);
  expect(route.prepare(performance.now() + setupMs)).toBeNull();
  let found = 0;
  for (let k = 0; k < N; k++) {
    const ch = sep.challenge(view, rng);
    const hit = route.recover(ch.x, performance.now() + 10_000);
    if (!hit) continue;
    found++;
    const support = [...hit.r.keys()].filter((i) => hit.r[i] !== 0);
    expect(support).toEqual([...ch.witness].sort((a, b) => a - b));
    expect(Array.from(hit.values)).toEqual(Array.from(ch.values));
  }
  return { found, stats: route.stats };
}

describe('LweDualRoute: Bob\'s r from x* alone', () => {
  it('lwe-toy: Babai on the reduced Λ returns Bob\'s r on every challenge', () => {
    const p = loadProfile('lwe-toy');
    const r = dualOn({ n: p.n, theta: p.theta, m: p.m, w: p.w, L: p.L, q: p.q! }, 2000, 60);
    expect(r.found).toBe(60);
    expect(r.stats.babai).toBe(60);
  });

  it('LLL alone, w = 30 of m = 60: Babai misses some, the coset embedding recovers them', () => {
    // Setup deadline now: LLL only, no BKZ (deterministic); r's norm √30 against λ₁(Λ) ≈ 17.
    const r = dualOn({ n: 24, theta: 1 / 257, m: 60, w: 30, L: 2, q: 257 }, 0, 40);
    expect(r.found).toBe(40);
    expect(r.stats.babai).toBeGreaterThan(0);
    expect(r.stats.embedding).toBeGreaterThan(0);
  });
});

describe('her primal route above dimension 64: the budget decides', () => {
  const P = { n: 28, theta: 1 / 257, m: 70, w: 4, L: 1, q: 257 };
  const sep = lweSeparation(P);
  const rng = seededRng('primal/71', 'lwe');
  const t = publish(sep, rng);
  const view = sep.openPublic(t.pub);

  it('n = 28, embedding dimension 71: with time enough, s recovered and her guesses are Alice\'s', () => {
    const fit = lweAttack(P, view, { deadline: performance.now() + 120_000, routes: { dual: false } });
    expect(fit.note).toMatch(/primal uSVP \(Kannan embedding in dimension 71,/);
    expect(fit.solved).toBe(1);
    // The block size s appeared at, as usvpAttack returned it (her schedule: LLL, BKZ 4, 6, …, 12).
    expect(fit.primal?.ran).toBe(true);
    expect(fit.primal?.notRun).toBeNull();
    expect([2, 4, 6, 8, 10, 12]).toContain(fit.primal?.beta);
    expect(fit.note).toContain(fit.primal?.beta === 2 ? 'by LLL alone' : `by BKZ-${fit.primal?.beta}`);
    for (let k = 0; k < 20; k++) {
      const ch = sep.challenge(view, rng);
      const g = fit.guess(ch.x);
      expect(g.bits[0] & 1).toBe(sep.rawBits(sep.value(t.h, ch.x))[0] & 1);
      expect(g.reliability[0]).toBe(1);
    }
  });

  it('with 100 ms, not attempted: LLL\'s projected time and the cost model\'s price', () => {
    const fit = lweAttack(P, view, { deadline: performance.now() + 100 });
    expect(fit.solved).toBe(0);
    expect(fit.name).toBe('least-squares-mod-q');
    expect(fit.note).toMatch(/primal uSVP not attempted: LLL in dimension 71 projected at \d+ ms > the \d+ ms left; projected cost 2\^[\d.]+ a column \(primal uSVP/);
    expect(fit.primal).toEqual({ ran: false, beta: null, notRun: 'budget' });
  });

  it('beyond float64 GSO: not run, for the dimension; switched off: not run, off', () => {
    const big = { n: 64, theta: 1 / 257, m: 128, w: 4, L: 1, q: 257 };
    const bigSep = lweSeparation(big);
    const bigView = bigSep.openPublic(publish(bigSep, seededRng('primal/big', 'lwe')).pub);
    const fit = lweAttack(big, bigView, { deadline: performance.now() + 60_000, routes: { dual: false } });
    expect(fit.primal).toEqual({ ran: false, beta: null, notRun: 'dimension' });
    expect(lweAttack(P, view, { deadline: performance.now() + 60_000, routes: { primal: false, dual: false } }).primal).toEqual({ ran: false, beta: null, notRun: 'off' });
  });

  it('usvpAttack with a deadline already past stops after LLL: no BKZ tour, no β', () => {
    // lattice.usvp.test.ts's toy (n = 26, q = 97, σ² = 8, 57 samples): LLL alone leaves s hidden there.
    const { A, b } = lweToy(1, 26, 57, 97, 16);
    const tau = Math.round(Math.sqrt(8));
    const opts = { tau, maxNorm2: 1.5 * (83 * 8 + tau ** 2), betas: [4, 6, 8, 10, 12] };
    const r = usvpAttack(A, b, 97, { ...opts, deadline: performance.now() });
    expect(r).toEqual({ s: null, beta: NaN, tours: 0, betaRun: 2, stoppedByDeadline: true });
  });
});

describe('Eve\'s dual route in sessions (lwe-toy)', () => {
  it('alone (primal off) it reads the key in ≥ 90% of sessions; least squares mod q fails', () => {
    const sessions = 10;
    const reports: EveReport[] = [];
    const r = runMeasure({ profile: loadProfile('lwe-toy'), sessions, seed: 'eve-lwe-dual', eveBudgetMs: 1500, eveRoutes: { primal: false }, onSession: (_i, s) => reports.push(s.eve) });
    expect(r.key.agreementRate).toBe(1);
    const c = r.eve.challenges!;
    const perSession = r.params.challenges;
    expect(c.attacked).toBe(perSession * sessions);
    expect(c.recovered).toBe(c.attacked);
    expect(c.correct).toBe(c.recovered);
    expect(c.rawBits).toBe(r.params.rawBitsPerSession * sessions);
    expect(r.eve.raw.vsBob.p).toBe(1);
    expect(r.eve.keyRecoveredRate).toBeGreaterThanOrEqual(0.9);
    expect(r.eve.secretsRecovered.total).toBe(0);
    // Least squares mod q: ŝ = s + A_P⁻¹e_P from its n pivot rows P (the first n here, q prime),
    // so ⟨x*, ŝ⟩ is Bob's value when supp r ⊆ P (Pr = C(n, w)/C(m, w) ≈ 2% on lwe-toy) and
    // uniform otherwise: advantage π·(p − ½) ≈ 0.0097, inside its interval.
    const { n, m, w } = r.params;
    let pi = 1;
    for (let k = 0; k < w; k++) pi *= (n - k) / (m - k);
    const theory = pi * (r.raw.theory - 0.5);
    const ls = r.eve.learners.find((l) => l.name === 'least-squares-mod-q')!;
    expect(ls.ci[0] <= theory && theory <= ls.ci[1], `least squares ${ls.rawAdvantage} [${ls.ci}] vs ${theory}`).toBe(true);
    expect(ls.ci[1]).toBeLessThan(0.05);
    const dual = r.eve.learners.find((l) => l.name === 'dual-lattice')!;
    expect(dual).toMatchObject({ route: 'dual', target: 'bob', accepted: c.recovered });
    const text = formatMeasure(r).split('\n');
    expect(text.find((l) => l.includes("Bob's r (dual route)"))).toMatch(/193 attacked, 193 recovered, 772 raw bits/);
    // Her own report (the eve process's lines) counts the same per session.
    const lines = reportLines(reports[0]);
    const at = lines.findIndex((l) => l.includes('dual route'));
    expect(lines[at]).toMatch(/dual-lattice: r recovered on 193 of 193 challenges attacked \(193 Bob's\)$/);
    expect(lines[at + 1]).toMatch(/so 772 raw bits of Bob's known exactly$/);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(100);
    const eve = text.slice(text.findIndex((l) => l.startsWith('Eve:')), text.findIndex((l) => l.startsWith('Holenstein')));
    for (const l of eve) expect(l.length, l).toBeLessThanOrEqual(100);
  });

  it('with no budget it is not attempted, and says why with the cost model\'s figure', () => {
    const r = runMeasure({ profile: loadProfile('lwe-toy'), sessions: 1, seed: 'eve-lwe-none', eveBudgetMs: 0 });
    expect(r.eve.challenges).toMatchObject({ attacked: 0, recovered: 0, rawBits: 0 });
    expect(r.eve.challenges!.skipped[0]).toMatch(/^not attempted: LLL in dimension 40 projected at \d+ ms > the 0 ms left; projected cost 2\^[\d.]+ \(knapsack uSVP/);
  });
});

describe('EveOptions.routes on LPN', () => {
  it('primal off: no pooled Gauss or primal Stern; dual off: no ISD dual route', () => {
    const r = runMeasure({ profile: loadProfile('toy-insecure'), sessions: 1, seed: 'eve-routes', eveBudgetMs: 200, eveRoutes: { primal: false, dual: false } });
    const names = r.eve.learners.map((l) => l.name);
    expect(names).not.toContain('pooled-gauss');
    expect(names).not.toContain('primal-stern');
    const dual = r.eve.learners.find((l) => l.route === 'dual');
    expect(dual?.accepted ?? 0).toBe(0);
    expect(r.eve.secretsRecovered.total).toBe(0);
  });
});
