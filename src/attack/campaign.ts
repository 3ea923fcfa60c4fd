/**
 * `sepka attack TRANSCRIPT`: an offline attack campaign on one recorded session,
 * cut into independent reproducible jobs (job.ts) and run in waves: wave k runs chunk k of
 * every target not yet broken — dual Stern on each challenge Eve needs (the first challenge
 * behind each kept block, as her live dual route chooses them), pooled Gauss on each label
 * column. Each finished job is appended to DIR/attack.jsonl at once, so an interrupted
 * campaign resumes (--resume) without redoing or losing any job. After every find it checks
 * whether what is known gives the session key, against Alice's recorded confirmation tag
 * (no ground truth needed): Eve's own follower (src/eve/eve.ts) is replayed on the transcript,
 * handed the secrets found, with Bob's raw bits of the broken challenges put in her beliefs
 * before the kept-block announcement.
 *
 * The measured rate (iterations per second per core, per route) gives the projected time to
 * break everything the whole key needs: the needed challenges on the dual route, all L columns
 * on the primal route, at the cost model's expected iterations per target (src/cost/).
 */
import { createHash } from 'node:crypto';
import { existsSync, appendFileSync } from 'node:fs';
import { readLinesBounded, replaceRegular, writeRegular } from '../files.ts';
import { SepkaError } from '../errors.ts';
import { safeText } from '../text.ts';
import { createEve } from '../eve/eve.ts';
import { vecMat } from '../gf2/mat.ts';
import { dualSternLog2Success, dualSternPlan, pooledGaussLog2Trials } from '../cost/index.ts';
import { estimationSample, remainingPositions } from '../protocol/distill.ts';
import { decodeMessage, limitsOf, type Message } from '../protocol/messages/index.ts';
import { derive, type Profile } from '../protocol/profile.ts';
import { seededRng } from '../rng.ts';
import type { RecordedSession } from '../net/transcript.ts';
import { openTask, wordsToHex, ATTACK_RESULT_VERSION, type AttackJobResult, type AttackJobSpec, type Route } from './job.ts';

export const CAMPAIGN_FORMAT = 'sepka-attack';
export const CAMPAIGN_VERSION = 1;

/** What the transcript shows that the campaign needs. */
export interface Public {
  profile: Profile;
  task: string;
  xs: Uint32Array[];
  /** The dual targets: the first challenge behind each kept block (all challenges if the session ended before). */
  needed: number[];
  /** Alice's confirmation tag was recorded (the key can be checked). */
  hasConfirm: boolean;
  /** Index of the first kept-block frame in the session (frames.length if none): where checkKey patches Eve's beliefs. */
  keptAt: number;
}

export function readPublic(s: RecordedSession): Public {
  const lim = limitsOf(s.profile);
  const d = derive(s.profile);
  let task: string | undefined;
  const xs: Uint32Array[] = [];
  let sampleSeed: Uint8Array | undefined;
  let ell: number | undefined;
  let kept: Uint8Array | undefined;
  let hasConfirm = false;
  let keptAt = s.frames.length;
  for (const [i, f] of s.frames.entries()) {
    let m: Message;
    try {
      m = decodeMessage(f.frame, lim);
    } catch {
      continue;
    }
    if (m.type === 'task' && task === undefined) task = Buffer.from(f.frame).toString('base64');
    else if (m.type === 'challenges') xs.push(...(m.xs as Uint32Array[])); // LPN: the campaign refuses other instances
    else if (m.type === 'estimate') sampleSeed = m.seed;
    else if (m.type === 'distill') ell = m.ell;
    else if (m.type === 'kept' && !kept) {
      kept = m.kept;
      keptAt = i;
    }
    else if (m.type === 'confirm' && f.dir === 'alice->bob') hasConfirm = true;
  }
  if (!task) throw new SepkaError('SEPKA_ERR_USAGE', `transcript session ${s.session} has no task frame: nothing to attack`);
  let needed: number[] = xs.map((_, c) => c);
  if (sampleSeed && ell && kept) {
    const remaining = remainingPositions(d.rawBits, estimationSample(sampleSeed, d.rawBits, d.sampleBits));
    const set = new Set<number>();
    for (let b = 0; b < kept.length; b++) if (kept[b]) set.add(Math.floor(remaining[b * ell] / s.profile.L));
    needed = [...set].filter((c) => c < xs.length).sort((a, b) => a - b);
  }
  return { profile: s.profile, task, xs, needed, hasConfirm, keptAt };
}

export interface KeyCheck {
  /** Eve's key guess matches Alice's recorded confirmation tag. */
  recovered: boolean;
  key: string | null;
  /** Raw bits known exactly: Alice's (from a secret) or Bob's (from a broken challenge). */
  rawKnown: number;
  rawBits: number;
}

