/**
 * The LWE separation (src/separation/lwe.ts, lweLaw.ts, lweEve.ts, zq.ts) and its profiles:
 * - the top-bit rule's raw agreement is 1 − (2/q)·E|rᵀe mod± q| (exact convolution): checked on
 *   independent tasks through the interface at 99%, for a prime q and a q = 2^k;
 * - A_μ (Gauss–Jordan mod q, unit pivots) recovers S exactly;
 * - `measure` on lwe-toy: every key agreed, Eve's lattice route recovers ≥ 90% of the keys,
 *   the raw interval contains the theory; on lwe-demo-256 and lwe-128 the raw interval
 *   contains the theory, and Eve (least squares mod q: her uSVP embedding is beyond a session)
 *   is at chance against Alice while A_μ is exact (keys agree);
 * - `demo --protocol lwe-128` agrees on and confirms a 256-bit key across three processes with
 *   Eve at chance; `estimate --protocol lwe-128` puts the session key at ≥ 2^128 (MATZOV);
 *   Eve's dual route (Bob's r from x*, test/eve.lwe.test.ts) is not attempted there, and says
 *   why with the cost model's figure;
 * - `sweep` and `learn` (LPN experiments) refuse LWE in one line (exit 2), and `eve --replay`
 *   runs her lattice route on an lwe-toy transcript to the key (`attack` too:
 *   attack.fit.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lweAgreement, lweSeparation, publish } from '../src/separation/index.ts';
import { lweDifferencePmf } from '../src/separation/lwe.ts';
import { solveModQ } from '../src/separation/zq.ts';
import { loadProfile } from '../src/protocol/profile.ts';
import { runMeasure } from '../src/measure/measure.ts';
import { seededRng } from '../src/rng.ts';
import { contains, wilson, Z99 } from '../src/stats.ts';
import { Procs } from './helpers/procs.ts';
import { runCli } from './helpers/cli.ts';
import { expectValid } from './helpers/schema.ts';

describe('lwe through the interface', () => {
  it.each([
    { q: 97, sigma: 2 },
    { q: 128, sigma: 3 },
  ])('raw agreement of the top-bit rule is 1 − (2/q)·E|d̄| (q = $q, 99% Wilson, 5,000 tasks)', ({ q, sigma }) => {
    // One column and one challenge per fresh task: the bits are i.i.d.
    const P = { n: 8, theta: sigma / q, m: 24, w: 6, L: 1, q };
    const sep = lweSeparation(P);
    const rng = seededRng(q, 'lwe/agreement');
    let agree = 0;
    const N = 5000;
    for (let k = 0; k < N; k++) {
      const t = publish(sep, rng);
      const ch = sep.challenge(sep.openPublic(t.pub), rng);
      agree += +((sep.rawBits(sep.value(t.h, ch.x))[0] & 1) === (sep.rawBits(ch.values)[0] & 1));
    }
    const p = lweAgreement(P);
    // The closed form's rough size: 1 − 2σ√w·√(2/π)/q (a Gaussian d), within 1%.
    expect(Math.abs(p - (1 - (2 * sigma * Math.sqrt(P.w) * Math.sqrt(2 / Math.PI)) / q))).toBeLessThan(0.01);
    expect((1 + sep.epsilon()) / 2).toBeCloseTo(p, 12);
    const ci = wilson(agree, N, Z99);
    expect(contains(ci, p), `${agree}/${N}, 99% [${ci.lo}, ${ci.hi}] vs ${p}`).toBe(true);
  });

  it('χ^{*w} is a law: mass 1, symmetric', () => {
    const pmf = lweDifferencePmf(2.8, 800);
    expect(pmf.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    for (let i = 0; i < pmf.length; i++) expect(pmf[i]).toBeCloseTo(pmf[pmf.length - 1 - i], 15);
  });

  it.each([257, 4096])('A_μ recovers S exactly mod q (q = %i)', (q) => {
    const sep = lweSeparation({ n: 32, theta: 2 / q, m: 80, w: 8, L: 4, q });
    const t = publish(sep, seededRng(q, 'lwe/amu'));
    expect(Array.from(t.h)).toEqual(Array.from(t.task.S, (s) => ((s % q) + q) % q));
    // Least squares mod q on the noisy labels does not: the noise comes out multiplied by A⁻¹.
    const noisy = solveModQ(t.examples.A, t.examples.Z, 80, 32, 4, q)!;
    expect(Array.from(noisy)).not.toEqual(Array.from(t.h));
  });
});

describe('lwe profiles end to end', () => {
  let procs: Procs | undefined;
  afterEach(async () => {
    if (procs) expect(await procs.cleanup(), 'processes left running after the demo').toEqual([]);
    procs = undefined;
  });

  it('measure lwe-toy: every key agreed, Eve\'s lattice route recovers ≥ 90% of the keys, raw interval contains its theory', () => {
    const r = runMeasure({ profile: loadProfile('lwe-toy'), sessions: 10, seed: 'lwe-toy-measure', eveBudgetMs: 1500 });
    expect(r.raw.ci[0] <= r.raw.theory && r.raw.theory <= r.raw.ci[1], `raw ${r.raw.agreement} [${r.raw.ci}] vs ${r.raw.theory}`).toBe(true);
    expect(r.key.agreementRate).toBe(1);
    expect(r.eve.keyRecoveredRate).toBeGreaterThanOrEqual(0.9);
    expect(r.eve.learners.find((l) => l.name === 'usvp'), 'the uSVP route in her report').toBeDefined();
  });

  it.each([
    ['lwe-demo-256', 4],
    ['lwe-128', 2],
  ] as const)('measure %s: raw interval contains its theory; Eve (least squares mod q) at chance, A_μ exact', (name, sessions) => {
    const r = runMeasure({ profile: loadProfile(name), sessions, seed: `${name}-measure`, eveBudgetMs: 1500 });
    expect(r.raw.ci[0] <= r.raw.theory && r.raw.theory <= r.raw.ci[1], `raw ${r.raw.agreement} [${r.raw.ci}] vs ${r.raw.theory}`).toBe(true);
    expect(r.key.agreementRate).toBe(1);
    expect(r.eve.keyRecoveredRate).toBe(0);
    const v = r.eve.raw.vsAlice.ci;
    expect(v[0] <= 0.5 && 0.5 <= v[1], `Eve vs Alice ${r.eve.raw.vsAlice.p} [${v}]`).toBe(true);
    expect(r.eve.learners.find((l) => l.name === 'least-squares-mod-q')).toBeDefined();
    expect(r.eve.challenges?.attacked).toBe(0);
    expect(r.eve.challenges?.skipped[0]).toMatch(/^not attempted: Λ has dimension \d+ > 160.*projected cost 2\^[\d.]+ \(knapsack uSVP/);
  });

  it('demo lwe-128: three processes agree on and confirm a 256-bit key, Eve at chance', async () => {
    procs = new Procs();
    const j = await procs.cli(['demo', '--json', '--protocol', 'lwe-128', '--seed', 'lwe-demo']).done;
    expect(j.code, j.stderr).toBe(0);
    const out = JSON.parse(j.stdout);
    expectValid('demo', out);
    expect(out.keyAgreed && out.confirmed).toBe(true);
    expect(out.keyBits).toBe(256);
    // Eve at chance: her raw advantage within ±0.1 and her key bits within a coin's 99% range.
    expect(Math.abs(out.eve.rawAdvantage)).toBeLessThan(0.1);
    expect(Math.abs(out.eve.keyBitAgreement - 0.5)).toBeLessThan(0.1);
    expect(out.rawBits).toBe(736);
  });

  it('estimate lwe-128: session key ≥ 2^128 classical (MATZOV) on every route, quantum labelled', async () => {
    const r = await runCli(['estimate', '--protocol', 'lwe-128', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expectValid('estimate', j);
    expect(j.lwe.securityLevel.log2).toBeGreaterThanOrEqual(128);
    for (const row of j.lwe.rows) expect(row.log2.matzov - row.log2Targets).toBeGreaterThanOrEqual(128);
    const h = await runCli(['estimate', '--protocol', 'lwe-128']);
    expect(h.out).toMatch(/SECURITY LEVEL of the session key: 2\^1[2-9]\d\.\d classical/);
    expect(h.out).toMatch(/QUANTUM, not the classical level/);
  });

  it('sweep and learn refuse LPN\'s options in one line (exit 2); eve --replay reads lwe-toy\'s key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sepka-lwe-'));
    try {
      const sw = await runCli(['sweep', '--protocol', 'lwe-toy', '--eve-budget-trials', '10', '--out', join(dir, 'sweep')]);
      expect(sw.code).toBe(2);
      expect(sw.err.trim().split('\n')).toHaveLength(1);
      expect(sw.err).toMatch(/--eve-budget-trials: LPN's learners/);
      const le = await runCli(['learn', '--protocol', 'lwe-toy', '--eve-budget-trials', '10']);
      expect(le.code).toBe(2);
      expect(le.err).toMatch(/--eve-budget-trials is LPN's; on LWE the unimodal learners are usvp/);
      const file = join(dir, 't.jsonl');
      const m = await runCli(['measure', '--protocol', 'lwe-toy', '--sessions', '1', '--seed', 'lwe-t', '--save-transcript', file, '--json']);
      expect(m.code, m.err).toBe(0);
      const mj = JSON.parse(m.out);
      expectValid('measure', mj);
      expect(mj.params).toMatchObject({ separation: 'lwe', q: 257 });
      const ev = await runCli(['eve', '--replay', file, '--seed', '1']);
      expect(ev.code, ev.err).toBe(0);
      expect(ev.out).toMatch(/whole key +RECOVERED/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
