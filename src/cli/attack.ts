/**
 * `sepka attack TRANSCRIPT` (DESIGN.md §6): an offline attack campaign on a recorded
 * session (--save-transcript), cut into independent reproducible jobs run on the local pool or,
 * with --redis, on `sepka worker` processes. Engine: src/attack/run.ts.
 */
import { Command, intOpt, listOpt, printJson } from './args.ts';
import { runMeta } from '../meta.ts';
import { SepkaError } from '../errors.ts';
import { redisOption, onInterrupt } from './distributed.ts';
import type { AttackReport } from '../attack/run.ts';
import { FIT_BUDGET_MS, type FitAttackReport } from '../attack/fit.ts';
import type { Route } from '../attack/job.ts';
import { wrap } from '../term.ts';

const usage = `usage: sepka attack TRANSCRIPT [--out DIR] [--routes dual,primal] [--session I] [--seed S]
                    [--chunk-dual N] [--chunk-primal N] [--max-chunks K] [--targets N] [--max-jobs N]
                    [--workers N | --redis URL [--queue NAME] [--redis-wait-ms MS]] [--resume]
                    [--force] [--eve-budget-ms B] [--json]

Attacks one recorded session (a --save-transcript file) offline, as independent jobs: dual
Stern on each challenge Eve needs (the first behind each kept block), pooled Gauss on each
label column, each job a range of iterations with its own derived seed (reproducible). Jobs
run in waves: wave k is chunk k of every target not yet broken. Every finished job is
appended to DIR/attack.jsonl, so --resume continues an interrupted campaign losing nothing.
After each find it checks whether what is known gives the session key, against Alice's
recorded confirmation tag (no ground truth needed), and stops when it does (jobs already
running then still finish, and are recorded). The report gives
what is broken, the raw bits known, the measured rate and the projected time for the rest.

On the natural control (gaussian-regression) there is no hardness and no campaign: Eve's
ordinary least squares runs once, here, on the public (A, z); she follows the session to her
key guess and checks it against Alice's tag. The report gives the fit's measured time and its
operation count. On LWE her lattice route (uSVP embedding per column, LLL and BKZ) runs here
where --eve-budget-ms covers LLL's projected time (LLL cannot stop early) and the embedding is
within float64 Gram–Schmidt's 160 dimensions; the report gives the secrets it recovered and
the block size β they needed, or why it did not run (budget or dimension), the key check, and
what the LWE cost model charges for the key. DIR/attack.jsonl
then holds a header and that one record (--resume and --force both run the fit again: a key
is claimed only from this run's guess, and --resume says whether the stored record agrees); the
campaign's options (routes, chunks, jobs, --workers, --redis) are unused there, said in one
line on stderr.

  --out DIR            campaign directory (default TRANSCRIPT.attack)
  --routes LIST        dual, primal or both (default dual,primal)
  --session I          which session of the file (default the first)
  --seed S             campaign seed the job seeds derive from (default 1)
  --chunk-dual N       iterations per dual job (default ≈ 1/4 of the expected per challenge)
  --chunk-primal N     trials per primal job (default ≈ 1/4 of the expected per column)
  --max-chunks K       give up on a target after K chunks (default 16)
  --targets N          attack only the first N needed challenges (rate measurements)
  --max-jobs N         stop after N jobs in this run; the report projects the rest
  --workers N          local worker threads (default: all cores; 0 runs in this thread)
  --redis URL          run the jobs on the BullMQ queue of this Redis (sepka worker processes)
  --queue NAME         queue name (default 'sepka')
  --redis-wait-ms MS   how long to wait for a Redis that went away (default 60000): a restart
                       is waited for and the jobs it lost are put back; past it the campaign
                       stops with one line, exit 2, every finished job kept for --resume
  --resume             continue the campaign in DIR/attack.jsonl
  --force              start the campaign over
  --eve-budget-ms B    gaussian-regression, LWE: Eve's budget for her attack, ms (default ${FIT_BUDGET_MS});
                       her lattice route starts no column past it
  --json               print one JSON object (the report) on stdout

exit codes: 0 the campaign ran (whether or not it broke the key), 2 bad usage or input
(malformed transcript, unreachable Redis, jobs refused by workers of another version),
130 interrupted (every finished job is kept for --resume)`;

