/**
 * `sepka sweep` (DESIGN.md §6): grids over n and the other parameters, run on all
 * cores; writes results.jsonl, results.csv, one SVG and Vega-Lite spec per plot (PNG with --png)
 * and a self-contained report.html in --out DIR (`sepka report DIR` rebuilds them). Grid axes
 * (n, θ, m, w, ℓ, L, distillation, pair rounds, reconciler, Eve's budget, sessions, seed) are comma lists; anything not given takes the
 * preset's value, then the profile's.
 */
import { Command, intListOpt, intOpt, listOpt, numOpt, printJson, warnIfSeeded } from './args.ts';
import { SepkaError } from '../errors.ts';
import { safeUrl } from '../text.ts';
import { DEFAULT_GRID, DISTILLS, expandGrid, PARTS, PRESETS, RECONCILERS, type Distill, type Grid, type MultipleOfN, type Part } from '../measure/sweep/grid.ts';
import type { Reconciler } from '../protocol/theory.ts';
import { LEARNER_NAMES } from '../learners/registry.ts';
import { DEFAULT_PROFILE, loadProfile, resolveProtocolArg } from '../protocol/profile.ts';
import { isLpn, separationNameOf } from '../separation/index.ts';
import { DEFAULT_EVE_BUDGET_MS } from '../eve/state.ts';
import { wrap } from '../term.ts';
import { didYouMean } from '../suggest.ts';

const usage = `usage: sepka sweep --out DIR [--preset NAME] [grid options] [--workers N] [--resume] [--json]

Grid axes (comma lists; every combination is one point; derived values as in sepka estimate):
  --n LIST                 secret lengths, e.g. 24,32,48 (default: the profile's n)
  --theta LIST             noise rates θ in (0, 0.5) (default: the profile's; with --n on LPN,
                           n^-1/2; on LWE θ = σ/q)
  --m LIST                 samples m, integers or multiples of n such as 2n,4n (default: the
                           profile's; with --n, 4n on LPN, n·(the profile's m/n) on LWE and
                           gaussian-regression)
  --w LIST|balanced        challenge weights; 'balanced' matches the dual route's cost to the primal's
  --ell LIST|auto          repetition block lengths ℓ; 'auto' maximises the key yield
  --L LIST                 label columns per challenge
  --distill LIST           advantage distillation, of blocks,pairs, as in measure (default: the
                           profile's)
  --pair-rounds LIST|auto  bit-pair rounds 1–6 or auto (with --distill pairs)
  --reconciler LIST        information reconciliation, of cascade,ldpc (default: the profile's);
                           with any of these three, records carry per-stage bits, f, FER and β
  --eve-budget-ms LIST     Eve's budget for one session in the measure part, ms, as in measure
                           (default ${DEFAULT_EVE_BUDGET_MS}, as in demo and measure); also each learner's in the learn part, unless
                           --budget-ms is given
  --budget-ms B            each unimodal learner's budget in the learn part, ms, as in learn
  --sessions LIST          in-process sessions per point (default 4)
  --seed LIST              sweep seeds (default 1, printed when not given); each point's seed is
                           derived from it and the point
Other options:
  --preset NAME            ${Object.entries(PRESETS)
    .flatMap(([k, v]) => [`${k}: ${v.summary}`, ...Object.values(v.families ?? {}).map((f) => `  ${f.summary}`)])
    .join('\n                           ')}
  --protocol NAME          base profile: a name in protocols/ or a file's path (default ${DEFAULT_PROFILE});
                           other parameters take its values
  --reps K                 learning instances per point, for Eve's success rate (default 3)
  --test T                 fresh examples for risk estimates (default 2000)
  --learners a,b           Eve's learners in the learning experiment (default: all that apply)
  --eve-budget-trials N    also cap each learner (learn part) and each of Eve's attacks in a
                           session (measure part) at N trials: figures that do not depend on
                           the machine, as in learn and measure
  --parts a,b              of learn,estimate,measure (default: the preset's, else all three)
  --no-controls            skip the oracle-Eve and insecure-profile controls
  --workers N              worker threads (default: all cores; 0 runs in this thread)
  --redis URL              run the points as jobs on a BullMQ queue in this Redis instead
                           (redis://HOST:PORT); \`sepka worker --redis URL\` processes run them
  --queue NAME             the queue's name (default 'sepka'; the workers must use the same)
  --redis-wait-ms MS       how long to wait for a Redis that went away (default 60000): a
                           restart is waited for and the jobs it lost are put back; past it the
                           sweep stops with one line, exit 2, every finished point saved
  --out DIR                output directory (required)
  --resume                 keep the points already in DIR/results.jsonl and run only the rest
  --force                  start over even if DIR/results.jsonl exists
  --title TEXT             report title
  --png                    also write a PNG of each plot (2× size, for slides and papers)
  --json                   print one JSON summary object on stdout

\`sepka report DIR\` rebuilds the CSV, plots and report.html from DIR/results.jsonl.

Examples:
  sepka sweep --preset separation --out out/sep
  sepka sweep --n 24,32,48 --sessions 4 --seed 1 --out out/small`;

