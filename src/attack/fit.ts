/**
 * `sepka attack TRANSCRIPT` on an instance that brings its own unimodal fit (Separation.attack,
 * src/separation/types.ts) instead of LPN's ISD routes, run whole in this process (no jobs):
 * - the natural control, gaussian-regression (src/separation/gaussian.ts, DESIGN.md §8): no
 *   hardness; the attack is one polynomial computation, ordinary least squares
 *   Ŝ = (AᵀA)⁻¹AᵀZ on the public (A, Z) (src/separation/reals.ts); the report gives its
 *   measured time and its operation count (src/cost/leastSquares.ts);
 * - LWE (src/separation/lwe.ts): Eve's lattice route (src/separation/lweEve.ts `lweAttack`:
 *   the uSVP embedding per label column, LLL and BKZ from src/lattice) within the budget. Her
 *   budget decides whether it runs (a column starts only if LLL's projected time, which cannot
 *   be cut short, ends before her deadline), and float64 Gram–Schmidt bounds it (embeddings of
 *   dimension at most MAX_EMBED_DIM). The report gives the block size β at which her secrets
 *   appeared, or why the route did not run (budget or dimension) with what the LWE cost model
 *   (src/cost/lweSession.ts, lwe.ts) charges instead — it never claims what did not run.
 *
 * Eve's own follower (src/eve/eve.ts) is replayed on the recorded session, with the RNG stream
 * `sepka eve --replay --seed S` gives her and the budget given: on the task frame she runs the
 * instance's fit, her raw bits are its guesses at every challenge, and she follows the public
 * distillation, reconciliation and amplification messages to a key guess, which is checked
 * against Alice's recorded confirmation tag (no ground truth needed), as the LPN campaign's key
 * check is.
 *
 * DIR/attack.jsonl keeps the campaign format (campaign.ts): a header, then one record, the
 * whole attack's outcome. --resume runs the fit again (one job of seconds) and checks the stored
 * record against it: a key is claimed only from this run's guess, never from the file; --force
 * starts over, and an existing file is refused without either.
 */
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { replaceRegular } from '../files.ts';
import { safeText } from '../text.ts';
import { SepkaError } from '../errors.ts';
import { createEve } from '../eve/eve.ts';
import { seededRng } from '../rng.ts';
import { derive, type Profile } from '../protocol/profile.ts';
import { estimateLweSession } from '../cost/lweSession.ts';
import { embedDimension, MAX_EMBED_DIM, primalRuns, projectedLllMs } from '../separation/lweEve.ts';
import { lweChiStd, lweSigma } from '../separation/lweLaw.ts';
import { separationNameOf, type SeparationName } from '../separation/index.ts';
import type { PrimalRun } from '../separation/types.ts';
import type { RecordedSession } from '../net/transcript.ts';
import { ATTACK_RESULT_VERSION } from './job.ts';
import { CAMPAIGN_FORMAT, CAMPAIGN_VERSION, loadCampaignFile, type CampaignHeaderBase } from './campaign.ts';

/** The header of a fit attack's DIR/attack.jsonl: a campaign header without chunk sizes. */
export interface FitHeader extends CampaignHeaderBase {
  /** Eve's budget for the fit, ms. */
  budgetMs: number;
  /** What ran: the instance's own unimodal fit, in one piece. */
  attack: 'fit';
}

/** The one record after the header: the whole attack's outcome. */
export interface FitRecord {
  v: number;
  id: 'fit';
  /** The fit's name (Separation.attack's UnimodalFit.name) and its one-line note. */
  name: string;
  note: string;
  /** Label columns it produced a hypothesis for. */
  solved: number;
  /** Lattice fits (LWE): whether her primal route ran, why not, the block size it reached. */
  primal?: PrimalRun;
  /** Its operation count (multiply-adds, the instance's cost model). */
  ops: number;
  /** Measured ms of Eve's analysis of the task frame: opening it (expanding A) and the fit. */
  ms: number;
  /** The step her follower reached (done: she saw Alice's confirmation). */
  step: string;
  /** Her reconciled string passes the public verification tag (null: no tag seen). */
  verifyMatched: boolean | null;
  /** Her key guess passes Alice's recorded confirmation tag. */
  recovered: boolean;
  key: string | null;
  /** Alice's confirmation tag is in the transcript (the key could be checked). */
  checkedAgainstTag: boolean;
}

