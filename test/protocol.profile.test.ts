/**
 * Profiles: the shipped ones load and match DESIGN.md §2; every validation failure gives
 * SEPKA_ERR_PROFILE with a one-line reason naming the field; overrides re-derive θ, m and w;
 * paramsHash is stable and sensitive to every hashed field.
 */
import { describe, expect, it } from 'vitest';
import { SepkaError } from '../src/errors.ts';
import { derive, listProfiles, loadProfile, paramsHash, validateProfile, withOverrides } from '../src/protocol/profile.ts';
import { balancedW, dualLog2Trials, primalLog2Trials } from '../src/cost/index.ts';
import { epsOf } from '../src/separation/lpn.ts';
import { estimateCosts, smallestPaperLineN } from '../src/measure/estimate.ts';

function profileError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SepkaError);
    expect((e as SepkaError).code).toBe('SEPKA_ERR_PROFILE');
    expect((e as SepkaError).message).not.toContain('\n');
    return (e as SepkaError).message;
  }
  throw new Error('expected SEPKA_ERR_PROFILE');
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('profiles', () => {
  it('ships toy-insecure, demo-256 and paper-1024, each with a source', () => {
    expect(listProfiles()).toEqual(expect.arrayContaining(['demo-256', 'paper-1024', 'toy-insecure']));
    for (const name of listProfiles()) {
      const p = loadProfile(name);
      expect(p.name).toBe(name);
      expect(p.source.length).toBeGreaterThan(40);
      // The LPN profiles are on the paper's line; the natural control's θ is a noise-to-signal
      // ratio; LWE's θ is σ/q with m = 2.5n examples (the challenge's knapsack needs m − n > n).
      if (p.separation === 'lwe') {
        expect(p.m).toBe(2.5 * p.n);
        continue;
      }
      expect(p.m).toBe(4 * p.n);
      if (p.separation === 'gaussian-regression') expect(p.theta).toBe(0.3);
      else expect(p.theta).toBeCloseTo(1 / Math.sqrt(p.n), 12);
    }
  });

  it('demo-256 and paper-1024 match DESIGN.md §2', () => {
    const d = loadProfile('demo-256');
    expect([d.n, d.theta, d.m, d.w]).toEqual([256, 1 / 16, 1024, 13]);
    expect(epsOf(d.theta, d.w)).toBeCloseTo(0.176, 3);
    const p = loadProfile('paper-1024');
    expect([p.n, p.theta, p.m, p.w]).toEqual([1024, 1 / 32, 4096, 27]);
    expect(balancedW(p.n, p.theta, p.m)).toBe(27);
    // The table of DESIGN.md §2 (rounded): 54 log2 trials on both routes at n = 1024.
    expect(Math.round(primalLog2Trials(1024, 1 / 32, 4096))).toBe(54);
    expect(Math.round(dualLog2Trials(1024, 4096, 27))).toBe(54);
    expect(Math.round(primalLog2Trials(64, 1 / 8, 256))).toBe(14);
    expect(balancedW(64, 1 / 8, 256)).toBe(7);
  });

  it('demo-256 (bit pairs + LDPC) needs at most a third of the raw bits of demo-256-blocks (blocks + Cascade, demo-256 before it)', () => {
    const d = loadProfile('demo-256');
    const b = loadProfile('demo-256-blocks');
    expect([d.distill, d.reconciler]).toEqual(['pairs', 'ldpc']);
    expect([b.distill, b.reconciler]).toEqual([undefined, undefined]);
    // The same task, challenges' weight, key and fixed costs: only the amplification differs.
    for (const k of ['n', 'theta', 'm', 'w', 'L', 'targetKeyBits', 'minKeyBits', 'verifyBits', 'paMarginBits', 'estimationFraction'] as const) expect(d[k], k).toEqual(b[k]);
    expect(derive(b).rawBits).toBe(195_200); // 1,525 challenges: what blocks + Cascade needs
    expect(derive(d).rawBits).toBe(36_864); // 288 challenges
    expect(3 * derive(d).rawBits).toBeLessThanOrEqual(derive(b).rawBits);
    // The paper profiles amplify as demo-256 does: 200,704 and 167,936 raw bits with blocks + Cascade.
    for (const [name, raw] of [['paper-1024', 37_376], ['paper-128', 34_560]] as const) {
      const p = loadProfile(name);
      expect([p.distill, p.reconciler, p.rawSlack], name).toEqual(['pairs', 'ldpc', d.rawSlack]);
      expect(derive(p).rawBits, name).toBe(raw);
    }
  });

  it('toy-insecure is cheap for the primal route and secure profiles are not', () => {
    const toy = loadProfile('toy-insecure');
    expect(toy.insecure).toBe(true);
    expect(primalLog2Trials(toy.n, toy.theta, toy.m)).toBeLessThan(14);
    expect(primalLog2Trials(256, 1 / 16, 1024)).toBeGreaterThan(27);
  });

  it('paper-1024\'s notes state the estimator\'s figures, and no 128-bit claim', () => {
    const p = loadProfile('paper-1024');
    const notes = p.notes ?? '';
    const r = estimateCosts({ n: p.n, theta: p.theta, m: p.m, w: p.w });
    const stated = Number(/≈ 2\^([\d.]+) bit operations/.exec(notes)?.[1]);
    expect(Math.abs(stated - r.security.log2BitOps)).toBeLessThan(0.1);
    const prange = Number(/Prange 2\^([\d.]+) trials/.exec(notes)?.[1]);
    expect(Math.abs(prange - r.security.log2PrangeTrials)).toBeLessThan(0.1);
    expect(notes).toContain('NOT a 128-bit');
    expect(notes).not.toMatch(/out of reach/);
    const n128 = Number(/from n ≈ (\d+)/.exec(notes)?.[1]);
    expect(Math.abs(n128 - smallestPaperLineN(128).n)).toBeLessThan(100);
  });

  it('derives a challenge count with slack over the theoretical need', () => {
    for (const name of listProfiles()) {
      const p = loadProfile(name);
      const d = derive(p);
      const expectedKey = d.rawBits * (1 - p.estimationFraction) * d.yieldTheory - p.verifyBits - p.paMarginBits;
      expect(expectedKey).toBeGreaterThanOrEqual(p.rawSlack * 0.99 * (p.targetKeyBits + p.verifyBits + p.paMarginBits) - p.verifyBits - p.paMarginBits);
      expect(expectedKey).toBeGreaterThan(p.targetKeyBits);
    }
  });

  it('unknown names list the known ones; path tricks are refused', () => {
    expect(profileError(() => loadProfile('nope'))).toMatch(/unknown protocol "nope" \(known: .*demo-256/);
    expect(profileError(() => loadProfile('../package'))).toMatch(/unknown protocol/);
  });

  it('rejects bad objects with a reason naming the field', () => {
    const good = loadProfile('demo-256') as unknown as Record<string, unknown>;
    expect(profileError(() => validateProfile([], 'x.json'))).toBe('x.json: must be a JSON object');
    const { w: _w, ...noW } = good;
    expect(profileError(() => validateProfile(noW, 'x.json'))).toBe('x.json: missing field "w"');
    expect(profileError(() => validateProfile({ ...good, extra: 1 }, 'x.json'))).toBe('x.json: unknown field "extra"');
    expect(profileError(() => validateProfile({ ...good, theta: 0.5 }, 'x.json'))).toMatch(/field "theta" must be a number in \(0, 0.5\) \(got 0.5\)/);
    expect(profileError(() => validateProfile({ ...good, n: 12.5 }, 'x.json'))).toMatch(/field "n" must be an integer/);
    expect(profileError(() => validateProfile({ ...good, m: 100 }, 'x.json'))).toMatch(/field "m" must be an integer in \[256,/);
    expect(profileError(() => validateProfile({ ...good, ell: 'sometimes' }, 'x.json'))).toMatch(/field "ell" .* or "auto"/);
    expect(profileError(() => validateProfile({ ...good, targetKeyBits: 100 }, 'x.json'))).toMatch(/field "targetKeyBits" must be a multiple of 8/);
    expect(profileError(() => validateProfile({ ...good, minKeyBits: 512 }, 'x.json'))).toMatch(/field "minKeyBits"/);
    expect(profileError(() => validateProfile({ ...good, w: 200 }, 'x.json'))).toMatch(/no ℓ ≤ ellMax gives a positive key yield/);
  });

  it('reports bad JSON and a wrong name with the file name', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { pathToFileURL } = await import('node:url');
    const path = mkdtempSync(`${tmpdir()}/sepka-profiles-`);
    const dir = pathToFileURL(path + '/');
    try {
      writeFileSync(`${path}/broken.json`, '{ "name": "broken", ');
      expect(profileError(() => loadProfile('broken', dir))).toMatch(/^protocols\/broken\.json: not valid JSON/);
      writeFileSync(`${path}/renamed.json`, JSON.stringify(loadProfile('demo-256')));
      expect(profileError(() => loadProfile('renamed', dir))).toBe('protocols/renamed.json: field "name" is "demo-256", expected "renamed"');
      expect(profileError(() => loadProfile('demo-256', dir))).toMatch(/known: broken, renamed/);
    } finally {
      rmSync(path, { recursive: true });
    }
  });

  it('withOverrides re-derives θ, m and the balanced w', () => {
    const d = loadProfile('demo-256');
    const o = withOverrides(d, { n: 64 });
    expect([o.n, o.theta, o.m, o.w]).toEqual([64, 1 / 8, 256, balancedW(64, 1 / 8, 256)]);
    expect(withOverrides(d, { n: 64, w: 5 }).w).toBe(5);
    expect(withOverrides(d, { ell: 4 }).ell).toBe(4);
    expect(withOverrides(d, { m: 2048 }).w).toBe(balancedW(256, 1 / 16, 2048));
    expect(() => withOverrides(d, { n: 3 })).toThrow(SepkaError);
    // 'balanced' re-balances even on the profile's own task (demo-256's w is not the balanced one).
    const bal = balancedW(d.n, d.theta, d.m);
    expect(d.w).not.toBe(bal);
    expect(withOverrides(d, { w: 'balanced' }).w).toBe(bal);
    expect(withOverrides(d, { n: 64, w: 'balanced' }).w).toBe(balancedW(64, 1 / 8, 256));
  });

  it('paramsHash is deterministic and changes with every hashed field', () => {
    const d = loadProfile('demo-256');
    expect(hex(paramsHash(d))).toBe(hex(paramsHash(loadProfile('demo-256'))));
    expect(hex(paramsHash({ ...d, source: 'other words', stepTimeoutMs: 999 }))).toBe(hex(paramsHash(d)));
    const tweaks: Partial<typeof d>[] = [{ n: 255 }, { theta: 0.06 }, { m: 1025 }, { w: 14 }, { L: 64 }, { ell: 5 }, { targetKeyBits: 128 }, { paMarginBits: 100 }, { cascadePasses: 3 }, { verifyBits: 32 }];
    const seen = new Set([hex(paramsHash(d))]);
    for (const t of tweaks) seen.add(hex(paramsHash({ ...d, ...t })));
    expect(seen.size).toBe(tweaks.length + 1);
  });

  it('validates data as data: own fields only, and a bounded shape walked without recursion', () => {
    const d = { ...loadProfile('demo-256') } as Record<string, unknown>;
    // Inherited fields are not fields: every one is missing.
    expect(profileError(() => validateProfile(Object.create(d), 'inherited'))).toBe('inherited: missing field "name"');
    // A value nested a million levels deep (built in memory, so no parser limit helps).
    let deep: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(profileError(() => validateProfile({ ...d, notes: deep }, 'deep'))).toBe('deep: nested deeper than 8 levels (a profile is one flat object)');
    expect(profileError(() => validateProfile({ ...d, notes: Array(5000).fill(0) }, 'wide'))).toMatch(/^wide: more than 1024 values/);
    expect(profileError(() => validateProfile({ ...d, source: 'x'.repeat(70_000) }, 'long'))).toMatch(/^long: more than 65536 characters/);
    // A long bad value is quoted short.
    expect(profileError(() => validateProfile({ ...d, source: 7, name: 'y'.repeat(5000) }, 'q')).length).toBeLessThan(200);
    // Depth 2 (the flat object) is what every shipped profile has; it passes.
    expect(validateProfile(d, 'ok').name).toBe('demo-256');
  });
});