const fmtTime = (s: number | null): string => {
  if (s === null || !Number.isFinite(s)) return 'n/a';
  if (s < 1) return `${(s * 1000).toFixed(0)} ms`;
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  if (s < 3.15e7 * 2) return `${(s / 86400).toFixed(1)} days`;
  return `${(s / 3.15e7).toExponential(2)} years`;
};

export function formatAttack(r: AttackReport): string {
  const L: string[] = [];
  const p = r.params;
  L.push(`sepka attack: ${r.transcript} session ${r.session} (${r.protocol}: n = ${p.n}, m = ${p.m}, w = ${p.w}, L = ${p.L}), campaign ${r.campaign}`);
  L.push(`  jobs             ${r.jobs.total} (${r.jobs.thisRun} this run, ${r.jobs.resumed} resumed); chunks: dual ${r.chunk.dual} iterations, primal ${r.chunk.primal} trials`);
  L.push(`  challenges       ${r.broken.challenges.length} of ${r.broken.challengesNeeded} needed broken (dual Stern, ${r.iterations.dual} iterations)`);
  L.push(`  columns          ${r.broken.columns.length} of ${r.broken.columnsTotal} broken (pooled Gauss, ${r.iterations.primal} trials)`);
  L.push(`  raw bits known   ${r.key.rawKnown} of ${r.key.rawBits} (${((100 * r.key.rawKnown) / r.key.rawBits).toFixed(2)}%)`);
  L.push(
    `  session key      ${r.key.recovered ? `RECOVERED: ${r.key.key} — matches Alice's recorded confirmation tag` : r.key.checkedAgainstTag ? 'not recovered (her guess fails Alice\'s recorded confirmation tag)' : 'not checked (no confirmation tag in the transcript)'}`,
  );
  for (const route of ['dual', 'primal'] as Route[]) {
    const b = r.perBreak[route];
    if (!r.routes.includes(route)) continue;
    const pr = r.projection.find((x) => x.route === route)!;
    L.push(
      `  ${route.padEnd(6)} rate      ${pr.rate === null ? 'n/a' : `${pr.rate.toFixed(1)} iterations/s per core (${(1000 / pr.rate).toPrecision(3)} ms each)`}; per break: ${b.measured === null ? 'none yet' : `${b.measured.toFixed(0)} iterations measured`} vs 2^${Math.log2(b.expected).toFixed(1)} = ${b.expected.toFixed(0)} expected`,
    );
    if (b.msMeasured !== null && b.msProjected !== null) {
      L.push(`  ${route.padEnd(6)} per break ${fmtTime(b.msMeasured / 1000)} on one core measured (${b.breaks} breaks) vs ${fmtTime(b.msProjected / 1000)} projected (expected iterations × measured ms each)`);
    }
    L.push(`  ${route.padEnd(6)} left      ${pr.targetsLeft} targets × ${pr.expectedPerTarget.toFixed(0)} iterations: ${fmtTime(pr.coreSeconds)} on one core`);
  }
  L.push(`  whole key        ${r.key.recovered ? 'recovered' : `projected ${fmtTime(r.wholeKeyCoreSeconds)} on one core at the measured rate (the cheaper route; divide by the cores or workers)`}`);
  L.push(`  stopped          ${{ key: 'key recovered', exhausted: 'every target ran its chunks', 'max-jobs': '--max-jobs reached', interrupted: 'interrupted' }[r.stopped]} after ${(r.ms / 1000).toFixed(1)} s`);
  return fitWidth(L);
}

/**
 * Within 100 columns: a long line continues under its value column (19), its label kept as
 * written (wrap collapses runs of spaces); the title continues under 4.
 */
function fitWidth(L: string[]): string {
  const col = ' '.repeat(19);
  const fit = (l: string): string[] => {
    if (!l.startsWith('  ')) return wrap(l, '    ');
    const [first, ...rest] = wrap(col + l.slice(col.length), col);
    return [l.slice(0, col.length) + first.slice(col.length), ...rest];
  };
  return L.flatMap(fit).join('\n');
}

/** The report of the natural control's attack: one polynomial fit, and the key it reads. */
export function formatFitAttack(r: FitAttackReport): string {
  const L: string[] = [];
  const p = r.params;
  const a = r.attack;
  const lat = r.lattice;
  L.push(`sepka attack: ${r.transcript} session ${r.session} (${r.protocol}: n = ${p.n}, m = ${p.m}, w = ${p.w}, L = ${p.L}), campaign ${r.campaign}`);
  if (!lat) {
    L.push(`  hardness         NONE: ${r.separation} is a natural task, not a cryptographic one; the attack is polynomial, so there is no campaign to cut into jobs and nothing to project`);
    L.push(`  attack           ${a.note}`);
    const ops = a.log2Ops === null ? '' : `2^${a.log2Ops.toFixed(1)} = ${Math.round(a.ops).toLocaleString('en-US')} multiply-adds (${a.name}); `;
    L.push(`  cost             ${ops}measured ${a.ms.toFixed(0)} ms on one core (opening the task and the fit)`);
    L.push(`  columns          ${a.solved} of ${a.columns} fitted; her raw bits are its guesses`);
  } else {
    const m = lat.model;
    const log2 = (x: number | null) => (x === null ? 'beyond the model\'s cap' : `2^${x.toFixed(1)}`);
    const c = m.columnUsvp;
    L.push(`  hardness         LWE: the attack is lattice reduction, exponential in its block size β; Eve's primal uSVP route runs here if her ${lat.budgetMs} ms budget covers LLL's projected time`);
    L.push(`  attack           ${a.note}`);
    L.push(`  lattice          ${latticeLine(lat, a.columns, `the cost model prices a column at ${log2(c.log2)} (β = ${c.beta ?? '—'}, d = ${c.d ?? '—'})`)}`);
    L.push(`  time             measured ${a.ms.toFixed(0)} ms on one core (opening the task and her attack)`);
    L.push(`  cost model       session key ${log2(m.keyLog2)} (MATZOV, cheapest ${m.keyRoute}, targets counted); one column by primal uSVP: β = ${c.beta ?? '—'}, d = ${c.d ?? '—'}, ${log2(c.log2)} (src/cost/lwe.ts)`);
  }
  const v = r.followed.verifyMatched;
  L.push(`  followed         to step ${r.followed.step}; her reconciled string ${v === null ? 'was not checked (no verification tag)' : v ? 'MATCHES the public verification tag' : 'fails the public verification tag'}`);
  const k = r.key;
  L.push(
    `  session key      ${k.recovered ? `RECOVERED: ${k.key} — matches Alice's recorded confirmation tag` : k.checkedAgainstTag ? "not recovered: her key guess fails Alice's recorded confirmation tag (no key claimed)" : r.followed.step.endsWith('(no key guess)') ? 'not checked: she reached no key guess (no key claimed)' : 'not checked (no confirmation tag in the transcript); no key claimed'}`,
  );
  const j = r.jobs;
  const stored = !j.resumed ? '' : j.storedDiffered ? "; the campaign file's record claimed another outcome and was replaced" : "; the campaign file's record agrees";
  L.push(`  jobs             ${j.total} (the fit ran this run${stored})`);
  L.push(`  stopped          ${r.stopped === 'key' ? 'key recovered' : 'the fit ran; no key'} after ${(r.ms / 1000).toFixed(1)} s`);
  return fitWidth(L);
}

/** What her primal route did: the block size its secrets needed, or why it did not run and its price. */
function latticeLine(lat: NonNullable<FitAttackReport['lattice']>, columns: number, price: string): string {
  const ms = (x: number) => (x < 10_000 ? `${x.toFixed(0)} ms` : `${(x / 1000).toPrecision(3)} s`);
  if (lat.primalRan) {
    const beta = lat.primalBeta === null ? 'no secret appeared' : `β reached ${lat.primalBeta}${lat.primalBeta === 2 ? ' (LLL alone)' : ''}`;
    return `uSVP embedding of dimension ${lat.embedDim} (float64 GSO reduces up to ${lat.maxEmbedDim}): ${lat.secretsRecovered} of ${columns} secrets s_j recovered; ${beta}`;
  }
  const why =
    lat.primalNotRun === 'dimension'
      ? `its embedding has dimension ${lat.embedDim} > ${lat.maxEmbedDim}, float64 Gram–Schmidt's limit`
      : `LLL in dimension ${lat.embedDim} projected at ${ms(lat.lllProjectedMs)}, more than her ${ms(lat.budgetMs)} budget had left (LLL cannot stop early)`;
  return `primal uSVP NOT RUN: ${why}; ${price}; nothing is claimed from it`;
}

/** Options only LPN's campaign uses (jobs, routes, chunks, where the jobs run). */
const CAMPAIGN_ONLY = ['routes', 'chunk-dual', 'chunk-primal', 'max-chunks', 'targets', 'max-jobs', 'workers', 'redis', 'queue', 'redis-wait-ms'];

const cmd: Command = {
  summary: 'offline attack on a recorded transcript (LPN: a campaign cut into jobs)',
  usage,
  positionals: { min: 1, max: 1, name: 'TRANSCRIPT' },
  options: {
    out: { type: 'string' },
    routes: { type: 'string' },
    session: { type: 'string' },
    seed: { type: 'string' },
    'chunk-dual': { type: 'string' },
    'chunk-primal': { type: 'string' },
    'max-chunks': { type: 'string' },
    targets: { type: 'string' },
    'max-jobs': { type: 'string' },
    workers: { type: 'string' },
    redis: { type: 'string' },
    'redis-wait-ms': { type: 'string' },
    queue: { type: 'string' },
    resume: { type: 'boolean' },
    force: { type: 'boolean' },
    'eve-budget-ms': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(v, pos, run) {
    const transcript = pos[0];
    const seed = typeof v.seed === 'string' ? v.seed : '1';
    const routes = (listOpt(v.routes, 'routes', ['dual', 'primal']) ?? ['dual', 'primal']) as Route[];
    const redis = redisOption(v);
    if (redis && v.workers !== undefined) throw new SepkaError('SEPKA_ERR_USAGE', '--workers and --redis exclude each other');
    const { availableParallelism } = await import('node:os');
    const opt = (k: string, d: number | null, min = 1) => (v[k] === undefined ? d : intOpt(v[k], k, 0, min));
    const ac = new AbortController();
    const unhook = onInterrupt(ac);
    const { runAnyAttack } = await import('../attack/run.ts');
    let r: AttackReport | FitAttackReport;
    try {
      r = await runAnyAttack({
        transcript,
        session: opt('session', null, 0) ?? undefined,
        out: typeof v.out === 'string' ? v.out : `${transcript}.attack`,
        routes,
        seed,
        chunk: { dual: opt('chunk-dual', null) ?? undefined, primal: opt('chunk-primal', null) ?? undefined },
        maxChunks: opt('max-chunks', 16)!,
        targets: opt('targets', null),
        maxJobs: opt('max-jobs', null),
        workers: intOpt(v.workers, 'workers', availableParallelism(), 0, 1024),
        redis,
        resume: !!v.resume,
        force: !!v.force,
        campaignOptions: CAMPAIGN_ONLY.filter((k) => v[k] !== undefined),
        beforeFit: unhook,
        budgetMs: v['eve-budget-ms'] === undefined ? undefined : intOpt(v['eve-budget-ms'], 'eve-budget-ms', 0, 1, 3_600_000),
        signal: ac.signal,
        onEvent: (l) => process.stderr.write(l + '\n'),
      });
    } finally {
      unhook();
    }
    if (v.json) {
      // The attacked session's profile, for the parameter hash (a second read of the transcript, only with --json).
      const { readSession } = await import('../net/transcript.ts');
      const { paramsHash } = await import('../protocol/profile.ts');
      const profile = readSession(transcript, r.session).profile;
      printJson(r, runMeta({ startedAt: run.startedAt, seed, paramsHash: paramsHash(profile) }));
    }
    else process.stdout.write(('hardness' in r ? formatFitAttack(r) : formatAttack(r)) + '\n');
    if (r.stopped === 'interrupted') {
      process.stderr.write(`sepka attack: interrupted (${String(ac.signal.reason)}): ${r.jobs.total} jobs saved in the campaign file; rerun with --resume to continue\n`);
      return 130;
    }
    return 0;
  },
};
export default cmd;
