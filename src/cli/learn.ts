/**
 * `sepka learn` (DESIGN.md §6): the learning experiment — A_μ on (x, y, z) against
 * Eve's unimodal learners on (x, z), each under a budget, risks on fresh examples with 99%
 * Wilson intervals. A thin driver over runLearn (src/learners/experiment.ts): parse, run,
 * print a table (default) or exactly one JSON object (--json).
 */
import { SepkaError } from '../errors.ts';
import { Command, intOpt, listOpt, numOpt, printJson, seedOpt, warnIfSeeded } from './args.ts';
import { runMeta } from '../meta.ts';
import { DEFAULT_BUDGET_MS, DEFAULT_TEST, humanDuration, LearnReport, runLearn } from '../learners/experiment.ts';
import { LEARNER_NAMES } from '../learners/registry.ts';
import { wrap } from '../term.ts';
import { loadProfile, paramsHash, withOverrides, type Profile } from '../protocol/profile.ts';
import { isLpn, isLwe } from '../separation/index.ts';
import { runRegressionLearn } from '../learners/regression.ts';
import { runLweLearn } from '../learners/lweExperiment.ts';

const USAGE = `usage: sepka learn --n N [--theta θ] [--samples M] [--test T] [--learners a,b]
                   [--budget-ms B] [--eve-budget-trials N] [--seed S] [--json]
       sepka learn --protocol NAME [--n N] [--theta θ] [--samples M] [--test T] [--seed S] [--json]

The learning experiment (DESIGN.md §1, §4): draw a task s ~ U(F2^n) and M examples
(x, y = <x,s>, z = y xor Ber(θ)); fit the multimodal learner A_μ on (x, y, z) and Eve's
unimodal learners on (x, z); estimate each hypothesis' risk Pr[h(x) != z] on T fresh
examples with a 99% Wilson interval. The Bayes risk is θ; learning nothing gives 1/2.

With --protocol, the task is the profile's (n, θ, m; --n, --theta, --samples override them;
a new n on LWE and gaussian-regression keeps θ and w and scales m by the profile's m/n).
On gaussian-regression (the natural control) A_μ and Eve's ordinary least squares are scored
by sign, Pr[sign h(x) != sign z], against the Bayes risk arctan(θ)/π. On an LWE profile (one
secret column s ~ χ^n mod q) A_μ solves (A, y) mod q; Eve runs her lattice route (uSVP
embedding, LLL then BKZ up to β = 20, under --budget-ms) and least squares mod q on (A, z);
risks by the top bit, Pr[⌊2⟨x,ŝ⟩/q⌋ != ⌊2z/q⌋]. --n keeps q, θ (σ = θq) and w, and scales m
as the profile's m/n (2.5n on the LWE profiles shipped).

options:
  --protocol NAME  the task of a profile (a name in protocols/ or a file's path)
  --n N            secret length (required without --protocol, 2..65536)
  --theta θ        noise rate in [0, 0.5) (default n^-1/2)
  --samples M      training examples (default 4n)
  --test T         fresh test examples (default ${DEFAULT_TEST})
  --learners a,b   unimodal learners to run (default: all that accept n)
                   known: ${LEARNER_NAMES.join(', ')}
  --budget-ms B    time budget per unimodal learner in ms (default ${DEFAULT_BUDGET_MS}; with
                   --eve-budget-trials and no --budget-ms: none)
  --eve-budget-trials N
                   also cap each unimodal learner at N trials, as sweep does; with it alone
                   the figures depend on the seed, not on the machine
  --seed S         reproducible simulation (prints a warning: not secure)
  --json           print exactly one JSON object on stdout

A failure is labelled budget-bound only when the learner ran out of budget; the
table then gives the trials its cost formula says success needs, and the time
that would take at the measured rate.`;

function fmtCi(ci: [number, number]): string {
  return `[${ci[0].toFixed(4)}, ${ci[1].toFixed(4)}]`;
}

