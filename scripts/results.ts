/**
 * `npm run results`: every measured figure quoted in README.md and docs/ is generated here from
 * a recorded run committed under docs/results/, so a figure cannot drift from the run it
 * comes from.
 *
 *   npm run results                      rewrite every generated block and the committed report
 *   npm run results -- --check           exit 1 (naming the blocks) when a file is not up to date
 *   npm run results -- --rerun [NAME…]   re-run the recorded commands first (all short ones, or
 *                                        the NAMEs given, long ones included), timing each
 *
 * A generated block sits between marker comments in a Markdown file:
 *     <!-- results:NAME -->  …  <!-- /results:NAME -->
 * and BLOCKS below says how NAME is rendered from which recorded runs (RUNS). A recorded run is
 * the command's own `--json` output (with its `meta`: code version, machine, seed, paramsHash);
 * a command whose human output is what docs show (the demo) is recorded as that text together
 * with the `meta` src/meta.ts builds for it, in this process, at the same moment. Timings are
 * stated with the machine `meta` names and the load average the recorder saw
 * (docs/results/runs.json), never by hand. test/docs.results.test.ts checks that each run's
 * paramsHash is the one of the profile the registry says it is about, and that regenerating
 * gives the committed bytes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatEstimate } from '../src/cli/estimate.ts';
import { formatMeasure } from '../src/cli/measure.ts';
import { resolveProfile } from '../src/measure/sweep/job.ts';
import type { PointSpec } from '../src/measure/sweep/grid.ts';
import { runMeta, type RunMeta } from '../src/meta.ts';
import { loadProfile, paramsHash } from '../src/protocol/profile.ts';
import { PRICE_RUNS, priceBlocks } from './results/price.ts';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const RESULTS_DIR = 'docs/results';
const MANIFEST = `${RESULTS_DIR}/runs.json`;

/** One recorded run: the command, where its output lives, and the profile docs say it is about. */
export interface Run {
  name: string;
  /** The profile (by its current name) the figures are about; null when the run spans several. */
  profile: string | null;
  /** sepka's arguments (run as `npx tsx src/cli/main.ts …`). */
  argv: string[];
  /** 'json': stdout is the command's --json object. 'text': stdout is human output, stored with
   * a meta the recorder builds. 'sweep': argv writes a sweep directory (`file` is that directory).
   * 'bench': argv are `npm run bench`'s (scripts/bench.ts), stdout its --json object; it times
   * the compiled code, which the recorder builds first. */
  kind: 'json' | 'text' | 'sweep' | 'bench';
  file: string;
  /** Re-run only when named explicitly (`--rerun NAME`): minutes, not seconds. */
  long?: boolean;
  /** The profile name the recording ran under when it differs from `profile` (a renamed profile:
   * the name is not hashed, so the paramsHash still matches). */
  ranAs?: string;
}

const estimateRun = (profile: string, ranAs?: string): Run => ({
  name: `estimate-${profile}`,
  profile,
  argv: ['estimate', '--protocol', profile, '--json'],
  kind: 'json',
  file: `${RESULTS_DIR}/estimate-${profile}.json`,
  ...(ranAs ? { ranAs } : {}),
});

/** The profiles README's table lists, in its order, with what each is for. */
export const PROFILES: { name: string; ranAs?: string; use: string }[] = [
  { name: 'paper-128', use: 'the default: the paper\'s line at 128-bit security, bit pairs + LDPC' },
  { name: 'paper-1024', use: 'the paper\'s line at n = 1024: asymptotic separation, not 128-bit' },
  { name: 'demo-256', use: 'fast demonstration (n = 256); Eve\'s attacks break targets now and then' },
  { name: 'demo-256-blocks', use: 'demo-256 with repetition blocks + Cascade, for comparison' },
  { name: 'demo-256-pairs', use: 'demo-256 with bit pairs + Cascade, for comparison' },
  { name: 'toy-insecure', use: 'broken on purpose: the control where Eve must win' },
];

