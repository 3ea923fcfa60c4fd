/**
 * `sepka measure` as a pure-ish engine (DESIGN.md §2–§4, §6): K in-process
 * sessions of the real Alice and Bob state machines over the in-memory channel (channel.ts),
 * with Eve tapping every frame (src/eve/eve.ts), and the rates they give.
 *
 * Seeds: with a seed, session i uses seededRng(seed, `alice/${i}`), `bob/${i}` and `eve/${i}`,
 * so runs are reproducible (and simulations, not secure); without one, node:crypto.
 *
 * Figures (every rate with a 99% interval; bit-level rates use the session-clustered interval
 * of rates.ts because bits of one session share its noise e and Eve's luck):
 * - raw agreement against the separation's theory (LPN: (1 + (1 − 2θ)^w)/2; separation/index.ts);
 * - distillation acceptance and error after, against p^ℓ + (1−p)^ℓ and r^ℓ/(1 + r^ℓ);
 * - key agreement and confirmation rates per session;
 * - Eve per learner and per stage, her key-bit agreement and whole-key recovery rate;
 * - f = leaked / (N·h(e_after)) (summed per session: Σ parities / Σ N_i·h(e_i)),
 *   β = key bits / (raw bits·(1 − h(1 − p))) (holenstein.ts);
 * - Holenstein's condition on the measured ε and Eve's success on agreed bits.
 * - With the amplification options (profile distill / reconciler): per pair round, the kept fraction
 *   and error after against p² + (1−p)² and (1−p)²/(p² + (1−p)²) at the agreement measured on
 *   the round's input (theory.ts); the reconciler's
 *   frame-error rate, BP attempts and iterations; per stage, bits in and out and the share of
 *   I(A;B) = raw bits·(1 − h(1 − p)) each keeps; β on the session key and on the whole privacy
 *   amplification output, with a t-interval over sessions.
 */
import { SepkaError } from '../errors.ts';
import { createAlice } from '../protocol/alice.ts';
import { createBob } from '../protocol/bob.ts';
import { hamming } from '../protocol/bits.ts';
import { createEve, DEFAULT_EVE_BUDGET_MS } from '../eve/eve.ts';
import type { UnimodalLearner } from '../learners/types.ts';
import type { EveReport } from '../eve/report.ts';
import { truthFromInspect, type EveTruth } from '../eve/truth.ts';
import { capsAt } from '../eve/state.ts';
import type { Direction } from '../protocol/party.ts';
import { derive, keyBitsOf, loadProfile, Overrides, Profile, validateProfile, withOverrides } from '../protocol/profile.ts';
import { acceptance, errorAfter } from '../protocol/theory.ts';
import type { EveRoutes, SeparationName } from '../separation/index.ts';
import { h2, meanInterval, UNIT_RANGE } from '../stats.ts';
import { makeRng } from '../rng.ts';
import { runInMemorySession } from '../protocol/channel.ts';
import { countingSends, WireTally, type WireSummary } from '../protocol/wire.ts';
import { HolensteinCheck, holenstein, keyEfficiency, keyLimit, pooledReconciliationEfficiency } from './holenstein.ts';
import { advantage, clusteredRate, sessionRate, type ClusteredRate } from './rates.ts';
import { challengeSummary, type ChallengeSummary } from './challenges.ts';

export interface MeasureOptions {
  profile: Profile | string;
  sessions: number;
  /** Eve's per-session attack budget, ms. */
  eveBudgetMs?: number;
  /** Also cap each of her attacks at this many trials or iterations (eve/state.ts capsAt). */
  eveBudgetTrials?: number;
  seed?: string | number;
  overrides?: Overrides;
  /**
   * Control (DESIGN.md §4): an oracle Eve, handed Alice's ŝ_j when the task is published; she
   * runs no learner, so she must match Alice's raw bits and follow every stage to the key.
   */
  oracle?: boolean;
  /**
   * Learners of the caller's own (src/learners/types.ts UnimodalLearner): Eve runs them on
   * column 0 beside her baselines, and the report lists them under eve.learners like hers.
   */
  learners?: UnimodalLearner[];
  /** Switch one of Eve's routes off (EveOptions.routes): a library ablation, no command option. */
  eveRoutes?: EveRoutes;
  /** Called after each session (progress display). */
  onSession?: (i: number, s: SessionRecord) => void;
  /** Sees every frame delivered, in wire order, and each session's ground truth at its end (--save-transcript, --save-truth). */
  recorder?: { frame(i: number, dir: Direction, frame: Uint8Array): void; end(i: number, truth: EveTruth): void };
}