/**
 * The instance a --protocol names: 'lpn' (LPN and its sparse-secret variant), 'lwe' or
 * 'gaussian-regression'; a name that does not load counts as LPN and is left to the sweep's own
 * check, which says why in one line.
 */
function separationOfProtocol(protocol: string): string {
  try {
    const p = loadProfile(protocol);
    return isLpn(p) ? 'lpn' : separationNameOf(p);
  } catch {
    return 'lpn';
  }
}

const bad = (msg: string): never => {
  throw new SepkaError('SEPKA_ERR_USAGE', msg);
};

/** Comma list of integers or one keyword ('balanced', 'auto'). */
function intOrWord<W extends string>(v: unknown, name: string, word: W): (number | W)[] | undefined {
  if (v === undefined) return undefined;
  const xs = String(v).split(',').map((t) => t.trim());
  if (xs.some((t) => t === '')) bad(`--${name}: empty item in '${v}'`);
  return xs.map((t) => (t === word ? word : intOpt(t, name, 0, 1)));
}

/** --theta LIST: reals in (0, 0.5). */
function thetaList(v: unknown): number[] | undefined {
  if (v === undefined) return undefined;
  return String(v)
    .split(',')
    .map((t) => numOpt(t.trim(), 'theta', 0, 1e-6, 0.4999999)!);
}

/** --m LIST: integers, or multiples of n written Kn (2n, 4n, 1.5n). */
function mList(v: unknown): (number | MultipleOfN)[] | undefined {
  if (v === undefined) return undefined;
  return String(v)
    .split(',')
    .map((t) => t.trim())
    .map((t) => {
      if (!/^\d+(\.\d+)?n$/.test(t)) return intOpt(t, 'm', 0, 1, 1 << 16);
      if (!(Number(t.slice(0, -1)) >= 1)) bad(`--m: a multiple of n must be at least 1n, got '${t}'`);
      return t as MultipleOfN;
    });
}

export function gridFromOptions(v: Record<string, string | boolean | undefined>): Grid {
  let g: Grid = { ...DEFAULT_GRID };
  // A path is stored absolute, so that --resume from another directory finds the same file.
  const protocol = v.protocol !== undefined ? resolveProtocolArg(String(v.protocol)) : undefined;
  const family = protocol === undefined ? 'lpn' : separationOfProtocol(protocol);
  if (v.preset !== undefined) {
    const p = PRESETS[String(v.preset)];
    if (!p) bad(`--preset: unknown '${v.preset}'${didYouMean(String(v.preset), Object.keys(PRESETS))} (known: ${Object.keys(PRESETS).join(', ')})`);
    // On LWE and the natural control the preset's own grid for that instance, if it has one.
    const fam = family === 'lwe' || family === 'gaussian-regression' ? p.families?.[family] : undefined;
    if (family !== 'lpn' && p.grid.w?.includes('balanced') && !fam) bad(`--preset ${v.preset}: its grid is LPN's (balanced w); "${String(v.protocol)}" is ${family}`);
    g = { ...g, ...(fam?.grid ?? p.grid) };
  }
  if (protocol !== undefined) g.protocol = protocol;
  if (family !== 'lpn') {
    for (const k of ['learners', 'eve-budget-trials'] as const)
      if (v[k] !== undefined) bad(`--${k}: LPN's learners and their trials; on ${family} the learn part runs ${family === 'lwe' ? 'the uSVP route and least squares mod q' : 'least squares'} under --budget-ms`);
    if (String(v.w ?? '').split(',').includes('balanced')) bad(`--w balanced matches LPN's dual cost to its primal; on ${family} give w as integers`);
  }
  g.n = intListOpt(v.n, 'n') ?? g.n;
  g.theta = thetaList(v.theta) ?? g.theta;
  g.m = mList(v.m) ?? g.m;
  g.w = intOrWord(v.w, 'w', 'balanced') ?? g.w;
  g.ell = intOrWord(v.ell, 'ell', 'auto') ?? g.ell;
  g.L = intListOpt(v.L, 'L') ?? g.L;
  g.distill = (listOpt(v.distill, 'distill', DISTILLS) as Distill[] | undefined) ?? g.distill;
  g.reconciler = (listOpt(v.reconciler, 'reconciler', RECONCILERS) as Reconciler[] | undefined) ?? g.reconciler;
  g.pairRounds = intOrWord(v['pair-rounds'], 'pair-rounds', 'auto') ?? g.pairRounds;
  for (const r of g.pairRounds ?? []) if (typeof r === 'number' && !(r >= 1 && r <= 6)) bad(`--pair-rounds values must be 1–6 or auto, got ${r}`);
  g.eveBudgetMs = intListOpt(v['eve-budget-ms'], 'eve-budget-ms') ?? g.eveBudgetMs;
  if (v['budget-ms'] !== undefined) g.learnBudgetMs = intOpt(v['budget-ms'], 'budget-ms', 0, 0, 86_400_000);
  g.sessions = intListOpt(v.sessions, 'sessions') ?? g.sessions;
  g.seed = listOpt(v.seed, 'seed') ?? g.seed;
  g.learnReps = intOpt(v.reps, 'reps', g.learnReps, 1, 1000);
  g.test = intOpt(v.test, 'test', g.test, 1, 10_000_000);
  g.learners = listOpt(v.learners, 'learners', LEARNER_NAMES) ?? g.learners;
  if (v['eve-budget-trials'] !== undefined) g.eveBudgetTrials = intOpt(v['eve-budget-trials'], 'eve-budget-trials', 0, 0);
  g.parts = (listOpt(v.parts, 'parts', PARTS) as Part[] | undefined) ?? g.parts;
  for (const [k, xs] of Object.entries({ n: g.n, L: g.L, sessions: g.sessions }))
    for (const x of xs) if (x !== null && x < 1) bad(`--${k} values must be ≥ 1, got ${x}`);
  return g;
}

