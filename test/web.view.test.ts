/**
 * The live page's state and charts (src/web/view.ts, specs.ts), without a browser:
 * the agreement curve against exact counts and its intervals narrowing, outside text escaped
 * before it reaches the state, a child's death shown as a failure naming it, the funnel's β
 * against its definition, the phases shown before the first figures (from the children's
 * events), the funnel's bars on a linear axis labelled with count and share, and every chart
 * spec compiled by vega-lite and rendered by vega with one mark per datum.
 */
import { describe, expect, it } from 'vitest';
import { agreementCurve, LiveView, type ViewState } from '../src/web/view.ts';
import { chartSpecs, funnelLabel, funnelSpec } from '../src/web/specs.ts';
import { countPointMarks, renderSvg } from '../src/measure/plot.ts';
import { makeRng } from '../src/rng.ts';
import { h2 } from '../src/stats.ts';
import type { RoleResult } from '../src/demo/ipc.ts';
import type { DemoFigures } from '../src/demo/report.ts';

const params = { n: 48, m: 192, L: 32, w: 5, theta: 0.1443, pTheory: 0.5911 };
const newView = (noEve = false) => new LiveView({ run: 1, protocol: 'toy-insecure', seed: '1', noEve, params }, 1_000);

/** Two raw strings agreeing with probability p (seeded). */
function rawPair(n: number, p: number): [Uint8Array, Uint8Array] {
  const rng = makeRng('web-view', 'raw');
  const a = new Uint8Array(n);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.u32() & 1;
    b[i] = rng.u32() / 2 ** 32 < p ? a[i] : 1 - a[i];
  }
  return [a, b];
}

// Any control or bidi character the page must never receive.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('agreementCurve', () => {
  it('counts exactly on every prefix, ends on all bits, and its 99% interval narrows around the rate', () => {
    const [a, b] = rawPair(20_000, 0.59);
    const c = agreementCurve(a, b);
    expect(c.at(-1)!.bits).toBe(20_000);
    for (const pt of c) {
      let same = 0;
      for (let i = 0; i < pt.bits; i++) if (a[i] === b[i]) same++;
      expect(pt.rate).toBe(same / pt.bits);
      expect(pt.lo).toBeLessThanOrEqual(pt.rate);
      expect(pt.hi).toBeGreaterThanOrEqual(pt.rate);
    }
    for (let i = 1; i < c.length; i++) expect(c[i].bits).toBeGreaterThan(c[i - 1].bits);
    // Width ∝ 1/√k: 200× the bits, about 1/14 the width (Wilson at 99%: 2·2.576·√(p(1−p)/k)).
    const width = (p: { hi: number; lo: number }) => p.hi - p.lo;
    expect(width(c.at(-1)!)).toBeCloseTo(2 * 2.5758 * Math.sqrt((0.59 * 0.41) / 20_000), 3);
    expect(width(c.at(-1)!)).toBeLessThan(width(c[0]) / 10);
    // The seeded p = 0.59 is inside the final interval.
    expect(c.at(-1)!.lo).toBeLessThan(0.59);
    expect(c.at(-1)!.hi).toBeGreaterThan(0.59);
  });
});

function result(role: 'alice' | 'bob', over: Partial<RoleResult>, raw?: Uint8Array): RoleResult {
  const truth = raw ? (role === 'alice' ? { role, raw, secrets: [] } : { role, raw, rs: [] }) : undefined;
  return { role, ok: true, closeCode: 1000, closeBy: 'us', stats: {}, ...over, ...(truth ? { truth } : {}) } as RoleResult;
}

const figures = (over: Partial<DemoFigures['json']> = {}, rest: Partial<DemoFigures> = {}): DemoFigures => ({
  json: { keyAgreed: true, confirmed: true, keyBits: 128, rawBits: 20_000, eve: { rawAdvantage: 0.1286, keyBitAgreement: 1 }, wire: null, failure: null, ms: 5000, ...over },
  ...rest,
});

