/**
 * The engine of `sepka attack`: waves of attack jobs (campaign.ts) on the local
 * piscina pool or the distributed queue, each result appended to DIR/attack.jsonl as it
 * arrives, the key checked after every find, and a report with the projection. On an instance
 * that brings its own unimodal fit (the natural control's least squares, LWE's lattice route),
 * that fit runs instead, in one piece (fit.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setMaxListeners } from 'node:events';
import { Piscina } from 'piscina';
import { SepkaError } from '../errors.ts';
import { threadEntry } from '../runtime.ts';
import { isLpn, isLwe } from '../separation/index.ts';
import { runDistributed, checkRedis, type RedisTarget } from '../net/jobqueue.ts';
import { readSession, TRANSCRIPT_MAX_BYTES, type RecordedSession } from '../net/transcript.ts';
import { sha256Bounded } from '../files.ts';
import { safeText } from '../text.ts';
import {
  appendJob,
  campaignId,
  checkKey,
  defaultChunk,
  expectedIterations,
  loadCampaignFile,
  project,
  readPublic,
  waveJobs,
  CAMPAIGN_FORMAT,
  CAMPAIGN_VERSION,
  type CampaignHeader,
  type CampaignPlan,
  type KeyCheck,
  type Projection,
  type Tally,
} from './campaign.ts';
import { FIT_BUDGET_MS, runFitAttack, runsFit, type FitAttackReport } from './fit.ts';
import { attackJobId, hexToWords, runAttackJob, type AttackJobResult, type AttackJobSpec, type Route } from './job.ts';

export interface AttackOptions {
  transcript: string;
  session?: number;
  out: string;
  routes: Route[];
  seed: string;
  chunk?: Partial<Record<Route, number>>;
  maxChunks: number;
  targets: number | null;
  /** Stop after this many jobs in this run (the report then projects the rest). */
  maxJobs: number | null;
  workers: number;
  redis?: RedisTarget;
  resume: boolean;
  force: boolean;
  signal?: AbortSignal;
  /** Options the user set that only LPN's campaign uses: named in a note when the attack is a fit. */
  campaignOptions?: string[];
  /** Eve's budget for a fit attack, ms (default FIT_BUDGET_MS); LPN's campaign has none. */
  budgetMs?: number;
  /**
   * Called before a fit attack, which runs in one synchronous piece: a caller that traps
   * Ctrl-C (to save a campaign) lets it end the process instead, as nothing is lost (the fit's
   * record is written only once it ends, and --resume then runs it again).
   */
  beforeFit?(): void;
  /** A line per finished job or find (progress on stderr). */
  onEvent?(line: string): void;
}

export interface AttackReport {
  campaign: string;
  transcript: string;
  session: number;
  protocol: string;
  params: { n: number; m: number; w: number; L: number; theta: number };
  routes: Route[];
  chunk: Record<Route, number>;
  jobs: { total: number; thisRun: number; resumed: number };
  broken: { challenges: number[]; columns: number[]; challengesNeeded: number; columnsTotal: number };
  iterations: Record<Route, number>;
  /**
   * Mean iterations per break, measured, against the cost model's expectation; and the core-ms
   * per break, measured (all iterations of the route over its breaks) against the projection
   * at the measured ms per iteration (what `bench --only attacks` projects).
   */
  perBreak: Record<Route, { measured: number | null; expected: number; msMeasured: number | null; msProjected: number | null; breaks: number }>;
  key: KeyCheck & { checkedAgainstTag: boolean };
  projection: Projection[];
  /** Projected core-seconds for the whole key: the cheaper route. */
  wholeKeyCoreSeconds: number | null;
  stopped: 'key' | 'exhausted' | 'max-jobs' | 'interrupted';
  ms: number;
}

/**
 * `sepka attack` on any recorded session: LPN's campaign (below), or, on an instance that
 * brings its own unimodal fit (the natural control's least squares, LWE's lattice route), that
 * fit in one piece (fit.ts).
 */
export async function runAnyAttack(o: AttackOptions): Promise<AttackReport | FitAttackReport> {
  const s = readSession(o.transcript, o.session);
  if (!runsFit(s.profile)) {
    if (o.budgetMs !== undefined) o.onEvent?.(`attack: --eve-budget-ms unused: LPN's campaign is bounded by --max-chunks and --max-jobs`);
    return runCampaign(o, s);
  }
  const given = o.campaignOptions ?? [];
  if (given.length) {
    o.onEvent?.(`attack: ${s.profile.name} has no campaign to cut into jobs: ${given.map((k) => `--${k}`).join(', ')} unused; its one fit runs here`);
  }
  const { transcriptSha, path } = campaignFiles(o);
  o.beforeFit?.();
  return runFitAttack(s, { transcript: o.transcript, transcriptSha, path, seed: o.seed, budgetMs: o.budgetMs ?? FIT_BUDGET_MS, resume: o.resume, force: o.force });
}