export interface FitAttackReport {
  campaign: string;
  transcript: string;
  session: number;
  protocol: string;
  separation: string;
  params: { n: number; m: number; w: number; L: number; theta: number };
  /**
   * 'none': the instance is not cryptographic and its attack is polynomial; 'lattice': LWE,
   * whose attack is lattice reduction (`lattice` below).
   */
  hardness: 'none' | 'lattice';
  /** LWE: what her lattice route could do within the budget, and what the cost model charges. */
  lattice?: LatticeFigures;
  /** ops: multiply-adds of the fit's linear algebra (lattice reduction is not counted; log2Ops null at 0). */
  attack: { name: string; note: string; solved: number; columns: number; ops: number; log2Ops: number | null; ms: number };
  followed: { step: string; verifyMatched: boolean | null };
  key: { recovered: boolean; key: string | null; checkedAgainstTag: boolean };
  /**
   * The fit always runs (one job of seconds); `resumed` 1 when a stored record was found, and
   * `storedDiffered` whether it claimed another outcome (it is then replaced).
   */
  jobs: { total: number; thisRun: number; resumed: number; storedDiffered?: boolean };
  stopped: 'key' | 'exhausted';
  ms: number;
}

export interface LatticeFigures {
  budgetMs: number;
  /** Dimension of one column's uSVP embedding (n + m' + 1), and the largest she reduces. */
  embedDim: number;
  maxEmbedDim: number;
  /** Whether her primal uSVP route ran (her budget and float64 GSO's dimension allowing). */
  primalRan: boolean;
  /** Why it did not run: 'budget' (LLL projected past her deadline) or 'dimension' (> maxEmbedDim); null when it ran. */
  primalNotRun: PrimalRun['notRun'];
  /** The largest block size β at which a recovered secret appeared (2: LLL alone); null: none did. */
  primalBeta: number | null;
  /** LLL's projected time in the embedding's dimension, ms (lweEve.ts projectedLllMs): what the budget is weighed against. */
  lllProjectedMs: number;
  /** Secrets s_j it recovered (of L). */
  secretsRecovered: number;
  /**
   * The LWE cost model (src/cost/lweSession.ts, the lattice estimator's MATZOV model): the
   * session key's level (cheapest route, targets counted) and one column by primal uSVP.
   */
  model: { keyLog2: number | null; keyRoute: string; columnUsvp: { beta: number | null; d: number | null; log2: number | null } };
}

/** Whether `attack` runs the instance's own fit on this profile (not LPN's campaign). */
export const runsFit = (p: { separation?: SeparationName }): boolean => {
  const name = separationNameOf(p);
  return name === 'gaussian-regression' || name === 'lwe';
};

/** Default budget of a fit attack: long enough for every column of lwe-toy many times over. */
export const FIT_BUDGET_MS = 60_000;

/** A figure for JSON: the model's Infinity (no β up to its cap succeeds) and NaN as null. */
const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** An LWE profile's lattice figures (LatticeFigures) once her fit has run. */
function latticeFigures(p: Profile, budgetMs: number, rec: FitRecord): LatticeFigures {
  const q = p.q!;
  const sigma = lweChiStd(lweSigma({ theta: p.theta, q }));
  const est = estimateLweSession({ n: p.n, q, sigma, m: p.m, w: p.w, L: p.L, challenges: derive(p).challenges });
  const col = est.rows.find((r) => r.target === 'column' && r.route === 'primal uSVP')!;
  // A record stored before the fit reported its primal run says only what the dimension allows.
  const run: PrimalRun = rec.primal ?? { ran: primalRuns(p), beta: null, notRun: primalRuns(p) ? null : 'dimension' };
  return {
    budgetMs,
    embedDim: embedDimension(p),
    maxEmbedDim: MAX_EMBED_DIM,
    primalRan: run.ran,
    primalNotRun: run.notRun,
    primalBeta: run.beta,
    lllProjectedMs: projectedLllMs(embedDimension(p)),
    secretsRecovered: rec.solved,
    model: { keyLog2: fin(est.level.matzov.log2), keyRoute: est.level.matzov.route, columnUsvp: { beta: fin(col.beta), d: fin(col.d), log2: fin(col.log2.matzov) } },
  };
}

export function fitCampaignId(s: RecordedSession, transcriptSha: string, seed: string, budgetMs: number): string {
  return createHash('sha256').update(JSON.stringify({ transcriptSha, session: s.session, seed, budgetMs, attack: 'fit' })).digest('hex').slice(0, 16);
}