/** Replay Eve's follower with what the campaign found, and check her key against the tag. */
export function checkKey(s: RecordedSession, pub: Public, secrets: Map<number, Uint32Array>, broken: Map<number, Uint32Array>): KeyCheck {
  const { profile } = s;
  const { L } = profile;
  const d = derive(profile);
  const sec: (Uint32Array | null)[] = Array.from({ length: L }, (_, j) => secrets.get(j) ?? null);
  const eve = createEve(profile, { rng: seededRng('sepka-attack', 'key-check'), budgetMs: 0, oracleSecrets: () => sec as Uint32Array[] });
  const st = eve.state;
  const { Z } = openTask(profile, pub.task);
  let rawKnown = 0;
  const patch = () => {
    const pB = st.pPublic ?? d.pTheory;
    const bobBits = new Map<number, Uint32Array>();
    for (const [c, r] of broken) bobBits.set(c, vecMat(r, Z));
    for (let i = 0; i < d.rawBits; i++) {
      const j = i % L;
      const c = Math.floor(i / L);
      if (sec[j]) {
        rawKnown++;
        continue;
      }
      st.raw.q[i] = 0.5; // the oracle path trusts every column; these are coins
      const b = bobBits.get(c);
      if (b) {
        st.raw.g[i] = (b[j >>> 5] >>> (j & 31)) & 1;
        st.raw.q[i] = pB;
        st.raw.bobExact[i] = 1;
        rawKnown++;
      }
    }
  };
  // Bob's bits go into Eve's beliefs just before the kept-block announcement (or at the end).
  s.frames.forEach((f, i) => {
    if (i === pub.keptAt) patch();
    eve.observe(f.dir, f.frame);
  });
  if (pub.keptAt === s.frames.length) patch();
  const recovered = st.keyConfirmed === true;
  return { recovered, key: recovered && st.key ? Buffer.from(st.key).toString('hex') : null, rawKnown, rawBits: d.rawBits };
}

export interface CampaignPlan {
  routes: Route[];
  /** Iterations per job, per route. */
  chunk: Record<Route, number>;
  /** Chunks per target at most (the campaign gives up on a target after chunk·maxChunks iterations). */
  maxChunks: number;
  seed: string;
  /** Only the first N dual targets (for rate measurements); null: all needed. */
  targets: number | null;
}

/** Expected iterations to break one target, per route (the cost model). */
export function expectedIterations(p: Profile): Record<Route, number> {
  return {
    dual: 2 ** -dualSternLog2Success(p.m, p.n, p.w, dualSternPlan(p.m, p.n, p.w)),
    primal: 2 ** pooledGaussLog2Trials(p.m, p.n, Math.round(p.theta * p.m)),
  };
}

/** Default chunk: about a quarter of the expected iterations (a power of two, 16 … 2^16). */
export function defaultChunk(expected: number): number {
  return 2 ** Math.min(16, Math.max(4, Math.round(Math.log2(expected / 4))));
}

export function campaignId(s: RecordedSession, transcriptSha: string, plan: CampaignPlan): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ transcriptSha, session: s.session, seed: plan.seed, chunk: plan.chunk }));
  return h.digest('hex').slice(0, 16);
}

function jobSeed(campaign: string, seed: string, route: Route, target: number, chunk: number): string {
  return createHash('sha256').update(`${seed}/${campaign}/${route}/${target}/${chunk}`).digest('hex').slice(0, 32);
}

/** What every attack.jsonl header says: the file format, the campaign and what it attacks. */
export interface CampaignHeaderBase {
  t: 'campaign';
  format: typeof CAMPAIGN_FORMAT;
  v: typeof CAMPAIGN_VERSION;
  campaign: string;
  transcript: string;
  transcriptSha: string;
  session: number;
  seed: string;
}

/** The campaign's durable state, DIR/attack.jsonl: a header, then one line per finished job. */
export interface CampaignHeader extends CampaignHeaderBase {
  chunk: Record<Route, number>;
}

/** Bounds on attack.jsonl: a job record is well under a kilobyte (see store.ts for results.jsonl). */
export const CAMPAIGN_MAX_BYTES = 2 ** 28;
const CAMPAIGN_LINE_MAX_BYTES = 2 ** 20;

/**
 * Open DIR/attack.jsonl: start it with `header` (a CampaignHeader, or fit.ts's FitHeader) when
 * absent, empty or forced; on --resume, the job records of the same campaign (a torn last line
 * dropped); otherwise refuse an existing file.
 */
