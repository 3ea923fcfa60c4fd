/**
 * `sepka attack TRANSCRIPT` on an instance that brings its own unimodal fit (Separation.attack,
 * src/separation/types.ts) instead of LPN's ISD routes: the natural control,
 * gaussian-regression (src/separation/gaussian.ts, DESIGN.md §8). There is no hardness to
 * attack there, so there is no campaign to cut into jobs: the attack is one polynomial
 * computation, run whole in this process.
 *
 * Eve's own follower (src/eve/eve.ts) is replayed on the recorded session, with the RNG stream
 * `sepka eve --replay --seed S` gives her: on the task frame she fits ordinary least squares
 * Ŝ = (AᵀA)⁻¹AᵀZ to the public (A, Z) (the instance's `attack`, src/separation/reals.ts), her
 * raw bits are its guesses at every challenge, and she follows the public distillation,
 * reconciliation and amplification messages to a key guess, which is checked against Alice's
 * recorded confirmation tag (no ground truth needed), as the LPN campaign's key check is.
 * The report gives the fit's measured time and its operation count (src/cost/leastSquares.ts).
 *
 * DIR/attack.jsonl keeps the campaign format (campaign.ts): a header, then one record, the
 * whole attack's outcome; --resume reports that record without running again, --force starts
 * over, and an existing file is refused without either.
 */
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { SepkaError } from '../errors.ts';
import { createEve } from '../eve/eve.ts';
import { seededRng } from '../rng.ts';
import { decodeMessage, limitsOf } from '../protocol/messages/index.ts';
import { separationNameOf } from '../separation/index.ts';
import type { RecordedSession } from '../net/transcript.ts';
import { ATTACK_RESULT_VERSION } from './job.ts';
import { CAMPAIGN_FORMAT, CAMPAIGN_VERSION, loadCampaignFile } from './campaign.ts';

/** The header of a fit attack's DIR/attack.jsonl: a campaign header without chunk sizes. */
export interface FitHeader {
  t: 'campaign';
  format: typeof CAMPAIGN_FORMAT;
  v: typeof CAMPAIGN_VERSION;
  campaign: string;
  transcript: string;
  transcriptSha: string;
  session: number;
  seed: string;
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
  /** 'none': the instance is not cryptographic and its attack is polynomial. */
  hardness: 'none';
  attack: { name: string; note: string; solved: number; columns: number; ops: number; log2Ops: number; ms: number };
  followed: { step: string; verifyMatched: boolean | null };
  key: { recovered: boolean; key: string | null; checkedAgainstTag: boolean };
  jobs: { total: number; thisRun: number; resumed: number };
  stopped: 'key' | 'exhausted';
  ms: number;
}

/** Whether `attack` runs the instance's own fit on this profile (the natural control). */
export const runsFit = (p: { separation?: string }): boolean => separationNameOf(p as { separation?: 'lpn' }) === 'gaussian-regression';

export function fitCampaignId(s: RecordedSession, transcriptSha: string, seed: string): string {
  return createHash('sha256').update(JSON.stringify({ transcriptSha, session: s.session, seed, attack: 'fit' })).digest('hex').slice(0, 16);
}

/** Eve replayed on the session (header): her fit, her follower, her key checked against the tag. */
export function fitAttack(s: RecordedSession, seed: string): FitRecord {
  const eve = createEve(s.profile, { rng: seededRng(seed, s.eveRng) });
  const lim = limitsOf(s.profile);
  let hasConfirm = false;
  for (const f of s.frames) {
    eve.observe(f.dir, f.frame);
    if (f.dir === 'alice->bob' && !hasConfirm) {
      try {
        hasConfirm = decodeMessage(f.frame, lim).type === 'confirm';
      } catch {
        // garbage on the wire: Eve counted it; it is no tag
      }
    }
  }
  const st = eve.state;
  if (!st.fit) throw new SepkaError('SEPKA_ERR_USAGE', `transcript session ${s.session} has no task frame: nothing to attack`);
  const recovered = st.keyConfirmed === true;
  return {
    v: ATTACK_RESULT_VERSION,
    id: 'fit',
    name: st.fit.name,
    note: st.fit.note,
    solved: st.fit.solved,
    ops: st.fit.ops,
    ms: st.attackMs ?? 0,
    step: st.step,
    verifyMatched: st.verifyMatched ?? null,
    recovered,
    key: recovered && st.key ? Buffer.from(st.key).toString('hex') : null,
    checkedAgainstTag: hasConfirm,
  };
}

/** The fit attack with its campaign file (header): run, or report the stored record on --resume. */
export function runFitAttack(
  s: RecordedSession,
  o: { transcript: string; transcriptSha: string; path: string; seed: string; resume: boolean; force: boolean },
): FitAttackReport {
  const t0 = performance.now();
  const campaign = fitCampaignId(s, o.transcriptSha, o.seed);
  const header: FitHeader = { t: 'campaign', format: CAMPAIGN_FORMAT, v: CAMPAIGN_VERSION, campaign, transcript: o.transcript, transcriptSha: o.transcriptSha, session: s.session, seed: o.seed, attack: 'fit' };
  const stored = loadCampaignFile(o.path, header, o.resume, o.force) as unknown[];
  const prior = stored.find((r): r is FitRecord => (r as { id?: unknown }).id === 'fit' && typeof (r as FitRecord).recovered === 'boolean');
  const rec = prior ?? fitAttack(s, o.seed);
  if (!prior) appendFileSync(o.path, JSON.stringify({ t: 'job', ...rec }) + '\n');
  const p = s.profile;
  return {
    campaign,
    transcript: o.transcript,
    session: s.session,
    protocol: p.name,
    separation: separationNameOf(p),
    params: { n: p.n, m: p.m, w: p.w, L: p.L, theta: p.theta },
    hardness: 'none',
    attack: { name: rec.name, note: rec.note, solved: rec.solved, columns: p.L, ops: rec.ops, log2Ops: Math.log2(rec.ops), ms: rec.ms },
    followed: { step: rec.step, verifyMatched: rec.verifyMatched },
    key: { recovered: rec.recovered, key: rec.key, checkedAgainstTag: rec.checkedAgainstTag },
    jobs: { total: 1, thisRun: prior ? 0 : 1, resumed: prior ? 1 : 0 },
    stopped: rec.recovered ? 'key' : 'exhausted',
    ms: performance.now() - t0,
  };
}
