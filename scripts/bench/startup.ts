/**
 * Start-up section of `npm run bench` (`--only startup`): what the demo pays for being three
 * processes, beside the same session run in one. All timings are of the compiled code (dist/,
 * `npm run build`), taken in one run, medians of REPS:
 *
 *   node -e 0         a bare Node process, spawn to exit: the floor of every start-up;
 *   sepka --version   the compiled bin, spawn to exit (target ≤ 2.5× node -e 0);
 *   measure session   `sepka measure --protocol paper-128 --sessions 1`: its own `ms` (the
 *                     session, Eve's default budget included), and its process wall time;
 *   demo              `sepka demo --protocol paper-128`, spawn to exit (target ≤ 1.5× the
 *                     measure session): the overhead is the difference;
 *   demo timeline     the same demo driven in this process (dist/demo/run.js, the compiled
 *                     children, all three spawned at its start): when each child first spoke
 *                     (alice and eve: listening; bob: his first progress, once connected), and
 *                     when the keys, Eve's report and the last exit arrived.
 *
 * Every run is seeded ('bench'), so the sessions are the same work each time. The machine's load
 * average is recorded beside the figures: the ratios move with it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from '../../src/stats.ts';
import type { BenchSection } from './section.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/sepka.js', import.meta.url));
const PROFILE = 'paper-128';
const SEED = 'bench';
const REPS = { quick: 7, session: 3 };
const TARGET = { demo: 1.5, version: 2.5 };

export interface StartupRecord {
  /** node -e 0 | sepka --version | measure session | measure process | demo | alice | eve | bob | keys | eve report | exit | demo/in-process | --version/node -e 0 (alice…exit: the demo timeline) */
  metric: string;
  /** ms for a time (the demo timeline's: from the demo's start); × for a ratio. */
  value: number;
  unit: 'ms' | '×';
  reps: number;
  /** The target a ratio is held to (≤), when it has one. */
  target?: number;
  /** 1-minute load average when the metric's runs started. */
  load: number;
}

function wall(args: string[]): { ms: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stderr).trim().split('\n').at(-1)}`);
  return { ms, stdout: r.stdout };
}

const load = (): number => Math.round(loadavg()[0] * 100) / 100;

type RunDemo = typeof import('../../src/demo/run.ts').runDemo;

/** One demo driven in this process from dist/: when each child first spoke, and the milestones. */
async function timeline(runDemo: RunDemo): Promise<Record<string, number>> {
  const t0 = performance.now();
  const first: Record<string, number> = {};
  const at: Record<string, number> = {};
  const seen = (role: string, t: string) => {
    const now = performance.now() - t0;
    first[role] ??= now;
    if (t === 'result') at[`${role} result`] = now;
    if (t === 'eve-report') at['eve report'] = now;
  };
  const out = await runDemo({ protocol: PROFILE, seed: SEED, noEve: false, onChildMessage: (role, m) => seen(role, m.t) });
  if (out.error || !out.alice?.ok || !out.bob?.ok) throw new Error(`demo failed: ${out.error ?? 'no key'}`);
  const exit = performance.now() - t0;
  return {
    alice: first.alice,
    eve: first.eve,
    bob: first.bob,
    keys: Math.max(at['alice result'], at['bob result']),
    'eve report': at['eve report'],
    exit,
  };
}

const section: BenchSection<StartupRecord> = {
  name: 'startup',
  async run(progress) {
    if (!existsSync(new URL('../../dist/cli/main.js', import.meta.url))) throw new Error('dist/ is missing: run npm run build first');
    const recs: StartupRecord[] = [];
    const add = (metric: string, values: number[], l: number, unit: 'ms' | '×' = 'ms') => {
      const r: StartupRecord = { metric, value: median(values), unit, reps: values.length, load: l };
      recs.push(r);
      return r;
    };

    let l = load();
    progress(`startup: node -e 0 and sepka --version, ${REPS.quick} each, interleaved (load ${l})`);
    const bare: number[] = [];
    const version: number[] = [];
    for (let i = 0; i < REPS.quick; i++) {
      bare.push(wall(['-e', '0']).ms);
      version.push(wall([BIN, '--version']).ms);
    }
    const nodeRec = add('node -e 0', bare, l);
    const versionRec = add('sepka --version', version, l);

    l = load();
    progress(`startup: measure --protocol ${PROFILE} --sessions 1, ${REPS.session} runs (load ${l})`);
    const session: number[] = [];
    const measureWall: number[] = [];
    for (let i = 0; i < REPS.session; i++) {
      const r = wall([BIN, 'measure', '--protocol', PROFILE, '--sessions', '1', '--seed', SEED, '--json']);
      session.push((JSON.parse(r.stdout) as { ms: number }).ms);
      measureWall.push(r.ms);
    }
    const sessionRec = add('measure session', session, l);
    add('measure process', measureWall, l);

    l = load();
    progress(`startup: demo --protocol ${PROFILE}, ${REPS.session} runs (load ${l})`);
    const demo: number[] = [];
    for (let i = 0; i < REPS.session; i++) demo.push(wall([BIN, 'demo', '--protocol', PROFILE, '--seed', SEED, '--json']).ms);
    const demoRec = add('demo', demo, l);

    l = load();
    progress(`startup: demo timeline from dist/, ${REPS.session} runs (load ${l})`);
    const { runDemo } = (await import(pathToFileURL(`${ROOT}dist/demo/run.js`).href)) as { runDemo: RunDemo };
    const lines: Array<Record<string, number>> = [];
    for (let i = 0; i < REPS.session; i++) lines.push(await timeline(runDemo));
    for (const k of Object.keys(lines[0])) add(k, lines.map((x) => x[k]), l);

    recs.push({ metric: 'demo/in-process', value: demoRec.value / sessionRec.value, unit: '×', reps: REPS.session, target: TARGET.demo, load: demoRec.load });
    recs.push({ metric: '--version/node -e 0', value: versionRec.value / nodeRec.value, unit: '×', reps: REPS.quick, target: TARGET.version, load: nodeRec.load });
    return recs;
  },
  format(recs) {
    const get = (m: string) => recs.find((r) => r.metric === m)!;
    const ms = (m: string) => `${Math.round(get(m).value)} ms`;
    const ratio = (m: string) => {
      const r = get(m);
      return `${r.value.toFixed(2)}× (target ≤ ${r.target}×: ${r.value <= r.target! ? 'met' : 'not met'})`;
    };
    const overhead = get('demo').value - get('measure session').value;
    const loads = [...new Set(recs.map((r) => r.load))].join(', ');
    return [
      `startup — compiled (dist/), ${PROFILE}, seeded; medians; load average ${loads}`,
      `  node -e 0                 ${ms('node -e 0')}`,
      `  sepka --version           ${ms('sepka --version')}   ${ratio('--version/node -e 0')} node -e 0`,
      `  measure --sessions 1      session ${ms('measure session')}, process ${ms('measure process')} ` +
        `(start-up and exit ${Math.round(get('measure process').value - get('measure session').value)} ms)`,
      `  demo                      ${ms('demo')}   ${ratio('demo/in-process')} the in-process session; overhead ${Math.round(overhead)} ms`,
      `  demo timeline (driven in this process, compiled children), from its start:`,
      `    alice listening ${ms('alice')}, eve listening ${ms('eve')}, bob's first progress ${ms('bob')}`,
      `    keys at ${ms('keys')}, eve's report at ${ms('eve report')}, all exited at ${ms('exit')}`,
    ].join('\n');
  },
};

export default section;
