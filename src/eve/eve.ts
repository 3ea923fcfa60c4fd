/**
 * Eve, the passive eavesdropper (DESIGN.md §4, issue #3 item 3): a pure object fed a copy of
 * every frame in wire order (the `EveTap` of party.ts). It never sends and never throws on
 * garbage; the in-memory runner (src/measure/) and the eve process's worker thread (src/net/)
 * drive the same object.
 *
 * From the transcript alone she:
 *  1. on `task`: expands A from the public seed and runs her learners on (A, z_j) — pooled Gauss
 *     on all L columns at once (eve/primal.ts) and the baselines of src/learners (majority,
 *     brute force where n ≤ 24, BKW, logistic regression) on column 0, each under its share of
 *     the budget;
 *  2. on `challenges`: guesses every raw bit (index c·L + j) as ⟨x*, ŝ_j⟩ with her best candidate
 *     ŝ_j — exact (reliability 1) only after the strict test; a maximum-likelihood or unfinished
 *     candidate carries its estimated reliability (eve/primal.ts) — else a coin;
 *  3. on `kept`: spends the rest of the budget on the dual route (Stern ISD, or Prange where
 *     the estimator prices it lower: eve/dual.ts) against the challenges behind kept blocks she
 *     knows nothing exact about — a recovered r gives b_B = ⟨r, z_j⟩ for all L columns — then
 *     follows the distillation (eve/follow.ts);
 *  4. follows Cascade with Alice's disclosed parities, and checks her candidates against the
 *     public verification tag;
 *  5. on `amplify`: applies the public Toeplitz seed and HKDF (with the transcript hash, which is
 *     public) to get her guess of the key, and on Alice's `confirm` checks that guess against
 *     Alice's HMAC tag.
 * Budget (her own compute time, not the honest parties'): 10% for the baselines, up to 60% in
 * all with pooled Gauss, the rest (and whatever pooled Gauss leaves unused) for the dual route.
 * `report(truth)` (eve/report.ts) scores her against the truth; `progress()` feeds live displays.
 */
import { Mat } from '../gf2/mat.ts';
import { learnerByName, refusal } from '../learners/registry.ts';
import { FitResult } from '../learners/types.ts';
import { fork, Rng } from '../rng.ts';
import { expandMatrix } from '../task/expand.ts';
import { amplify } from '../protocol/amplify.ts';
import { CascadePlan, cascadeFollow, cascadePlan, Range } from '../protocol/cascade.ts';
import { confirmTag, tagsEqual, verifyTag } from '../protocol/confirm.ts';
import { estimationSample, remainingPositions } from '../protocol/distill.ts';
import { followDistill, followParities, newBeliefs, ParityConstraint } from './follow.ts';
import { attackKeptBlocks, dualPlan } from './dual.ts';
import { MultiPooledGauss } from './primal.ts';
import { buildEveReport, EveReport, EveState } from './report.ts';
import { decodeMessage, limitsOf, Message } from '../protocol/messages/index.ts';
import type { Direction, EveTap } from '../protocol/party.ts';
import { derive, Profile } from '../protocol/profile.ts';
import { column, labelsToMat } from '../separation/lpn.ts';
import { Transcript } from '../protocol/transcript.ts';

export interface EveOptions {
  /** Wall-clock budget for her attacks in this session, ms. Default 1500. */
  budgetMs?: number;
  rng: Rng;
  /**
   * Control: an oracle Eve handed Alice's secrets s_j (she then runs no learner). A function is
   * called when the task is published (the secrets do not exist before), e.g.
   * `() => alice.inspect().sHat` in-process.
   */
  oracleSecrets?: Uint32Array[] | (() => Uint32Array[] | undefined);
  /** Baseline learners to run on column 0 (default: all that apply). */
  baselines?: string[];
}

export type Eve = EveTap & { report(truth?: unknown): EveReport; readonly state: EveState };

export const DEFAULT_EVE_BUDGET_MS = 1500;
const BASELINES = ['majority', 'brute', 'bkw', 'logreg'];