export function loadCampaignFile(path: string, header: { campaign: string }, resume: boolean, force: boolean): AttackJobResult[] {
  // Read only if it is a regular file within the bound, a line at a time (files.ts).
  const lines: { text: string; i: number }[] = [];
  let torn: string | null = null;
  let content = false;
  if (existsSync(path) && !force) {
    const file = { code: 'SEPKA_ERR_USAGE' as const, what: `campaign file ${safeText(path)}`, maxBytes: CAMPAIGN_MAX_BYTES, maxLine: CAMPAIGN_LINE_MAX_BYTES };
    readLinesBounded(path, file, (text, i, terminated) => {
      if (text.trim() === '') return;
      content = true;
      // A torn last line (a kill mid-write) is dropped.
      if (terminated) lines.push({ text, i });
      else torn = text;
    });
  }
  const what = { code: 'SEPKA_ERR_USAGE' as const, what: `campaign file ${safeText(path)}` };
  const headerLine = JSON.stringify(header);
  if (!content) {
    writeRegular(path, headerLine + '\n', what);
    return [];
  }
  if (!resume) throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(path)} exists: pass --resume to continue that campaign or --force to start over`);
  if (lines.length === 0) {
    // Only a torn line: the start of this campaign's header (killed while writing it) starts
    // the campaign; anything else is not a campaign file and is left alone.
    if (torn === null || !headerLine.startsWith(torn)) {
      throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(path)} is not a campaign file of this attack; move it away, or pass --force to start over`);
    }
    replaceRegular(path, headerLine + '\n', what);
    return [];
  }
  const out: AttackJobResult[] = [];
  const keep: string[] = [];
  for (const { text: l, i } of lines) {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(l);
    } catch {
      throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(path)}:${i} is not JSON; fix or delete that line, or pass --force to start over`);
    }
    if (o === null || typeof o !== 'object' || Array.isArray(o)) {
      throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(path)}:${i} is not a JSON object; fix or delete that line, or pass --force to start over`);
    }
    if (keep.length === 0) {
      if (o.t !== 'campaign' || o.format !== CAMPAIGN_FORMAT || o.v !== CAMPAIGN_VERSION) throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(path)}:${i} is not a ${CAMPAIGN_FORMAT} v${CAMPAIGN_VERSION} header`);
      if (o.campaign !== header.campaign) {
        throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(path)} holds another campaign (${safeText(String(o.campaign))}: other transcript, session, seed, chunk sizes or budget); pass --force to start over`);
      }
    } else {
      if (o.t !== 'job' || o.v !== ATTACK_RESULT_VERSION || typeof o.id !== 'string') throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(path)}:${i} is not an attack job record`);
      out.push(o as unknown as AttackJobResult);
    }
    keep.push(l);
  }
  // Replaced whole (a new file renamed over it): a kill meanwhile leaves the old file, not half.
  replaceRegular(path, keep.map((l) => l + '\n').join(''), what);
  return out;
}

export const appendJob = (path: string, r: AttackJobResult): void => appendFileSync(path, JSON.stringify({ t: 'job', ...r }) + '\n');

/** The jobs of wave k: chunk k of every target not yet broken. */
export function waveJobs(campaign: string, plan: CampaignPlan, pub: Public, k: number, broken: Record<Route, Set<number>>): AttackJobSpec[] {
  const jobs: AttackJobSpec[] = [];
  const base = { campaign, profile: pub.profile, task: pub.task, chunk: k };
  if (plan.routes.includes('primal')) {
    for (let j = 0; j < pub.profile.L; j++) {
      if (broken.primal.has(j)) continue;
      jobs.push({ ...base, route: 'primal', target: j, iterations: plan.chunk.primal, seed: jobSeed(campaign, plan.seed, 'primal', j, k) });
    }
  }
  if (plan.routes.includes('dual')) {
    const targets = plan.targets === null ? pub.needed : pub.needed.slice(0, plan.targets);
    for (const c of targets) {
      if (broken.dual.has(c)) continue;
      jobs.push({ ...base, route: 'dual', target: c, iterations: plan.chunk.dual, seed: jobSeed(campaign, plan.seed, 'dual', c, k), x: wordsToHex(pub.xs[c]) });
    }
  }
  return jobs;
}

export interface Tally {
  iterations: Record<Route, number>;
  ms: Record<Route, number>;
  jobs: number;
}

export interface Projection {
  route: Route;
  /** Iterations per second per core, measured. */
  rate: number | null;
  expectedPerTarget: number;
  targetsLeft: number;
  /** Core-seconds to break every target left. */
  coreSeconds: number | null;
}

export function project(p: Profile, pub: Public, tally: Tally, found: Record<Route, Set<number>>): Projection[] {
  const exp = expectedIterations(p);
  return (['dual', 'primal'] as Route[]).map((route) => {
    const rate = tally.ms[route] > 0 ? (tally.iterations[route] / tally.ms[route]) * 1000 : null;
    const targetsLeft = route === 'dual' ? pub.needed.filter((c) => !found.dual.has(c)).length : p.L - found.primal.size;
    return { route, rate, expectedPerTarget: exp[route], targetsLeft, coreSeconds: rate ? (targetsLeft * exp[route]) / rate : null };
  });
}