describe('LiveView', () => {
  it('escapes every piece of outside text before it reaches the state', () => {
    const v = newView();
    const evil = 'peer closed \x1b[2J\x1b]0;owned\x07 \u202egnp.exe\u009b';
    v.line('bob', `bob: ${evil}`);
    v.message('bob', { t: 'result', role: 'bob', result: result('bob', { ok: false, step: 'challenges', reason: evil, code: 'SEPKA_ERR_PEER_ABORT' }) });
    v.message('eve', { t: 'eve-report', report: { abort: evil, learners: [{ name: evil, route: 'primal', note: evil }], stages: {} } });
    v.message('alice', { t: 'result', role: 'alice', result: result('alice', { fingerprint: `ab\x1b[31mcd` }) });
    v.end(figures({ keyAgreed: false, confirmed: false }, { failure: `bob failed: ${evil}` }), `demo: ${evil}`);
    const json = JSON.stringify(v.state);
    const strings: string[] = [];
    JSON.parse(json, (_k, val) => (typeof val === 'string' && strings.push(val), val));
    expect(strings.length).toBeGreaterThan(8);
    for (const s of strings) expect(s, s).not.toMatch(UNSAFE);
    // Escaped visibly, not dropped: the reader sees what the peer sent.
    expect(v.state.failures.map((f) => f.text).join('\n')).toContain('\\x1b[2J');
    expect(v.state.failures.map((f) => f.text).join('\n')).toContain('\\u202e');
    expect(v.state.key.alice).toBe('ab\\x1b[31mcd');
    expect(v.state.log[0]).toContain('\\x07');
    expect(v.state.status).toBe('failed');
  });

  it("the supervisor's exit fault is a death naming the child; a plain exit is no failure", () => {
    const v = newView();
    v.spawned('alice', 4242);
    v.spawned('bob', 4343);
    v.died('alice', { code: null, signal: 'SIGKILL' }, 1_700);
    expect(v.state.failures).toEqual([{ who: 'alice', text: 'alice process (pid 4242) died mid-session: killed by SIGKILL', atMs: 700 }]);
    expect(v.state.parties.alice.exit).toBe('killed by SIGKILL');
    v.exited('alice', null, 'SIGKILL');
    v.exited('bob', 0, null);
    expect(v.state.failures).toHaveLength(1);
    expect(v.state.parties.bob.exit).toBe('exited with code 0');
    expect([v.state.parties.alice.fault, v.state.parties.bob.fault]).toEqual(['alice process (pid 4242) died mid-session: killed by SIGKILL', null]);
  });

  it("a stalled child is named by the demo's own verdict (no exit to see), escaped", () => {
    const v = newView();
    v.fault('eve', 'eve stopped responding (no heartbeat for 3.0 s)\x1b[0m', 4_100);
    expect(v.state.parties.eve.fault).toBe('eve stopped responding (no heartbeat for 3.0 s)\\x1b[0m');
    expect(v.state.failures).toEqual([{ who: 'eve', text: 'eve stopped responding (no heartbeat for 3.0 s)\\x1b[0m', atMs: 3_100 }]);
    // Stopping it afterwards is the demo's doing, not a second fault.
    v.exited('eve', null, 'SIGKILL');
    expect(v.state.failures).toHaveLength(1);
  });

  it('funnel and β from the parties’ results: β = key bits / (raw bits · (1 − h(1 − p))) with p measured on all raw bits', () => {
    const [a, b] = rawPair(20_000, 0.59);
    const v = newView();
    const stats = { rawBits: 20_000, keptBits: 900, leakedBits: 700, outBits: 150, keyBits: 128 };
    v.message('alice', { t: 'result', role: 'alice', result: result('alice', { fingerprint: '00ff', keyBits: 128, stats }, a) });
    v.message('bob', { t: 'result', role: 'bob', result: result('bob', { fingerprint: '00ff', keyBits: 128, stats }, b) });
    const p = v.state.agreement.measured!;
    expect(p).toBe(v.state.agreement.curve.at(-1)!.rate);
    expect(v.state.agreement.source).toBe('all 20000 raw bits');
    expect(v.state.funnel).toMatchObject({ rawBits: 20_000, keptBits: 900, leakedBits: 700, paBits: 150, keyBits: 128 });
    expect(v.state.funnel.beta).toBeCloseTo(128 / (20_000 * (1 - h2(1 - p))), 12);
    expect(v.state.funnel.betaPa).toBeCloseTo(150 / (20_000 * (1 - h2(1 - p))), 12);
    // The truth itself never enters the state.
    expect(JSON.stringify(v.state)).not.toContain('"raw"');
  });

  it("Eve's stages are rate − 1/2 with the interval shifted alike; her final figures are the summary's", () => {
    const v = newView();
    v.message('eve', {
      t: 'eve-report',
      report: {
        rawAdvantage: 0.3,
        keyBitAgreement: 0.9,
        keyRecovered: false,
        stages: { rawVsAlice: { agree: 80, total: 100, rate: 0.8, ci: [0.68, 0.88] }, key: { agree: 128, total: 128, rate: 1, ci: [0.96, 1] }, rawVsBob: null },
        secrets: { L: 32, recovered: 7, correct: 7 },
        dual: { algorithm: 'stern', broken: 162, attempted: 166, needed: 252, trials: 393 },
      },
    });
    const e = v.state.eve!;
    expect(e.stages).toEqual([
      { stage: "raw bits vs Alice's", advantage: 0.8 - 0.5, lo: 0.68 - 0.5, hi: 0.88 - 0.5, total: 100 },
      { stage: 'key bits', advantage: 0.5, lo: 0.96 - 0.5, hi: 0.5, total: 128 },
    ]);
    expect(e.broke[0]).toBe('primal route: 7 of 32 secrets s_j recovered (7 correct)');
    expect(e.broke[1]).toBe('dual route (stern): 162 of 166 attempted challenges broken, 252 needed, 393 trials');
    v.end(figures(), undefined);
    expect([e.rawAdvantage, e.keyBitAgreement]).toEqual([0.1286, 1]);
    expect(v.state.status).toBe('done');
  });
});

