/**
 * Progress and time left (src/measure/eta.ts): the estimator on synthetic
 * sequences against the true time left, and `measure`'s progress lines when stderr is not a
 * terminal (acceptance: `measure … 2>log` writes progress lines to log).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Eta } from '../src/measure/eta.ts';
import { sessionProgress } from '../src/cli/measure.ts';
import { Progress } from '../src/measure/sweep/progress.ts';
import { expectValid } from './helpers/schema.ts';

/**
 * A simulated pool: `P` runners take items in order, item i runs durations[i] ms. Returns, at
 * each completion, the elapsed time, the true time left and what each estimator says.
 */
function simulate(durations: number[], P: number) {
  const eta = new Eta({ total: durations.length, parallel: P });
  const free = new Array<number>(P).fill(0);
  const ends = durations.map((d) => {
    const r = free.indexOf(Math.min(...free));
    free[r] += d;
    return { end: free[r], d };
  });
  const order = [...ends].sort((a, b) => a.end - b.end);
  const finish = order[order.length - 1].end;
  return order.map(({ end, d }, k) => {
    eta.done(d);
    const naive = (end / (k + 1)) * (durations.length - k - 1);
    return { t: end, trueLeft: finish - end, eta: eta.etaMs(end), naive };
  });
}

describe('Eta', () => {
  it('equal items on 2 runners: the naive estimate overshoots 2×, this one does not', () => {
    const steps = simulate(new Array(10).fill(10_000), 2);
    // the first completion (t = 10 s, 9 left, 40 s to go: the other runner's item is done too)
    expect(steps[0].naive / steps[0].trueLeft).toBeGreaterThanOrEqual(2);
    // while at least one item's time is left (at the very end a batch finishing together leaves
    // 0 s for the one ahead of it, and any estimate is infinitely far off in ratio)
    for (const s of steps.filter((s) => s.trueLeft >= 10_000)) {
      expect(s.eta / s.trueLeft).toBeLessThanOrEqual(1.5);
      expect(s.eta / s.trueLeft).toBeGreaterThanOrEqual(1);
    }
    expect(steps[steps.length - 1].eta).toBe(0);
  });
  it('items of random length (uniform 5–15 s) on 4 runners: never 2× over, converging', () => {
    let x = 12345;
    const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const steps = simulate(Array.from({ length: 40 }, () => 5000 + 10_000 * rnd()), 4);
    const far = steps.filter((s) => s.trueLeft >= 15_000);
    for (const s of far) expect(s.eta / s.trueLeft).toBeLessThan(1.5);
    expect(Math.max(...far.map((s) => s.naive / s.trueLeft))).toBeGreaterThan(2); // what it replaces
    // once a quarter of the items are in, within 35% of the truth
    for (const s of far.slice(10)) expect(Math.abs(s.eta / s.trueLeft - 1)).toBeLessThan(0.35);
  });
  it('a prior counts as priorWeight items; unknown parallelism falls back to the observed rate', () => {
    const e = new Eta({ total: 4, parallel: 1, priorMs: 1000, priorWeight: 2 });
    expect(e.etaMs(0)).toBe(4000);
    e.done(4000); // (2·1000 + 4000) / 3 = 2000 per item, 3 left
    expect(e.etaMs(4000)).toBe(6000);
    const q = new Eta({ total: 4 });
    expect(q.etaMs(0)).toBeNaN();
    q.done(1);
    expect(q.etaMs(3000)).toBe(9000);
  });
  it("a sweep's progress line uses it: 2 workers, first point of 10 s, 9 left → ETA 45 s", () => {
    const out: string[] = [];
    const p = new Progress(10, 0, { write: (s) => out.push(s), isTTY: false }, 2);
    p.tick('n=16', true, 10_000);
    expect(out.at(-1)).toMatch(/1\/10 points .* ETA 45s {2}\(n=16\)\n$/);
  });
});

describe('measure progress when stderr is not a terminal', () => {
  it('one line per session with the time left, and a first line before the first session ends', () => {
    const out: string[] = [];
    const tick = sessionProgress({ write: (s) => out.push(s), isTTY: false }, 3, 'toy-insecure');
    const s = { keyAgreed: true, keyBits: 128, eve: { keyRecovered: false, keyBitAgreement: 0.5 } } as Parameters<typeof tick>[1];
    for (let i = 0; i < 3; i++) tick(i, s);
    expect(out).toHaveLength(4);
    expect(out[0]).toBe('measure: 3 sessions of toy-insecure, session 1 running…\n');
    expect(out[1]).toMatch(/^measure: session 1\/3 key 128 bits, Eve key bits 50\.0%; elapsed \d+s, ETA \d+s\n$/);
    expect(out[3]).toMatch(/^measure: session 3\/3 .*elapsed \d+s\n$/);
    for (const l of out) expect(l).not.toMatch(/\r|\x1b/);
  });
  it('`measure … 2>log` writes progress lines to the log file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sepka-progress-'));
    try {
      const log = join(dir, 'log');
      const fd = openSync(log, 'w');
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'measure', '--protocol', 'toy-insecure', '--sessions', '2', '--seed', '1', '--eve-budget-ms', '0', '--json'], {
        stdio: ['ignore', 'pipe', fd],
        encoding: 'utf8',
        timeout: 120_000,
      });
      closeSync(fd);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).sessions).toBe(2); // stdout: the one JSON object
      expectValid('measure', JSON.parse(r.stdout));
      const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
      expect(lines.filter((l) => /^measure: session \d\/2 /.test(l))).toHaveLength(2);
      expect(lines.some((l) => /^measure: session 1\/2 .*ETA \d+s$/.test(l))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
