/**
 * Reconciler section of `npm run bench`: throughput of Cascade (cascade.ts) and the
 * LDPC syndrome reconciler (ldpc/) at the error rates bit-pair distillation produces on
 * `demo-256` (p = 0.588: e ≈ 0.055 after 3 rounds, 0.194 after 2, 0.329 after 1), on one
 * simulated frame of N kept bits each, both strings in memory. Figures: kept bits per second
 * (median over repeats; the LDPC figure includes building the PEG code, encoding, BP and the
 * reveals), the efficiency f = disclosed/(N·h(e)) of the frames timed, and LDPC's BP attempts;
 * and the key efficiency that f gives on `demo-256`, β = kept·(1 − f·h(e))/(1 − h(1 − p)) at
 * p = 0.588 after the rounds that leave e (theory.ts pairRoundsOutcome; fixed costs aside),
 * printed beside the limit 1 − h(1 − p). The e = 0.194 frame is a 10^6-raw-bit session's
 * (N = 71,000 kept bits). Seeded (ARC4) frames: the same strings every run.
 *
 * Kept bits per second is stated only for a frame reconciled to Alice's string: a failed frame
 * keeps nothing. Where LDPC's sizing rule (ldpcRows) asks for as many checks as the frame has
 * bits (a code of rate ≤ 0, as at e ≈ 0.33, one pair round), the reconciler is not designed for
 * that error rate: the row says so and is not timed.
 */
import { cascadeLocal, cascadePlan, initialBlockSize } from '../../src/protocol/cascade.ts';
import { ldpcLocal, ldpcRows } from '../../src/protocol/ldpc/reconcile.ts';
import { bernoulli, randomBytes, seededRng } from '../../src/rng.ts';
import { h2 } from '../../src/stats.ts';
import { keyLimit } from '../../src/measure/holenstein.ts';
import { pairRoundsOutcome, rawAgreementTheory } from '../../src/protocol/theory.ts';
import { wrap } from '../../src/term.ts';
import { BenchSection, timeMedian } from './section.ts';

export interface ReconcileRecord {
  reconciler: 'cascade' | 'ldpc';
  e: number;
  N: number;
  /** N / median time, for a frame reconciled correctly; null when it failed or was not run. */
  keptBitsPerSec: number | null;
  /** null: not run (the reconciler is not designed for e; see `notDesigned`). */
  ms: number | null;
  f: number | null;
  attempts: number;
  ok: boolean;
  reps: number;
  /** Why the frame was not run: the reconciler is not designed for this error rate. */
  notDesigned?: string;
  /** Pair rounds from demo-256's p that leave e, and the key efficiency β this f gives there. */
  rounds: number;
  beta: number;
}

/** demo-256's raw agreement (n = 256, θ = 1/16, w = 13) and its limit 1 − h(1 − p). */
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
    out.push({ reconciler: 'cascade', e, N, keptBitsPerSec: c.ok ? (N / tc.ms) * 1000 : null, ms: tc.ms, f: c.disclosed / hN, attempts: 1, ok: c.ok, reps: tc.reps, rounds, beta: c.ok ? betaAt(rounds, c.disclosed / hN) : 0 });
    progress(`reconcile: cascade e=${e} ${tc.ms.toFixed(0)} ms`);
    const M = ldpcRows(N, e);
    if (M >= N - 1) {
      const notDesigned = `not designed for e = ${e}: its sizing rule (ldpcRows: ⌈f₀(e)·N·h(e)⌉ checks) reaches the cap N − 1 = ${M} on N = ${N} bits, a code of rate ≤ 0 whose syndrome discloses the whole frame; not run`;
      out.push({ reconciler: 'ldpc', e, N, keptBitsPerSec: null, ms: null, f: null, attempts: 0, ok: false, reps: 0, rounds, beta: 0, notDesigned });
      progress(`reconcile: ldpc e=${e} not designed for this rate, skipped`);
      continue;
    }
    let l = { disclosed: 0, attempts: 0, ok: false };
    const tl = timeMedian(
      () => undefined,
      () => {
        const r = ldpcLocal(fr.a, fr.b, e, fr.seed);
        l = { disclosed: r.disclosed, attempts: r.attempts, ok: r.ok && r.bits.every((x, i) => x === fr.a[i]) };
      },
      { ...opts, maxReps: 3 },
    );
    out.push({ reconciler: 'ldpc', e, N, keptBitsPerSec: l.ok ? (N / tl.ms) * 1000 : null, ms: tl.ms, f: l.disclosed / hN, attempts: l.attempts, ok: l.ok, reps: tl.reps, rounds, beta: l.ok ? betaAt(rounds, l.disclosed / hN) : 0 });
    progress(`reconcile: ldpc e=${e} ${tl.ms.toFixed(0)} ms`);
  }
  return out;
}

function format(recs: ReconcileRecord[]): string {
  const L = [
    'Reconcilers (`npm run bench -- --only reconcile`): one frame of N kept bits at error e (seeded BSC), both',
    '  strings in memory; median wall time; kept bits/s = N / that time, for a frame reconciled to Alice\'s string',
    '  f = disclosed / (N·h(e)); LDPC: code + syndrome + BP (sum-product) + reveals; attempts = BP runs',
    `  β = key efficiency this f gives on demo-256 (p = ${P_DEFAULT.toFixed(4)}, after the rounds that leave e; fixed costs aside),`,
    `      of the limit 1 − h(1 − p) = ${LIMIT.toFixed(4)} bits per raw bit (β = 1); a failed frame gives no key (β 0)`,
    '',
    'reconciler     e  rounds      N   kept bits/s      ms      f      β  attempts  ok',
    '----------  -----  ------  -----  -----------  ------  -----  -----  --------  --',
  ];
  for (const r of recs) {
    const head = `${r.reconciler.padEnd(10)}  ${r.e.toFixed(3)}  ${String(r.rounds).padStart(6)}  ${String(r.N).padStart(5)}`;
    if (r.notDesigned || r.ms === null || r.f === null) {
      L.push(`${head}  ${'-'.padStart(11)}  ${'-'.padStart(6)}  ${'-'.padStart(5)}  ${'-'.padStart(5)}  ${'-'.padStart(8)}  -   not designed for this e (below)`);
      continue;
    }
    const rate = r.keptBitsPerSec === null ? 'failed' : r.keptBitsPerSec.toExponential(2);
    L.push(`${head}  ${rate.padStart(11)}  ${r.ms.toFixed(0).padStart(6)}  ${r.f.toFixed(3)}  ${r.beta.toFixed(3)}  ${String(r.attempts).padStart(8)}  ${r.ok ? 'ok' : 'NO'}`);
  }
  for (const r of recs) if (r.notDesigned) L.push(...wrap(`  ${r.reconciler}: ${r.notDesigned}`, '    '));
  if (recs.some((r) => !r.notDesigned && !r.ok)) L.push('  failed: the frame did not reconcile to Alice\'s string, so it keeps no bits (no throughput stated)');
  return L.join('\n');
}

const section: BenchSection<ReconcileRecord> = { name: 'reconcile', run, format };
export default section;