/** A finished run's state, as the page would get it. */
function finishedState(): ViewState {
  const [a, b] = rawPair(20_000, 0.59);
  const v = newView();
  const dirs = ['bob->alice', 'alice->bob'] as const;
  const types = ['hello', 'hello', 'task', 'challenges', 'distill', 'confirm'];
  const frames = types.map((type, i) => ({ type, dir: dirs[i % 2], frames: i + 1, bytes: 100 * (i + 1), firstMs: 10 * i, lastMs: 10 * i + 5 }));
  v.message('alice', { t: 'progress', role: 'alice', progress: { step: 'confirm', rawBits: 20_000, leakedBits: 700 }, frames });
  v.message('bob', { t: 'progress', role: 'bob', progress: { step: 'challenges', rawBits: 20_000 } }, 1_500);
  v.message('eve', { t: 'progress', role: 'eve', progress: { step: 'task', rawBits: 10_000, budgetMs: 1500, spentMs: 900 } }, 1_600);
  const stats = { rawBits: 20_000, keptBits: 900, leakedBits: 700, outBits: 150, keyBits: 128 };
  v.message('alice', { t: 'result', role: 'alice', result: result('alice', { fingerprint: '00ff', stats }, a) });
  v.message('bob', { t: 'result', role: 'bob', result: result('bob', { fingerprint: '00ff', stats }, b) });
  v.message('eve', {
    t: 'eve-report',
    report: { stages: { rawVsAlice: { rate: 0.5, total: 100, ci: [0.4, 0.6] }, distilled: { rate: 0.52, total: 900, ci: [0.48, 0.56] }, key: { rate: 0.5, total: 128, ci: [0.39, 0.61] } } },
  });
  v.end(figures(), undefined);
  return v.state;
}

describe('wire totals', () => {
  it('sum the timeline each way and per protocol stage (protocol/wire.ts STAGE_OF), stages without bytes left out', () => {
    const w = finishedState().wire;
    // hello 100 B→A + 200 A→B, task 300 B→A: task stage; challenges 400 A→B; distill 500 B→A; confirm 600 A→B.
    expect(w).toEqual({
      aliceToBob: 1200,
      bobToAlice: 900,
      frames: 21,
      byStage: [
        { stage: 'task', aliceToBob: 200, bobToAlice: 400 },
        { stage: 'challenges', aliceToBob: 400, bobToAlice: 0 },
        { stage: 'distillation', aliceToBob: 0, bobToAlice: 500 },
        { stage: 'confirmation', aliceToBob: 600, bobToAlice: 0 },
      ],
    });
    expect(newView().state.wire).toEqual({ aliceToBob: 0, bobToAlice: 0, frames: 0, byStage: [] });
  });
});

describe('chart specs', () => {
  it('compile with vega-lite and render with vega, one mark per row of data', async () => {
    const s = finishedState();
    const specs = chartSpecs(s);
    expect(Object.keys(specs).sort()).toEqual(['chart-agreement', 'chart-budget', 'chart-eve', 'chart-funnel', 'chart-raw', 'chart-timeline']);
    const marks: Record<string, number> = {};
    for (const spec of Object.values(specs)) {
      const svg = await renderSvg(spec);
      expect(svg).toMatch(/^<svg/);
      Object.assign(marks, countPointMarks(svg));
    }
    expect(marks.pt_timeline).toBe(s.timeline.length);
    expect(marks.pt_funnel).toBe(5); // raw, kept, leaked, PA out, key
    expect(marks.pt_eve).toBe(3);
    expect(marks.pt_agreement).toBe(s.agreement.curve.length);
  });

  it('render before any data has arrived (the page opens on a starting run)', async () => {
    const s = newView().state;
    for (const spec of Object.values(chartSpecs(s))) expect(await renderSvg(spec)).toMatch(/^<svg/);
    expect(Object.keys(chartSpecs(newView(true).state))).not.toContain('chart-eve');
  });
});