/** The transcript's hash and DIR/attack.jsonl (DIR created). */
function campaignFiles(o: AttackOptions): { transcriptSha: string; path: string } {
  const transcriptSha = sha256Bounded(o.transcript, { code: 'SEPKA_ERR_USAGE', what: `transcript ${safeText(o.transcript)}`, maxBytes: TRANSCRIPT_MAX_BYTES });
  try {
    mkdirSync(o.out, { recursive: true });
  } catch (e) {
    throw new SepkaError('SEPKA_ERR_USAGE', `cannot create ${o.out}: ${(e as { code?: string }).code ?? (e as Error).message}`);
  }
  return { transcriptSha, path: join(o.out, 'attack.jsonl') };
}

/** LPN's ISD campaign on a recorded session (the module header). */
export async function runAttack(o: AttackOptions): Promise<AttackReport> {
  return runCampaign(o, readSession(o.transcript, o.session));
}

async function runCampaign(o: AttackOptions, s: RecordedSession): Promise<AttackReport> {
  const t0 = performance.now();
  if (isLwe(s.profile)) {
    throw new SepkaError('SEPKA_ERR_USAGE', `attack runs LPN's ISD campaign (primal and dual routes); "${s.profile.name}" is LWE: \`sepka eve --replay ${o.transcript}\` replays her lattice route on it`);
  }
  if (!isLpn(s.profile)) {
    throw new SepkaError('SEPKA_ERR_USAGE', `attack runs LPN's ISD campaign (primal and dual routes); "${s.profile.name}" has no hardness to attack: \`sepka eve --replay ${o.transcript}\` replays her least squares on it`);
  }
  const pub = readPublic(s);
  if (o.redis) await checkRedis(o.redis.url);
  const exp = expectedIterations(s.profile);
  const plan: CampaignPlan = {
    routes: o.routes,
    chunk: { dual: o.chunk?.dual ?? defaultChunk(exp.dual), primal: o.chunk?.primal ?? defaultChunk(exp.primal) },
    maxChunks: o.maxChunks,
    seed: o.seed,
    targets: o.targets,
  };
  const { transcriptSha, path } = campaignFiles(o);
  const campaign = campaignId(s, transcriptSha, plan);
  const header: CampaignHeader = { t: 'campaign', format: CAMPAIGN_FORMAT, v: CAMPAIGN_VERSION, campaign, transcript: o.transcript, transcriptSha, session: s.session, seed: o.seed, chunk: plan.chunk };
  const stored = loadCampaignFile(path, header, o.resume, o.force);

  const done = new Map<string, AttackJobResult>();
  const found: Record<Route, Map<number, Uint32Array>> = { dual: new Map(), primal: new Map() };
  const tally: Tally = { iterations: { dual: 0, primal: 0 }, ms: { dual: 0, primal: 0 }, jobs: 0 };
  const absorb = (r: AttackJobResult) => {
    done.set(r.id, r);
    tally.iterations[r.route] += r.iterations;
    tally.ms[r.route] += r.ms;
    if (r.found && !found[r.route].has(r.target)) found[r.route].set(r.target, hexToWords(r.found));
  };
  for (const r of stored) absorb(r);
  const brokenSets = () => ({ dual: new Set(found.dual.keys()), primal: new Set(found.primal.keys()) });
  let key = checkKey(s, pub, found.primal, found.dual);
  const say = (l: string) => o.onEvent?.(l);
  if (stored.length) say(`attack: resumed ${stored.length} jobs from ${path} (${found.dual.size} challenges, ${found.primal.size} columns broken)`);

  let thisRun = 0;
  let stopped: AttackReport['stopped'] = 'exhausted';
  let lastCheck = 0;
  const pool = o.redis || o.workers === 0 ? null : new Piscina({ ...threadEntry('attack/job'), maxThreads: o.workers, minThreads: 1, concurrentTasksPerWorker: 1, idleTimeout: 1000 });
  // A result arriving for a task aborted after a key find is reported as a pool error: ignored.
  pool?.on('error', () => {});
  try {
    for (let k = 0; k < plan.maxChunks && !key.recovered; k++) {
      let jobs = waveJobs(campaign, plan, pub, k, brokenSets()).filter((j) => !done.has(attackJobId(j)));
      if (o.maxJobs !== null) jobs = jobs.slice(0, Math.max(0, o.maxJobs - thisRun));
      if (!jobs.length) {
        if (o.maxJobs !== null && thisRun >= o.maxJobs) {
          stopped = 'max-jobs';
          break;
        }
        continue;
      }
      // ac: stop now (Ctrl-C); drain: the key is found, start nothing more but record the jobs
      // still running when they finish (each once).
      const ac = new AbortController();
      const drain = new AbortController();
      const onAbort = () => ac.abort();
      o.signal?.addEventListener('abort', onAbort, { once: true });
      const onResult = (r: AttackJobResult) => {
        if (done.has(r.id)) return; // a job is counted once, whatever retried it
        appendJob(path, r);
        absorb(r);
        thisRun++;
        if (r.found && !key.recovered) {
          say(`attack: ${r.route === 'dual' ? `challenge ${r.target} broken` : `column ${r.target} broken (secret s_${r.target})`} after ${r.chunk * plan.chunk[r.route] + r.iterations} iterations`);
          // Check the key after a find (at most every 2 s, and whenever a route could be complete).
          const complete = found.primal.size === s.profile.L || pub.needed.every((c) => found.dual.has(c));
          if (complete || performance.now() - lastCheck > 2000) {
            key = checkKey(s, pub, found.primal, found.dual);
            lastCheck = performance.now();
            if (key.recovered) {
              say(`attack: KEY RECOVERED: it matches Alice's recorded confirmation tag (${key.rawKnown} of ${key.rawBits} raw bits known)`);
              drain.abort();
            }
          }
        }
        if (thisRun % 50 === 0) say(`attack: ${thisRun} jobs this run; broken ${found.dual.size}/${pub.needed.length} challenges, ${found.primal.size}/${s.profile.L} columns`);
      };
      const failures: string[] = [];
      await runJobs(o, pool, jobs, onResult, (id, msg) => failures.push(`${id}: ${msg}`), ac.signal, drain.signal);
      o.signal?.removeEventListener('abort', onAbort);
      if (failures.length) throw new SepkaError(/refused/.test(failures[0]) ? 'SEPKA_ERR_USAGE' : 'SEPKA_ERR_INTERNAL', `${failures.length} attack job(s) failed, first ${failures[0]}`);
      if (o.signal?.aborted) {
        stopped = 'interrupted';
        break;
      }
      key = checkKey(s, pub, found.primal, found.dual);
      if (key.recovered) break;
      if (o.maxJobs !== null && thisRun >= o.maxJobs) {
        stopped = 'max-jobs';
        break;
      }
    }
  } finally {
    await pool?.destroy();
  }
  if (key.recovered) stopped = 'key';
  const proj = project(s.profile, pub, tally, { dual: new Set(found.dual.keys()), primal: new Set(found.primal.keys()) });
  const costs = proj.filter((p) => o.routes.includes(p.route) && p.coreSeconds !== null).map((p) => p.coreSeconds!);
  const perBreak = (r: Route) => {
    const k = found[r].size;
    const msPerIter = tally.iterations[r] ? tally.ms[r] / tally.iterations[r] : null;
    return { measured: k ? tally.iterations[r] / k : null, expected: exp[r], msMeasured: k ? tally.ms[r] / k : null, msProjected: msPerIter === null ? null : msPerIter * exp[r], breaks: k };
  };
  const p = s.profile;
  return {
    campaign,
    transcript: o.transcript,
    session: s.session,
    protocol: p.name,
    params: { n: p.n, m: p.m, w: p.w, L: p.L, theta: p.theta },
    routes: o.routes,
    chunk: plan.chunk,
    jobs: { total: done.size, thisRun, resumed: stored.length },
    broken: { challenges: [...found.dual.keys()].sort((a, b) => a - b), columns: [...found.primal.keys()].sort((a, b) => a - b), challengesNeeded: pub.needed.length, columnsTotal: p.L },
    iterations: tally.iterations,
    perBreak: { dual: perBreak('dual'), primal: perBreak('primal') },
    key: { ...key, checkedAgainstTag: pub.hasConfirm },
    projection: proj,
    wholeKeyCoreSeconds: key.recovered ? 0 : costs.length ? Math.min(...costs) : null,
    stopped,
    ms: performance.now() - t0,
  };
}