/** The command line that regenerates this sweep, from the parsed options. */
function commandLine(v: Record<string, string | boolean | undefined>): string {
  const parts = ['npx sepka sweep'];
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined || x === false || ['resume', 'force', 'json', 'help', 'workers', 'redis', 'queue', 'redis-wait-ms'].includes(k)) continue;
    const val = String(x);
    parts.push(x === true ? `--${k}` : `--${k} ${/^[\w.,/:=-]+$/.test(val) ? val : `'${val.replace(/'/g, `'\\''`)}'`}`);
  }
  return parts.join(' ');
}

const cmd: Command = {
  summary: 'grid over parameters; writes JSON, CSV, SVG plots and an HTML report',
  usage,
  options: {
    preset: { type: 'string' },
    protocol: { type: 'string' },
    n: { type: 'string' },
    theta: { type: 'string' },
    m: { type: 'string' },
    w: { type: 'string' },
    ell: { type: 'string' },
    L: { type: 'string' },
    distill: { type: 'string' },
    'pair-rounds': { type: 'string' },
    reconciler: { type: 'string' },
    'eve-budget-ms': { type: 'string' },
    'eve-budget-trials': { type: 'string' },
    'budget-ms': { type: 'string' },
    sessions: { type: 'string' },
    seed: { type: 'string' },
    reps: { type: 'string' },
    test: { type: 'string' },
    learners: { type: 'string' },
    parts: { type: 'string' },
    'no-controls': { type: 'boolean' },
    workers: { type: 'string' },
    redis: { type: 'string' },
    'redis-wait-ms': { type: 'string' },
    queue: { type: 'string' },
    out: { type: 'string' },
    resume: { type: 'boolean' },
    force: { type: 'boolean' },
    title: { type: 'string' },
    png: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(v, _pos, run) {
    if (v.out === undefined || v.out === '') bad('--out DIR is required');
    const { defaultWorkers } = await import('../measure/sweep/pool.ts');
    const workers = intOpt(v.workers, 'workers', defaultWorkers(), 0, 1024);
    const grid = gridFromOptions(v);
    const points = expandGrid(grid);
    if (!v['no-controls'] && points.length) {
      const { controlPoints } = await import('../measure/sweep/controls.ts');
      // The controls run on the base profile's own instance (an LPN toy for LPN grids).
      points.push(...controlPoints(points[0], separationOfProtocol(grid.protocol)));
    }
    // Every point is checked (profile, overrides) before anything is printed or written.
    const { validateSpec } = await import('../measure/sweep/job.ts');
    for (const p of points) validateSpec(p);
    const { runSweep } = await import('../measure/sweep/sweep.ts');
    const { crossovers, amuExponent, amplificationLines } = await import('../measure/sweep/summary.ts');
    const title = String(v.title ?? (v.preset ? `sepka sweep: ${v.preset}` : 'sepka sweep'));
    const { redisOption, onInterrupt } = await import('./distributed.ts');
    const redis = redisOption(v);
    const ac = new AbortController();
    const unhook = onInterrupt(ac);
    let res;
    try {
      res = await runSweep({
        redis,
        signal: ac.signal,
        points,
        out: String(v.out),
        workers,
        resume: !!v.resume,
        force: !!v.force,
        command: commandLine(v),
        title,
        png: !!v.png,
        progress: process.stderr,
        onReady: () => {
          warnIfSeeded(grid.seed[0]);
          // The seed is part of every record; say which one a run without --seed used, so that
          // the same command with --seed S reproduces it.
          if (v.seed === undefined) process.stderr.write(`sepka sweep: no --seed given: sweep seed ${grid.seed.join(',')} (the default; --seed ${grid.seed.join(',')} gives the same points)\n`);
        },
      });
    } finally {
      unhook();
    }
    if (res.stopped && ac.signal.aborted) {
      const saved = res.records.length;
      process.stderr.write(`sepka sweep: interrupted (${ac.signal.reason}): ${saved} of ${points.length} points saved in ${v.out}/results.jsonl; rerun with --resume to finish\n`);
      return 130;
    }
    const data = res.records.filter((r) => !r.spec.control);
    const cross = crossovers(data);
    const k = amuExponent(data);
    if (v.json) {
      printJson({
        out: String(v.out),
        points: points.length,
        computed: res.computed,
        skipped: res.skipped,
        failed: res.failed.map((f) => ({ id: f.id, message: f.message })),
        workers,
        wallMs: Math.round(res.wallMs),
        crossover: cross,
        amuExponent: k,
        // Per point that names a method: the same figures as its record's measure.amplification.
        amplification: data.filter((r) => r.measure?.amplification).map((r) => ({ id: r.id, n: r.params.n, w: r.params.w, figures: r.measure!.amplification! })),
        controls: res.controls,
        files: res.files,
      },
      // The sweep's seed(s) (--seed, or the default); each record's own meta carries its point's seed and profile hash.
      (await import('../meta.ts')).runMeta({ startedAt: run.startedAt, seed: grid.seed.join(',') }));
    } else {
      // Every line within 100 columns: the long ones (crossover, controls) wrap, indented.
      const say = (s: string) => process.stdout.write(wrap(s, '    ').join('\n') + '\n');
      say(`sweep: ${points.length} points (${res.computed} computed, ${res.skipped} resumed, ${res.failed.length} failed) in ${(res.wallMs / 1000).toFixed(1)} s ${redis ? `on the queue '${redis.queue ?? 'sepka'}' at ${safeUrl(redis.url)}` : `on ${workers} worker(s)`}`);
      for (const c of cross) say(`  ${c.text}`);
      // The natural control: "recovered" means Eve reads Alice's values better than Bob (job.ts).
      const reg = data.filter((r) => r.learn?.separation === 'gaussian-regression');
      if (reg.length) {
        const won = reg.reduce((a, r) => a + r.learn!.eve.anyRecovered.k, 0);
        const all = reg.reduce((a, r) => a + r.learn!.eve.anyRecovered.n, 0);
        say(`  no separation: Eve's least squares read Alice's values better than Bob (relative error < θ) in ${won} of ${all} instances${won === all ? ', at every n' : ''}`);
      }
      if (k !== null) say(`  A_μ time ≈ c·n^${k.toFixed(2)}`);
      for (const l of amplificationLines(data)) say(`  ${l}`);
      for (const c of res.controls) say(`  control ${c.name}: ${c.passed ? 'passed' : 'FAILED'} (${c.detail})`);
      for (const f of res.failed) say(`  FAILED point ${f.id}: ${f.message}`);
      say(`  report: ${res.files.find((f) => f.endsWith('report.html')) ?? '(not written)'}`);
    }
    for (const c of res.controls) if (!c.passed) process.stderr.write(`sepka sweep: control failed: ${c.name}: ${c.detail}\n`);
    if (res.failed.some((f) => f.refused)) {
      process.stderr.write(`sepka sweep: ${res.failed.filter((f) => f.refused).length} point(s) refused by the workers: ${res.failed.find((f) => f.refused)!.message}\n`);
      return 2;
    }
    return res.failed.length ? 1 : 0;
  },
};
export default cmd;
