/**
 * `sepka report DIR` and the report's extras:
 * - a tiny sweep's files are rebuilt byte for byte from its results.jsonl and sweep.json, into
 *   another directory and in place, without running a point;
 * - --png writes a PNG of each plot at twice the SVG's size (resvg-wasm, system fonts), and a
 *   missing font is one line and exit 2;
 * - the report notes are worked out from the figures: each rule fires on records that show its
 *   surprise and stays silent on records that do not.
 */
import { readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/dispatch.ts';
import { reportNotes } from '../src/measure/notes.ts';
import { svgWidth } from '../src/measure/plot.ts';
import { expandGrid } from '../src/measure/sweep/grid.ts';
import type { SweepRecord } from '../src/measure/sweep/record.ts';
import { runSweep } from '../src/measure/sweep/sweep.ts';
import { expectValid } from './helpers/schema.ts';
import { GRID, MEASURE_GRID } from './helpers/sweepGrid.ts';
import { tmpDirs } from './helpers/tmp.ts';

const tmp = tmpDirs('sepka-report-');

/** Run the CLI in-process; returns the exit code and what it wrote. */
async function sepka(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let [out, err] = ['', ''];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((x) => ((out += String(x)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((x) => ((err += String(x)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const files = (d: string) => readdirSync(d).sort();
const bytes = (d: string, f: string) => readFileSync(join(d, f));

describe('sepka report DIR', () => {
  it('rebuilds the same files from results.jsonl, elsewhere and in place, and writes PNGs on request', async () => {
    const points = [...expandGrid({ ...GRID, n: [12, 16], learnReps: 1 }), ...expandGrid({ ...MEASURE_GRID, n: [40] })];
    const dir = tmp();
    const res = await runSweep({ points, out: dir, workers: 0, command: 'npx tsx src/cli/main.ts sweep --test-only', title: 'tiny' });
    expect(res.failed).toEqual([]);
    const written = files(dir);
    expect(written).toEqual(
      ['eve-success.svg', 'eve-success.vl.json', 'report.html', 'results.csv', 'results.jsonl', 'separation.svg', 'separation.vl.json', 'sweep.json'].sort(),
    );
    expectValid('sweep-run', JSON.parse(bytes(dir, 'sweep.json').toString()));
    for (const line of bytes(dir, 'results.jsonl').toString().trim().split('\n')) expectValid('results-record', JSON.parse(line));
    const html = bytes(dir, 'report.html').toString();
    expect(html).toContain('<title>tiny</title>');
    expect(html).toContain('npx tsx src/cli/main.ts sweep --test-only');

    const other = join(tmp(), 'copy');
    const r = await sepka('report', dir, '--out', other, '--json');
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out) as { records: number; files: string[]; meta: { rng: string } };
    expectValid('report', summary);
    expect(summary.records).toBe(points.length);
    expect(summary.meta.rng).toBe('none');
    expect(summary.files.map((f) => f.slice(other.length + 1)).sort()).toEqual(written);
    expect(files(other)).toEqual(written);
    for (const f of written) expect(bytes(other, f).equals(bytes(dir, f)), f).toBe(true);

    // In place, after deleting the outputs (and with a stale plot of a left-out kind lying
    // there): the same bytes come back, and the stale plot goes.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'agreement.svg'), '<svg/>');
    const before = new Map(written.map((f) => [f, bytes(dir, f)]));
    for (const f of written) if (f !== 'results.jsonl' && f !== 'sweep.json') unlinkSync(join(dir, f));
    expect((await sepka('report', dir)).code).toBe(0);
    for (const f of written) expect(bytes(dir, f).equals(before.get(f)!), f).toBe(true);
    expect(files(dir)).toEqual(written);

    // Without sweep.json the report still builds, and says what it does not know.
    const bare = tmp();
    const { copyFileSync } = await import('node:fs');
    copyFileSync(join(dir, 'results.jsonl'), join(bare, 'results.jsonl'));
    expect((await sepka('report', bare)).code).toBe(0);
    expect(bytes(bare, 'report.html').toString()).toMatch(/how they were run is not known \(no sweep\.json/);
    expect(bytes(bare, 'separation.svg').equals(bytes(dir, 'separation.svg'))).toBe(true);

    // --png: one PNG per SVG, 2× its width (the IHDR width field, big-endian at byte 16).
    const png = tmp();
    expect((await sepka('report', dir, '--out', png, '--png')).code).toBe(0);
    for (const name of ['separation', 'eve-success']) {
      const p = bytes(png, `${name}.png`);
      expect(p.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), name).toBe(true);
      expect(p.readUInt32BE(16), name).toBe(Math.ceil(2 * svgWidth(bytes(png, `${name}.svg`).toString())));
      // Text was drawn (a font was found): a PNG of the plot without glyphs compresses far smaller.
      expect(p.length, name).toBeGreaterThan(40_000);
    }
  }, 120_000);

  it('refuses a directory without results.jsonl, and a named font that does not exist, in one line with exit 2', async () => {
    const empty = tmp();
    const r = await sepka('report', empty);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/results\.jsonl does not exist/);
    expect((await sepka('report')).code).toBe(2);

    const dir = tmp();
    await runSweep({ points: expandGrid({ ...GRID, n: [12, 14], learnReps: 1, learners: ['majority'] }), out: dir, workers: 0, command: 'test' });
    const saved = process.env.SEPKA_FONT;
    process.env.SEPKA_FONT = join(dir, 'no-such-font.ttf');
    try {
      const f = await sepka('report', dir, '--png');
      expect(f.code).toBe(2);
      expect(f.err.trim().split('\n')).toHaveLength(1);
      expect(f.err).toMatch(/PNG export: SEPKA_FONT names .*no-such-font\.ttf, which does not exist/);
    } finally {
      if (saved === undefined) delete process.env.SEPKA_FONT;
      else process.env.SEPKA_FONT = saved;
    }
  }, 60_000);
});

/** A measured point with just the fields the notes read. */
function rec(n: number, o: { stages: [string, number, [number, number]][]; keyRecovered?: number; raw?: [number, [number, number]]; theory?: number; sessions?: number }): SweepRecord {
  const sessions = o.sessions ?? 4;
  return {
    spec: { control: null },
    params: { n, w: 5 },
    measure: {
      sessions,
      raw: { agreement: { p: o.raw?.[0] ?? 0.56, ci: o.raw?.[1] ?? [0.5, 0.62] }, theory: o.theory ?? 0.56 },
      eve: {
        stages: o.stages.map(([stage, agreement, ci]) => ({ stage, agreement, ci, k: 0, n: 0 })),
        keyRecovered: { k: o.keyRecovered ?? 0, n: sessions, p: (o.keyRecovered ?? 0) / sessions, ci: [0, 1] },
      },
    },
  } as unknown as SweepRecord;
}

describe('report notes', () => {
  it('privacy amplification: Eve has the reconciled string but not the key', () => {
    const notes = reportNotes([rec(32, { stages: [['reconciled', 0.998, [0.6, 1]], ['key bits', 0.49, [0.434, 0.547]]] })]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Privacy amplification is doing its job at n = 32 \(reconciled 99\.8%, key 49\.0% \[43\.4, 54\.7\]\)/);
  });

  it('a broken key is named as such, and is not a privacy-amplification success', () => {
    const notes = reportNotes([rec(48, { stages: [['reconciled', 1, [0.999, 1]], ['key bits', 1, [0.987, 1]]], keyRecovered: 2, sessions: 2 })]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Eve recovered the whole session key at n = 48 \(2 of 2 sessions\)/);
  });

  it("reconciliation's leak: blind on raw bits, above one half after Cascade, back to one half on the key", () => {
    const stages: [string, number, [number, number]][] = [['raw (vs Alice)', 0.501, [0.499, 0.503]], ['reconciled', 0.658, [0.646, 0.67]], ['key bits', 0.457, [0.401, 0.514]]];
    const notes = reportNotes([rec(256, { stages })]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Eve is blind on the raw bits but not after reconciliation at n = 256 \(raw 50\.1%, reconciled 65\.8% \[64\.6, 67\.0\]\)/);
    // A wide interval around a raw agreement far from one half is not "blind".
    stages[0] = ['raw (vs Alice)', 0.935, [0.195, 0.999]];
    expect(reportNotes([rec(256, { stages })])).toEqual([]);
  });

  it('raw agreement off its theory, with the few-sessions reason when sessions are few', () => {
    const off = reportNotes([rec(32, { stages: [], raw: [0.5546, [0.5539, 0.5553]], theory: 0.5564, sessions: 2 })]);
    expect(off).toHaveLength(1);
    expect(off[0]).toMatch(/at n = 32 \(55\.5% \[55\.4, 55\.5\], theory 55\.6%\): each session's raw bits share one noise vector e, so with 2 session/);
    expect(reportNotes([rec(32, { stages: [], raw: [0.5546, [0.5539, 0.5553]], theory: 0.5564, sessions: 20 })])[0]).toMatch(/about one in a hundred/);
  });

  it('says nothing where nothing surprises', () => {
    const calm = rec(128, { stages: [['raw (vs Alice)', 0.5, [0.45, 0.55]], ['reconciled', 0.51, [0.45, 0.57]], ['key bits', 0.5, [0.44, 0.56]]] });
    expect(reportNotes([calm])).toEqual([]);
  });
});

describe('the committed docs/separation report', () => {
  // docs quote its figures, so its records must carry their provenance like any new record.
  const dir = join(import.meta.dirname, '..', 'docs', 'separation');
  it('every record and sweep.json validate, and each record names its commit, Node, CPU and seed', () => {
    expectValid('sweep-run', JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')));
    const lines = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(11);
    for (const line of lines) {
      const r = JSON.parse(line);
      expectValid('results-record', r);
      expect(r.meta.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(r.meta.node).toMatch(/^v\d+\./);
      expect(r.meta.cpu.cores).toBeGreaterThan(0);
      expect(r.meta.seed).toBe(r.seed);
    }
  });
});