/**
 * One wave on the chosen backend; results in completion order. `signal` stops at once (jobs
 * running are ended); `drain` starts no more jobs but hands on those running as they finish.
 * Every job that finished is handed to onResult, whichever fired.
 */
async function runJobs(
  o: AttackOptions,
  pool: Piscina | null,
  jobs: AttackJobSpec[],
  onResult: (r: AttackJobResult) => void,
  onError: (id: string, msg: string) => void,
  signal: AbortSignal,
  drain: AbortSignal,
): Promise<void> {
  if (o.redis) {
    await runDistributed<AttackJobSpec, AttackJobResult>({
      redis: o.redis,
      kind: 'attack',
      jobs: jobs.map((spec) => ({ id: `${spec.campaign}-${attackJobId(spec)}`, spec })),
      signal,
      drain,
      onDone: (_id, _spec, r) => onResult(r),
      onError: (id, _spec, msg) => onError(id, msg),
    });
    return;
  }
  if (!pool) {
    for (const j of jobs) {
      if (signal.aborted || drain.aborted) return;
      onResult(runAttackJob(j));
      await new Promise((r) => setImmediate(r)); // let Ctrl-C through between jobs
    }
    return;
  }
  // As many jobs in flight as threads, so that a drain has only those to wait for.
  setMaxListeners(o.workers + 10, signal);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length && !signal.aborted && !drain.aborted) {
      const j = jobs[next++];
      try {
        onResult((await pool.run(j, { signal })) as AttackJobResult);
      } catch (e) {
        if (!signal.aborted) onError(attackJobId(j), e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.workers, jobs.length)) }, lane));
}