function table(r: LearnReport & { q?: number }): string {
  const lines: string[] = [];
  const lwe = r.separation === 'lwe';
  const budget = `budget per unimodal learner: ${[r.budget.ms !== null ? `${r.budget.ms} ms` : '', r.budget.trials !== null ? `${r.budget.trials} trials` : ''].filter(Boolean).join(', ')}; `;
  lines.push(
    lwe
      ? `sepka learn: lwe, n = ${r.n}, q = ${r.q}, σ = θq = ${(r.theta * r.q!).toPrecision(4)}, m = ${r.samples} examples (${r.noiseCount} with e ≠ 0), risk on ${r.test} fresh examples`
      : `sepka learn: n = ${r.n}, θ = ${r.theta.toPrecision(4)}, m = ${r.samples} examples (${r.noiseCount} noisy), risk on ${r.test} fresh examples`,
    (lwe
      ? `${budget}risk Pr[top bit of ⟨x, ŝ⟩ ≠ top bit of z]; `
      : r.separation
        ? `${r.separation}: one polynomial fit each, risk Pr[sign h(x) ≠ sign z]; `
        : budget) + `intervals ${Math.round(r.confidence * 100)}% Wilson`,
  );
  lines.push('');
  const head = ['learner', 'view', 'risk', 'interval', 'recovered s', 'trials', 'time', 'log2 trials needed'];
  const rows: string[][] = [
    [
      'A_mu',
      '(x,y,z)',
      r.multimodal.risk.toFixed(4),
      fmtCi(r.multimodal.ci),
      r.multimodal.recoveredSecret ? 'yes' : 'no',
      '1',
      humanDuration(r.multimodal.ms),
      '0',
    ],
  ];
  for (const u of r.unimodal) {
    rows.push([
      u.name,
      '(x,z)',
      u.risk.toFixed(4),
      fmtCi(u.ci),
      u.recoveredSecret === null ? '-' : u.recoveredSecret ? 'yes' : 'no',
      String(u.trials),
      humanDuration(u.ms),
      u.log2TrialsExpected === null ? '-' : u.log2TrialsExpected.toFixed(1),
    ]);
  }
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j].length)));
  const fmt = (row: string[]) => row.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd();
  lines.push(fmt(head));
  for (const row of rows) lines.push(fmt(row));
  lines.push('');
  if (lwe) lines.push(`Bayes risk (ŝ = s) = (2/q)·E|e| = ${r.multimodal.bayesRisk.toFixed(4)}; a learner that learnt nothing has risk 0.5.`);
  else if (r.separation) lines.push(`Bayes risk arctan(θ)/π = ${r.multimodal.bayesRisk.toFixed(4)}; a learner that learnt nothing has risk 0.5.`);
  else lines.push(`Bayes risk θ = ${r.theta.toFixed(4)}; a learner that learnt nothing has risk 0.5.`);
  for (const u of r.unimodal) lines.push(`- ${u.name}: ${u.statement}`);
  for (const s of r.skipped) lines.push(`- ${s.name}: skipped: ${s.reason}`);
  const pg = r.unimodal.find((u) => u.name === 'pooled-gauss')?.details;
  if (pg && typeof pg.log2FalseAccept === 'number') {
    lines.push(
      `pooled-gauss test: accept a candidate with ≤ ${pg.tauStrict} errors on the ${pg.testSamples} held-out samples; ` +
        `a wrong candidate passes with probability 2^${pg.log2FalseAccept.toFixed(1)} per trial (Pr[Bin(${pg.testSamples}, 1/2) ≤ ${pg.tauStrict}])` +
        ((pg.tauStrict as number) < r.theta * r.samples
          ? `; at this n that is below E[t] = θm = ${(r.theta * r.samples).toFixed(1)}, so the learner instead stops by ` +
            `maximum likelihood after its planned trials (${pg.plannedTrials})`
          : ''),
    );
  }
  // Within 100 columns: a long note wraps, indented under its text (the table rows are shorter).
  return lines.flatMap((l) => wrap(l, '  ')).join('\n');
}

