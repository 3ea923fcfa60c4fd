/**
 * Reconciler section of `npm run bench` (issue #9): throughput of Cascade (cascade.ts) and the
 * LDPC syndrome reconciler (ldpc/) at the error rates bit-pair distillation produces on
 * `default` (p = 0.588: e ≈ 0.055 after 3 rounds, 0.194 after 2, 0.329 after 1), on one
 * simulated frame of N kept bits each, both strings in memory. Figures: kept bits per second
 * (median over repeats; the LDPC figure includes building the PEG code, encoding, BP and the
 * reveals), the efficiency f = disclosed/(N·h(e)) of the frames timed, and LDPC's BP attempts;
 * and the key efficiency that f gives on `default`, β = kept·(1 − f·h(e))/(1 − h(1 − p)) at
 * p = 0.588 after the rounds that leave e (theory.ts pairRoundsOutcome; fixed costs aside),
 * printed beside the limit 1 − h(1 − p). The e = 0.194 frame is a 10^6-raw-bit session's
 * (N = 71,000 kept bits). Seeded (ARC4) frames: the same strings every run.
 */
import { cascadeLocal, cascadePlan, initialBlockSize } from '../../src/protocol/cascade.ts';
import { ldpcLocal } from '../../src/protocol/ldpc/reconcile.ts';
import { bernoulli, randomBytes, seededRng } from '../../src/rng.ts';
import { h2 } from '../../src/stats.ts';
import { keyLimit } from '../../src/measure/holenstein.ts';
import { pairRoundsOutcome, rawAgreementTheory } from '../../src/protocol/theory.ts';
import { BenchSection, timeMedian } from './section.ts';

export interface ReconcileRecord {
  reconciler: 'cascade' | 'ldpc';
  e: number;
  N: number;
  keptBitsPerSec: number;
  ms: number;
  f: number;
  attempts: number;
  ok: boolean;
  reps: number;
  /** Pair rounds from default's p that leave e, and the key efficiency β this f gives there. */
  rounds: number;
  beta: number;
}

/** default's raw agreement (n = 256, θ = 1/16, w = 13) and its limit 1 − h(1 − p). */
const P_DEFAULT = rawAgreementTheory(1 / 16, 13);
const LIMIT = keyLimit(P_DEFAULT);
/** β after `rounds` pair rounds and a reconciler of efficiency f (fixed costs aside; 0 when f leaves no key). */
function betaAt(rounds: number, f: number): number {
  const { keep, e } = pairRoundsOutcome(P_DEFAULT, rounds);
  return Math.max(0, keep * (1 - f * h2(e))) / LIMIT;
}

const POINTS = [
  { e: 0.055, N: 25_000, rounds: 3 },
  { e: 0.194, N: 71_000, rounds: 2 },
  { e: 0.329, N: 25_000, rounds: 1 },
];

function frame(e: number, N: number, tag: string) {
  const r = seededRng('bench', `reconcile/${tag}`);
  const a = new Uint8Array(N);
  const b = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    a[i] = r.u32() & 1;
    b[i] = a[i] ^ bernoulli(r, e);
  }
  let errors = 0;
  for (let i = 0; i < N; i++) errors += a[i] ^ b[i];
  return { a, b, eTrue: errors / N, seed: randomBytes(r, 32) };
}

function run(progress: (line: string) => void): ReconcileRecord[] {
  const out: ReconcileRecord[] = [];
  const opts = { minReps: 2, maxReps: 5, budgetMs: 4000 };
  for (const { e, N, rounds } of POINTS) {
    const fr = frame(e, N, `${e}`);
    const hN = N * h2(fr.eTrue);
    let c = { disclosed: 0, ok: false };
    const tc = timeMedian(
      () => cascadePlan(fr.seed, N, 4, initialBlockSize(e, N)),
      (plan) => {
        const st = cascadeLocal(plan, fr.a, fr.b);
        c = { disclosed: st.disclosed, ok: st.bits.every((x, i) => x === fr.a[i]) };
      },
      opts,
    );
    out.push({ reconciler: 'cascade', e, N, keptBitsPerSec: (N / tc.ms) * 1000, ms: tc.ms, f: c.disclosed / hN, attempts: 1, ok: c.ok, reps: tc.reps, rounds, beta: betaAt(rounds, c.disclosed / hN) });
    progress(`reconcile: cascade e=${e} ${tc.ms.toFixed(0)} ms`);
    let l = { disclosed: 0, attempts: 0, ok: false };
    const tl = timeMedian(
      () => undefined,
      () => {
        const r = ldpcLocal(fr.a, fr.b, e, fr.seed);
        l = { disclosed: r.disclosed, attempts: r.attempts, ok: r.ok && r.bits.every((x, i) => x === fr.a[i]) };
      },
      { ...opts, maxReps: 3 },
    );
    out.push({ reconciler: 'ldpc', e, N, keptBitsPerSec: (N / tl.ms) * 1000, ms: tl.ms, f: l.disclosed / hN, attempts: l.attempts, ok: l.ok, reps: tl.reps, rounds, beta: l.ok ? betaAt(rounds, l.disclosed / hN) : 0 });
    progress(`reconcile: ldpc e=${e} ${tl.ms.toFixed(0)} ms`);
  }
  return out;
}

function format(recs: ReconcileRecord[]): string {
  const L = [
    'Reconcilers: one frame of N kept bits at error e (seeded BSC), both strings in memory; median wall time',
    '  f = disclosed / (N·h(e)); LDPC: code + syndrome + BP (sum-product) + reveals; attempts = BP runs',
    `  β = key efficiency this f gives on default (p = ${P_DEFAULT.toFixed(4)}, after the rounds that leave e; fixed costs aside),`,
    `      of the limit 1 − h(1 − p) = ${LIMIT.toFixed(4)} bits per raw bit (β = 1); a failed frame gives no key (β 0)`,
    '',
    'reconciler     e  rounds      N   kept bits/s      ms      f      β  attempts  ok',
    '----------  -----  ------  -----  -----------  ------  -----  -----  --------  --',
  ];
  for (const r of recs) {
    L.push(`${r.reconciler.padEnd(10)}  ${r.e.toFixed(3)}  ${String(r.rounds).padStart(6)}  ${String(r.N).padStart(5)}  ${r.keptBitsPerSec.toExponential(2).padStart(11)}  ${r.ms.toFixed(0).padStart(6)}  ${r.f.toFixed(3)}  ${r.beta.toFixed(3)}  ${String(r.attempts).padStart(8)}  ${r.ok ? 'ok' : 'NO'}`);
  }
  return L.join('\n');
}

const section: BenchSection<ReconcileRecord> = { name: 'reconcile', run, format };
export default section;