/** One session's figures (kept in the report only as counts). */
export interface SessionRecord {
  ok: boolean;
  keyAgreed: boolean;
  keyBits: number;
  failure?: string;
  raw: [number, number];
  ell: number;
  blocks: number;
  kept: number;
  keptErrors: number;
  leaked: number;
  cascadeParities: number;
  ms: number;
  eve: EveReport;
  /** Amplification figures: PA output, pair rounds (pairs, kept, disagreeing survivors), the reconciler's run. */
  outBits: number;
  pairRounds: { pairs: number; kept: number; errors: number }[];
  reconcileFailed: boolean;
  reachedReconcile: boolean;
  ldpc?: { attempts: number; iterations: number; revealed: number; wrongWords: number };
  /** Bytes the session sent, all frames (protocol/wire.ts). */
  wireBytes: number;
}

/** Per stage: bits out of it and the share of I(A;B) (raw bits·(1 − h(1 − p))) they carry. */
export interface StageFigure {
  stage: string;
  bits: number;
  /** Information (or secret bits) carried after the stage, in bits, and its share of I(A;B). */
  info: number;
  shareOfI: number;
}

export interface LearnerSummary {
  name: string;
  route: 'primal' | 'dual';
  target: 'alice' | 'bob';
  rawAdvantage: number;
  ci: [number, number];
  raw: ClusteredRate;
  /** Sessions where the learner accepted at least one secret / challenge, with its interval. */
  successRate: ClusteredRate;
  accepted: number;
  correct: number | null;
  trialsMean: number;
  msMean: number;
}

export interface MeasureReport {
  protocol: string;
  params: { separation?: SeparationName; q?: number; n: number; theta: number; m: number; w: number; L: number; ell: number | 'auto'; ellChosen: number[]; challenges: number; rawBitsPerSession: number; targetKeyBits: number; keyBits: number; minKeyBits: number; paMarginBits: number; verifyBits: number };
  sessions: number;
  seed: string | null;
  simulation: boolean;
  eveBudgetMs: number;
  /** The trial cap on each of her attacks, or null (time only). */
  eveBudgetTrials: number | null;
  raw: { bits: number; agreement: number; ci: [number, number]; theory: number; ciIid: [number, number]; deff: number };
  distill: { ell: number[]; acceptance: ClusteredRate; acceptanceTheory: number; errorAfter: ClusteredRate; errorAfterTheory: number };
  reconcile: { keptBits: number; cascadeParities: number; leakedBits: number };
  key: { bits: number; bitsMean: number; agreementRate: number; agreementCi: [number, number]; confirmedRate: number; confirmedCi: [number, number]; failures: string[] };
  eve: {
    learners: LearnerSummary[];
    raw: { vsAlice: ClusteredRate; vsBob: ClusteredRate; onAgreed: ClusteredRate; advantage: number; ci: [number, number] };
    distilled: ClusteredRate;
    reconciled: ClusteredRate;
    keyBitAgreement: number;
    keyBitCi: [number, number];
    keyRecoveredRate: number;
    keyRecoveredCi: [number, number];
    keysRecovered: number;
    keysConfirmedByTag: number;
    /** Secrets s_j her primal attack accepted: per-session mean, total, how many were right. */
    secretsRecovered: { mean: number; L: number; total: number; correct: number };
    /** The instance's dual route against Bob's challenges (LWE), when it ran or was refused (challenges.ts). */
    challenges?: ChallengeSummary;
    msMean: number;
  };
  efficiency: { beta: number; reconciliationF: number; limit: number; p: number; keyBitsPerRawBit: number };
  /** Present when the profile sets distill or reconciler. */
  amplification?: {
    distill: 'blocks' | 'pairs';
    reconciler: 'cascade' | 'ldpc';
    rounds: number[];
    perRound: { round: number; kept: ClusteredRate; keptTheory: number; errorAfter: ClusteredRate; errorAfterTheory: number }[];
    frameErrorRate: ClusteredRate;
    frames: number;
    /** f per session (disclosed / (N·h(e)), the session's own e) over the sessions that reconciled with e > 0: mean and 99% t-interval (null: stats.ts MIN_SESSIONS_FOR_INTERVAL). */
    f: { mean: number | null; ci: [number, number] | null; sessions: number };
    /** wrongWords: BP words of the right syndrome that Alice's decoder check rejected (then revealed past). */
    ldpc?: { attemptsMean: number; iterationsMean: number; revealedBits: number; wrongWords: number };
    stages: StageFigure[];
    /**
     * β on the session key and on the whole PA output: the mean over sessions of each session's
     * bits / (raw bits·(1 − h(1 − p_i))), p_i its own measured raw agreement, with a 99%
     * t-interval in [0, 1] (null with too few sessions: stats.ts meanInterval).
     */
    beta: { key: number; keyCi: [number, number] | null; pa: number; paCi: [number, number] | null };
  };
  holenstein: HolensteinCheck;
  /** Frames every session sent, summed (protocol/wire.ts), key bits summed over agreed keys; sessions to divide by. */
  wire: WireSummary & { sessions: number };
  ms: number;
}