/** Profiles of the other instances, after the LPN ones in README's table (their levels are priced differently). */
export const OTHER_PROFILES: { name: string; use: string }[] = [
  { name: 'lwe-128', use: 'LWE at FrodoKEM-640\'s n, q, σ; the lattice estimator\'s default model (MATZOV)' },
  { name: 'lwe-demo-256', use: 'LWE demonstration (n = 256), not 128-bit' },
  { name: 'lwe-toy', use: 'LWE broken on purpose: Eve\'s lattice reduction reads the key' },
  { name: 'gaussian-regression', use: 'the natural control: no hardness, least squares reads the key' },
];

export const RUNS: Run[] = [
  { name: 'demo-paper-128', profile: 'paper-128', argv: ['demo', '--protocol', 'paper-128', '--seed', '1'], kind: 'text', file: `${RESULTS_DIR}/demo-paper-128.json` },
  ...PROFILES.map((p) => estimateRun(p.name)),
  ...OTHER_PROFILES.map((p) => estimateRun(p.name)),
  {
    name: 'measure-demo-256',
    profile: 'demo-256',
    argv: ['measure', '--protocol', 'demo-256', '--sessions', '5', '--seed', '1', '--json'],
    kind: 'json',
    file: `${RESULTS_DIR}/measure-demo-256.json`,
  },
  {
    name: 'measure-paper-128',
    profile: 'paper-128',
    argv: ['measure', '--protocol', 'paper-128', '--sessions', '5', '--seed', '1', '--json'],
    kind: 'json',
    file: `${RESULTS_DIR}/measure-paper-128.json`,
  },
  {
    name: 'measure-toy-insecure',
    profile: 'toy-insecure',
    argv: ['measure', '--protocol', 'toy-insecure', '--sessions', '4', '--seed', '1', '--json'],
    kind: 'json',
    file: `${RESULTS_DIR}/measure-toy-insecure.json`,
  },
  {
    name: 'learn-n32',
    profile: null,
    argv: ['learn', '--n', '32', '--seed', '1'],
    kind: 'text',
    file: `${RESULTS_DIR}/learn-n32.json`,
  },
  {
    // Start-up and the demo's wall time against the same session in-process (about a minute).
    name: 'bench-startup',
    profile: null,
    argv: ['--only', 'startup', '--json'],
    kind: 'bench',
    file: `${RESULTS_DIR}/bench-startup.json`,
  },
  {
    // Sessions of 10^6 raw bits (β and f near the limit): a few minutes.
    name: 'measure-long',
    profile: 'examples/demo-256-long.json',
    argv: ['measure', '--protocol', 'examples/demo-256-long.json', '--sessions', '20', '--seed', '1', '--eve-budget-ms', '0', '--json'],
    kind: 'json',
    file: `${RESULTS_DIR}/measure-long.json`,
    long: true,
  },
  {
    // The frame-error rate on 2,000 sessions: a quarter of an hour on 2 cores.
    name: 'measure-demo-256-fer',
    profile: 'demo-256',
    argv: ['measure', '--protocol', 'demo-256', '--sessions', '2000', '--seed', '7', '--eve-budget-ms', '0', '--json'],
    kind: 'json',
    file: `${RESULTS_DIR}/measure-demo-256-fer.json`,
    long: true,
  },
  {
    // The committed separation report. Recorded when its base profile (then named `default`)
    // amplified with repetition blocks and Cascade, i.e. on demo-256-blocks' parameters; a
    // re-run (`--rerun separation`, a few minutes) records it on the sweep's base profile
    // (with each point's n): then set `profile` here, and the note in docs/separation/README.md,
    // to match.
    name: 'separation',
    profile: 'demo-256-blocks',
    argv: ['sweep', '--preset', 'separation', '--force', '--png', '--out', 'docs/separation'],
    kind: 'sweep',
    file: 'docs/separation',
    long: true,
  },
  ...PRICE_RUNS,
];

/** What the recorder saw around one run (docs/results/runs.json). */
export interface RunNote {
  command: string;
  wallMs: number;
  /** 1-minute load average when the run started and when it ended. */
  loadAvg: [number, number];
}

