/**
 * Eve's report (DESIGN.md §4): her advantage at each stage — raw bits (against Alice's and
 * against Bob's), raw bits on which Alice and Bob agree (Holenstein's δ), Alice's distilled
 * string, after reconciliation, the final key bits, and whether she recovered the whole key —
 * each as a count with a 99% Wilson interval (Wilson 1927), plus every learner's own figures.
 *
 * Scoring needs the truth, which only the honest parties have (truth.ts: in-process from
 * their inspection, in the demo over its private IPC channel, in one typed encoding). Without
 * truth the report still carries what
 * Eve knows by herself: her secrets and broken challenges, whether her reconciled string
 * matched the public verification tag, and whether her key matched Alice's HMAC confirmation
 * tag — a check that needs nothing but the transcript.
 */
import type { FitResult } from '../learners/types.ts';
import type { PrimalRun } from '../separation/types.ts';
import { wilson, Z99 } from '../stats.ts';
import type { EveState } from './state.ts';
import type { EveTruth } from './truth.ts';


export interface StageFigure {
  agree: number;
  total: number;
  rate: number;
  /** 99% Wilson interval of the rate. */
  ci: [number, number];
}

export interface LearnerFigure {
  name: string;
  route: 'primal' | 'dual';
  /** The bit this learner predicts: Alice's (primal) or Bob's (dual). */
  target: 'alice' | 'bob';
  /** Label columns it ran on. */
  columns: number;
  trials: number;
  ms: number;
  /** Secrets (or challenges) accepted by the learner's own test. */
  accepted: number;
  /** Of those, correct against the truth (null without truth). */
  correct: number | null;
  /** Agreement of this learner alone with its target, over the raw bits it covers. */
  raw: StageFigure | null;
  /** raw.rate − 1/2, and its interval. */
  rawAdvantage: number | null;
  ci: [number, number] | null;
  note?: string;
}

export interface EveReport {
  protocol: string;
  oracle: boolean;
  budgetMs: number;
  ms: number;
  step: string;
  frames: number;
  garbage: number;
  completed: boolean;
  /** Pr[Eve's raw guess = b_A] − 1/2 (null without truth). */
  rawAdvantage: number | null;
  keyBitAgreement: number | null;
  keyRecovered: boolean | null;
  /** Her key guess matched Alice's HMAC confirmation tag (decided from the transcript alone). */
  keyConfirmedByTag: boolean | null;
  /** Her reconciled string matched the public verification tag. */
  verifyTagMatched: boolean | null;
  /**
   * recovered = accepted (pooled Gauss's strict + maximum likelihood, and primal Stern's);
   * strict = by pooled Gauss's strict test alone; primalStern = found by primal Stern.
   */
  secrets: { L: number; recovered: number; strict: number; primalStern: number; correct: number | null };
  dual: { algorithm: 'prange' | 'stern'; needed: number; attempted: number; broken: number; correct: number | null; trials: number; ms: number };
  stages: {
    rawVsAlice: StageFigure | null;
    rawVsBob: StageFigure | null;
    /** On raw bits where b_A = b_B: her success there is 1 − δ/2 (Holenstein). */
    rawOnAgreed: StageFigure | null;
    distilled: StageFigure | null;
    reconciled: StageFigure | null;
    key: StageFigure | null;
  };
  learners: LearnerFigure[];
  /** The instance's own unimodal fit, when it brings one (Separation.attack). */
  unimodalFit?: { name: string; solved: number; ops: number; note: string; primal?: PrimalRun };
  /**
   * The fit's dual route against Bob's challenges (LWE: Bob's r from x*), when it ran or was
   * refused: challenges attacked, r recovered (correct: the support matches Bob's; null without
   * truth), the raw bits of Bob's it gave her, ms, and why it did not run.
   */
  challenges?: { route: string; attacked: number; recovered: number; correct: number | null; rawBits: number; ms: number; skipped?: string };
  abort?: string;
}

export function stage(agree: number, total: number): StageFigure | null {
  if (total === 0) return null;
  const w = wilson(agree, total, Z99);
  return { agree, total, rate: agree / total, ci: [w.lo, w.hi] };
}