function resolve(p: Profile | string, o?: Overrides): Profile {
  // A profile object may come from a library user: checked like a file (SEPKA_ERR_PROFILE).
  const prof = typeof p === 'string' ? loadProfile(p) : validateProfile(p, `protocol "${p.name}"`);
  return o && Object.values(o).some((v) => v !== undefined) ? withOverrides(prof, o) : prof;
}

/** One measured session: the in-memory run (channel.ts runInMemorySession) plus the figures read off it. */
function measureSession(profile: Profile, i: number, opts: MeasureOptions, budgetMs: number, wire: WireTally): SessionRecord {
  const seed = opts.seed === undefined ? undefined : String(opts.seed);
  const alice = createAlice(profile, { rng: makeRng(seed, `alice/${i}`) });
  const bob = createBob(profile, { rng: makeRng(seed, `bob/${i}`) });
  // What each party sends, counted at its frames (the channel below is not asked).
  const sent = new WireTally();
  const oracleSecrets = opts.oracle ? () => alice.inspect().sHat : undefined;
  const caps = opts.eveBudgetTrials === undefined ? undefined : capsAt(opts.eveBudgetTrials);
  const eve = createEve(profile, { rng: makeRng(seed, `eve/${i}`), budgetMs: opts.oracle ? 0 : budgetMs, oracleSecrets, learners: opts.learners, caps, routes: opts.eveRoutes });
  const rec = opts.recorder;
  const res = runInMemorySession(countingSends(alice, sent), countingSends(bob, sent), eve, rec ? { tamper: (dir, f) => (rec.frame(i, dir, f), f) } : {});
  for (const r of sent.list()) wire.addRow(r);
  const a = alice.inspect();
  const b = bob.inspect();
  const ok = res.alice.ok && res.bob.ok;
  const keyAgreed = res.alice.ok && res.bob.ok && res.alice.key.length === res.bob.key.length && res.alice.key.every((v, k) => v === (res.bob as { key: Uint8Array }).key[k]);
  const failure = !res.alice.ok ? `alice at ${res.alice.step}: ${res.alice.reason}` : !res.bob.ok ? `bob at ${res.bob.step}: ${res.bob.reason}` : undefined;
  const rawN = Math.min(a.raw.length, b.raw.length);
  const rawAgree = rawN - hamming(a.raw.subarray(0, rawN), b.raw.subarray(0, rawN));
  const kept = a.keptString?.length ?? 0;
  const truth = truthFromInspect(a, b);
  rec?.end(i, truth);
  return {
    ok,
    keyAgreed,
    keyBits: keyAgreed && res.alice.ok ? res.alice.keyBits : 0,
    failure,
    raw: [rawAgree, rawN],
    ell: a.ell ?? 0,
    blocks: a.blockValues?.length ?? 0,
    kept,
    keptErrors: a.keptString && b.keptString ? hamming(a.keptString, b.keptString) : 0,
    leaked: a.leakedBits,
    cascadeParities: Number(a.stats.cascadeParities ?? 0),
    ms: res.ms,
    eve: eve.report(truth),
    wireBytes: sent.summary().total.bytes,
    ...sessionAmplification(a, b, res, keyAgreed, kept),
  };
}