export interface Recorded {
  run: Run;
  meta: RunMeta;
  /** The --json object (kind json), the text and meta wrapper (kind text). */
  data: Record<string, unknown>;
  /** A sweep's records (kind sweep). */
  records?: Record<string, unknown>[];
  note?: RunNote;
}

const read = (rel: string): string => readFileSync(join(ROOT, rel), 'utf8');

export function readManifest(): Record<string, RunNote> {
  return existsSync(join(ROOT, MANIFEST)) ? (JSON.parse(read(MANIFEST)) as Record<string, RunNote>) : {};
}

/** Whether `name` has been recorded (a long run may not be yet). */
export function isRecorded(name: string): boolean {
  const run = RUNS.find((r) => r.name === name);
  return !!run && existsSync(join(ROOT, run.kind === 'sweep' ? `${run.file}/results.jsonl` : run.file));
}

export function loadRun(name: string): Recorded {
  const run = RUNS.find((r) => r.name === name);
  if (!run) throw new Error(`no recorded run named ${name}`);
  const note = readManifest()[name];
  if (run.kind === 'sweep') {
    const records = read(`${run.file}/results.jsonl`).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    return { run, meta: records[0].meta as RunMeta, data: JSON.parse(read(`${run.file}/sweep.json`)) as Record<string, unknown>, records, note };
  }
  const data = JSON.parse(read(run.file)) as Record<string, unknown>;
  return { run, meta: data.meta as RunMeta, data, note };
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The name to load `name` by: itself, or the name a renamed profile had when it was recorded
 * while the checkout does not know the new name yet. */
export function profileName(name: string, ranAs?: string, profilesDir?: URL): string {
  if (!ranAs) return name;
  try {
    loadProfile(name, profilesDir);
    return name;
  } catch {
    return ranAs;
  }
}

/**
 * Why a recorded run no longer describes the profile it is quoted for, or [] when it does:
 * its paramsHash against the profile loaded by name (from `profilesDir`), and its package
 * version against package.json's (a new version may change what a run prints).
 */
export function staleness(rec: Recorded, profilesDir?: URL): string[] {
  const out: string[] = [];
  const pkg = (JSON.parse(read('package.json')) as { version: string }).version;
  const metas = rec.records ? rec.records.map((r) => r.meta as RunMeta) : [rec.meta];
  if (metas.some((m) => m.sepka !== pkg)) out.push(`${rec.run.name}: recorded by sepka ${metas[0].sepka}, this is ${pkg}`);
  if (rec.run.profile === null) return out;
  if (rec.records) {
    for (const r of rec.records) {
      const spec = r.spec as PointSpec;
      // The controls run on their own profile (toy-insecure); the grid's points on the sweep's.
      const protocol = spec.control ? spec.protocol : profileName(rec.run.profile, PROFILES.find((p) => p.name === rec.run.profile)?.ranAs, profilesDir);
      const want = hex(paramsHash(resolveProfile({ ...spec, protocol: profilesDir ? fileURLToPath(new URL(`${protocol}.json`, profilesDir)) : protocol })));
      if ((r.meta as RunMeta).paramsHash !== want) out.push(`${rec.run.name}: point ${String(r.id)} (${protocol}, n = ${String(spec.n)}) was recorded with other parameters than ${protocol} has now`);
    }
    return out;
  }
  const want = hex(paramsHash(loadProfile(profileName(rec.run.profile, rec.run.ranAs, profilesDir), profilesDir)));
  if (rec.meta.paramsHash !== want) out.push(`${rec.run.name}: recorded with paramsHash ${rec.meta.paramsHash?.slice(0, 12)}, profile ${rec.run.profile} now has ${want.slice(0, 12)}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Renderers

/** "AMD EPYC, 2 cores, load average 6.5; Node v20.20.2": the machine a timing was measured on. */
export function machine(rec: Recorded): string {
  const m = rec.meta;
  const load = rec.note ? `, load average ${rec.note.loadAvg[0].toFixed(1)}` : '';
  return `${m.cpu.model}, ${m.cpu.cores} cores${load}; Node ${m.node}`;
}

const fence = (text: string): string => '```\n' + text.replace(/\s+$/, '') + '\n```';
const f1 = (x: number): string => x.toFixed(1);
/** The command a reader types, with the profile's current name. */
const shown = (run: Run): string => (run.kind === 'bench' ? `npm run bench -- ${run.argv.join(' ')}` : `sepka ${run.argv.join(' ')}`);

function estimateOf(profile: string): Recorded {
  return loadRun(`estimate-${profile}`);
}
type Estimate = Parameters<typeof formatEstimate>[1] & {
  protocol: string;
  paperLineFor128: Parameters<typeof formatEstimate>[2];
  multiTarget: NonNullable<Parameters<typeof formatEstimate>[3]>;
};

/** The block of a run not recorded yet: the command that records it. */
function notRecorded(name: string): string {
  const run = RUNS.find((r) => r.name === name)!;
  return `(Not recorded yet: \`npm run results -- --rerun ${name}\` runs \`${shown(run)}\` and fills this in.)`;
}

export interface Block {
  name: string;
  runs: string[];
  render(): string;
}

export const BLOCKS: Block[] = [
  {
    name: 'demo-paper-128',
    runs: ['demo-paper-128'],
    render() {
      const rec = loadRun('demo-paper-128');
      return [
        fence(`$ npm run demo -- --seed 1\n${String(rec.data.stdout)}`),
        '',
        `(Recorded in docs/results/demo-paper-128.json on ${machine(rec)}.)`,
      ].join('\n');
    },
  },
  {
    name: 'profiles',
    runs: [...PROFILES, ...OTHER_PROFILES].map((p) => `estimate-${p.name}`),
    render() {
      const rows = PROFILES.map((p) => {
        const e = estimateOf(p.name).data as unknown as Estimate;
        return `| \`${p.name}\` | ${e.params.n} | 2^${f1(e.multiTarget.securityLevel.log2BitOps)} | ${p.use} |`;
      });
      for (const p of OTHER_PROFILES) {
        const e = estimateOf(p.name).data as unknown as { params: { n: number }; lwe?: { securityLevel: { log2: number } }; noHardness?: { log2Ops: number } };
        const level = e.lwe ? `2^${f1(e.lwe.securityLevel.log2)} (LWE)` : `none: least squares, 2^${f1(e.noHardness!.log2Ops)} ops`;
        rows.push(`| \`${p.name}\` | ${e.params.n} | ${level} | ${p.use} |`);
      }
      return ['| profile | n | security level (bit ops) | what it is for |', '|---|---|---|---|', ...rows].join('\n');
    },
  },
  {
    name: 'security-levels',
    runs: PROFILES.map((p) => `estimate-${p.name}`),
    render() {
      const rows = PROFILES.map((p) => {
        const e = estimateOf(p.name).data as unknown as Estimate;
        const mt = e.multiTarget;
        const best = [...e.attacks].sort((a, b) => a.log2BitOps - b.log2BitOps)[0];
        return `| \`${p.name}\` | ${e.params.n} | ${e.params.w} | 2^${f1(best.log2BitOps)} (${best.route} ${best.algorithm}) | **2^${f1(mt.securityLevel.log2BitOps)}** (${mt.securityLevel.best}) | 2^${f1(mt.sessionKey.log2BitOps)} | 2^${f1(mt.quantum.log2Gates)} |`;
      });
      return [
        '| profile | n | w | one target of typical weight | security level: one column or challenge | whole key | quantum (gates) |',
        '|---|---|---|---|---|---|---|',
        ...rows,
        '',
        `(From \`sepka estimate --protocol NAME --json\`, recorded in docs/results/estimate-NAME.json.)`,
      ].join('\n');
    },
  },
  {
    name: 'estimate-paper-128',
    runs: ['estimate-paper-128'],
    render() {
      const rec = estimateOf('paper-128');
      const e = rec.data as unknown as Estimate;
      return fence(`$ ${shown(rec.run).replace(' --json', '')}\n${formatEstimate(e.protocol, e, e.paperLineFor128, e.multiTarget)}`);
    },
  },
  ...['measure-demo-256', 'measure-paper-128', 'measure-toy-insecure', 'measure-long', 'measure-demo-256-fer'].map(
    (name): Block => ({
      name,
      runs: [name],
      render() {
        if (!isRecorded(name)) return notRecorded(name);
        const rec = loadRun(name);
        return [
          fence(`$ ${shown(rec.run).replace(' --json', '')}\n${formatMeasure(rec.data as unknown as Parameters<typeof formatMeasure>[0])}`),
          '',
          `(Recorded in ${rec.run.file} on ${machine(rec)}.)`,
        ].join('\n');
      },
    }),
  ),
  {
    name: 'learn-n32',
    runs: ['learn-n32'],
    render() {
      const rec = loadRun('learn-n32');
      return [fence(`$ ${shown(rec.run)}\n${String(rec.data.stdout)}`), '', `(Recorded in ${rec.run.file} on ${machine(rec)}.)`].join('\n');
    },
  },
  {
    name: 'profile-parameters',
    runs: PROFILES.map((p) => `estimate-${p.name}`),
    render() {
      const rows = PROFILES.map((p) => {
        const e = estimateOf(p.name).data as unknown as Estimate & { params: { L: number; challenges: number } };
        const prange = (route: string) => e.attacks.find((a) => a.route === route && a.algorithm === 'prange')!.log2Trials;
        const { n, theta, m, w, L, challenges } = e.params;
        return `| \`${p.name}\` | ${n} | ${theta.toPrecision(4)} | ${m} | ${w} | ${L} | ${e.eps.toFixed(3)} | ${e.pAgree.toFixed(3)} | ${(challenges * L).toLocaleString('en-US')} | ${f1(prange('primal'))} | ${f1(prange('dual'))} |`;
      });
      return [
        '| profile | n | θ | m | w | L | ε = (1−2θ)^w | p | raw bits per session | primal (log2 Prange trials) | dual (log2) |',
        '|---|---|---|---|---|---|---|---|---|---|---|',
        ...rows,
        '',
        '(From `sepka estimate --protocol NAME --json`, recorded in docs/results/estimate-NAME.json.)',
      ].join('\n');
    },
  },
  {
    name: 'timings',
    runs: RUNS.filter((r) => !r.name.startsWith('estimate-') && r.kind !== 'sweep' && r.kind !== 'bench').map((r) => r.name),
    render() {
      const rows = RUNS.filter((r) => r.kind !== 'sweep' && r.kind !== 'bench' && !r.name.startsWith('estimate-') && isRecorded(r.name)).map((r) => {
        const rec = loadRun(r.name);
        const wall = rec.note ? `${(rec.note.wallMs / 1000).toFixed(1)} s` : '–';
        const load = rec.note ? rec.note.loadAvg[0].toFixed(1) : '–';
        return `| \`${shown(r).replace(' --json', '')}\` | ${wall} | ${rec.meta.cpu.model}, ${rec.meta.cpu.cores} cores; Node ${rec.meta.node} | ${load} |`;
      });
      return ['| command | wall time (with process start) | machine | load average at start |', '|---|---|---|---|', ...rows].join('\n');
    },
  },
  {
    name: 'startup',
    runs: ['bench-startup'],
    render() {
      if (!isRecorded('bench-startup')) return notRecorded('bench-startup');
      const rec = loadRun('bench-startup');
      const recs = rec.data.startup as { metric: string; value: number; unit: string; reps: number; target?: number; load: number }[];
      const get = (m: string) => recs.find((r) => r.metric === m)!;
      const ms = (m: string) => `${Math.round(get(m).value)} ms`;
      const ratio = (m: string) => `**${get(m).value.toFixed(2)}×** (target ≤ ${get(m).target}×)`;
      const overhead = Math.round(get('demo').value - get('measure session').value);
      return [
        '| what | median | |',
        '|---|---|---|',
        `| \`node -e 0\` | ${ms('node -e 0')} | the floor of every start-up |`,
        `| \`sepka --version\` (compiled bin) | ${ms('sepka --version')} | ${ratio('--version/node -e 0')} \`node -e 0\` |`,
        `| \`sepka measure --protocol paper-128 --sessions 1\`: the session | ${ms('measure session')} | in-process, Eve's 1.5 s budget included |`,
        `| the same, whole process | ${ms('measure process')} | |`,
        `| \`sepka demo --protocol paper-128\` | ${ms('demo')} | ${ratio('demo/in-process')} the session; ${overhead >= 0 ? '+' : '−'}${Math.abs(overhead)} ms |`,
        `| demo: Alice listening / Eve listening / Bob's first progress | ${ms('alice')} / ${ms('eve')} / ${ms('bob')} | from the demo's start (the three spawned at once) |`,
        `| demo: both keys / Eve's report / all exited | ${ms('keys')} / ${ms('eve report')} / ${ms('exit')} | from the demo's start |`,
        '',
        `(Medians of ${get('demo').reps} demos and sessions and ${get('node -e 0').reps} start-ups, all seeded, recorded in ${rec.run.file} by \`${shown(rec.run)}\` on ${machine(rec)}; load average ${[...new Set(recs.map((r) => r.load.toFixed(1)))].join(', ')} during its sections.)`,
      ].join('\n');
    },
  },
  {
    name: 'separation-wins',
    runs: ['separation'],
    render() {
      const rec = loadRun('separation');
      const rows = rec
        .records!.filter((r) => !(r.spec as PointSpec).control)
        .sort((a, b) => ((a.spec as PointSpec).n ?? 0) - ((b.spec as PointSpec).n ?? 0))
        .map((r) => {
          const learn = r.learn as { reps: number; amu: { ms: number }; eve: { learners: { name: string; recovered: { k: number } }[] } };
          const best = learn.eve.learners.reduce((a, b) => (b.recovered.k > a.recovered.k ? b : a));
          return `| ${(r.spec as PointSpec).n} | ${learn.amu.ms.toFixed(2)} | ${best.recovered.k}/${learn.reps} (${best.name}) |`;
        });
      const run = rec.data.run as { workers: number; wallMs: number };
      return [
        '| n | A_μ ms | instances Eve won (best unimodal learner) |',
        '|---|---|---|',
        ...rows,
        '',
        `(From docs/separation/results.jsonl: ${(run.wallMs / 1000).toFixed(0)} s on ${run.workers} workers, ${rec.meta.cpu.model}, ${rec.meta.cpu.cores} cores; Node ${rec.meta.node}.)`,
      ].join('\n');
    },
  },
  ...priceBlocks({ loadRun, machine, fence }),
];

// ---------------------------------------------------------------------------------------------
// Files

const MARKER = /<!-- results:([a-z0-9-]+) -->\n[\s\S]*?<!-- \/results:\1 -->/g;

/** The Markdown files that may hold generated blocks. */
export function docFiles(): string[] {
  const out = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md'].filter((f) => existsSync(join(ROOT, f)));
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push(p);
    }
  };
  walk('docs');
  return out;
}

/** Each doc file's text with every generated block rendered afresh; unknown block names throw. */
export function regenerate(): { file: string; before: string; after: string; blocks: string[] }[] {
  const cache = new Map<string, string>();
  return docFiles().map((file) => {
    const before = read(file);
    const blocks: string[] = [];
    const after = before.replace(MARKER, (_m, name: string) => {
      const block = BLOCKS.find((b) => b.name === name);
      if (!block) throw new Error(`${file}: no generated block named ${name} (scripts/results.ts BLOCKS)`);
      blocks.push(name);
      if (!cache.has(name)) cache.set(name, block.render());
      return `<!-- results:${name} -->\n${cache.get(name)}\n<!-- /results:${name} -->`;
    });
    return { file, before, after, blocks };
  });
}

const cli = (argv: string[]) => spawnSync('npx', ['tsx', 'src/cli/main.ts', ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
/** `npm run bench -- …argv` on a fresh build of dist/ (the code it times). */
function bench(argv: string[]) {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (b.status !== 0) return b;
  return spawnSync('npx', ['tsx', 'scripts/bench.ts', ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** Re-run one recorded command, store its output and what the recorder saw. */
export function rerun(run: Run): RunNote {
  const command = shown(run);
  const load0 = loadavg()[0];
  const startedAt = new Date();
  const t0 = performance.now();
  // A renamed profile the checkout does not know yet runs under the name it had.
  const argv = run.profile && run.ranAs ? run.argv.map((a) => (a === run.profile ? profileName(run.profile!, run.ranAs) : a)) : run.argv;
  const r = run.kind === 'bench' ? bench(argv) : cli(argv);
  const wallMs = Math.round(performance.now() - t0);
  if (r.status !== 0) throw new Error(`${command}: exit ${r.status}\n${r.stderr.trim().split('\n').slice(-3).join('\n')}`);
  if (run.kind === 'json' || run.kind === 'bench') writeFileSync(join(ROOT, run.file), JSON.stringify(JSON.parse(r.stdout), null, 2) + '\n');
  else if (run.kind === 'text') {
    const seedAt = run.argv.indexOf('--seed');
    const meta = runMeta({ startedAt, seed: seedAt >= 0 ? run.argv[seedAt + 1] : null, paramsHash: run.profile ? paramsHash(loadProfile(profileName(run.profile, run.ranAs))) : null });
    writeFileSync(join(ROOT, run.file), JSON.stringify({ command, stdout: r.stdout, meta }, null, 2) + '\n');
  }
  const note: RunNote = { command, wallMs, loadAvg: [Number(load0.toFixed(2)), Number(loadavg()[0].toFixed(2))] };
  const manifest = readManifest();
  manifest[run.name] = note;
  writeFileSync(join(ROOT, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return note;
}

/** Rebuild the committed sweep reports from their records (`sepka report`, no recomputation). */
function rebuildReports(): void {
  for (const run of RUNS.filter((r) => r.kind === 'sweep')) {
    const r = cli(['report', run.file, '--png']);
    if (r.status !== 0) throw new Error(`sepka report ${run.file}: exit ${r.status}: ${r.stderr.trim()}`);
  }
}

function main(args: string[]): number {
  const check = args.includes('--check');
  const at = args.indexOf('--rerun');
  if (at >= 0) {
    const names = args.slice(at + 1).filter((a) => !a.startsWith('--'));
    const unknown = names.filter((n) => !RUNS.some((r) => r.name === n));
    if (unknown.length) {
      process.stderr.write(`results: no recorded run named ${unknown.join(', ')} (known: ${RUNS.map((r) => r.name).join(', ')})\n`);
      return 2;
    }
    const todo = names.length ? RUNS.filter((r) => names.includes(r.name)) : RUNS.filter((r) => !r.long);
    for (const run of todo) {
      process.stderr.write(`results: running ${shown(run)} …\n`);
      const note = rerun(run);
      process.stderr.write(`results: ${run.name}: ${(note.wallMs / 1000).toFixed(1)} s (load average ${note.loadAvg[0]} → ${note.loadAvg[1]})\n`);
    }
  }
  const stale = RUNS.filter((r) => isRecorded(r.name)).flatMap((r) => staleness(loadRun(r.name)));
  for (const s of stale) process.stderr.write(`results: STALE ${s}\n`);
  const files = regenerate();
  const changed = files.filter((f) => f.before !== f.after);
  if (check) {
    for (const f of changed) process.stderr.write(`results: ${f.file} is not up to date (npm run results)\n`);
    return changed.length || stale.length ? 1 : 0;
  }
  for (const f of changed) writeFileSync(join(ROOT, f.file), f.after);
  rebuildReports();
  const blocks = files.reduce((k, f) => k + f.blocks.length, 0);
  process.stdout.write(`results: ${blocks} generated block(s) in ${files.filter((f) => f.blocks.length).length} file(s); ${changed.length} file(s) rewritten; reports rebuilt\n`);
  return stale.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