export function createEve(profile: Profile, opts: EveOptions): Eve {
  const lim = limitsOf(profile);
  const derived = derive(profile);
  const rng = opts.rng;
  // Her coins (raw bits she knows nothing about, tied distillation votes) come from their own
  // stream, split off before any learner runs: learners draw a wall-clock-dependent amount from
  // `rng`, and a seeded run must still give the same chance-level figures every time.
  const coins = fork(rng, 'eve/coins');
  // Likewise each attack has its own stream, so the trial sequence of one does not depend on
  // how far another got before its deadline: a seeded run tries the same subsets every time.
  const primalRng = fork(rng, 'eve/primal');
  const dualRng = fork(rng, 'eve/dual');
  const budgetMs = opts.budgetMs ?? DEFAULT_EVE_BUDGET_MS;
  const transcript = new Transcript();
  const st: EveState = {
    profile,
    derived,
    budgetMs,
    oracle: opts.oracleSecrets !== undefined,
    step: 'hello',
    frames: 0,
    garbage: 0,
    xs: [],
    raw: newBeliefs(derived.rawBits),
    rawSeen: 0,
    baselines: [],
    exchanges: [],
    dual: { plan: dualPlan(profile.m, profile.n, profile.w), attempted: 0, broken: 0, trials: 0, ms: 0, found: new Map() },
    ms: 0,
  };
  /** Budget spent on attacks so far (her own compute, not the honest parties' time). */
  let spent = 0;
  let A: Mat | undefined;
  let Z: Mat | undefined;
  let primal: MultiPooledGauss | undefined;
  let remaining: Uint32Array | undefined;
  let plan: CascadePlan | undefined;
  let pendingRanges: Range[] | undefined;
  let kConf: Uint8Array | undefined;
  let hStar: Uint8Array | undefined;

  /** Eve's secret for column j, and how sure she is of it. */
  const secretOf = (j: number): [Uint32Array | null, number] => {
    if (st.oracleSecrets) return [st.oracleSecrets[j] ?? null, 1];
    const s = primal?.bestGuess(j) ?? null;
    return [s, s && primal ? primal.reliability(j) : 0.5];
  };

  function onTask(seedA: Uint8Array, labels: Uint8Array): void {
    const t0 = performance.now();
    A = expandMatrix(seedA, profile.m, profile.n);
    Z = labelsToMat(labels, profile.m, profile.L);
    st.A = A;
    st.Z = Z;
    if (opts.oracleSecrets) {
      st.oracleSecrets = typeof opts.oracleSecrets === 'function' ? (opts.oracleSecrets() ?? []) : opts.oracleSecrets;
      return;
    }
    const view = { params: { n: profile.n, theta: profile.theta, m: profile.m }, A, z: column(Z, 0) };
    const names = opts.baselines ?? BASELINES;
    for (const name of names) {
      const l = learnerByName(name);
      if (!l || refusal(name, view.params)) continue;
      let fit: FitResult;
      try {
        fit = l.fit(view, { ms: (0.1 * budgetMs) / names.length }, fork(rng, `eve/${name}`));
      } catch {
        continue; // a learner that cannot run on these parameters is simply not reported
      }
      st.baselines.push({ fit, preds: new Uint8Array(derived.challenges) });
    }
    primal = new MultiPooledGauss(A, Z, profile.theta);
    st.primal = primal;
    primal.run(t0 + 0.6 * budgetMs, primalRng);
    spent += performance.now() - t0;
    st.attackMs = spent;
  }

  function onChallenges(xs: Uint32Array[]): void {
    if (!Z) return;
    const L = profile.L;
    // Her secrets are fixed once the task is analysed: one dot product per (challenge, column).
    const secrets = Array.from({ length: L }, (_, j) => secretOf(j));
    for (const x of xs) {
      const c = st.xs.length;
      st.xs.push(x);
      for (let j = 0; j < L; j++) {
        const i = c * L + j;
        if (i >= derived.rawBits) break;
        const [s, q] = secrets[j];
        // A coin is drawn for every raw bit, used or not, so the coins do not depend on how
        // many secrets her primal attack found before its deadline.
        const coin = coins.u32() & 1;
        st.raw.g[i] = s ? dotBits(x, s) : coin;
        st.raw.q[i] = q;
      }
      for (const b of st.baselines) b.preds[c] = b.fit.h(x);
      st.rawSeen = Math.min(derived.rawBits, (c + 1) * L);
    }
  }

  /** Dual route on the challenges behind kept blocks without an exact bit (eve/dual.ts). */
  function attackKept(kept: Uint8Array, ell: number): void {
    if (!A || !Z || st.oracle || !remaining) return;
    const t0 = performance.now();
    attackKeptBlocks(st, A, Z, remaining, kept, ell, budgetMs - spent, dualRng);
    spent += performance.now() - t0;
    st.attackMs = spent;
  }

  function onAmplify(seed: Uint8Array, outBits: number, keyBits: number): void {
    if (!st.kept || !plan) return;
    // Two followers; the public verification tag tells her whether either is Bob's string.
    const soft = followParities(st.kept, st.exchanges.flatMap(toConstraints(plan)));
    const hard = cascadeFollow(plan, st.kept.g, st.exchanges);
    let guess = soft.g;
    if (st.verify) {
      const { seed: vs, tag } = st.verify;
      const okSoft = tagsEqual(verifyTag(vs, soft.g, profile.verifyBits), tag);
      const okHard = tagsEqual(verifyTag(vs, hard, profile.verifyBits), tag);
      st.verifyMatched = okSoft || okHard;
      guess = !okSoft && okHard ? hard : soft.g;
    }
    st.reconciled = guess;
    hStar = transcript.digest();
    const k = amplify(guess, seed, outBits, keyBits, hStar);
    st.key = k.key;
    kConf = k.kConf;
  }

  function handle(msg: Message, dir: Direction): void {
    switch (msg.type) {
      case 'hello':
        st.step = 'hello';
        return;
      case 'task':
        st.step = 'task';
        return onTask(msg.seedA, msg.labels);
      case 'challenges':
        st.step = 'challenges';
        return onChallenges(msg.xs);
      case 'estimate':
        st.sample = estimationSample(msg.seed, derived.rawBits, derived.sampleBits);
        remaining = remainingPositions(derived.rawBits, st.sample);
        return;
      case 'distill':
        st.step = 'distill';
        st.ell = msg.ell;
        st.masked = msg.masked;
        st.pPublic = 1 - msg.errors / msg.sample;
        return;
      case 'kept': {
        if (!st.masked || !st.ell || !remaining) return;
        const ell = st.ell;
        st.primalOnly = st.raw.g.slice();
        attackKept(msg.kept, ell);
        const blocks: { idx: Uint32Array; d: Uint8Array }[] = [];
        for (let b = 0; b < msg.kept.length; b++) {
          if (msg.kept[b]) blocks.push({ idx: remaining.subarray(b * ell, b * ell + ell), d: st.masked.subarray(b * ell, b * ell + ell) });
        }
        st.kept = followDistill(st.raw, blocks, st.pPublic ?? derived.pTheory, coins);
        plan = cascadePlan(msg.seed, blocks.length, msg.passes, msg.k1);
        st.step = 'reconcile';
        return;
      }
      case 'recon-query':
        pendingRanges = msg.ranges;
        return;
      case 'recon-reply':
        if (pendingRanges && pendingRanges.length === msg.parities.length) st.exchanges.push({ ranges: pendingRanges, parities: msg.parities });
        pendingRanges = undefined;
        return;
      case 'verify':
        st.verify = { seed: msg.seed, tag: msg.tag };
        return;
      case 'amplify':
        st.step = 'amplify';
        return onAmplify(msg.seed, msg.outBits, msg.keyBits);
      case 'confirm':
        if (dir === 'alice->bob' && kConf && hStar) st.keyConfirmed = tagsEqual(confirmTag(kConf, hStar, 'alice'), msg.tag);
        st.step = 'done';
        return;
      case 'abort':
        st.step = 'aborted';
        st.abort = `${msg.code} at ${msg.step}`;
        return;
    }
  }

  return {
    state: st,
    observe(dir: Direction, frame: Uint8Array): void {
      const t0 = performance.now();
      st.frames++;
      transcript.update(frame); // the parties hash every frame, valid or not, and so does Eve
      let msg: Message;
      try {
        msg = decodeMessage(frame, lim);
      } catch {
        st.garbage++;
        return;
      }
      try {
        handle(msg, dir);
      } catch {
        st.garbage++; // a legal frame out of context (e.g. a replay); she ignores it
      }
      st.ms += performance.now() - t0;
    },
    progress() {
      let qSum = 0;
      for (let i = 0; i < st.rawSeen; i++) qSum += st.raw.q[i];
      const secrets = st.oracle ? profile.L : (primal?.solved ?? 0);
      return {
        step: st.step,
        frames: st.frames,
        rawBits: st.rawSeen,
        secrets: `${secrets}/${profile.L}`,
        challengesBroken: st.dual.broken,
        // Her own belief (mean reliability − 1/2), not a measurement: she does not know the truth.
        advantage: st.rawSeen ? qSum / st.rawSeen - 0.5 : 0,
      };
    },
    report(truth?: unknown): EveReport {
      return buildEveReport(st, truth);
    },
  };
}

function dotBits(x: Uint32Array, s: Uint32Array): number {
  let acc = 0;
  for (let k = 0; k < s.length; k++) acc ^= x[k] & s[k];
  acc ^= acc >>> 16;
  acc ^= acc >>> 8;
  acc ^= acc >>> 4;
  acc ^= acc >>> 2;
  return (acc ^ (acc >>> 1)) & 1;
}

/** Alice's answers as parity constraints on her kept string (indices via the pass permutation). */
const toConstraints = (plan: CascadePlan) => (x: { ranges: Range[]; parities: Uint8Array }): ParityConstraint[] =>
  x.ranges.map((r, i) => ({ idx: plan.perms[r.pass].subarray(r.lo, r.hi), parity: x.parities[i] }));