/** The amplification per-session figures (SessionRecord's last five fields). */
function sessionAmplification(
  a: ReturnType<ReturnType<typeof createAlice>['inspect']>,
  b: ReturnType<ReturnType<typeof createBob>['inspect']>,
  res: ReturnType<typeof runInMemorySession>,
  keyAgreed: boolean,
  kept: number,
): Pick<SessionRecord, 'outBits' | 'pairRounds' | 'reconcileFailed' | 'reachedReconcile' | 'ldpc'> {
  const failedAt = (o: typeof res.alice) => o.ok === false && o.code === 'SEPKA_ERR_RECONCILE_FAILED';
  return {
    outBits: keyAgreed ? (a.outBits ?? 0) : 0,
    pairRounds: (a.pairStats ?? []).map((r) => {
      let errors = 0;
      for (const i of r.survivors) errors += a.raw[i] ^ b.raw[i];
      return { pairs: r.pairs, kept: r.kept, errors };
    }),
    reconcileFailed: failedAt(res.alice) || failedAt(res.bob),
    reachedReconcile: kept > 0,
    ldpc: b.stats.ldpcAttempts !== undefined ? { attempts: Number(b.stats.ldpcAttempts), iterations: Number(b.stats.ldpcIterations), revealed: Number(b.stats.ldpcRevealed), wrongWords: Number(b.stats.ldpcWrongWords ?? 0) } : undefined,
  };
}

/** The amplification block of the report (see MeasureReport.amplification). */
function amplificationFigures(profile: Profile, recs: SessionRecord[], p: number): NonNullable<MeasureReport['amplification']> {
  const rounds = [...new Set(recs.map((r) => r.pairRounds.length).filter((k) => k > 0))].sort((x, y) => x - y);
  const maxR = Math.max(0, ...rounds);
  const perRound: NonNullable<MeasureReport['amplification']>['perRound'] = [];
  // Each round's theory at the agreement measured on its input (the raw agreement, then the
  // previous round's measured error), so that a round is checked on its own formula.
  let q = p;
  for (let r = 0; r < maxR; r++) {
    const rs = recs.filter((x) => x.pairRounds.length > r).map((x) => x.pairRounds[r]);
    const err = clusteredRate(rs.map((x) => [x.errors, x.kept]));
    perRound.push({ round: r + 1, kept: clusteredRate(rs.map((x) => [x.kept, x.pairs])), keptTheory: acceptance(q, 2), errorAfter: err, errorAfterTheory: errorAfter(q, 2) });
    q = 1 - err.p;
  }
  const frames = recs.filter((r) => r.reachedReconcile).length;
  const failed = recs.filter((r) => r.reconcileFailed).length;
  const rawBits = recs.reduce((s, r) => s + r.raw[1], 0);
  const I = rawBits * keyLimit(p);
  const kept = recs.reduce((s, r) => s + r.kept, 0);
  const keptInfo = recs.reduce((s, r) => s + r.kept * (1 - h2(r.kept ? r.keptErrors / r.kept : 0)), 0);
  const secretAfterRecon = recs.reduce((s, r) => s + (r.outBits ? r.kept - r.leaked : 0), 0);
  const pa = recs.reduce((s, r) => s + r.outBits, 0);
  const key = recs.reduce((s, r) => s + r.keyBits, 0);
  const stage = (name: string, bits: number, info: number): StageFigure => ({ stage: name, bits, info, shareOfI: I > 0 ? info / I : NaN });
  // β per session against that session's own limit raw bits·(1 − h(1 − p_i)), p_i its measured
  // raw agreement: the sessions' task instances differ in agreement (± 0.3 % at 10^6 raw bits,
  // more than the sampling error), and a session can only be asked to reach its own limit.
  const per = (f: (r: SessionRecord) => number) => meanInterval(recs.map((r) => (r.raw[1] ? f(r) / (r.raw[1] * keyLimit(r.raw[0] / r.raw[1])) : 0)), UNIT_RANGE);
  const bKey = per((r) => r.keyBits);
  const bPa = per((r) => r.outBits);
  const ld = recs.filter((r) => r.ldpc);
  const fRecs = recs.filter((r) => r.reachedReconcile && !r.reconcileFailed && r.keptErrors > 0);
  // f ≥ 0 (bits disclosed per bit of the frame's entropy), unbounded above.
  const fPer = fRecs.length ? meanInterval(fRecs.map((r) => pooledReconciliationEfficiency([{ leaked: r.cascadeParities, N: r.kept, errors: r.keptErrors }])), [0, Infinity]) : { mean: null, ci: null };
  return {
    distill: profile.distill ?? 'blocks',
    reconciler: profile.reconciler ?? 'cascade',
    rounds,
    perRound,
    frameErrorRate: sessionRate(failed, Math.max(frames, 1)),
    frames,
    f: { ...fPer, sessions: fRecs.length },
    ldpc: ld.length
      ? {
          attemptsMean: ld.reduce((s, r) => s + (r.ldpc?.attempts ?? 0), 0) / ld.length,
          iterationsMean: ld.reduce((s, r) => s + (r.ldpc?.iterations ?? 0), 0) / ld.length,
          revealedBits: ld.reduce((s, r) => s + (r.ldpc?.revealed ?? 0), 0),
          wrongWords: ld.reduce((s, r) => s + (r.ldpc?.wrongWords ?? 0), 0),
        }
      : undefined,
    stages: [
      stage('raw', rawBits, I),
      stage('distilled', kept, keptInfo),
      stage('reconciled (N − leaked)', secretAfterRecon, secretAfterRecon),
      stage('privacy amplification', pa, pa),
      stage('session key', key, key),
    ],
    beta: { key: bKey.mean, keyCi: bKey.ci, pa: bPa.mean, paCi: bPa.ci },
  };
}