describe('before the first figures', () => {
  it('the phases follow the children\'s events, in order, and stop once raw bits flow', () => {
    const v = newView();
    const texts = () => v.state.phases.map((p) => p.text);
    expect(texts()).toEqual(['starting the processes at once: alice, eve (the tap) and bob']);
    expect(v.state.flowing).toBe(false);
    v.spawned('alice', 101, 1_200);
    v.spawned('eve', 102, 1_210);
    v.spawned('bob', 103, 1_220);
    v.message('alice', { t: 'listening', role: 'alice', port: 40001 }, 2_300);
    v.message('eve', { t: 'listening', role: 'eve', port: 40002 }, 3_000);
    // Alice's first report (waiting for hello) says nothing new; Bob waiting for the task does.
    v.message('alice', { t: 'progress', role: 'alice', progress: { step: 'hello', rawBits: 0 } }, 3_900);
    v.message('bob', { t: 'progress', role: 'bob', progress: { step: 'task', rawBits: 0 } }, 4_000);
    v.message('alice', { t: 'progress', role: 'alice', progress: { step: 'challenges', rawBits: 0 } }, 5_600);
    expect(v.state.flowing).toBe(false);
    v.message('bob', { t: 'progress', role: 'bob', progress: { step: 'distill', rawBits: 4096 } }, 6_100);
    expect(v.state.flowing).toBe(true);
    v.message('alice', { t: 'progress', role: 'alice', progress: { step: 'distill', rawBits: 4096 } }, 6_200);
    expect(texts()).toEqual([
      'starting the processes at once: alice, eve (the tap) and bob',
      'alice started (pid 101): loading the profile, starting her worker thread',
      'eve started (pid 102): loading; she forwards to alice once alice listens',
      'bob started (pid 103): loading; he connects once eve listens',
      'alice listening on port 40001; eve forwards to her',
      'eve listening on port 40002, forwarding to alice; bob connects',
      'bob sent hello; alice samples the task: s and e, A (192 × 48) expanded from a fresh seed, A_μ learning ŝ',
      "alice published the task (A's seed, labels); bob expands A from the seed and computes x* = rᵀA",
      "first raw bits: Bob's challenges are out",
    ]);
    // Each at the demo's time of its event (ms since the run began at 1,000).
    expect(v.state.phases.map((p) => p.atMs)).toEqual([0, 200, 210, 220, 1300, 2000, 3000, 4600, 5100]);
  });
  it('without eve, bob connects to alice once she listens', () => {
    const v = newView(true);
    v.spawned('bob', 7, 1_100);
    v.message('alice', { t: 'listening', role: 'alice', port: 1 }, 1_500);
    expect(v.state.phases.map((p) => p.text)).toEqual([
      'starting the processes at once: alice and bob (no eve: --no-eve)',
      'bob started (pid 7): loading; he connects once alice listens',
      'alice listening on port 1; bob connects',
    ]);
  });
});

describe('the reduction funnel', () => {
  it('a linear axis from 0, each bar labelled with its count and its share of the raw bits', () => {
    expect(funnelLabel(34_560, null)).toBe('34,560');
    expect(funnelLabel(2_405, 2_405 / 34_560)).toBe('2,405 (7.0 % of raw)');
    expect(funnelLabel(256, 256 / 34_560)).toBe('256 (0.7 % of raw)');
    expect(funnelLabel(20_000, 20_000 / 34_560)).toBe('20,000 (58 % of raw)');
    const s = finishedState();
    const spec = funnelSpec(s) as unknown as { data: { values: { stage: string; bits: number; label: string }[] }; layer: { encoding: { x: { scale?: { type?: string; domain: number[] } } } }[] };
    const bars = spec.layer[0].encoding.x.scale!;
    expect(bars.type).toBeUndefined(); // linear
    expect(bars.domain[0]).toBe(0);
    const raw = s.funnel.rawBits;
    expect(spec.data.values.map((r) => r.label)).toEqual(spec.data.values.map((r, i) => funnelLabel(r.bits, i === 0 ? null : r.bits / raw)));
  });
});