/** Eve replayed on the session (header): her fit, her follower, her key checked against the tag. */
export function fitAttack(s: RecordedSession, seed: string, budgetMs: number): FitRecord {
  const eve = createEve(s.profile, { rng: seededRng(seed, s.eveRng), budgetMs });
  for (const f of s.frames) eve.observe(f.dir, f.frame);
  const st = eve.state;
  if (!st.fit) throw new SepkaError('SEPKA_ERR_USAGE', `transcript session ${s.session} has no task frame: nothing to attack`);
  const recovered = st.keyConfirmed === true;
  // Checked exactly when her follower compared a key guess with Alice's confirmation tag.
  const guessed = st.keyConfirmed !== undefined;
  return {
    v: ATTACK_RESULT_VERSION,
    id: 'fit',
    name: st.fit.name,
    note: st.fit.note,
    solved: st.fit.solved,
    ...(st.fit.primal ? { primal: st.fit.primal } : {}),
    ops: st.fit.ops,
    ms: st.attackMs ?? 0,
    // 'done': her follower saw the confirmation (eve.ts onConfirm) but had no guess to check.
    step: guessed || st.step !== 'done' ? st.step : `${st.step} (no key guess)`,
    verifyMatched: st.verifyMatched ?? null,
    recovered,
    key: recovered && st.key ? Buffer.from(st.key).toString('hex') : null,
    checkedAgainstTag: guessed,
  };
}

/** The fit attack with its campaign file (header): run it, and on --resume re-check the stored record. */
export function runFitAttack(
  s: RecordedSession,
  o: { transcript: string; transcriptSha: string; path: string; seed: string; budgetMs: number; resume: boolean; force: boolean },
): FitAttackReport {
  const t0 = performance.now();
  const campaign = fitCampaignId(s, o.transcriptSha, o.seed, o.budgetMs);
  const header: FitHeader = { t: 'campaign', format: CAMPAIGN_FORMAT, v: CAMPAIGN_VERSION, campaign, transcript: o.transcript, transcriptSha: o.transcriptSha, session: s.session, seed: o.seed, budgetMs: o.budgetMs, attack: 'fit' };
  const stored = loadCampaignFile(o.path, header, o.resume, o.force) as unknown[];
  // The fit is one job of seconds, so a stored record is never trusted: it runs again, and a
  // key is claimed only if this run's guess passes Alice's tag. A stored record that differs
  // (edited, or a run that budget-bound timing changed) is replaced, and the user told.
  const last = stored.filter((r) => (r as { id?: unknown }).id === 'fit').at(-1) as Partial<FitRecord> | undefined;
  const prior = last !== undefined;
  const rec = fitAttack(s, o.seed, o.budgetMs);
  // Timing (ms) and how far a budget let her reduce (primal) may vary from run to run.
  const differs = prior && (['recovered', 'key', 'solved', 'step', 'verifyMatched'] as const).some((k) => last[k] !== rec[k]);
  if (differs) {
    replaceRegular(o.path, [header, { t: 'job', ...rec }].map((x) => JSON.stringify(x) + '\n').join(''), { code: 'SEPKA_ERR_USAGE', what: `campaign file ${safeText(o.path)}` });
  } else if (!prior) appendFileSync(o.path, JSON.stringify({ t: 'job', ...rec }) + '\n');
  const p = s.profile;
  const lwe = separationNameOf(p) === 'lwe';
  return {
    campaign,
    transcript: o.transcript,
    session: s.session,
    protocol: p.name,
    separation: separationNameOf(p),
    params: { n: p.n, m: p.m, w: p.w, L: p.L, theta: p.theta },
    hardness: lwe ? 'lattice' : 'none',
    ...(lwe ? { lattice: latticeFigures(p, o.budgetMs, rec) } : {}),
    attack: { name: rec.name, note: rec.note, solved: rec.solved, columns: p.L, ops: rec.ops, log2Ops: rec.ops > 0 ? Math.log2(rec.ops) : null, ms: rec.ms },
    followed: { step: rec.step, verifyMatched: rec.verifyMatched },
    key: { recovered: rec.recovered, key: rec.key, checkedAgainstTag: rec.checkedAgainstTag },
    jobs: { total: 1, thisRun: 1, resumed: prior ? 1 : 0, ...(prior ? { storedDiffered: differs } : {}) },
    stopped: rec.recovered ? 'key' : 'exhausted',
    ms: performance.now() - t0,
  };
}