/** Agreement of guess with truth over positions [0, len) (or `idx`), skipping where `skip`. */
function agreeCount(guess: ArrayLike<number>, truth: ArrayLike<number>, len: number, skip?: (i: number) => boolean): [number, number] {
  let a = 0;
  let t = 0;
  for (let i = 0; i < len; i++) {
    if (skip?.(i)) continue;
    t++;
    if ((guess[i] & 1) === (truth[i] & 1)) a++;
  }
  return [a, t];
}

const keyBitsOf = (k: Uint8Array): Uint8Array => Uint8Array.from({ length: k.length * 8 }, (_, i) => (k[i >>> 3] >>> (i & 7)) & 1);
const eqWords = (a: Uint32Array, b: Uint32Array) => a.length === b.length && a.every((v, i) => v === b[i]);

export function buildEveReport(st: EveState, truth?: EveTruth): EveReport {
  const t: EveTruth = truth ?? {};
  const { profile, derived } = st;
  const L = profile.L;
  const n = st.rawSeen;
  const fig = (g?: ArrayLike<number>, truth?: ArrayLike<number>, len = n, skip?: (i: number) => boolean) =>
    g && truth ? stage(...agreeCount(g, truth, Math.min(len, truth.length, g.length), skip)) : null;
  const rawVsAlice = fig(st.raw.g, t.aliceRaw);
  const rawVsBob = fig(st.raw.g, t.bobRaw);
  const rawOnAgreed = t.aliceRaw && t.bobRaw ? fig(st.raw.g, t.aliceRaw, n, (i) => t.aliceRaw![i] !== t.bobRaw![i]) : null;
  const distilled = fig(st.kept?.g, t.aliceKept, st.kept?.g.length ?? 0);
  const reconciled = fig(st.reconciled, t.aliceKept, st.reconciled?.length ?? 0);
  const keyFig = st.key && t.key && st.key.length === t.key.length ? fig(keyBitsOf(st.key), keyBitsOf(t.key), st.key.length * 8) : null;

  const secretsFound = st.oracle ? L : st.fit ? st.fit.solved : (st.primal?.solved ?? 0);
  let secretsCorrect: number | null = null;
  if (t.secrets && st.primal) secretsCorrect = st.primal.secrets.filter((s, j) => s && t.secrets![j] && eqWords(s, t.secrets![j])).length;
  else if (t.secrets && st.oracle) secretsCorrect = (st.oracleSecrets ?? []).filter((s, j) => t.secrets![j] && eqWords(s, t.secrets![j])).length;
  let dualCorrect: number | null = null;
  if (t.rs) {
    dualCorrect = 0;
    for (const [c, r] of st.dual.found) {
      const want = t.rs[c];
      if (want && want.every((i) => (r[i >>> 5] >>> (i & 31)) & 1) && want.length === r.reduce((a, w) => a + popcount(w), 0)) dualCorrect++;
    }
  }

  const learners: LearnerFigure[] = [];
  const withAdv = (f: Omit<LearnerFigure, 'rawAdvantage' | 'ci'>): LearnerFigure => ({
    ...f,
    rawAdvantage: f.raw ? f.raw.rate - 0.5 : null,
    ci: f.raw ? [f.raw.ci[0] - 0.5, f.raw.ci[1] - 0.5] : null,
  });
  // Baselines: column 0 only.
  for (const b of st.baselines) {
    const col0 = t.aliceRaw ? Uint8Array.from({ length: st.xs.length }, (_, c) => t.aliceRaw![c * L] ?? 0) : undefined;
    learners.push(
      withAdv({
        name: b.fit.name,
        route: 'primal',
        target: 'alice',
        columns: 1,
        trials: b.fit.trials,
        ms: b.fit.ms,
        accepted: b.fit.accepted ? 1 : 0,
        correct: t.secrets && b.fit.sHat ? (b.fit.accepted && eqWords(b.fit.sHat, t.secrets[0]) ? 1 : 0) : null,
        raw: fig(b.preds, col0, st.xs.length),
        note: b.fit.note,
      }),
    );
  }
  if (st.primal) {
    const own = st.primal.solved - st.primal.solvedExternal;
    const ownCorrect = t.secrets ? st.primal.secrets.filter((s, j) => s && st.primal!.acceptedBy[j] !== 'external' && t.secrets![j] && eqWords(s, t.secrets![j])).length : null;
    learners.push(
      withAdv({
        name: 'pooled-gauss',
        route: 'primal',
        target: 'alice',
        columns: L,
        trials: st.primal.trials,
        ms: st.primal.ms,
        accepted: own,
        correct: ownCorrect,
        raw: fig(st.primalOnly ?? st.raw.g, t.aliceRaw),
        note: `all ${L} label columns per elimination; ${st.primal.solvedStrict} accepted by the strict test (≤ ${st.primal.tauStrict} held-out errors), ${own - st.primal.solvedStrict} by maximum likelihood over the planned trials (≤ ${st.primal.tauWeak} errors)${st.primal.solvedExternal ? `; raw figure with primal Stern's ${st.primal.solvedExternal}` : ''}${st.primal.whyNoTrial ? `; ${st.primal.whyNoTrial}` : ''}`,
      }),
    );
  }
  const ps = st.primalStern;
  if (ps && st.primal) {
    // Alone: Alice's bits on the columns it found, a fair coin elsewhere (counted as expected).
    let psRaw: StageFigure | null = null;
    if (t.aliceRaw) {
      const g = st.primalOnly ?? st.raw.g;
      let agree = 0;
      let covered = 0;
      for (const j of ps.found.keys()) {
        for (let i = j; i < Math.min(n, t.aliceRaw.length); i += L, covered++) if (g[i] === t.aliceRaw[i]) agree++;
      }
      psRaw = stage(agree + Math.round((n - covered) / 2), n);
    }
    const planNote = ps.plan ? `p = ${ps.plan.p}, ℓ = ${ps.plan.ell}, errors ≤ ${ps.plan.maxWeight}, ≈ 2^${ps.plan.log2Success.toFixed(1)} columns per iteration` : '';
    learners.push(
      withAdv({
        name: 'primal-stern',
        route: 'primal',
        target: 'alice',
        columns: ps.columns,
        trials: ps.iterations,
        ms: ps.ms,
        accepted: ps.found.size,
        correct: t.secrets ? [...ps.found].filter(([j, s]) => t.secrets![j] && eqWords(s, t.secrets![j])).length : null,
        raw: psRaw,
        note: ps.skipped
          ? `skipped: ${ps.skipped}${planNote ? ` (${planNote})` : ''}`
          : `Stern ISD on the ${ps.columns} columns pooled Gauss left open, all per iteration (${planNote}); unbroken columns counted as fair coins`,
      }),
    );
  }
  if (!st.oracle && st.A) {
    // Dual alone: Bob's bits on broken challenges, a fair coin elsewhere (counted as expected).
    let agree = 0;
    let total = 0;
    if (t.bobRaw) {
      for (const [c] of st.dual.found) {
        for (let j = 0; j < L; j++) {
          const i = c * L + j;
          if (i < n && st.raw.bobExact[i]) {
            total++;
            if (st.raw.g[i] === t.bobRaw[i]) agree++;
          }
        }
      }
    }
    const coins = n - total;
    const dualRaw = t.bobRaw ? stage(agree + Math.round(coins / 2), n) : null;
    learners.push(
      withAdv({
        name: `dual-${st.dual.plan ? 'stern' : 'prange'}`,
        route: 'dual',
        target: 'bob',
        columns: L,
        trials: st.dual.trials,
        ms: st.dual.ms,
        accepted: st.dual.found.size,
        correct: dualCorrect,
        raw: dualRaw,
        note: `${st.dual.plan ? 'Stern' : 'Prange'} ISD on ${st.dual.attempted} of ${st.dual.needed ?? 0} challenges behind kept blocks with no exact bit; unbroken bits counted as fair coins${st.dual.skipped ? `; not run: ${st.dual.skipped}` : ''}`,
      }),
    );
  }

  const cr = st.challengeRoute;
  let crCorrect: number | null = null;
  if (cr && t.rs) {
    crCorrect = 0;
    for (const [c, support] of cr.found) {
      const want = t.rs[c];
      if (want && want.length === support.length && [...want].sort((a, b) => a - b).every((v, k) => v === support[k])) crCorrect++;
    }
  }
  if (st.fit) {
    // An instance's own unimodal fit (Separation.attack): its guesses are her raw bits, the
    // dual route's (below) overlaid where it recovered Bob's r.
    learners.push(
      withAdv({
        name: st.fit.name,
        route: 'primal',
        target: 'alice',
        columns: st.fit.solved,
        trials: 1,
        ms: st.attackMs ?? 0,
        accepted: st.fit.solved,
        correct: null,
        raw: fig(st.primalOnly ?? st.raw.g, t.aliceRaw),
        note: `${st.fit.note}; her raw bits are its guesses${cr ? ' (with the dual route\'s where it recovered r)' : ''}, and she follows the amplification with them`,
      }),
    );
  }
  if (cr) {
    // Alone: Bob's bits on the challenges whose r she recovered, a fair coin elsewhere.
    let agree = 0;
    let total = 0;
    if (t.bobRaw) {
      for (let i = 0; i < Math.min(n, t.bobRaw.length); i++) {
        if (!st.raw.bobExact[i]) continue;
        total++;
        if (st.raw.g[i] === t.bobRaw[i]) agree++;
      }
    }
    learners.push(
      withAdv({
        name: cr.route.name,
        route: 'dual',
        target: 'bob',
        columns: L,
        trials: cr.attacked,
        ms: cr.ms,
        accepted: cr.found.size,
        correct: crCorrect,
        raw: t.bobRaw ? stage(agree + Math.round((n - total) / 2), n) : null,
        note: `${cr.skipped ? cr.skipped : cr.route.note()}; ${cr.attacked} challenges attacked, ${cr.found.size} r recovered, ${cr.rawBits} raw bits of Bob's known; the rest counted as fair coins`,
      }),
    );
  }

  return {
    protocol: profile.name,
    oracle: st.oracle,
    budgetMs: st.budgetMs,
    ms: st.ms,
    step: st.step,
    frames: st.frames,
    garbage: st.garbage,
    completed: st.key !== undefined,
    rawAdvantage: rawVsAlice ? rawVsAlice.rate - 0.5 : null,
    keyBitAgreement: keyFig ? keyFig.rate : null,
    keyRecovered: st.key && t.key ? st.key.length === t.key.length && st.key.every((v, i) => v === t.key![i]) : null,
    keyConfirmedByTag: st.keyConfirmed ?? null,
    verifyTagMatched: st.verifyMatched ?? null,
    secrets: { L, recovered: secretsFound, strict: st.oracle ? L : (st.primal?.solvedStrict ?? 0), primalStern: st.primalStern?.found.size ?? 0, correct: secretsCorrect },
    dual: { algorithm: st.dual.plan ? 'stern' : 'prange', needed: st.dual.needed ?? 0, attempted: st.dual.attempted, broken: st.dual.found.size, correct: dualCorrect, trials: st.dual.trials, ms: st.dual.ms },
    stages: { rawVsAlice, rawVsBob, rawOnAgreed, distilled, reconciled, key: keyFig },
    learners,
    ...(st.fit ? { unimodalFit: { name: st.fit.name, solved: st.fit.solved, ops: st.fit.ops, note: st.fit.note, ...(st.fit.primal ? { primal: st.fit.primal } : {}) } } : {}),
    ...(cr
      ? { challenges: { route: cr.route.name, attacked: cr.attacked, recovered: cr.found.size, correct: crCorrect, rawBits: cr.rawBits, ms: cr.ms, ...(cr.skipped ? { skipped: cr.skipped } : {}) } }
      : {}),
    ...(st.abort ? { abort: st.abort } : {}),
    ...(derived.rawBits !== n ? { note: `saw ${n} of ${derived.rawBits} raw bits` } : {}),
  };
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
