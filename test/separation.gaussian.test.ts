/**
 * The natural control (src/separation/gaussian.ts; DESIGN.md §8): real-valued regression run
 * through the same reduction, where the paper predicts no secret key.
 * - The sign rule's raw agreement is 1 − arctan(θ)/π in closed form (Sheppard): checked on
 *   independent tasks through the interface, at 99%.
 * - `measure` on the profile: every key agreed, Eve's least squares recovers ≥ 90% of them,
 *   and the raw-agreement interval contains the theory.
 * - `demo` agrees on and confirms a key across three processes, and Eve's report shows the
 *   key recovered (human and --json); `demo --web` runs it to the end; `estimate` says there
 *   is no hardness to price; `learn` scores least squares beside A_μ; `sweep` (an LPN
 *   experiment) refuses it in one line with exit 2, and `eve --replay` reads its key; `attack`
 *   reads it too (attack.fit.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gaussianAgreement, gaussianSeparation, publish } from '../src/separation/index.ts';
import { SepkaError } from '../src/errors.ts';
import { loadProfile } from '../src/protocol/profile.ts';
import { runMeasure } from '../src/measure/measure.ts';
import { seededRng } from '../src/rng.ts';
import { contains, wilson, Z99 } from '../src/stats.ts';
import { startWebDemo } from '../src/web/live.ts';
import { Procs } from './helpers/procs.ts';
import { runCli } from './helpers/cli.ts';
import { expectValid } from './helpers/schema.ts';

const PROFILE = loadProfile('gaussian-regression');

describe('gaussian-regression through the interface', () => {
  it('raw agreement of the sign rule is 1 − arctan(θ)/π (99% Wilson, 6,000 independent tasks)', () => {
    // One column and one challenge per fresh task: the bits are i.i.d.
    const P = { n: 16, theta: 0.4, m: 64, w: 5, L: 1 };
    const sep = gaussianSeparation(P);
    const rng = seededRng(3, 'gaussian/agreement');
    let agree = 0;
    const N = 6000;
    for (let k = 0; k < N; k++) {
      const t = publish(sep, rng);
      const ch = sep.challenge(sep.openPublic(t.pub), rng);
      expect(ch.witness.length).toBe(P.w);
      agree += +((sep.rawBits(sep.value(t.h, ch.x))[0] & 1) === (sep.rawBits(ch.values)[0] & 1));
    }
    const p = gaussianAgreement(P.theta);
    expect(p).toBeCloseTo(0.8789, 4); // 1 − arctan(0.4)/π, by number: the one independent check of the formula
    expect((1 + sep.epsilon()) / 2).toBeCloseTo(p, 12);
    const ci = wilson(agree, N, Z99);
    expect(contains(ci, p), `${agree}/${N}, 99% [${ci.lo}, ${ci.hi}] vs ${p}`).toBe(true);
  });

  it('A_μ recovers the secrets of the noise-free system, and the published labels sit on the wire grid', () => {
    const sep = gaussianSeparation({ n: 32, theta: 0.3, m: 128, w: 8, L: 4 });
    const t = publish(sep, seededRng(4, 'gaussian/amu'));
    for (let i = 0; i < t.task.S.length; i++) expect(Math.abs(t.h[i] - t.task.S[i])).toBeLessThan(1e-9);
    for (const z of t.examples.Z) expect(z * 2 ** 16).toBe(Math.round(z * 2 ** 16));
  });

  it('refuses parameters whose wire values can leave the fixed-point range, or too large an m·n, as usage', () => {
    const ok = { n: 256, theta: 0.3, m: 1024, w: 16, L: 32 };
    expect(() => gaussianSeparation(ok)).not.toThrow();
    // Labels are N(0, n(1 + θ²)): 8 sd within ±2^15 needs √(1 + θ²) < 256 at n = 256.
    expect(() => gaussianSeparation({ ...ok, theta: 250 })).not.toThrow();
    const bad = [{ ...ok, theta: 300 }, { ...ok, theta: 1e6 }, { ...ok, n: 4096, m: 4096, theta: 70 }, { ...ok, m: 2 ** 16 + 1, w: 16 }, { ...ok, n: 16, m: 2 ** 20, L: 17 }];
    for (const p of bad) {
      let err: unknown;
      try {
        gaussianSeparation(p);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(p)).toBeInstanceOf(SepkaError);
      expect((err as SepkaError).code).toBe('SEPKA_ERR_USAGE');
    }
  });

  it('θ just inside the bound: every published label is within the wire range', () => {
    const sep = gaussianSeparation({ n: 256, theta: 250, m: 512, w: 16, L: 8 });
    const t = publish(sep, seededRng(5, 'gaussian/range'));
    for (const z of t.examples.Z) expect(Math.abs(z)).toBeLessThan(2 ** 15);
  });
});

describe('gaussian-regression end to end', () => {
  let procs: Procs | undefined;
  afterEach(async () => {
    if (procs) expect(await procs.cleanup(), 'processes left running after the demo').toEqual([]);
    procs = undefined;
  });

  it('measure: every key agreed, Eve recovers ≥ 90% of the keys, raw agreement contains its theory', () => {
    const r = runMeasure({ profile: PROFILE, sessions: 10, seed: 'gaussian-measure', eveBudgetMs: 1500 });
    expect(r.raw.theory).toBeCloseTo(gaussianAgreement(0.3), 12); // the formula is checked by number above
    expect(r.raw.ci[0] <= r.raw.theory && r.raw.theory <= r.raw.ci[1], `raw ${r.raw.agreement} [${r.raw.ci}] vs ${r.raw.theory}`).toBe(true);
    expect(r.key.agreementRate).toBe(1);
    expect(r.key.confirmedRate).toBe(1);
    expect(r.eve.keyRecoveredRate).toBeGreaterThanOrEqual(0.9);
    const ls = r.eve.learners.find((l) => l.name === 'least-squares');
    expect(ls, 'least squares in her report').toBeDefined();
    // She knows Alice's raw bits better than Bob does: error θ·√(n/(m − n)) against θ.
    expect(r.eve.raw.vsAlice.ci[0]).toBeGreaterThan(r.raw.theory);
  });

  it('demo: three processes agree on and confirm a key; Eve reports the key recovered', async () => {
    procs = new Procs();
    const r = await procs.cli(['demo', '--protocol', 'gaussian-regression', '--seed', 'gaussian-demo']).done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/key agreed {8}yes/);
    expect(r.stdout).toMatch(/confirmed {9}yes/);
    expect(r.stdout).toMatch(/3 processes/);
    expect(r.stdout).toMatch(/key recovered: YES/);
    expect(r.stdout).toMatch(/least-squares on the public \(A, z\) read the key/);
    const j = await procs.cli(['demo', '--json', '--protocol', 'gaussian-regression', '--seed', 'gaussian-demo-json']).done;
    expect(j.code, j.stderr).toBe(0);
    const out = JSON.parse(j.stdout);
    expectValid('demo', out);
    expect(out.keyAgreed && out.confirmed).toBe(true);
    expect(out.eve.keyBitAgreement).toBe(1);
  });

  it('demo --web runs it to a confirmed key with Eve holding it', async () => {
    procs = new Procs();
    const demo = await startWebDemo({ protocol: 'gaussian-regression', seed: 'gaussian-web', noEve: false, port: 0, maxRuns: 1 });
    await demo.done;
    const s = demo.state()!;
    await demo.stop();
    expect(s.status).toBe('done');
    expect(s.params.formula).toBe('1 − arctan(θ)/π');
    expect(s.eve?.keyRecovered).toBe(true);
  });

  it('estimate: no hardness to price, least squares is polynomial', async () => {
    const r = await runCli(['estimate', '--protocol', 'gaussian-regression', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expectValid('estimate', j);
    expect(j.noHardness).toMatchObject({ separation: 'gaussian-regression', learner: 'least-squares' });
    expect(j.noHardness.log2Ops).toBeLessThan(30);
    const h = await runCli(['estimate', '--protocol', 'gaussian-regression']);
    expect(h.out).toMatch(/No hardness to price/);
  });

  it('learn: least squares on (x, z) alone within a hair of A_μ, both near the Bayes risk', async () => {
    const r = await runCli(['learn', '--protocol', 'gaussian-regression', '--test', '20000', '--seed', 'gaussian-learn', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expectValid('learn', j);
    expect(j.separation).toBe('gaussian-regression');
    expect(j.multimodal.bayesRisk).toBeCloseTo(1 - gaussianAgreement(0.3), 12);
    expect(j.multimodal.recoveredSecret).toBe(true);
    // A_μ is the Bayes hypothesis: its 99% interval holds arctan(θ)/π.
    expect(j.multimodal.ci[0] <= j.multimodal.bayesRisk && j.multimodal.bayesRisk <= j.multimodal.ci[1]).toBe(true);
    const ls = j.unimodal[0];
    expect(ls.name).toBe('least-squares');
    // Least squares' excess risk is small (θ·√(n/(m − n)) of extra noise: ≈ 0.5 points here).
    expect(ls.ci[0]).toBeLessThan(j.multimodal.bayesRisk + 0.02);
  });

  it('sweep refuses LPN\'s balanced w in one line (exit 2); eve --replay reads the key from its transcript', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sepka-gr-'));
    try {
      const sw = await runCli(['sweep', '--protocol', 'gaussian-regression', '--w', 'balanced', '--out', join(dir, 'sweep')]);
      expect(sw.code).toBe(2);
      expect(sw.err.trim().split('\n')).toHaveLength(1);
      expect(sw.err).toMatch(/--w balanced matches LPN's dual cost/);
      const file = join(dir, 't.jsonl');
      const m = await runCli(['measure', '--protocol', 'gaussian-regression', '--sessions', '1', '--seed', 'gaussian-t', '--save-transcript', file, '--json']);
      expect(m.code, m.err).toBe(0);
      const mj = JSON.parse(m.out);
      expectValid('measure', mj);
      expect(mj.params.separation).toBe('gaussian-regression');
      const ev = await runCli(['eve', '--replay', file, '--seed', '1']);
      expect(ev.code, ev.err).toBe(0);
      expect(ev.out).toMatch(/whole key +RECOVERED/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