const cmd: Command = {
  summary: 'the learning experiment: A_μ against the unimodal learners',
  usage: USAGE,
  options: {
    protocol: { type: 'string' },
    n: { type: 'string' },
    theta: { type: 'string' },
    samples: { type: 'string' },
    test: { type: 'string' },
    learners: { type: 'string' },
    'budget-ms': { type: 'string' },
    'eve-budget-trials': { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(v, _pos, run) {
    const profile = typeof v.protocol === 'string' ? loadProfile(v.protocol) : undefined;
    if (v.n === undefined && !profile) return usageError('--n is required (try sepka learn --help)');
    if (profile && isLwe(profile)) {
      for (const k of ['learners', 'eve-budget-trials'] as const)
        if (v[k] !== undefined) return usageError(`--${k} is LPN's; on LWE the unimodal learners are usvp (lattice) and least-squares-mod-q, under --budget-ms`);
      const p = taskOf(profile, v);
      const test = intOpt(v.test, 'test', DEFAULT_TEST, 1, 10_000_000);
      const budgetMs = intOpt(v['budget-ms'], 'budget-ms', DEFAULT_BUDGET_MS, 0, 86_400_000);
      const seed = seedOpt(v.seed);
      warnIfSeeded(seed);
      const report = runLweLearn({ params: { n: p.n, theta: p.theta, m: p.m, w: p.w, L: 1, q: p.q! }, test, budgetMs, seed });
      if (v.json) printJson(report, runMeta({ startedAt: run.startedAt, seed, paramsHash: paramsHash(p) }));
      else process.stdout.write(table(report) + '\n');
      return 0;
    }
    if (profile && !isLpn(profile)) {
      const p = taskOf(profile, v);
      const params = { n: p.n, theta: p.theta, m: p.m, w: p.w, L: 1 };
      const test = intOpt(v.test, 'test', DEFAULT_TEST, 1, 10_000_000);
      const seed = seedOpt(v.seed);
      warnIfSeeded(seed);
      const report = runRegressionLearn({ params, test, seed });
      if (v.json) printJson(report, runMeta({ startedAt: run.startedAt, seed, paramsHash: paramsHash(p) }));
      else process.stdout.write(table(report) + '\n');
      return 0;
    }
    // Every option is checked before anything is printed (the seed warning included).
    const opts = {
      n: intOpt(v.n, 'n', profile?.n ?? 0, 2, 65536),
      theta: numOpt(v.theta, 'theta', profile?.theta, 0, 0.4999999),
      samples: v.samples === undefined ? profile?.m : intOpt(v.samples, 'samples', 0, 1, 1 << 20),
      test: intOpt(v.test, 'test', DEFAULT_TEST, 1, 10_000_000),
      learners: listOpt(v.learners, 'learners', LEARNER_NAMES),
      ...budgets(v),
      seed: seedOpt(v.seed),
    };
    warnIfSeeded(opts.seed);
    const report = runLearn(opts);
    // No profile here: the task is given by n, θ and m, which the object itself carries.
    if (v.json) printJson(report, runMeta({ startedAt: run.startedAt, seed: opts.seed }));
    else process.stdout.write(table(report) + '\n');
    return 0;
  },
};

/**
 * The task of a profile that is not LPN with --n, --theta and --samples applied as sweep and
 * estimate apply them (withOverrides: θ and w kept, m = n·(the profile's m/n) unless given).
 */
function taskOf(profile: Profile, v: Record<string, string | boolean | undefined>): Profile {
  const o = {
    n: v.n === undefined ? undefined : intOpt(v.n, 'n', 0, 2, 4096),
    theta: numOpt(v.theta, 'theta', undefined, 1e-6, 0.4999999),
    m: v.samples === undefined ? undefined : intOpt(v.samples, 'samples', 0, 3, 1 << 20),
  };
  return Object.values(o).some((x) => x !== undefined) ? withOverrides(profile, o) : profile;
}

/** --budget-ms and --eve-budget-trials: a trial cap alone lifts the clock (runLearn then stops on trials only). */
function budgets(v: Record<string, string | boolean | undefined>): { budgetMs?: number; budgetTrials?: number } {
  const budgetTrials = v['eve-budget-trials'] === undefined ? undefined : intOpt(v['eve-budget-trials'], 'eve-budget-trials', 0, 0, 1e9);
  if (budgetTrials !== undefined && v['budget-ms'] === undefined) return { budgetTrials };
  return { budgetMs: intOpt(v['budget-ms'], 'budget-ms', DEFAULT_BUDGET_MS, 0, 86_400_000), budgetTrials };
}

function usageError(msg: string): never {
  throw new SepkaError('SEPKA_ERR_USAGE', msg);
}

export default cmd;