const pair = (r: ClusteredRate): [number, number] => r.ci;


function summariseLearners(recs: SessionRecord[]): LearnerSummary[] {
  const names: string[] = [];
  for (const r of recs) for (const l of r.eve.learners) if (!names.includes(l.name)) names.push(l.name);
  return names.map((name) => {
    const ls = recs.map((r) => r.eve.learners.find((l) => l.name === name)).filter((l) => l !== undefined);
    const raw = clusteredRate(ls.map((l) => [l.raw?.agree ?? 0, l.raw?.total ?? 0] as [number, number]));
    const adv = advantage(raw);
    const correct = ls.every((l) => l.correct !== null) ? ls.reduce((s, l) => s + (l.correct ?? 0), 0) : null;
    return {
      name,
      route: ls[0].route,
      target: ls[0].target,
      rawAdvantage: adv.advantage,
      ci: adv.ci,
      raw,
      successRate: sessionRate(ls.filter((l) => l.accepted > 0).length, ls.length),
      accepted: ls.reduce((s, l) => s + l.accepted, 0),
      correct,
      trialsMean: ls.reduce((s, l) => s + l.trials, 0) / ls.length,
      msMean: ls.reduce((s, l) => s + l.ms, 0) / ls.length,
    };
  });
}

export function runMeasure(opts: MeasureOptions): MeasureReport {
  if (!(Number.isInteger(opts.sessions) && opts.sessions >= 1)) throw new SepkaError('SEPKA_ERR_USAGE', `sessions must be an integer ≥ 1, got ${opts.sessions}`);
  const budgetMs = opts.eveBudgetMs ?? DEFAULT_EVE_BUDGET_MS;
  if (!(Number.isFinite(budgetMs) && budgetMs >= 0)) throw new SepkaError('SEPKA_ERR_USAGE', `eve budget must be ≥ 0 ms, got ${budgetMs}`);
  const profile = resolve(opts.profile, opts.overrides);
  const derived = derive(profile);
  const t0 = performance.now();
  const recs: SessionRecord[] = [];
  const wire = new WireTally();
  for (let i = 0; i < opts.sessions; i++) {
    const r = measureSession(profile, i, opts, budgetMs, wire);
    recs.push(r);
    opts.onSession?.(i, r);
  }
  const pTheory = derived.pTheory;
  const raw = clusteredRate(recs.map((r) => r.raw));
  const ells = [...new Set(recs.map((r) => r.ell).filter((e) => e > 0))].sort((x, y) => x - y);
  // Theory for the ℓ each session chose, weighted as the measured rates are (by blocks, by kept bits).
  const wAvg = (f: (r: SessionRecord) => number, wt: (r: SessionRecord) => number) => {
    const W = recs.reduce((s, r) => s + (r.ell > 0 ? wt(r) : 0), 0);
    return W > 0 ? recs.reduce((s, r) => s + (r.ell > 0 ? f(r) * wt(r) : 0), 0) / W : NaN;
  };
  const accept = clusteredRate(recs.map((r) => [r.kept, r.blocks]));
  const eAfter = clusteredRate(recs.map((r) => [r.keptErrors, r.kept]));
  const agreed = recs.filter((r) => r.keyAgreed);
  const confirmed = recs.filter((r) => r.ok);
  const keyBitsTotal = agreed.reduce((s, r) => s + r.keyBits, 0);
  const eveStage = (k: keyof EveReport['stages']) => clusteredRate(recs.map((r) => [r.eve.stages[k]?.agree ?? 0, r.eve.stages[k]?.total ?? 0]));
  const vsAlice = eveStage('rawVsAlice');
  const onAgreed = eveStage('rawOnAgreed');
  const keyStage = eveStage('key');
  const recovered = recs.filter((r) => r.eve.keyRecovered === true).length;
  const recoveredRate = sessionRate(recovered, recs.length);
  const keyRate = sessionRate(agreed.length, recs.length);
  const confRate = sessionRate(confirmed.length, recs.length);
  const parities = recs.reduce((s, r) => s + r.cascadeParities, 0);
  const keptTotal = recs.reduce((s, r) => s + r.kept, 0);
  const rawBits = recs.reduce((s, r) => s + r.raw[1], 0);
  const seed = opts.seed === undefined ? null : String(opts.seed);
  return {
    protocol: profile.name,
    params: {
      ...(profile.separation && profile.separation !== 'lpn' ? { separation: profile.separation } : {}),
      ...(profile.q !== undefined ? { q: profile.q } : {}),
      n: profile.n,
      theta: profile.theta,
      m: profile.m,
      w: profile.w,
      L: profile.L,
      ell: profile.ell,
      ellChosen: ells,
      challenges: derived.challenges,
      rawBitsPerSession: derived.rawBits,
      targetKeyBits: profile.targetKeyBits,
      keyBits: keyBitsOf(profile),
      minKeyBits: profile.minKeyBits,
      paMarginBits: profile.paMarginBits,
      verifyBits: profile.verifyBits,
    },
    sessions: recs.length,
    seed,
    simulation: seed !== null,
    eveBudgetMs: budgetMs,
    eveBudgetTrials: opts.eveBudgetTrials ?? null,
    raw: { bits: rawBits, agreement: raw.p, ci: raw.ci, theory: pTheory, ciIid: raw.ciIid, deff: raw.deff },
    distill: {
      ell: ells,
      acceptance: accept,
      acceptanceTheory: wAvg((r) => acceptance(pTheory, r.ell), (r) => r.blocks),
      errorAfter: eAfter,
      errorAfterTheory: wAvg((r) => errorAfter(pTheory, r.ell), (r) => r.kept),
    },
    reconcile: { keptBits: keptTotal, cascadeParities: parities, leakedBits: recs.reduce((s, r) => s + r.leaked, 0) },
    key: {
      bits: agreed.length ? Math.min(...agreed.map((r) => r.keyBits)) : 0,
      bitsMean: agreed.length ? keyBitsTotal / agreed.length : 0,
      agreementRate: keyRate.p,
      agreementCi: pair(keyRate),
      confirmedRate: confRate.p,
      confirmedCi: pair(confRate),
      failures: recs.flatMap((r, i) => (r.failure ? [`session ${i}: ${r.failure}`] : [])),
    },
    eve: {
      learners: summariseLearners(recs),
      raw: { vsAlice, vsBob: eveStage('rawVsBob'), onAgreed, ...advantage(vsAlice) },
      distilled: eveStage('distilled'),
      reconciled: eveStage('reconciled'),
      keyBitAgreement: keyStage.p,
      keyBitCi: keyStage.ci,
      keyRecoveredRate: recoveredRate.p,
      keyRecoveredCi: recoveredRate.ci,
      keysRecovered: recovered,
      keysConfirmedByTag: recs.filter((r) => r.eve.keyConfirmedByTag === true).length,
      secretsRecovered: {
        mean: recs.reduce((s, r) => s + r.eve.secrets.recovered, 0) / recs.length,
        L: profile.L,
        total: recs.reduce((s, r) => s + r.eve.secrets.recovered, 0),
        correct: recs.reduce((s, r) => s + (r.eve.secrets.correct ?? 0), 0),
      },
      ...challengeSummary(recs.map((r) => r.eve)),
      msMean: recs.reduce((s, r) => s + r.eve.ms, 0) / recs.length,
    },
    efficiency: {
      beta: keyEfficiency(keyBitsTotal, rawBits, raw.p),
      reconciliationF: pooledReconciliationEfficiency(recs.map((r) => ({ leaked: r.cascadeParities, N: r.kept, errors: r.keptErrors }))),
      limit: keyLimit(raw.p),
      p: raw.p,
      keyBitsPerRawBit: rawBits ? keyBitsTotal / rawBits : 0,
    },
    ...(profile.distill || profile.reconciler ? { amplification: amplificationFigures(profile, recs, raw.p) } : {}),
    holenstein: holenstein(raw, onAgreed),
    wire: { ...wire.summary(keyBitsTotal), sessions: recs.length },
    ms: performance.now() - t0,
  };
}
